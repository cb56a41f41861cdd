//! Faults under an import into a PostgreSQL ledger: the server restarted in the middle
//! (the import fails cleanly, a rerun completes it, nothing doubled) and the importer
//! killed with SIGKILL.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::support::Workspace;
use crate::support::ledger::{actions, record, report};
use crate::support::pg::{OwnCluster, TestDb, use_ledger};

/// Starts `import big.csv` paused after 2,500 rows (sent to the server, uncommitted) for
/// `secs` seconds; returns once it says so.
fn paused_import(ws: &Workspace, secs: u32) -> std::process::Child {
    let mut child = ws
        .marathon()
        .args(["import", "big.csv"])
        .env(
            "FAILPOINTS",
            format!("import::pause=2499*off->return({secs})"),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "import paused after 2500 rows");
    // Keep reading stderr on a thread, so that the child never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut rest);
        rest
    });
    child
}

#[test]
fn a_database_restarted_under_an_import_fails_it_cleanly_and_a_rerun_completes_it() {
    let Some(cluster) = OwnCluster::start("restart_under_import") else {
        return;
    };
    let db = TestDb::on(&cluster.admin);
    let ws = Workspace::fixture("ledger");
    use_ledger(&ws, &db.url);
    record(&ws, "event", "navik", "LT", "2026-08-04");
    ws.write("big.csv", report("x", 3000, 1));
    let mut child = paused_import(&ws, 3);
    cluster.restart();
    let status = child.wait().unwrap();
    // Regression: the import's connection died with the server; it must fail, not hang
    // or report success.
    assert_eq!(status.code(), Some(2));
    assert_eq!(actions(&ws), 1);
    assert_eq!(db.entries(), 1);
    let out = ws.ok(&["import", "big.csv"]);
    assert!(out.contains("imported 3,000 rows"), "{out}");
    let again = ws.ok(&["import", "big.csv"]);
    assert!(again.contains("imported 0 rows"), "{again}");
    assert_eq!(actions(&ws), 3001);
    assert_eq!(db.entries(), 3001);
}

#[test]
fn an_importer_killed_midway_leaves_a_postgresql_ledger_as_it_was() {
    let Some(db) = TestDb::create("kill_importer") else {
        return;
    };
    let ws = Workspace::fixture("ledger");
    use_ledger(&ws, &db.url);
    record(&ws, "event", "navik", "LT", "2026-08-04");
    ws.write("big.csv", report("x", 3000, 1));
    let mut child = paused_import(&ws, 60);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(actions(&ws), 1);
    assert_eq!(db.entries(), 1);
    ws.ok(&["import", "big.csv"]);
    assert_eq!(actions(&ws), 3001);
}
