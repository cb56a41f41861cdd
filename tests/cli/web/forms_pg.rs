//! The two web forms on a PostgreSQL ledger: "I took action" sent with its CSRF token, the
//! confirmation mail received on the test mail server, its link followed and the public
//! counter going up; a sign-up from `/join` confirmed the same way and listed by `marathon
//! signups`.

use std::time::Duration;

use serde_json::Value;

use super::{Server, act_post, confirm_link, within};
use crate::browser::mailed_link;
use crate::mailserver::{MailServer, ServerOptions};
use crate::support::Workspace;
use crate::support::pg::{TestDb, use_ledger};

/// The sample workspace on the database `db`, with `[smtp]` pointing at `mail`.
fn workspace(db: &TestDb, mail: &MailServer) -> Workspace {
    let ws = crate::browser::join_workspace(mail);
    use_ledger(&ws, &db.url);
    ws
}

fn public_actions(server: &Server) -> Value {
    server.get("/api/v1/tally.json").json()["actions"].clone()
}

// The form answered that it was not available on a PostgreSQL ledger: a submission is now
// stored there, mailed, and counted once its link is followed.
#[test]
fn an_action_confirmed_by_mail_counts_on_a_postgresql_ledger() {
    let Some(db) = TestDb::create("act_pg") else {
        return;
    };
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&db, &mail);
    let server = Server::start(&ws, &[]);
    assert_eq!(public_actions(&server), 0);
    let r = act_post(&server, "198.51.100.40", "ann@example.org");
    assert_eq!(r.status, 303, "{}", r.text());
    let link = mailed_link(&mail, "ann@example.org", "/act/confirm/");
    assert!(!ws.path().join("ledger.sqlite").exists());
    // Not counted before the link is followed.
    assert_eq!(public_actions(&server), 0);
    let done = confirm_link(&server, &link, "198.51.100.40");
    assert!(done.status < 400, "{} {}", done.status, done.text());
    let seen = within(Duration::from_secs(10), || {
        (public_actions(&server) == 3).then_some(())
    });
    assert!(seen.is_some(), "still {}", public_actions(&server));
    // The used link is gone and counts nothing more.
    let again = server.get(&link[link.find("/act/").unwrap()..]);
    assert_eq!(again.status, 404);
    assert!(again.text().contains("Nothing was counted with it."));
    assert_eq!(public_actions(&server), 3);
    let tally: Value = serde_json::from_str(&ws.ok(&["tally", "--format", "json"])).unwrap();
    assert_eq!(tally["actions"], 3, "{tally}");
    assert_eq!(mail.messages().len(), 1);
}

#[test]
fn a_signup_confirmed_by_mail_is_listed_on_a_postgresql_ledger() {
    let Some(db) = TestDb::create("join_pg") else {
        return;
    };
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&db, &mail);
    let server = Server::start(&ws, &[]);
    let r = super::join::post(&server, "198.51.100.41", super::join::GOOD, false);
    assert_eq!(r.status, 303, "{}", r.text());
    let link = mailed_link(&mail, "jan@example.org", "/join/confirm/");
    let waiting = ws.ok(&["signups"]);
    assert!(
        waiting.starts_with("1 sign-up: 0 confirmed, 1 waiting for their link\n"),
        "{waiting}"
    );
    let done = confirm_link(&server, &link, "198.51.100.41");
    assert_eq!(done.status, 200, "{}", done.text());
    assert!(done.text().contains("2 prisoners are waiting"));
    let text = ws.ok(&["signups"]);
    assert!(
        text.contains("Jan Kowal, Lublin (PL)  writes ru  confirmed as `jan-kowal`"),
        "{text}"
    );
    assert!(!ws.path().join("ledger.sqlite").exists());
}
