//! Sign-up in a real browser against `marathon serve` and the test mail server: the form,
//! the mailed link, the confirmation, and the newcomer's prisoners added to the saved
//! assignment with every earlier pair unchanged; then `marathon signups export` read back by
//! `marathon check`.

use std::time::Duration;

use serde_json::Value;

use super::browser;
use crate::mailserver::{MailServer, ServerOptions};
use crate::support::Workspace;
use crate::web::{Server, within};

/// The sample campaign with `[smtp]` pointing at `mail` and two prisoners per volunteer.
pub fn join_workspace(mail: &MailServer) -> Workspace {
    let ws = Workspace::sample();
    let mut campaign = ws.read("campaign.toml");
    campaign.push_str(&format!(
        "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"plain\"\nretry_delay = \"5ms\"\n\
         timeout = \"10s\"\n\n[assign]\nper_volunteer = 2\n",
        mail.port()
    ));
    ws.write("campaign.toml", campaign);
    ws
}

/// The confirmation link of the first mail to `to`.
pub fn join_link(mail: &MailServer, to: &str) -> String {
    mailed_link(mail, to, "/join/confirm/")
}

/// The link to `path` in the first mail to `to`.
pub fn mailed_link(mail: &MailServer, to: &str, path: &str) -> String {
    let m = within(Duration::from_secs(15), || {
        mail.messages()
            .into_iter()
            .find(|m| m.to.iter().any(|t| t == to))
    })
    .unwrap_or_else(|| panic!("no confirmation mail reached {to}:\n{}", mail.log()));
    let text = m.text.clone().unwrap_or_default();
    text.split_whitespace()
        .find(|w| w.contains(path))
        .unwrap_or_else(|| panic!("no link in:\n{text}"))
        .to_string()
}

fn pairs(ws: &Workspace) -> Vec<Value> {
    let a: Value = serde_json::from_str(&ws.read(".marathon/assignment.json")).unwrap();
    a["pairs"].as_array().unwrap().clone()
}

#[test]
fn a_signup_confirmed_through_the_mailed_link_is_assigned_without_moving_anyone() {
    let Some(b) = browser() else { return };
    let mail = MailServer::start(ServerOptions::new());
    let ws = join_workspace(&mail);
    ws.run(&["assign"]);
    let before = pairs(&ws);
    assert!(!before.is_empty());
    let server = Server::start(&ws, &[]);
    let base = format!("http://{}", server.addr);

    // The campaign page leads to the form.
    b.goto(&format!("{base}/?lang=en"));
    b.submit("p.act a[href^='/join']");
    assert_eq!(b.title(), "Write letters with us");
    b.assert_accessible("/join");
    b.screenshot("join-form");
    // A form sent empty comes back with every field's error, and stores nothing.
    b.submit("form.act button[type=submit]");
    assert!(b.text("div.errors").contains("Please correct"));
    b.assert_accessible("/join with errors");
    b.screenshot("join-errors");
    b.fill("#join-name", "Anna Nowak");
    b.fill("#join-email", "anna.nowak@example.org");
    b.fill("#join-city", "Gdańsk");
    b.select("#join-country", "PL");
    b.click("#join-lang-ru");
    b.click("#join-lang-pl");
    b.submit("form.act button[type=submit]");
    assert!(b.url().contains("/join/sent"), "{}", b.url());
    assert_eq!(b.text("h1"), "Check your email");
    b.assert_accessible("/join/sent");
    b.screenshot("join-sent");
    // Pending: listed, not yet a volunteer, nobody assigned.
    let listed: Value = serde_json::from_str(&ws.ok(&["signups", "--json"])).unwrap();
    assert_eq!(listed[0]["name"], "Anna Nowak");
    assert_eq!(listed[0]["volunteer"], Value::Null);
    assert_eq!(pairs(&ws), before);

    let link = join_link(&mail, "anna.nowak@example.org");
    assert!(link.starts_with(&base), "{link}");
    b.goto(&link);
    assert_eq!(b.text("h1"), "Confirm your sign-up");
    assert!(b.text("dl.summary").contains("Gdańsk"));
    b.assert_accessible("the sign-up confirmation page");
    b.screenshot("join-confirm");
    assert_eq!(pairs(&ws), before, "opening the link assigned someone");
    b.submit("main form button[type=submit]");
    assert_eq!(b.text("h1"), "Welcome!");
    assert_eq!(
        b.text("p.thanks"),
        "You are signed up, and 2 prisoners are waiting for your letters."
    );
    b.assert_accessible("the welcome page");
    b.screenshot("join-welcome");

    // Every earlier pair where it was; the newcomer's two after them.
    let after = pairs(&ws);
    assert_eq!(after[..before.len()], before[..]);
    let mine = &after[before.len()..];
    assert_eq!(mine.len(), 2, "{mine:?}");
    assert!(
        mine.iter().all(|p| p["volunteer"] == "anna-nowak"),
        "{mine:?}"
    );
    assert!(
        mine.iter()
            .all(|p| p["language"] == "ru" || p["language"] == "pl"),
        "{mine:?}"
    );
    assert_ne!(mine[0]["prisoner"], mine[1]["prisoner"]);

    // The export is a volunteers file `check` reads with the others.
    ws.ok(&["signups", "export"]);
    let csv = ws.read("recipients/volunteers-signups.csv");
    assert_eq!(
        csv,
        "id,name,email,city,country,languages,group\n\
         anna-nowak,Anna Nowak,anna.nowak@example.org,Gdańsk,PL,ru pl,\n"
    );
    ws.ok(&["check"]);
    let err = ws.fails(&["signups", "export"], 2);
    assert!(err.contains("--force"), "{err}");
    ws.ok(&["signups", "export", "--force"]);

    // A link that is not known (or has expired) says so and offers the form again.
    b.goto(&format!("{base}/join/confirm/{}?lang=en", "ab".repeat(32)));
    assert_eq!(b.text("h1"), "This link is no longer valid");
    assert!(!b.exists("main form"));
    b.assert_accessible("the unknown-link page");
    b.screenshot("join-link-gone");
}
