//! The ledger commands on real ledger files: `record`, `import`, corrections, letters,
//! several processes at once, a killed import, and files that are not ledgers.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::support::Workspace;

/// The `tally --format json` of the workspace's ledger.
pub fn tally(ws: &Workspace, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["tally", "--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&ws.ok(&args)).unwrap()
}

/// Total actions in the ledger.
pub fn actions(ws: &Workspace) -> u64 {
    tally(ws, &[])["actions"].as_u64().unwrap()
}

fn entries(ws: &Workspace) -> i64 {
    let conn = rusqlite::Connection::open(ws.path().join("ledger.sqlite")).unwrap();
    conn.query_row("SELECT COUNT(*) FROM entry", [], |r| r.get(0))
        .unwrap()
}

/// A report of `rows` rows with refs `PREFIX1..`, each counting `count` actions.
pub fn report(prefix: &str, rows: usize, count: u64) -> String {
    let mut out = String::from("ref,date,kind,count,case,country,group\n");
    for i in 1..=rows {
        let day = 4 + i % 15;
        out.push_str(&format!(
            "{prefix}{i},2026-08-{day:02},appeal,{count},sidor,DE,Köln Schreibgruppe\n"
        ));
    }
    out
}

/// A manifest line for a letter from Zofia.
pub fn letter(id: &str, kind: &str, prisoner: &str, case: &str) -> String {
    let recipient = if kind == "appeal" {
        r#"{"id":"prosecutor","role":"authority","name":"Prosecutor General","country":"BY"}"#
            .to_string()
    } else {
        format!(r#"{{"id":"{prisoner}","role":"prisoner","name":"N","country":"BY"}}"#)
    };
    format!(
        r#"{{"id":"{id}","template":"t","kind":"{kind}","language":"ru","case":"{case}","prisoner":"{prisoner}","recipient":{recipient},"sender":{{"id":"zofia","role":"volunteer","name":"Zofia Wrzos","email":"zofia.wrzos@example.org","country":"PL"}},"channel":"post","subject":"s","path":"p/{id}.txt"}}"#
    ) + "\n"
}

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
    ws.ok(&[
        "record",
        "--kind",
        "appeal",
        "--case",
        "krol",
        "--country",
        "PL",
        "--date",
        "2026-08-05",
    ]);
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
fn four_processes_recording_and_importing_at_once_give_the_exact_total() {
    let ws = Workspace::fixture("ledger");
    // Create the ledger first, as a campaign does; the four then share it.
    ws.ok(&[
        "record",
        "--kind",
        "event",
        "--case",
        "navik",
        "--country",
        "LT",
        "--date",
        "2026-08-04",
    ]);
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
    ws.ok(&[
        "record",
        "--kind",
        "event",
        "--case",
        "navik",
        "--country",
        "LT",
        "--date",
        "2026-08-04",
    ]);
    ws.write("big.csv", report("x", 3000, 1));
    let mut child = ws
        .marathon()
        .args(["import", "big.csv"])
        .env("MARATHON_TEST_PAUSE_IMPORT_AFTER", "2500")
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
