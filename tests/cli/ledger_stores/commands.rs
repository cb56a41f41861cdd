//! The commands that read the ledger beside the campaign's files — `assign`, `pack`,
//! `status`, `tally` in all its forms, `signups`, `send`, `invite` — run on the sample campaign over SQLite and
//! over PostgreSQL, and what each printed or wrote compared between the stores.

use std::time::Duration;

use serde_json::Value;

use crate::mailserver::{MailServer, ServerOptions};
use crate::support::Workspace;
use crate::support::pg::{Seen, TestDb, assert_same, same_on_both_stores, use_ledger};
use crate::web::volunteer::workspace_on;
use crate::web::within;

/// Runs `check` on the sample campaign with an SQLite ledger, then (with a test cluster) on
/// one pointing at a fresh PostgreSQL database, and asserts both saw the same.
fn same_on_both(test: &str, check: impl Fn(&Workspace) -> Seen) {
    let sqlite = check(&Workspace::sample());
    assert!(!sqlite.is_empty());
    if let Some(db) = TestDb::create(test) {
        let ws = Workspace::sample();
        use_ledger(&ws, &db.url);
        let pg = check(&ws);
        assert!(!ws.path().join("ledger.sqlite").exists());
        assert_same(&sqlite, &pg);
    }
}

/// `value` without the keys `drop` (times that differ between two runs), pretty-printed.
fn without(mut value: Value, drop: &[&str]) -> String {
    if let Some(map) = value.as_object_mut() {
        for key in drop {
            map.remove(*key);
        }
    }
    serde_json::to_string_pretty(&value).unwrap()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn assign_pack_status_and_tally_read_the_same_ledger_on_both_stores() {
    same_on_both("commands_sample", |ws| {
        let mut seen = Seen::new();
        // Letters already in the ledger steer the assignment: Tamara has four.
        ws.ok(&[
            "record",
            "--kind",
            "solidarity",
            "--prisoner",
            "tamara-viarbitskaya",
            "--count",
            "4",
            "--country",
            "PL",
            "--date",
            "2026-08-05",
        ]);
        let assign = ws.ok(&["assign"]);
        assert!(
            assign.contains("With the letters already in the ledger: min 4"),
            "{assign}"
        );
        seen.insert("assign".into(), assign);
        seen.insert("assignment".into(), ws.read(".marathon/assignment.json"));
        ws.ok(&["generate"]);

        let packs = json(&ws.ok(&["pack", "--json"]));
        let first = &packs["packs"][0];
        let letter = first["letters"][0].as_str().unwrap().to_string();
        for p in packs["packs"].as_array().unwrap() {
            assert_eq!(p["edited"], Value::Array(vec![]), "{p}");
            let file = p["file"].as_str().unwrap();
            seen.insert(format!("pack {file}"), ws.read(file));
        }
        seen.insert("pack --json".into(), packs.to_string());

        // A letter posted shows in the status and becomes an entry naming it.
        let out = ws.ok(&[
            "record",
            "--letter",
            &letter,
            "--status",
            "posted",
            "--date",
            "2026-08-07",
        ]);
        assert_eq!(out.trim(), letter);
        let status = json(&ws.ok(&["status", "--json"]));
        assert_eq!(status["post"]["posted"], 1, "{status}");
        assert_eq!(status["actions"], 5, "{status}");
        seen.insert("status --json".into(), without(status, &["deadline"]));
        let entry = json(&ws.ok(&["tally", "--entry", "2", "--format", "json"]));
        assert_eq!(entry["letter"], letter.as_str(), "{entry}");
        seen.insert("tally --entry".into(), without(entry, &["recorded_at"]));
        let text = ws.ok(&["tally", "--entry", "2"]);
        assert!(text.contains(&letter), "{text}");

        for format in ["json", "csv", "markdown", "text"] {
            let out = ws.ok(&["tally", "--format", format]);
            seen.insert(format!("tally {format}"), out);
            let public = ws.ok(&["tally", "--public", "--format", format]);
            seen.insert(format!("tally --public {format}"), public);
        }
        // The summary rebuilt from the entries gives the same figures.
        let rebuilt = ws.ok(&["tally", "--rebuild", "--format", "json"]);
        assert_eq!(Some(&rebuilt), seen.get("tally json"));
        let t = json(&ws.ok(&["tally", "--format", "json", "--case", "defenders"]));
        assert_eq!(t["actions"], 5, "{t}");
        let t = json(&ws.ok(&["tally", "--format", "json", "--from", "2026-08-06"]));
        assert_eq!(t["actions"], 1, "{t}");
        seen.insert("tally --from".into(), t.to_string());

        let signups = ws.ok(&["signups", "--json"]);
        assert_eq!(json(&signups), Value::Array(vec![]));
        seen.insert("signups --json".into(), signups);
        seen
    });
}

/// The letters emailed and the volunteers invited on one store: what `send`, `status`,
/// `tally`, `assign` and `invite` printed, and how many mails the server took.
fn sent_and_invited(ledger: Option<&str>) -> Seen {
    let mut seen = Seen::new();
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace_on(&mail, ledger);
    let out = ws.ok(&["send", "--yes"]);
    assert!(out.contains("92 delivered"), "{out}");
    let status = json(&ws.ok(&["status", "--json"]));
    assert_eq!(status["email"]["delivered"], 92, "{status}");
    assert_eq!(status["email"]["not_sent"], 0, "{status}");
    seen.insert("status --json".into(), without(status, &["deadline"]));
    seen.insert("tally".into(), ws.ok(&["tally", "--format", "json"]));
    // The solidarity letters just emailed steer the next assignment.
    let again = json(&ws.ok(&["assign", "--dry-run", "--json"]));
    seen.insert("assign --dry-run".into(), again.to_string());
    // The resumed run is refused nothing and sends nothing twice.
    let out = ws.ok(&["send", "--yes"]);
    assert!(!out.contains("92 delivered"), "{out}");
    let url = "http://127.0.0.1:9";
    let first = ws.ok(&["invite", "--yes", "--url", url, "--json"]);
    let again = ws.ok(&["invite", "--yes", "--url", url, "--json"]);
    seen.insert("invite".into(), first);
    seen.insert("invite again".into(), again);
    let volunteers = 23;
    let mails = within(Duration::from_secs(15), || {
        let n = mail.messages().len();
        (n == 92 + volunteers).then_some(n)
    });
    assert_eq!(mails, Some(92 + volunteers), "{}", mail.messages().len());
    seen
}

#[test]
fn send_status_assign_and_invite_read_the_same_ledger_on_both_stores() {
    same_on_both_stores("commands_send", sent_and_invited);
}

// `pack` never prints a letter's generated text in place of its volunteer's edit: without a
// ledger there are no edits (and none is created); a ledger it cannot reach stops it.
#[test]
fn pack_creates_no_ledger_and_stops_on_one_it_cannot_reach() {
    let ws = Workspace::sample();
    ws.ok(&["assign"]);
    ws.ok(&["generate"]);
    let out = ws.ok(&["pack"]);
    assert!(out.contains("Wrote 23 packs"), "{out}");
    assert!(!ws.path().join("ledger.sqlite").exists());
    let file = "letters/packs/jurgen-hoffmann.html";
    let before = ws.read(file);
    let out = ws
        .marathon()
        .arg("pack")
        .env("MARATHON_LEDGER", "postgres://marathon@127.0.0.1:1/nowhere")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot connect to the ledger `postgres://marathon@127.0.0.1:1/nowhere`"),
        "{err}"
    );
    assert_eq!(ws.read(file), before);
    let left: Vec<_> = std::fs::read_dir(ws.path().join("letters/packs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.ends_with(".html"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
