//! `marathon send` against the test SMTP server (aiosmtpd with faults), reading back what the
//! server stored and what the ledger recorded.

mod diagnostics;
mod faults;
mod fixture;
mod headers;
mod manifest;
mod resume;
mod shared;
mod unset;

use std::collections::HashMap;

use marathon::ledger::Ledger;
use marathon::manifest::LetterStatus;

use crate::mailserver::{MailServer, ServerOptions};
use crate::support::Workspace;
use fixture::{Fixture, campaign_toml, plain_smtp};

/// Latest status per letter id, from the workspace's ledger (empty when there is none).
fn ledger_states(ws: &Workspace) -> HashMap<String, LetterStatus> {
    let path = ws.path().join("ledger.sqlite");
    if !path.exists() {
        return HashMap::new();
    }
    Ledger::open(&path)
        .unwrap()
        .letter_states()
        .unwrap()
        .into_iter()
        .map(|(id, s)| (id, s.status))
        .collect()
}

/// How many times the server stored each Message-ID.
fn server_counts(server: &MailServer) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for id in server.message_ids() {
        *counts.entry(id).or_default() += 1;
    }
    counts
}

#[test]
fn plan_without_yes_sends_nothing() {
    let server = MailServer::start(ServerOptions::new());
    let fx = Fixture::new(3, &plain_smtp(server.port()));
    let out = fx.ws.ok(&["send"]);
    assert!(out.contains("3 email letters in the manifest"), "{out}");
    assert!(out.contains("to send now        3"), "{out}");
    assert!(out.contains("3 distinct recipients"), "{out}");
    assert!(out.contains("nothing was sent: add --yes"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&fx.ws.ok(&["send", "--json"])).unwrap();
    assert_eq!(json["sent"], false);
    assert_eq!(json["plan"]["letters"], 3);
    assert_eq!(json["plan"]["new"], 3);
    assert!(server.index().is_empty());
    assert!(ledger_states(&fx.ws).is_empty());
}

#[test]
fn limit_sends_a_test_batch_then_the_rest() {
    let server = MailServer::start(ServerOptions::new());
    let fx = Fixture::new(5, &plain_smtp(server.port()));
    fx.ws.ok(&["send", "--yes", "--limit", "2"]);
    assert_eq!(server.index().len(), 2);
    let plan = fx.ws.ok(&["send"]);
    assert!(plan.contains("to send now        3"), "{plan}");
    assert!(plan.contains("delivered          2"), "{plan}");
    fx.ws.ok(&["send", "--yes"]);
    let counts = server_counts(&server);
    assert_eq!(counts.len(), 5);
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
    assert!(
        ledger_states(&fx.ws)
            .values()
            .all(|s| *s == LetterStatus::Delivered)
    );
}

// Two runs at once would each send the letters the other has not marked yet.
#[test]
fn a_second_send_in_the_same_workspace_is_refused() {
    let server = MailServer::start(ServerOptions::new());
    let fx = Fixture::new(2, &plain_smtp(server.port()));
    let held = Ledger::open(&fx.ws.path().join("ledger.sqlite"))
        .unwrap()
        .lock_sending()
        .unwrap();
    let err = fx.ws.fails(&["send", "--yes"], 2);
    assert!(err.contains("another `marathon send` is running"), "{err}");
    assert!(server.index().is_empty());
    drop(held);
    fx.ws.ok(&["send", "--yes"]);
    assert_eq!(server.index().len(), 2);
}

// The lock was the workspace's (`.marathon/send.lock`): two copies of a workspace naming one
// ledger could send at once, each sending the letters the other had not marked yet.
#[test]
fn two_workspaces_on_one_ledger_do_not_send_at_once() {
    let server = MailServer::start(ServerOptions::new().delay_ms(150));
    let smtp = plain_smtp(server.port()).replace("connections = 4", "connections = 1");
    let first = Fixture::new(20, &smtp);
    let second = Fixture::new(20, &smtp);
    let shared = first.ws.path().join("ledger.sqlite");
    second.ws.write(
        "campaign.toml",
        format!(
            "ledger = \"{}\"\n{}",
            shared.display(),
            campaign_toml(&smtp)
        ),
    );
    let mut running = first
        .ws
        .marathon()
        .args(["--quiet", "send", "--yes"])
        .spawn()
        .unwrap();
    // Wait until the first run is sending (it holds the lock from before its first letter).
    let started = std::time::Instant::now();
    while server.index().is_empty() {
        assert!(
            started.elapsed().as_secs() < 60,
            "the first run sent nothing"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let err = second.ws.fails(&["send", "--yes"], 2);
    assert!(
        err.contains("another `marathon send` is running on the ledger"),
        "{err}"
    );
    assert!(running.wait().unwrap().success());
    // Once the first run is over, the second finds every letter delivered.
    let out = second.ws.ok(&["send", "--yes"]);
    assert!(out.contains("nothing to send"), "{out}");
    let counts = server_counts(&server);
    assert_eq!(counts.len(), 20);
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
}

// `marathon send 2>&1 | head` panicked printing its summary once the reader had gone: the
// letters were sent and recorded, but the run ended with a panic and exit code 101.
#[test]
fn a_reader_that_went_away_does_not_make_send_panic() {
    let server = MailServer::start(ServerOptions::new());
    let fx = Fixture::new(3, &plain_smtp(server.port()));
    let mut child = fx
        .ws
        .marathon()
        .args(["send", "--yes"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Both ends closed before the run writes anything: every write meets a closed pipe.
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert_eq!(server_counts(&server).len(), 3);
    assert!(
        ledger_states(&fx.ws)
            .values()
            .all(|s| *s == LetterStatus::Delivered)
    );
}
