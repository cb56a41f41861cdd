//! Refusals, throttling, lost connections and servers that cannot be used.

use std::collections::HashSet;

use marathon::manifest::LetterStatus;

use super::fixture::{Fixture, plain_smtp};
use super::{ledger_states, server_counts};
use crate::mailserver::{MailServer, ServerOptions, TestCa};

#[test]
fn a_refused_recipient_is_recorded_the_rest_delivered_then_retried() {
    let server = MailServer::start(ServerOptions::new().pipelining().reject("^official2@"));
    let fx = Fixture::new(6, &plain_smtp(server.port()));
    let out = fx
        .ws
        .fails(&["send", "--yes", "--failures", "reports/refused.csv"], 1);
    assert!(out.is_empty(), "{out}");

    let states = ledger_states(&fx.ws);
    assert_eq!(states[&fx.letters[2].id], LetterStatus::Failed);
    let delivered = states
        .values()
        .filter(|s| **s == LetterStatus::Delivered)
        .count();
    assert_eq!(delivered, 5);
    assert_eq!(server.index().len(), 5);

    assert!(!fx.ws.path().join("letters/failures.csv").exists());
    let csv = fx.ws.read("reports/refused.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[0].starts_with("letter,status,recipient,name,email"),
        "{csv}"
    );
    assert!(
        lines[1].starts_with(&format!("{},failed,official-2", fx.letters[2].id)),
        "{csv}"
    );
    assert!(lines[1].contains("550"), "{csv}");

    // A plain run leaves a refused letter alone; --retry-failed tries it again.
    let plan = fx.ws.ok(&["send"]);
    assert!(plan.contains("to send now        0"), "{plan}");
    let fixed = MailServer::start(ServerOptions::new());
    let port = fixed.port().to_string();
    let out = fx.ws.ok(&[
        "send",
        "--yes",
        "--retry-failed",
        "--port",
        &port,
        "--failures",
        "reports/refused.csv",
    ]);
    assert!(out.contains("(0 new, 1 failed before)"), "{out}");
    assert_eq!(fixed.message_ids(), vec![fx.message_id(2)]);
    assert_eq!(
        ledger_states(&fx.ws)[&fx.letters[2].id],
        LetterStatus::Delivered
    );
    assert!(!fx.ws.path().join("reports/refused.csv").exists());
}

#[test]
fn temporary_refusals_and_drops_still_deliver_each_letter_once() {
    const N: usize = 10_000;
    let server = MailServer::start(
        ServerOptions::new()
            .pipelining()
            .seed(7)
            .temp_fail_rate(0.2)
            .temp_fail_code(454)
            .drop_rate(0.01),
    );
    let smtp = format!(
        "host = \"127.0.0.1\"\nport = {}\nsecurity = \"plain\"\nconnections = 16\n\
         retries = 40\nretry_delay = \"1ms\"\n",
        server.port()
    );
    let fx = Fixture::new(N, &smtp);
    let mut args = vec!["send", "--yes"];
    let mut rounds = 0;
    loop {
        let out = fx.ws.run(&args);
        let states = ledger_states(&fx.ws);
        let in_doubt: HashSet<&String> = states
            .iter()
            .filter(|(_, s)| **s == LetterStatus::Sent)
            .map(|(id, _)| id)
            .collect();
        // Dropped before a reply and not stored: in doubt, and not at the server.
        let counts = server_counts(&server);
        for id in &in_doubt {
            assert!(!counts.contains_key(&format!("{id}.solidarity-2026@example.org")));
        }
        let not_delivered = states
            .values()
            .filter(|s| **s != LetterStatus::Delivered)
            .count();
        assert_eq!(
            not_delivered,
            in_doubt.len(),
            "only in-doubt letters may be left"
        );
        if in_doubt.is_empty() {
            assert_eq!(out.status.code(), Some(0));
            break;
        }
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        rounds += 1;
        assert!(rounds < 6, "letters still in doubt after {rounds} rounds");
        args = vec!["send", "--yes", "--resend-in-doubt"];
    }
    let counts = server_counts(&server);
    assert_eq!(counts.len(), N);
    assert!(counts.values().all(|&n| n == 1));
    assert!(
        rounds >= 1,
        "the server should have dropped some connections"
    );
}

#[test]
fn a_wrong_password_stops_before_anything_is_marked_sent() {
    let ca = TestCa::new();
    let server = MailServer::start(ServerOptions::new().tls(&ca).auth("coordinator", "right"));
    let smtp = format!(
        "host = \"localhost\"\nport = {}\nuser = \"coordinator\"\nca_file = \"{}\"\n",
        server.port(),
        ca.ca_pem_path().display()
    );
    let fx = Fixture::new(3, &smtp);
    let out = fx
        .ws
        .marathon()
        .args(["send", "--yes"])
        .env("MARATHON_SMTP_PASSWORD", "wrong-secret-7")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refused the login for user `coordinator`"),
        "{err}"
    );
    assert!(err.contains("535"), "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
    let all = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
    assert!(!all.contains("wrong-secret-7"));
    assert!(ledger_states(&fx.ws).is_empty());
    assert!(server.index().is_empty());
}

#[test]
fn a_missing_password_names_the_variable() {
    let fx = Fixture::new(
        1,
        "host = \"127.0.0.1\"\nport = 1\nuser = \"coordinator\"\n",
    );
    let err = fx.ws.fails(&["send", "--yes"], 2);
    assert!(err.contains("MARATHON_SMTP_PASSWORD"), "{err}");
    assert!(ledger_states(&fx.ws).is_empty());
}

#[test]
fn a_server_without_starttls_is_refused() {
    let server = MailServer::start(ServerOptions::new());
    let smtp = format!("host = \"127.0.0.1\"\nport = {}\n", server.port());
    let fx = Fixture::new(2, &smtp);
    let err = fx.ws.fails(&["send", "--yes"], 2);
    assert!(err.contains("does not offer STARTTLS"), "{err}");
    assert!(err.contains("security = \"plain\""), "{err}");
    assert!(ledger_states(&fx.ws).is_empty());
    assert!(server.index().is_empty());
}

#[test]
fn an_untrusted_certificate_is_refused() {
    let ca = TestCa::new();
    let server = MailServer::start(ServerOptions::new().tls(&ca));
    let smtp = format!("host = \"localhost\"\nport = {}\n", server.port());
    let fx = Fixture::new(1, &smtp);
    let err = fx.ws.fails(&["send", "--yes"], 2);
    assert!(err.contains("STARTTLS with `localhost"), "{err}");
    assert!(ledger_states(&fx.ws).is_empty());
}

#[test]
fn an_unreachable_server_stops_before_anything_is_marked_sent() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let fx = Fixture::new(2, &plain_smtp(port));
    let err = fx.ws.fails(&["send", "--yes"], 2);
    assert!(
        err.contains(&format!("cannot connect to `127.0.0.1:{port}`")),
        "{err}"
    );
    assert!(ledger_states(&fx.ws).is_empty());
}

#[test]
fn a_password_in_the_campaign_file_is_refused() {
    let fx = Fixture::new(1, "host = \"h\"\npassword = \"hunter2\"\n");
    let err = fx.ws.fails(&["send"], 2);
    assert!(
        err.contains("passwords do not go in the campaign file"),
        "{err}"
    );
    assert!(err.contains("MARATHON_SMTP_PASSWORD"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

// 421 means "closing the connection": the letter is retried on a new connection, not failed.
#[test]
fn a_421_reply_is_retried_on_a_new_connection() {
    let server = MailServer::start(
        ServerOptions::new()
            .seed(3)
            .temp_fail_rate(0.3)
            .temp_fail_code(421),
    );
    // 30% refusals: with the default 5 retries some letter would run out of them.
    let smtp = format!("{}retries = 30\n", plain_smtp(server.port()));
    let fx = Fixture::new(200, &smtp);
    let out = fx.ws.ok(&["send", "--yes"]);
    assert!(
        out.contains("200 delivered, 0 failed, 0 deferred, 0 in doubt"),
        "{out}"
    );
    let counts = server_counts(&server);
    assert_eq!(counts.len(), 200);
    assert!(counts.values().all(|&n| n == 1));
}
