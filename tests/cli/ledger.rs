//! The ledger on real files: `record`, corrections, letters, and files that are not
//! ledgers.

use crate::support::Workspace;
use crate::support::ledger::{actions, entries, letter, record, report, tally};

#[test]
fn record_prints_the_entry_id_and_is_counted() {
    let ws = Workspace::fixture("ledger");
    let out = ws.ok(&[
        "record",
        "--kind",
        "card",
        "--count",
        "230",
        "--case",
        "krol",
        "--country",
        "de",
        "--group",
        "Köln Schreibgruppe",
        "--date",
        "2026-08-05",
    ]);
    assert_eq!(out.trim(), "1");
    let out = ws.ok(&[
        "record",
        "--kind",
        "appeal",
        "--volunteer",
        "zofia",
        "--prisoner",
        "pavel-sidor",
    ]);
    assert_eq!(out.trim(), "2");
    let t = tally(&ws, &[]);
    assert_eq!(t["actions"], 231);
    // The volunteer's country and the prisoner's case were filled in.
    assert_eq!(t["by_country"][1]["name"], "PL");
    assert_eq!(t["by_case"][1]["name"], "sidor");
}

#[test]
fn invalid_records_write_nothing_and_exit_2() {
    let ws = Workspace::fixture("ledger");
    record(&ws, "appeal", "krol", "PL", "2026-08-05");
    let cases: [(&[&str], &str); 7] = [
        (
            &["--case", "nobody"],
            "`nobody` is not a case of this campaign",
        ),
        (&["--count", "0"], "`0` is not a count of actions"),
        (&["--count", "-3"], "`-3` is not a count of actions"),
        (&["--date", "2099-01-01"], "is in the future"),
        (
            &["--date", "2026-08-01"],
            "is before the campaign starts (2026-08-04)",
        ),
        (&["--country", "UK"], "the United Kingdom is `GB`"),
        (
            &["--kind", "telegram"],
            "`telegram` is not a kind of action",
        ),
    ];
    for (bad, message) in cases {
        let mut args = vec!["record"];
        for (option, value) in [
            ("--kind", "appeal"),
            ("--case", "krol"),
            ("--country", "PL"),
        ] {
            if !bad.contains(&option) {
                args.extend([option, value]);
            }
        }
        args.extend_from_slice(bad);
        let err = ws.fails(&args, 2);
        assert!(err.contains(message), "{bad:?}: {err}");
    }
    let err = ws.fails(
        &[
            "record",
            "--letter",
            "0123456789abcdef",
            "--status",
            "received",
        ],
        2,
    );
    assert!(err.contains("letters/manifest.jsonl"), "{err}");
    assert_eq!(entries(&ws), 1);
}

#[test]
fn corrections_replace_the_entry_and_chain() {
    let ws = Workspace::fixture("ledger");
    ws.ok(&[
        "record",
        "--kind",
        "card",
        "--count",
        "230",
        "--case",
        "krol",
        "--country",
        "DE",
        "--date",
        "2026-08-05",
    ]);
    let id = ws.ok(&[
        "record",
        "--corrects",
        "1",
        "--count",
        "200",
        "--country",
        "AT",
    ]);
    assert_eq!(id.trim(), "2");
    let t = tally(&ws, &[]);
    assert_eq!(t["actions"], 200);
    assert_eq!(t["by_country"][0]["name"], "AT");
    assert_eq!(t["corrections"], 1);
    let err = ws.fails(&["record", "--corrects", "1", "--count", "5"], 2);
    assert!(
        err.contains("already corrected by entry 2; correct entry 2 instead"),
        "{err}"
    );
    let err = ws.fails(&["record", "--corrects", "9", "--count", "5"], 2);
    assert!(err.contains("there is no entry 9"), "{err}");
    ws.ok(&[
        "record",
        "--corrects",
        "2",
        "--withdraw",
        "--note",
        "counted twice",
    ]);
    let t = tally(&ws, &[]);
    assert_eq!(
        (t["actions"].as_u64(), t["countries"].as_u64()),
        (Some(0), Some(0))
    );
}

#[test]
fn a_letter_counts_once_posted_and_received_is_tracked() {
    let ws = Workspace::fixture("ledger");
    let manifest = letter("aaaa000000000001", "solidarity", "hanna-krol", "krol")
        + &letter("aaaa000000000002", "appeal", "pavel-sidor", "sidor");
    ws.write("letters/manifest.jsonl", manifest);
    let one = "aaaa000000000001";
    ws.ok(&[
        "record",
        "--letter",
        one,
        "--status",
        "posted",
        "--date",
        "2026-08-06",
    ]);
    ws.ok(&[
        "record",
        "--letter",
        one,
        "--status",
        "received",
        "--date",
        "2026-08-20",
    ]);
    ws.ok(&[
        "record",
        "--letter",
        one,
        "--status",
        "replied",
        "--date",
        "2026-09-02",
    ]);
    ws.ok(&[
        "record",
        "--letter",
        "aaaa000000000002",
        "--status",
        "returned",
    ]);
    let err = ws.fails(&["record", "--letter", one, "--status", "delivered"], 2);
    assert!(err.contains("recorded by `marathon send`"), "{err}");
    let t = tally(&ws, &["--fewest", "10"]);
    assert_eq!(t["actions"], 2);
    let krol = t["fewest_letters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "hanna-krol")
        .unwrap();
    assert_eq!(
        (krol["sent"].as_u64(), krol["received"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(t["undelivered"][0]["letter"], "aaaa000000000002");
    assert_eq!(t["undelivered"][0]["status"], "returned");
    assert_eq!(t["by_day"][0]["name"], "2026-08-06");
}

#[test]
fn a_corrupt_or_foreign_ledger_is_a_clear_error() {
    let ws = Workspace::fixture("ledger");
    ws.write(
        "notes.sqlite",
        "these are my notes, not a database\n".repeat(200),
    );
    let err = ws.fails(&["tally", "--ledger", "notes.sqlite"], 2);
    assert!(
        err.contains("`notes.sqlite` is not a marathon ledger"),
        "{err}"
    );
    let err = ws.fails(
        &[
            "record",
            "--ledger",
            "notes.sqlite",
            "--kind",
            "fax",
            "--case",
            "krol",
            "--country",
            "PL",
        ],
        2,
    );
    assert!(
        err.contains("`notes.sqlite` is not a marathon ledger"),
        "{err}"
    );
    rusqlite::Connection::open(ws.path().join("other.db"))
        .unwrap()
        .execute_batch("CREATE TABLE photos (path TEXT)")
        .unwrap();
    let err = ws.fails(&["tally", "--ledger", "other.db"], 2);
    assert!(err.contains("another program (tables: photos)"), "{err}");
    // A real ledger damaged after its header.
    ws.write("r.csv", report("r", 500, 1));
    ws.ok(&["import", "r.csv"]);
    let path = ws.path().join("ledger.sqlite");
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().skip(4096) {
        *b = 0xa5;
    }
    std::fs::write(&path, bytes).unwrap();
    let err = ws.fails(&["tally"], 2);
    assert!(err.contains("ledger.sqlite"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

// Regression: a process opening the new ledger while another was creating its tables took
// it for another program's database.
#[test]
fn processes_creating_the_ledger_at_once_all_succeed() {
    for _ in 0..12 {
        let ws = Workspace::fixture("ledger");
        std::thread::scope(|s| {
            for _ in 0..8 {
                let ws = &ws;
                s.spawn(move || record(ws, "fax", "krol", "PL", "2026-08-05"));
            }
        });
        assert_eq!(actions(&ws), 8);
    }
}

// `tally --entry` printed a count of 1204 as "1204 ×", where every other count is grouped.
#[test]
fn an_entry_shows_its_count_grouped() {
    let ws = Workspace::fixture("ledger");
    ws.ok(&[
        "record",
        "--kind",
        "card",
        "--count",
        "1204",
        "--case",
        "krol",
        "--country",
        "de",
    ]);
    let shown = ws.ok(&["tally", "--entry", "1"]);
    assert!(
        shown.starts_with("entry 1: 1,204 × solidarity for `krol`"),
        "{shown}"
    );
}
