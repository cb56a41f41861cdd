//! The ledger commands on both stores: each behaviour is a function taking a workspace,
//! run once on its SQLite file and once with its campaign file pointing at a fresh
//! PostgreSQL database. Then what only PostgreSQL has: passwords from the environment and
//! files, a server restarted under an import, and the refusal of other databases.

mod commands;
mod connect;
mod faults;

use crate::support::Workspace;
use crate::support::ledger::{actions, record, report, tally};
use crate::support::pg::{TestDb, use_ledger};

/// Runs `check` in a ledger fixture workspace on SQLite, then on PostgreSQL when a test
/// cluster is given.
fn on_both(test: &str, check: impl Fn(&Workspace)) {
    check(&Workspace::fixture("ledger"));
    if let Some(db) = TestDb::create(test) {
        let ws = Workspace::fixture("ledger");
        use_ledger(&ws, &db.url);
        check(&ws);
        // The PostgreSQL run wrote no file beside the campaign.
        assert!(!ws.path().join("ledger.sqlite").exists());
    }
}

#[test]
fn record_correct_and_tally_on_both_stores() {
    on_both("record_correct_and_tally", |ws| {
        record(ws, "appeal", "sidor", "DE", "2026-08-05");
        record(ws, "solidarity", "krol", "PL", "2026-08-06");
        assert_eq!(actions(ws), 2);
        ws.ok(&["record", "--corrects", "1", "--count", "5"]);
        let t = tally(ws, &[]);
        assert_eq!(t["actions"], 6, "{t}");
        let again = ws.fails(&["record", "--corrects", "1", "--count", "4"], 2);
        assert!(again.contains("already corrected by entry 3"), "{again}");
        let none = ws.fails(&["record", "--corrects", "9", "--count", "5"], 2);
        assert!(none.contains("9"), "{none}");
        let only = tally(ws, &["--case", "krol"]);
        assert_eq!(only["actions"], 1, "{only}");
    });
}

#[test]
fn an_import_twice_counts_once_and_a_changed_row_is_reported_on_both_stores() {
    on_both("import_twice", |ws| {
        ws.write("a.csv", report("k", 40, 5));
        let first = ws.ok(&["import", "a.csv"]);
        assert!(first.contains("imported 40 rows (200 actions)"), "{first}");
        let again = ws.ok(&["import", "a.csv"]);
        assert!(again.contains("imported 0 rows (0 actions)"), "{again}");
        assert!(
            again.contains("40 rows were already in the ledger"),
            "{again}"
        );
        assert_eq!(actions(ws), 200);
        // The same key (ref k3) with another count: reported with both places, not added.
        ws.write(
            "b.csv",
            report("k", 3, 5).replace("k3,2026-08-07,appeal,5", "k3,2026-08-07,appeal,9"),
        );
        let out = ws.run(&["import", "b.csv"]);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("b.csv:4: changed since it was imported from a.csv:4 as entry 3"),
            "{err}"
        );
        assert_eq!(actions(ws), 200);
    });
}

#[test]
fn a_file_with_a_bad_row_writes_nothing_on_both_stores() {
    on_both("bad_row", |ws| {
        let mut text = report("b", 30, 1);
        text.push_str("b99,2026-08-07,appeal,many,sidor,DE,x\n");
        ws.write("bad.csv", text);
        let err = ws.fails(&["import", "bad.csv"], 2);
        assert!(err.contains("bad.csv:32: field `count`"), "{err}");
        assert!(err.contains("nothing was imported"), "{err}");
        assert_eq!(actions(ws), 0);
        // Two rows with one key: named, nothing written.
        ws.write(
            "dup.csv",
            "date,kind,count,case,country\n2026-08-05,appeal,3,krol,PL\n\
             2026-08-06,appeal,1,krol,PL\n2026-08-05,appeal,3,krol,PL\n",
        );
        let err = ws.fails(&["import", "dup.csv"], 2);
        assert!(err.contains("dup.csv:4: same date"), "{err}");
        assert_eq!(actions(ws), 0);
    });
}

#[test]
fn ledger_migrate_creates_upgrades_and_refuses_a_foreign_database() {
    let Some(db) = TestDb::create("ledger_migrate") else {
        return;
    };
    let ws = Workspace::fixture("ledger");
    let out = ws.ok(&["ledger", "migrate", "--ledger", &db.url]);
    assert!(out.contains("created the postgresql ledger"), "{out}");
    let out = ws.ok(&["ledger", "migrate", "--ledger", &db.url, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Version 4: the claims `send` takes on letters (2), volunteers' letter edits (3), the
    // import keys in a table of their own (4).
    assert_eq!(
        (v["before"].as_u64(), v["after"].as_u64()),
        (Some(4), Some(4))
    );
    // A newer ledger is refused, by every command.
    db.client()
        .batch_execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        .unwrap();
    use_ledger(&ws, &db.url);
    let err = ws.fails(&["tally"], 2);
    assert!(err.contains("newer marathon (ledger version 99"), "{err}");
    // Another program's database is left alone.
    let other = TestDb::create("ledger_migrate").unwrap();
    other
        .client()
        .batch_execute("CREATE TABLE people (id int)")
        .unwrap();
    let err = ws.fails(&["ledger", "migrate", "--ledger", &other.url], 2);
    assert!(err.contains("another program (tables: people)"), "{err}");
    let n: i64 = other
        .client()
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    // SQLite through the same command.
    let out = ws.ok(&["ledger", "migrate", "--ledger", "new.sqlite"]);
    assert!(out.contains("created the sqlite ledger"), "{out}");
}
