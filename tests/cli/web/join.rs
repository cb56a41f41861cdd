//! The sign-up form over HTTP: every refusal stores nothing and mails nobody (a missing CSRF
//! token, the honeypot, bad fields, a stale or unknown link), and a second click on a used
//! link changes nothing.

use std::time::Duration;

use marathon::act::key::ActKey;
use marathon::ledger::{Ledger, NewSignup};
use serde_json::Value;
use time::OffsetDateTime;

use super::{Response, Server};
use crate::mailserver::{MailServer, ServerOptions};
use crate::support::Workspace;

/// Gets `/join` as client `ip` and returns its CSRF cookie and token.
fn form_token(server: &Server, ip: &str) -> (String, String) {
    super::csrf_of(&server.request("GET", "/join?lang=en", &[("X-Forwarded-For", ip)], b""))
}

/// Posts `body` (after the CSRF field) to `/join` as client `ip`, with a valid token unless
/// `forge`.
pub fn post(server: &Server, ip: &str, body: &str, forge: bool) -> Response {
    let (cookie, token) = form_token(server, ip);
    let token = if forge {
        "0".repeat(token.len())
    } else {
        token
    };
    server.request(
        "POST",
        "/join?lang=en",
        &[
            ("X-Forwarded-For", ip),
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        format!("csrf={token}&{body}").as_bytes(),
    )
}

/// A valid sign-up: Jan Kowal from Lublin, writes Russian.
pub const GOOD: &str = "name=Jan+Kowal&email=jan%40example.org&city=Lublin&country=PL&lang-ru=1";

fn signups(ws: &Workspace) -> Vec<Value> {
    let v: Value = serde_json::from_str(&ws.ok(&["signups", "--json"])).unwrap();
    v.as_array().unwrap().clone()
}

#[test]
fn a_forged_token_the_honeypot_and_bad_fields_store_nothing_and_mail_nobody() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = crate::browser::join_workspace(&mail);
    let server = Server::start(&ws, &[]);
    let forged = post(&server, "198.51.100.7", GOOD, true);
    assert_eq!(forged.status, 403, "{}", forged.text());
    let robot = post(
        &server,
        "198.51.100.8",
        &format!("{GOOD}&website=spam"),
        false,
    );
    assert_eq!(robot.status, 303);
    let bad = post(
        &server,
        "198.51.100.9",
        "name=&email=nope&city=&country=XX",
        false,
    );
    assert_eq!(bad.status, 422);
    let page = bad.text();
    for message in [
        "Enter your name",
        "Enter an email address",
        "Enter your city",
        "Choose your country",
        "Choose at least one language",
    ] {
        assert!(page.contains(message), "{message} missing from:\n{page}");
    }
    std::thread::sleep(Duration::from_millis(500));
    assert!(signups(&ws).is_empty());
    assert!(mail.messages().is_empty());
    assert!(ws.read("campaign.toml").contains("[smtp]"));
}

#[test]
fn a_stale_link_assigns_nothing_and_a_used_one_assigns_no_more() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = crate::browser::join_workspace(&mail);
    let server = Server::start(&ws, &[]);
    // A sign-up 8 days old, stored as the form would.
    let key = ActKey::load_or_create(ws.path()).unwrap();
    let link = key.new_link();
    let mut ledger = Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
    let stale = NewSignup {
        token_hash: link.token_hash,
        nonce: link.nonce.clone(),
        name: "Late Comer".into(),
        email: "late@example.org".into(),
        address_hash: key.address_hash("late@example.org"),
        city: "Łódź".into(),
        country: "PL".into(),
        languages: vec!["ru".into()],
        lang: "en".into(),
        submitted_at: OffsetDateTime::now_utc() - time::Duration::days(8),
    };
    ledger.submit_signup(&stale, 5).unwrap();
    let r = server.get(&format!("/join/confirm/{}?lang=en", link.token));
    assert_eq!(r.status, 404);
    assert!(!r.text().contains("Late Comer"));
    assert!(!ws.path().join(".marathon/assignment.json").exists());

    // A fresh one confirmed twice: the second click gives no more prisoners.
    assert_eq!(post(&server, "198.51.100.10", GOOD, false).status, 303);
    let url = crate::browser::join_link(&mail, "jan@example.org");
    for _ in 0..2 {
        let done = confirm(&server, &url);
        assert_eq!(done.status, 200, "{}", done.text());
        assert!(done.text().contains("2 prisoners are waiting"));
    }
    let a: Value = serde_json::from_str(&ws.read(".marathon/assignment.json")).unwrap();
    let mine = a["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["volunteer"] == "jan-kowal")
        .count();
    assert_eq!(mine, 2);
    // Regression: the outbox mailed a sign-up whose link had already expired, and the list
    // kept it after its window.
    let to: Vec<String> = mail.messages().into_iter().flat_map(|m| m.to).collect();
    assert_eq!(to, ["jan@example.org"]);
    let listed = signups(&ws);
    assert_eq!(listed.len(), 1, "{listed:?}");
    let text = ws.ok(&["signups"]);
    assert!(
        text.starts_with("1 sign-up: 1 confirmed, 0 waiting for their link\n"),
        "{text}"
    );
    assert!(
        text.contains("Jan Kowal, Lublin (PL)  writes ru  confirmed as `jan-kowal`"),
        "{text}"
    );
    assert_eq!(listed[0]["volunteer"], "jan-kowal");
}

/// Opens the confirmation link at `url` and presses its button; the answer.
fn confirm(server: &Server, url: &str) -> Response {
    super::confirm_link(server, url, "198.51.100.99")
}

#[test]
fn a_volunteer_already_in_the_address_book_keeps_their_id_and_prisoners() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = crate::browser::join_workspace(&mail);
    ws.run(&["assign"]);
    let before = ws.read(".marathon/assignment.json");
    let server = Server::start(&ws, &[]);
    let body = "name=%C5%81ukasz&email=Lukasz.Wisniewski%40example.org&city=Krak%C3%B3w\
                &country=PL&lang-pl=1";
    assert_eq!(post(&server, "198.51.100.20", body, false).status, 303);
    let url = crate::browser::join_link(&mail, "Lukasz.Wisniewski@example.org");
    let done = confirm(&server, &url);
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(ws.read(".marathon/assignment.json"), before);
    assert_eq!(signups(&ws)[0]["volunteer"], "lukasz-wisniewski");
    // Nothing new to write to `recipients/`: the export would repeat an id.
    let err = ws.fails(&["signups", "export"], 2);
    assert!(err.contains("no confirmed sign-up to export"), "{err}");
    assert!(!ws.path().join("recipients/volunteers-signups.csv").exists());
}

#[test]
fn a_burst_of_signups_from_one_network_gets_429_with_retry_after() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = crate::browser::join_workspace(&mail);
    let mut campaign = ws.read("campaign.toml");
    campaign.push_str("\n[web]\nper_ip_burst = 2\nper_ip_per_hour = 2\n");
    ws.write("campaign.toml", campaign);
    let server = Server::start(&ws, &[]);
    let statuses: Vec<u16> = (0..3)
        .map(|i| {
            let body =
                format!("name=N{i}&email=n{i}%40example.org&city=Lublin&country=PL&lang-pl=1");
            post(&server, "198.51.100.30", &body, false).status
        })
        .collect();
    assert_eq!(statuses, [303, 303, 429]);
    let refused = post(&server, "198.51.100.30", GOOD, false);
    assert!(refused.header("retry-after").is_some());
    // Another network is not held back by this one.
    assert_eq!(post(&server, "198.51.100.31", GOOD, false).status, 303);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(signups(&ws).len(), 3);
}

#[test]
fn signups_without_a_ledger_lists_none_and_creates_nothing() {
    let ws = Workspace::sample();
    let _ = std::fs::remove_file(ws.path().join("ledger.sqlite"));
    let text = ws.ok(&["signups"]);
    assert!(text.starts_with("0 sign-ups: 0 confirmed"), "{text}");
    assert!(!ws.path().join("ledger.sqlite").exists());
    let err = ws.fails(&["signups", "export"], 2);
    assert!(err.contains("no confirmed sign-up to export"), "{err}");
}

#[test]
fn a_second_signup_for_one_address_within_the_hour_gets_429_whatever_the_network() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = crate::browser::join_workspace(&mail);
    let mut campaign = ws.read("campaign.toml");
    campaign.push_str("\n[web]\nper_address_per_hour = 1\n");
    ws.write("campaign.toml", campaign);
    let server = Server::start(&ws, &[]);
    assert_eq!(post(&server, "198.51.100.40", GOOD, false).status, 303);
    let again = post(&server, "198.51.100.41", GOOD, false);
    assert_eq!(again.status, 429);
    assert!(again.header("retry-after").is_some());
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(signups(&ws).len(), 1);
}
