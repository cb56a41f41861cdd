//! `send` on a shared PostgreSQL ledger (a real server, `MARATHON_TEST_PG`): two runs from two
//! workspaces at once, and the database connection cut in the middle of a run.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;

use super::fixture::{Fixture, campaign_toml, plain_smtp};
use super::server_counts;
use crate::ledger_sync::TestDb;
use crate::mailserver::{MailServer, ServerOptions};

/// `n` letters in a workspace whose campaign file names the ledger at `url`.
fn on_shared_ledger(n: usize, port: u16, url: &str) -> Fixture {
    let fx = Fixture::new(n, &plain_smtp(port));
    fx.ws.write(
        "campaign.toml",
        format!("ledger = \"{url}\"\n{}", campaign_toml(&plain_smtp(port))),
    );
    fx
}

/// Latest status per letter in the shared ledger, read with SQL.
fn shared_states(url: &str) -> HashMap<String, String> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.query(
        "SELECT DISTINCT ON (letter) letter, status FROM letter_event ORDER BY letter, id DESC",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

fn assert_once(counts: &HashMap<String, usize>, when: &str) {
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "{when}: sent twice: {twice:?}");
}

// The second `send --yes` on a shared ledger was refused while the first ran; now both run
// side by side, the letters' claims sharing them out.
#[test]
fn two_sends_from_two_workspaces_on_one_shared_ledger_send_each_letter_once() {
    let Some(db) = TestDb::create() else { return };
    let url = db.url();
    // A slow server and one connection a run: each run alone would take 6 s, so the two
    // overlap however late the second starts.
    let server = MailServer::start(ServerOptions::new().delay_ms(100));
    let n = 60;
    let a = on_shared_ledger(n, server.port(), &url);
    let b = on_shared_ledger(n, server.port(), &url);
    let runs: Vec<_> = [&a, &b]
        .iter()
        .map(|fx| {
            fx.ws
                .marathon()
                .args(["send", "--yes", "--json", "--connections", "1"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut results = Vec::new();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(0), "{err}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        results.push(json);
    }
    let delivered: Vec<u64> = results
        .iter()
        .map(|r| r["delivered"].as_u64().unwrap())
        .collect();
    assert!(delivered.iter().all(|d| *d > 0), "{results:?}");
    assert_eq!(delivered.iter().sum::<u64>(), n as u64, "{results:?}");
    for r in &results {
        for key in ["failed", "deferred", "in_doubt", "not_sent"] {
            assert_eq!(r[key], 0, "{key}: {r}");
        }
    }
    // Each left to the other what the other had: at least the other's letters it planned.
    let left: u64 = results
        .iter()
        .map(|r| r["by_other_run"].as_u64().unwrap())
        .sum();
    assert!(left > 0, "{results:?}");
    let counts = server_counts(&server);
    assert_once(&counts, "two runs");
    assert_eq!(counts.len(), n);
    let states = shared_states(&url);
    assert_eq!(states.len(), n);
    assert!(states.values().all(|s| s == "delivered"), "{states:?}");
    // Nothing is left for a third run, and no letter is listed as not delivered.
    let out = a.ws.ok(&["send", "--yes"]);
    assert!(out.contains("nothing to send"), "{out}");
    assert_eq!(server_counts(&server).len(), n);
    for fx in [&a, &b] {
        let failures = fx.ws.path().join("letters/failures.csv");
        let rows = std::fs::read_to_string(&failures).unwrap_or_default();
        assert!(rows.lines().count() <= 1, "{rows}");
    }
}

#[test]
fn a_connection_cut_during_send_leaves_letters_in_doubt_never_sent_twice() {
    let Some(db) = TestDb::create() else { return };
    let url = db.url();
    let server = MailServer::start(ServerOptions::new().delay_ms(40));
    let n = 80;
    let fx = on_shared_ledger(n, server.port(), &url);
    let child = fx
        .ws
        .marathon()
        .args(["send", "--yes"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Cut every connection of the run once some letters are through.
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let mut waited = 0;
    loop {
        let sent: i64 = admin
            .query_one(
                "SELECT count(*) FROM letter_event WHERE status = 'delivered'",
                &[],
            )
            .map(|r| r.get(0))
            .unwrap_or(0);
        if sent >= 5 || waited > 600 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
        waited += 1;
    }
    let cut: i64 = admin
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(cut >= 1);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_once(&server_counts(&server), "the cut run");
    let states = shared_states(&url);
    let delivered = states.values().filter(|s| *s == "delivered").count();
    assert!(delivered >= 5 && delivered < n, "{states:?}");

    // Every letter the server holds is recorded: delivered, or in doubt (`sent`).
    let counts = server_counts(&server);
    for i in 0..n {
        let at_server = counts.contains_key(&fx.message_id(i));
        let state = states.get(&fx.letters[i].id).map(String::as_str);
        if at_server {
            assert!(
                matches!(state, Some("delivered" | "sent")),
                "letter {i}: {state:?}"
            );
        }
    }
    let doubt = states.values().filter(|s| *s == "sent").count();

    // The resumed run sends the rest, and the letters in doubt only when asked.
    let out = fx.ws.run(&["send", "--yes"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let counts = server_counts(&server);
    assert_once(&counts, "the resumed run");
    let states = shared_states(&url);
    assert_eq!(states.len(), n, "no letter lost");
    for i in 0..n {
        let state = states[&fx.letters[i].id].as_str();
        assert!(matches!(state, "delivered" | "sent"), "letter {i}: {state}");
        if state == "delivered" {
            assert!(counts.contains_key(&fx.message_id(i)), "letter {i}");
        }
    }
    assert_eq!(states.values().filter(|s| *s == "sent").count(), doubt);
}
