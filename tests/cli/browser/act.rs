//! "I took action" in a real browser against `marathon serve` and the test mail server: a
//! submission confirmed through the mailed link counts exactly its count; the honeypot, a
//! missing CSRF token, an over-limit burst and a link older than 7 days each count nothing.

use std::time::Duration;

use marathon::act::key::{ActKey, token_hash};
use marathon::action::ActionKind;
use marathon::ledger::{Ledger, NewPending};
use time::OffsetDateTime;

use super::{Browser, browser};
use crate::mailserver::{MailServer, ServerOptions, StoredMessage};
use crate::support::Workspace;
use crate::support::ledger::{actions, tally};
use crate::web::{Server, within};

/// The sample campaign with `[smtp]` pointing at `mail` and `web` as its `[web]` table.
fn workspace(mail: &MailServer, web: &str) -> Workspace {
    let ws = Workspace::sample();
    let mut campaign = ws.read("campaign.toml");
    campaign.push_str(&format!(
        "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"plain\"\nretry_delay = \"5ms\"\n\
         timeout = \"10s\"\n\n[web]\n{web}\n",
        mail.port()
    ));
    ws.write("campaign.toml", campaign);
    ws
}

/// The public counter as the server shows it.
fn counter(server: &Server) -> u64 {
    server.get("/api/v1/tally.json").json()["actions"]
        .as_u64()
        .unwrap()
}

/// Waits for the mail to `to` and returns it.
fn mail_to(mail: &MailServer, to: &str) -> StoredMessage {
    within(Duration::from_secs(15), || {
        mail.messages()
            .into_iter()
            .find(|m| m.to.iter().any(|t| t == to))
    })
    .unwrap_or_else(|| panic!("no confirmation mail reached {to}:\n{}", mail.log()))
}

/// The confirmation link in a mail's text.
fn link_in(m: &StoredMessage) -> String {
    let text = m.text.clone().unwrap_or_default();
    text.split_whitespace()
        .find(|w| w.contains("/act/confirm/"))
        .unwrap_or_else(|| panic!("no link in:\n{text}"))
        .to_string()
}

/// Fills the form with a solidarity action of `count` for `defenders` from Germany.
fn fill(b: &Browser, email: &str, count: u64) {
    b.select("#act-kind", "solidarity");
    b.fill("#act-count", &count.to_string());
    b.select("#act-case", "defenders");
    b.select("#act-country", "DE");
    b.fill("#act-group", "Köln writers");
    b.fill("#act-email", email);
}

#[test]
fn a_confirmed_submission_raises_the_counter_by_exactly_its_count() {
    let Some(b) = browser() else { return };
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&mail, "");
    let server = Server::start(&ws, &[]);
    let base = format!("http://{}", server.addr);
    let before = counter(&server);

    // The campaign page leads to the form.
    b.goto(&format!("{base}/?lang=en"));
    b.submit("p.act a");
    assert_eq!(b.title(), "I took action");
    assert!(b.url().ends_with("/act?lang=en"), "{}", b.url());
    b.assert_accessible("/act");
    b.screenshot("act-form");
    fill(&b, "Ann.Writer+marathon@example.org", 3);
    b.submit("form.act button[type=submit]");
    assert!(b.url().contains("/act/sent"), "{}", b.url());
    assert_eq!(b.text("h1"), "Check your email");
    b.assert_accessible("/act/sent");
    b.screenshot("act-sent");
    assert_eq!(counter(&server), before, "counted before confirmation");

    let m = mail_to(&mail, "Ann.Writer+marathon@example.org");
    assert!(
        m.subject
            .as_deref()
            .unwrap_or("")
            .contains("Please confirm"),
        "{m:?}"
    );
    let link = link_in(&m);
    assert!(link.starts_with(&base), "{link}");

    b.goto(&link);
    assert_eq!(b.text("h1"), "Confirm your action");
    assert!(b.text("dl.summary").contains("Tamara Viarbitskaya"));
    b.assert_accessible("the confirmation page");
    b.screenshot("act-confirm");
    // Opening the link counts nothing; the button does.
    assert_eq!(counter(&server), before);
    b.submit("main form button[type=submit]");
    assert_eq!(b.text("h1"), "Thank you!");
    assert_eq!(b.text("p.thanks"), "Your 3 actions have been counted.");
    b.assert_accessible("the thank-you page");
    b.screenshot("act-thanks");
    let moved = within(Duration::from_secs(3), || {
        (counter(&server) == before + 3).then_some(())
    });
    assert!(
        moved.is_some(),
        "the counter did not move by 3: {}",
        counter(&server)
    );
    assert_eq!(actions(&ws), before + 3);
    // An ordinary entry: online, from Germany, for the group given, of the kind chosen.
    let t = tally(&ws, &[]);
    let line = |by: &str, name: &str| {
        t[by]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["name"] == name)
            .map(|l| l["actions"].as_u64().unwrap())
    };
    assert_eq!(line("by_channel", "online"), Some(3));
    assert_eq!(line("by_country", "DE"), Some(3));
    assert_eq!(line("by_group", "Köln writers"), Some(3));
    assert_eq!(line("by_kind", "solidarity"), Some(3));

    // The same link again counts nothing more.
    b.goto(&link);
    assert_eq!(b.text("h1"), "This link is no longer valid");
    b.screenshot("act-link-used");
    assert_eq!(actions(&ws), before + 3);
}

#[test]
fn the_form_speaks_the_chosen_language() {
    let Some(b) = browser() else { return };
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&mail, "");
    let server = Server::start(&ws, &[]);
    b.goto(&format!("http://{}/act?lang=ru", server.addr));
    assert_eq!(b.title(), "Я принял(а) участие");
    assert_eq!(
        b.text("label[for=act-email]"),
        "Ваш адрес электронной почты"
    );
    b.assert_accessible("/act in Russian");
    b.screenshot("act-form-ru");
    // Sent with a bad address: the form comes back in Russian, the field marked and named.
    b.fill("#act-email", "не адрес");
    b.submit("form.act button[type=submit]");
    assert_eq!(
        b.text("#act-email-error"),
        "Введите адрес электронной почты, например name@example.org."
    );
    assert_eq!(
        b.attr("#act-email", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(b.attr("#act-email", "value").as_deref(), Some("не адрес"));
    b.assert_accessible("/act in Russian with errors");
    b.screenshot("act-form-errors-ru");
}

#[test]
fn honeypot_missing_csrf_and_a_stale_link_count_nothing() {
    let Some(b) = browser() else { return };
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&mail, "");
    let server = Server::start(&ws, &[]);
    let base = format!("http://{}", server.addr);
    let before = actions(&ws);

    // A robot fills the hidden field: it is told all went well, and nothing is kept or sent.
    b.goto(&format!("{base}/act?lang=en"));
    fill(&b, "robot@example.org", 5);
    b.exec_on(
        "#act-website",
        "arguments[0].value = 'http://spam.example';",
    );
    b.submit("form.act button[type=submit]");
    assert!(b.url().contains("/act/sent"), "{}", b.url());

    // A form without its CSRF token is refused.
    b.goto(&format!("{base}/act?lang=en"));
    fill(&b, "forged@example.org", 4);
    b.exec_on("input[name=csrf]", "arguments[0].remove();");
    b.submit("form.act button[type=submit]");
    assert_eq!(b.text("h1"), "The form has expired");
    b.assert_accessible("the CSRF refusal");
    b.screenshot("act-csrf-refused");

    // A link whose submission is 8 days old.
    let key = ActKey::load_or_create(ws.path()).unwrap();
    let link = key.new_link();
    let mut ledger = Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
    let stale = NewPending {
        token_hash: link.token_hash,
        nonce: link.nonce.clone(),
        email: "late@example.org".into(),
        address_hash: key.address_hash("late@example.org"),
        kind: ActionKind::Appeal,
        count: 7,
        case: "defenders".into(),
        country: "PL".into(),
        group: None,
        lang: "en".into(),
        submitted_at: OffsetDateTime::now_utc() - time::Duration::days(8),
        ip_prefix: None,
    };
    ledger.submit_pending(&stale, 5).unwrap();
    assert_eq!(token_hash(&link.token), link.token_hash);
    b.goto(&format!("{base}/act/confirm/{}?lang=en", link.token));
    assert_eq!(b.text("h1"), "This link is no longer valid");
    assert!(!b.exists("main form"), "a stale link offers a button");
    b.assert_accessible("the stale-link page");
    b.screenshot("act-link-expired");

    // Nothing was counted, and no mail went to the robot or the forged form.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(actions(&ws), before);
    assert_eq!(counter(&server), before);
    let to: Vec<String> = mail.messages().into_iter().flat_map(|m| m.to).collect();
    assert!(to.is_empty(), "{to:?}");
}

#[test]
fn a_burst_over_the_limit_gets_429_with_retry_after_and_counts_nothing() {
    let Some(b) = browser() else { return };
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&mail, "per_ip_burst = 2\nper_ip_per_hour = 2");
    let server = Server::start(&ws, &[]);
    let base = format!("http://{}", server.addr);
    for i in 0..2 {
        b.goto(&format!("{base}/act?lang=en"));
        fill(&b, &format!("burst{i}@example.org"), 1);
        b.submit("form.act button[type=submit]");
        assert!(b.url().contains("/act/sent"), "{}", b.url());
    }
    b.goto(&format!("{base}/act?lang=en"));
    fill(&b, "burst2@example.org", 1);
    b.submit("form.act button[type=submit]");
    assert_eq!(b.text("h1"), "Too many attempts");
    b.assert_accessible("the 429 page");
    b.screenshot("act-too-many");

    // The same over HTTP, from an address of its own behind the trusted proxy: the answer
    // carries Retry-After.
    let ip = "203.0.113.9";
    let statuses: Vec<(u16, Option<String>)> = (0..3)
        .map(|i| {
            let r = crate::web::act_post(&server, ip, &format!("http{i}@example.org"));
            (r.status, r.header("retry-after").map(str::to_owned))
        })
        .collect();
    assert_eq!(statuses[0].0, 303, "{statuses:?}");
    assert_eq!(statuses[1].0, 303, "{statuses:?}");
    assert_eq!(statuses[2].0, 429, "{statuses:?}");
    let wait: u64 = statuses[2].1.as_deref().unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 3600, "{wait}");

    // The four accepted submissions get their mail; the refused ones none.
    within(Duration::from_secs(15), || {
        (mail.messages().len() >= 4).then_some(())
    })
    .expect("four confirmation mails");
    std::thread::sleep(Duration::from_millis(300));
    let mut to: Vec<String> = mail.messages().into_iter().flat_map(|m| m.to).collect();
    to.sort();
    assert_eq!(
        to,
        [
            "burst0@example.org",
            "burst1@example.org",
            "http0@example.org",
            "http1@example.org"
        ]
    );
    assert_eq!(actions(&ws), 0);
}
