//! `ledger copy` and `ledger sync` through the binary: an offline evening on an SQLite file
//! pushed into a shared PostgreSQL ledger (a real server, `MARATHON_TEST_PG`) and counted
//! once however often and from wherever it is synced.

use crate::support::Workspace;
use crate::support::ledger::{letter, record, report, tally};

/// An evening recorded offline in `ws`'s `ledger.sqlite`: records, a correction, an
/// import and a letter posted then received.
fn an_offline_evening(ws: &Workspace) {
    record(ws, "appeal", "krol", "PL", "2026-08-05");
    record(ws, "card", "sidor", "DE", "2026-08-06");
    ws.ok(&["record", "--corrects", "2", "--count", "12"]);
    ws.write("reports/koeln.csv", report("k", 4, 3));
    ws.ok(&["import", "reports/koeln.csv"]);
    ws.write(
        "letters/manifest.jsonl",
        letter("aaaa000000000001", "solidarity", "hanna-krol", "krol"),
    );
    for (status, date) in [("posted", "2026-08-06"), ("received", "2026-08-20")] {
        ws.ok(&[
            "record",
            "--letter",
            "aaaa000000000001",
            "--status",
            status,
            "--date",
            date,
        ]);
    }
}

/// The tally of the ledger at `url`, run in `ws`.
fn shared_tally(ws: &Workspace, url: &str) -> serde_json::Value {
    tally(ws, &["--ledger", url, "--fewest", "10"])
}

#[test]
fn an_evening_synced_twice_and_from_a_copy_counts_once() {
    let Some(db) = TestDb::create() else { return };
    let url = db.url();
    let evening = Workspace::fixture("ledger");
    an_offline_evening(&evening);
    let local = tally(&evening, &["--fewest", "10"]);
    assert_eq!(local["actions"], 1 + 12 + 12 + 1);

    let dry = evening.ok(&["ledger", "sync", "ledger.sqlite", "--to", &url, "--dry-run"]);
    assert!(dry.contains("would add 8 entries"), "{dry}");
    assert!(dry.contains("nothing was written"), "{dry}");
    assert_eq!(shared_tally(&evening, &url)["actions"], 0);

    let out = evening.ok(&["ledger", "sync", "ledger.sqlite", "--to", &url]);
    assert!(
        out.contains("added 8 entries (26 actions, 1 correction) and 2 letter events"),
        "{out}"
    );
    let shared = shared_tally(&evening, &url);
    assert_eq!(shared, local, "the shared tally is the evening's");

    // Again: nothing added.
    let again = evening.ok(&["ledger", "sync", "ledger.sqlite", "--to", &url, "--json"]);
    let again: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(
        (again["entries"].as_u64(), again["events"].as_u64()),
        (Some(0), Some(0))
    );
    // The 7 entries and 2 letter events (the letter's entry comes with its events).
    assert_eq!(again["already"], 7 + 2);

    // A copy of the file on another machine, and a `ledger copy` of it: nothing added.
    let other = Workspace::fixture("ledger");
    std::fs::copy(
        evening.path().join("ledger.sqlite"),
        other.path().join("evening.sqlite"),
    )
    .unwrap();
    other.ok(&["ledger", "copy", "evening.sqlite", "copied.sqlite"]);
    for file in ["evening.sqlite", "copied.sqlite"] {
        let out = other.ok(&["ledger", "sync", file, "--to", &url]);
        assert!(out.contains("added 0 entries"), "{file}: {out}");
    }
    assert_eq!(shared_tally(&other, &url), local);

    // More offline work later: only that is added.
    record(&evening, "petition", "krol", "AT", "2026-08-07");
    let out = evening.ok(&["ledger", "sync", "ledger.sqlite", "--to", &url]);
    assert!(
        out.contains("added 1 entry (1 action, 0 corrections)"),
        "{out}"
    );
    assert_eq!(shared_tally(&evening, &url)["actions"], 27);
}

#[test]
fn a_row_imported_online_with_other_content_is_reported_not_merged() {
    let Some(db) = TestDb::create() else { return };
    let url = db.url();
    let online = Workspace::fixture("ledger");
    online.write("reports/koeln.csv", report("k", 3, 5));
    online.ok(&["import", "reports/koeln.csv", "--ledger", &url]);

    let evening = Workspace::fixture("ledger");
    // The same report, one row's count changed, and one row more.
    let changed = report("k", 4, 5).replacen("appeal,5,", "appeal,7,", 1);
    evening.write("reports/koeln.csv", changed);
    evening.ok(&["import", "reports/koeln.csv"]);
    let err = evening.fails(&["ledger", "sync", "ledger.sqlite", "--to", &url], 1);
    assert!(
        err.contains("changed since it was imported from reports/koeln.csv:2 as entry 1"),
        "{err}"
    );
    // The unchanged rows are not counted again; the new row is added.
    assert_eq!(shared_tally(&evening, &url)["actions"], 3 * 5 + 5);
}

#[test]
fn copy_refuses_a_target_with_anything_in_it_and_writes_nothing() {
    let ws = Workspace::fixture("ledger");
    record(&ws, "appeal", "krol", "PL", "2026-08-05");
    ws.ok(&["ledger", "copy", "ledger.sqlite", "one.sqlite"]);
    let err = ws.fails(&["ledger", "copy", "ledger.sqlite", "one.sqlite"], 2);
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(tally(&ws, &["--ledger", "one.sqlite"])["actions"], 1);
    let err = ws.fails(&["ledger", "copy", "missing.sqlite", "two.sqlite"], 2);
    assert!(err.contains("missing.sqlite"), "{err}");
    assert!(!ws.path().join("missing.sqlite").exists());
    assert!(!ws.path().join("two.sqlite").exists());
    // Web sign-ups are copied with the rest, as they were.
    ws.write(
        "web.sqlite",
        std::fs::read(ws.path().join("ledger.sqlite")).unwrap(),
    );
    let add_signup = |file: &str, token: &str| {
        let conn = rusqlite::Connection::open(ws.path().join(file)).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO signup (token, nonce, name, email, address_hash, city, country,
                 languages, lang, submitted_at) VALUES ({token}, x'02', 'N', 'n@example.org',
                 'h', 'Köln', 'DE', 'de', 'de', 0)"
        ))
        .unwrap();
    };
    add_signup("web.sqlite", "x'01'");
    let out = ws.ok(&["ledger", "copy", "web.sqlite", "three.sqlite"]);
    assert!(
        out.contains(
            "from the web: 0 submissions waiting for their link, 1 sign-up and 0 invitations"
        ),
        "{out}"
    );
    let copy = marathon::ledger::Ledger::open(&ws.path().join("three.sqlite")).unwrap();
    let signups = copy.signups(false).unwrap();
    assert_eq!(signups.len(), 1);
    assert_eq!(
        (signups[0].id, signups[0].nonce.as_slice()),
        (1, &[2u8][..])
    );
    drop(copy);
    // A copy refused by its source (a token stored as text) leaves no empty ledger behind.
    ws.write(
        "bad.sqlite",
        std::fs::read(ws.path().join("ledger.sqlite")).unwrap(),
    );
    add_signup("bad.sqlite", "'not bytes'");
    let err = ws.fails(&["ledger", "copy", "bad.sqlite", "four.sqlite"], 2);
    assert!(
        err.contains("table `signup`, row 1: column `token`"),
        "{err}"
    );
    assert!(!ws.path().join("four.sqlite").exists());
}

/// A fresh database on the test server, dropped afterwards; `None` (the test skips, saying
/// so) when no server is configured, unless `MARATHON_TEST_REQUIRE_PG` is set.
pub struct TestDb {
    admin: String,
    name: String,
}

impl TestDb {
    pub fn create() -> Option<TestDb> {
        let Ok(admin) = std::env::var("MARATHON_TEST_PG") else {
            assert!(
                std::env::var_os("MARATHON_TEST_REQUIRE_PG").is_none(),
                "MARATHON_TEST_REQUIRE_PG is set but MARATHON_TEST_PG is not"
            );
            eprintln!("skipped: no PostgreSQL server (set MARATHON_TEST_PG)");
            return None;
        };
        let name = format!("t_sync_{:016x}", rand::random::<u64>());
        let mut db = TestDb {
            admin,
            name: String::new(),
        };
        // The server's own database when the admin URL names none.
        let mut c = postgres::Client::connect(&db.at("postgres"), postgres::NoTls).unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        db.name = name;
        Some(db)
    }

    /// The database's URL: the admin URL (`postgres://user@host:port/...`) with its
    /// database replaced.
    pub fn url(&self) -> String {
        self.at(&self.name)
    }

    /// The admin URL with database `name`.
    fn at(&self, name: &str) -> String {
        let after = self.admin.find("://").map_or(0, |i| i + 3);
        let end = self.admin[after..]
            .find(['/', '?'])
            .map_or(self.admin.len(), |i| after + i);
        format!("{}/{name}", &self.admin[..end])
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.at("postgres"), postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
