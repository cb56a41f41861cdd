//! `marathon import` on real ledger files: idempotence, changed rows, bad rows, several
//! processes at once, and an import killed midway.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::support::Workspace;
use crate::support::ledger::{actions, entries, record, report};

#[test]
fn importing_twice_or_in_another_file_adds_nothing() {
    let ws = Workspace::fixture("ledger");
    ws.write("a.csv", report("k", 40, 5));
    assert!(
        ws.ok(&["import", "a.csv"])
            .contains("imported 40 rows (200 actions)")
    );
    let again = ws.ok(&["import", "a.csv"]);
    assert!(again.contains("imported 0 rows (0 actions)"), "{again}");
    assert!(
        again.contains("40 rows were already in the ledger"),
        "{again}"
    );
    // The same rows, reordered, with `;` and a BOM, under another name.
    let text = report("k", 40, 5).replace(',', ";");
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    ws.write("b.csv", format!("\u{feff}{}\n", lines.join("\n")));
    let other = ws.ok(&["import", "b.csv", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&other).unwrap();
    assert_eq!(
        (v["added"].as_u64(), v["unchanged"].as_u64()),
        (Some(0), Some(40))
    );
    assert_eq!(actions(&ws), 200);
    assert_eq!(entries(&ws), 40);
}

#[test]
fn rows_without_a_ref_are_keyed_by_their_columns() {
    let ws = Workspace::fixture("ledger");
    let rows = "date,kind,count,case,country,group\n2026-08-05,card,30,krol,PL,Kraków Letter Circle\n2026-08-05,card,12,krol,LT,\n";
    ws.write("a.csv", rows);
    ws.ok(&["import", "a.csv"]);
    ws.write(
        "b.json",
        r#"[{"date": "2026-08-05", "kind": "card", "count": 30, "case": "krol", "country": "PL", "group": "Kraków Letter Circle"},
            {"date": "2026-08-06", "kind": "card", "count": 30, "case": "krol", "country": "PL", "group": "Kraków Letter Circle"}]"#,
    );
    let out = ws.ok(&["import", "b.json"]);
    assert!(out.contains("imported 1 row (30 actions)"), "{out}");
    assert_eq!(actions(&ws), 72);
    // Two rows with the same columns in one file cannot be told apart.
    ws.write(
        "c.csv",
        "date,kind,count,case,country\n2026-08-07,fax,1,krol,PL\n2026-08-07,fax,2,krol,PL\n",
    );
    let err = ws.fails(&["import", "c.csv"], 2);
    assert!(
        err.contains("c.csv:3: same date, kind, case, country, group and volunteer as line 2"),
        "{err}"
    );
    assert_eq!(actions(&ws), 72);
}

#[test]
fn a_changed_row_is_reported_with_both_origins_and_not_counted_twice() {
    let ws = Workspace::fixture("ledger");
    ws.write("week1.csv", report("r", 3, 10));
    ws.ok(&["import", "week1.csv"]);
    let mut text = report("r", 4, 10);
    text = text.replace("r2,2026-08-06,appeal,10", "r2,2026-08-06,appeal,15");
    ws.write("week2.csv", text);
    let out = ws.run(&["import", "week2.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("week2.csv:3: changed since it was imported from week1.csv:3 as entry 2"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 1 row (10 actions)"));
    assert_eq!(actions(&ws), 40);
    // The way to change it: a correction.
    ws.ok(&["record", "--corrects", "2", "--count", "15"]);
    assert_eq!(actions(&ws), 45);
}

#[test]
fn a_file_with_bad_rows_is_not_imported_and_every_bad_row_is_named() {
    let ws = Workspace::fixture("ledger");
    ws.write(
        "bad.csv",
        "date,kind,count,case,country\n2026-08-05,appeal,3,krol,PL\n2026-08-05,appeal,0,krol,PL\n2026-08-06,appeal,2,ghost,PL\n2026-08-06,appeal,2,krol\n2026-08-07,appeal,1,krol,XX\n",
    );
    let err = ws.fails(&["import", "bad.csv"], 2);
    for needle in [
        "bad.csv:3: field `count`",
        "bad.csv:4: field `case`: `ghost`",
        "bad.csv:5: this row has 4 fields but the header has 5",
        "bad.csv:6: field `country`: `XX`",
        "4 rows with errors; nothing was imported",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    assert!(!err.contains("bad.csv:2"), "{err}");
    assert!(!ws.path().join("ledger.sqlite").exists() || entries(&ws) == 0);
}

#[test]
fn four_processes_recording_and_importing_at_once_give_the_exact_total() {
    let ws = Workspace::fixture("ledger");
    // Create the ledger first, as a campaign does; the four then share it.
    record(&ws, "event", "navik", "LT", "2026-08-04");
    ws.write("a.csv", report("a", 3000, 2));
    ws.write("b.csv", report("b", 3000, 2));
    std::thread::scope(|s| {
        for file in ["a.csv", "b.csv"] {
            let ws = &ws;
            s.spawn(move || ws.ok(&["import", file]));
        }
        for who in ["zofia", "jonas"] {
            let ws = &ws;
            s.spawn(move || {
                for _ in 0..20 {
                    ws.ok(&[
                        "record",
                        "--kind",
                        "appeal",
                        "--count",
                        "3",
                        "--case",
                        "krol",
                        "--volunteer",
                        who,
                        "--date",
                        "2026-08-07",
                    ]);
                }
            });
        }
    });
    assert_eq!(actions(&ws), 1 + 2 * 3000 * 2 + 2 * 20 * 3);
    assert_eq!(entries(&ws), 1 + 6000 + 40);
}

#[test]
fn an_import_killed_midway_leaves_the_ledger_as_it_was() {
    let ws = Workspace::fixture("ledger");
    record(&ws, "event", "navik", "LT", "2026-08-04");
    ws.write("big.csv", report("x", 3000, 1));
    let mut child = ws
        .marathon()
        .args(["import", "big.csv"])
        .env("FAILPOINTS", "import::pause=2499*off->return")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "import paused after 2500 rows");
    // The 2,500 rows are in the WAL, uncommitted, when the process dies.
    let wal = std::fs::metadata(ws.path().join("ledger.sqlite-wal"))
        .unwrap()
        .len();
    assert!(wal > 100_000, "WAL holds {wal} bytes");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(actions(&ws), 1);
    assert_eq!(entries(&ws), 1);
    let conn = rusqlite::Connection::open(ws.path().join("ledger.sqlite")).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(conn);
    ws.ok(&["import", "big.csv"]);
    assert_eq!(actions(&ws), 3001);
}

// Diagnostics are off unless asked for, and then go to stderr, never to the output a script
// reads.
#[test]
fn marathon_log_prints_the_steps_of_an_import_to_stderr() {
    let ws = Workspace::fixture("ledger");
    ws.write("a.csv", report("k", 10, 1));
    let quiet = ws.run(&["import", "a.csv"]);
    assert!(quiet.status.success());
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("DEBUG"));
    ws.write("b.csv", report("m", 10, 1));
    let out = ws
        .marathon()
        .env("MARATHON_LOG", "debug")
        .args(["import", "b.csv", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("import: committed in"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"].as_u64(), Some(10));
}

// The reading thread's death ended its channel, which was taken for the end of the file: with
// a panic at row 15,000 of 20,000 the rows read so far were committed and the import exited 0.
#[test]
fn an_import_whose_reading_thread_dies_imports_nothing() {
    let ws = Workspace::fixture("ledger");
    record(&ws, "event", "navik", "LT", "2026-08-04");
    ws.write("big.csv", report("x", 20_000, 1));
    let out = ws
        .marathon()
        .args(["import", "big.csv"])
        .env("FAILPOINTS", "import::check-row=15000*off->panic")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`big.csv`: nothing was imported"),
        "{stderr}"
    );
    assert!(
        stderr.contains("reading the rows stopped before the end of the file"),
        "{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(actions(&ws), 1);
    assert_eq!(entries(&ws), 1);
    // Nothing of the failed import stands in the way of the whole file.
    ws.ok(&["import", "big.csv"]);
    assert_eq!(actions(&ws), 20_001);
}

// A repeated JSON key was accepted, the last value winning: `{"count": "5", "count": "7"}`
// imported 7 actions.
#[test]
fn a_json_row_repeating_a_field_is_refused_naming_file_line_and_field() {
    let ws = Workspace::fixture("ledger");
    ws.write(
        "b.json",
        r#"[{"date": "2026-08-05", "kind": "card", "count": 3, "case": "krol", "country": "PL"},
 {"date": "2026-08-05", "kind": "card", "count": "5", "case": "krol", "country": "LT", "count": "7"},
 {"DATE": "2026-08-04", "kind": "card", "case": "krol", "country": "DE", "Day": "2026-08-05"}]"#,
    );
    let err = ws.fails(&["import", "b.json"], 2);
    assert!(
        err.contains("b.json:2: field `count` appears twice"),
        "{err}"
    );
    assert!(
        err.contains("b.json:3: fields `DATE` and `Day` are both the `date` field"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(actions(&ws), 0);
}
