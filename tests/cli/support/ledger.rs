//! Ledger helpers the ledger, import and tally tests share: recording, reading the totals
//! back, and report and manifest lines to feed in.

use super::Workspace;

/// Records one action of `kind` for `case` from `country` on `date`; returns what `record`
/// printed (the entry id).
pub fn record(ws: &Workspace, kind: &str, case: &str, country: &str, date: &str) -> String {
    ws.ok(&[
        "record",
        "--kind",
        kind,
        "--case",
        case,
        "--country",
        country,
        "--date",
        date,
    ])
}

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

/// Entries in the ledger.
pub fn entries(ws: &Workspace) -> i64 {
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
