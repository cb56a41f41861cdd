//! `marathon tally`: its figures against the documented SQL queries, the public export, and
//! the text a person reads.

use std::collections::HashMap;

use rusqlite::Connection;
use serde_json::Value;

use crate::support::ledger::{letter, record, tally};
use crate::support::{Workspace, repo_root};

/// A ledger with imports, records, corrections, a withdrawal and letter events.
fn busy_ledger() -> Workspace {
    let ws = Workspace::fixture("ledger");
    ws.write(
        "groups.csv",
        "ref;date;kind;count;case;prisoner;country;group;volunteer;note\n\
         g1;2026-08-04;card;230;krol;hanna-krol;DE;Köln Schreibgruppe;;written at the fair\n\
         g2;2026-08-05;appeal;41;sidor;;PL;Kraków Letter Circle;;\n\
         g3;2026-08-05;petition;1204;navik;;LT;;;\n\
         g4;2026-08-09;card;17;sidor;ihar-les;SE;Uppsala skrivare;Greta Lindqvist;greta.lindqvist@example.org\n\
         g5;2026-08-12;social;9;krol;;FR;;Odile Marchand;\n\
         g6;2026-08-15;event;1;sidor;;DE;Köln Schreibgruppe;;\n",
    );
    ws.ok(&["import", "groups.csv"]);
    ws.ok(&[
        "record",
        "--kind",
        "fax",
        "--count",
        "3",
        "--case",
        "krol",
        "--volunteer",
        "jonas",
        "--date",
        "2026-08-06",
    ]);
    ws.ok(&[
        "record",
        "--kind",
        "email",
        "--count",
        "5",
        "--case",
        "navik",
        "--country",
        "LT",
        "--volunteer",
        "aiste",
        "--date",
        "2026-08-07",
    ]);
    // Entry 2 (41 appeals from Kraków) was really 44, on the 6th, for another case.
    ws.ok(&[
        "record",
        "--corrects",
        "2",
        "--count",
        "44",
        "--date",
        "2026-08-06",
        "--case",
        "krol",
    ]);
    // Entry 8 (Aistė's emails) was recorded by mistake.
    ws.ok(&["record", "--corrects", "8", "--withdraw"]);
    let manifest = letter("b000000000000001", "solidarity", "hanna-krol", "krol")
        + &letter("b000000000000002", "solidarity", "hanna-krol", "krol")
        + &letter("b000000000000003", "solidarity", "pavel-sidor", "sidor")
        + &letter("b000000000000004", "appeal", "pavel-sidor", "sidor");
    ws.write("letters/manifest.jsonl", manifest);
    for (id, status, date) in [
        ("b000000000000001", "posted", "2026-08-05"),
        ("b000000000000001", "received", "2026-08-16"),
        ("b000000000000002", "posted", "2026-08-05"),
        ("b000000000000002", "withheld", "2026-08-20"),
        ("b000000000000003", "received", "2026-08-10"),
        ("b000000000000003", "replied", "2026-08-30"),
        ("b000000000000004", "posted", "2026-08-08"),
        ("b000000000000004", "returned", "2026-08-28"),
    ] {
        ws.ok(&["record", "--letter", id, "--status", status, "--date", date]);
    }
    ws
}

/// The named queries of `docs/tally-queries.sql`.
fn queries() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo_root().join("docs/tally-queries.sql")).unwrap();
    text.split("-- name: ")
        .skip(1)
        .map(|block| {
            let (name, sql) = block.split_once('\n').unwrap();
            (name.trim().to_string(), sql.to_string())
        })
        .collect()
}

/// Runs one query with the filter bound; every row as a list of values.
fn run(conn: &Connection, sql: &str, filter: &[(&str, Option<&str>)]) -> Vec<Vec<Value>> {
    let mut stmt = conn.prepare(sql).unwrap();
    for (name, value) in filter {
        if let Some(i) = stmt.parameter_index(name).unwrap() {
            stmt.raw_bind_parameter(i, value).unwrap();
        }
    }
    let columns = stmt.column_count();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        out.push(
            (0..columns)
                .map(|i| match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Integer(n) => Value::from(n),
                    rusqlite::types::ValueRef::Text(t) => {
                        Value::from(String::from_utf8(t.to_vec()).unwrap())
                    }
                    rusqlite::types::ValueRef::Null => Value::Null,
                    other => panic!("unexpected {other:?}"),
                })
                .collect(),
        );
    }
    out
}

fn pairs(rows: &[Vec<Value>]) -> Vec<(Value, Value)> {
    rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect()
}

fn json_pairs(v: &Value) -> Vec<(Value, Value)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|l| (l["name"].clone(), l["actions"].clone()))
        .collect()
}

fn check_against_queries(ws: &Workspace, filter: &[(&str, Option<&str>)]) {
    let mut args = vec!["--fewest", "100"];
    for (name, value) in filter {
        if let Some(v) = value {
            args.push(if *name == ":from" {
                "--from"
            } else if *name == ":to" {
                "--to"
            } else {
                "--case"
            });
            args.push(v);
        }
    }
    let t = tally(ws, &args);
    let conn = Connection::open(ws.path().join("ledger.sqlite")).unwrap();
    let mut seen = 0;
    let mut per_prisoner: HashMap<String, (Value, Value)> = HashMap::new();
    for (name, sql) in queries() {
        let rows = run(&conn, &sql, filter);
        let context = format!("query `{name}` with {filter:?}");
        match name.as_str() {
            "actions" | "countries" | "cases" | "volunteers" | "groups" | "corrections" => {
                assert_eq!(rows[0][0], t[&name], "{context}");
            }
            "by_kind" | "by_case" | "by_country" | "by_day" | "by_channel" | "by_group" => {
                assert_eq!(pairs(&rows), json_pairs(&t[&name]), "{context}");
            }
            "prisoner_sent" | "prisoner_received" => {
                for (p, n) in pairs(&rows) {
                    let e = per_prisoner
                        .entry(p.as_str().unwrap().to_string())
                        .or_insert((0.into(), 0.into()));
                    if name == "prisoner_sent" {
                        e.0 = n
                    } else {
                        e.1 = n
                    }
                }
            }
            "undelivered" => {
                let from_json: Vec<Vec<Value>> = t["undelivered"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| {
                        ["letter", "status", "prisoner", "case", "kind", "day"]
                            .iter()
                            .map(|k| u[*k].clone())
                            .collect()
                    })
                    .collect();
                assert_eq!(rows, from_json, "{context}");
            }
            other => panic!("no check for query `{other}`"),
        }
        seen += 1;
    }
    assert_eq!(seen, 15);
    // Every detained prisoner of the filtered case is listed, with the queries' figures.
    let listed = t["fewest_letters"].as_array().unwrap();
    assert!(!listed.is_empty());
    for p in listed {
        let (sent, received) = per_prisoner
            .get(p["id"].as_str().unwrap())
            .cloned()
            .unwrap_or((0.into(), 0.into()));
        assert_eq!(
            (&p["sent"], &p["received"]),
            (&sent, &received),
            "{p} with {filter:?}"
        );
    }
}

#[test]
fn tally_figures_equal_the_documented_queries() {
    let ws = busy_ledger();
    let t = tally(&ws, &[]);
    // Imported 230 + 44 (corrected) + 1204 + 17 + 9 + 1, recorded 3 + 0 (withdrawn), and 4
    // letters posted or received.
    assert_eq!(t["actions"], 1512);
    for filter in [
        [(":from", None), (":to", None), (":case", None)],
        [
            (":from", Some("2026-08-06")),
            (":to", None),
            (":case", None),
        ],
        [
            (":from", None),
            (":to", Some("2026-08-09")),
            (":case", Some("krol")),
        ],
        [
            (":from", Some("2026-08-10")),
            (":to", Some("2026-08-31")),
            (":case", Some("sidor")),
        ],
    ] {
        check_against_queries(&ws, &filter);
    }
    // The summary, rebuilt from the entries, gives the same tally.
    let rebuilt: Value =
        serde_json::from_str(&ws.ok(&["tally", "--format", "json", "--rebuild"])).unwrap();
    assert_eq!(rebuilt, t);
}

#[test]
fn the_public_export_has_no_personal_data() {
    let ws = busy_ledger();
    let mut secrets = vec![
        "Köln Schreibgruppe",
        "Kraków Letter Circle",
        "Uppsala skrivare",
        "Greta Lindqvist",
        "greta.lindqvist@example.org",
        "Odile Marchand",
        "written at the fair",
        "jonas",
        "aiste",
        "zofia",
        "example.org",
        "b00000000000000",
    ];
    let fields: Vec<String> = ["volunteers", "prisoners", "authorities"]
        .iter()
        .flat_map(|f| {
            let text = ws.read(&format!("recipients/{f}.csv"));
            text.lines().skip(1).map(str::to_string).collect::<Vec<_>>()
        })
        .flat_map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|f| f.len() > 3 && !f.chars().all(|c| c.is_ascii_digit() || c == '-'))
        .collect();
    // Case ids and titles (the prisoners' names) are public; addresses, birth dates, ids of
    // people are not.
    let public = [
        "Hanna Krol",
        "Pavel Sidor and Ihar Les",
        "Maryna Navik",
        "krol",
        "sidor",
        "navik",
    ];
    secrets.extend(
        fields
            .iter()
            .map(String::as_str)
            .filter(|f| !public.iter().any(|p| p.contains(f))),
    );
    for format in ["text", "markdown", "json", "csv"] {
        let out = ws.ok(&["tally", "--public", "--format", format]);
        assert!(
            out.contains("1,512") || out.contains("1512"),
            "{format}: {out}"
        );
        for secret in &secrets {
            assert!(
                !out.contains(secret),
                "{format} export shows `{secret}`:\n{out}"
            );
        }
    }
    let full = ws.ok(&["tally"]);
    assert!(full.contains("Köln Schreibgruppe"), "{full}");
}

#[test]
fn text_groups_numbers_and_pluralises() {
    let ws = Workspace::fixture("ledger");
    ws.ok(&[
        "record",
        "--kind",
        "petition",
        "--count",
        "104731",
        "--case",
        "sidor",
        "--country",
        "BY",
        "--date",
        "2026-08-04",
    ]);
    let out = ws.ok(&["tally"]);
    assert!(
        out.contains("104,731 actions from 1 country for 1 case, by 0 volunteers and 0 groups"),
        "{out}"
    );
    assert!(
        out.contains("Pavel Sidor and Ihar Les (sidor)  104,731  100.0%"),
        "{out}"
    );
    let md = ws.ok(&["tally", "--format", "markdown"]);
    assert!(md.contains("| petition | 104,731 | 100.0% |"), "{md}");
    let csv = ws.ok(&["tally", "--format", "csv"]);
    assert!(
        csv.starts_with("section,name,actions\nheadline,actions,104731\n"),
        "{csv}"
    );
}

// Regression: `tally` before anything was recorded failed with exit 2 instead of answering
// zero.
#[test]
fn tally_before_anything_is_recorded_prints_zero_and_creates_no_ledger() {
    let ws = Workspace::fixture("ledger");
    let out = ws.run(&["tally"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("0 actions from 0 countries for 0 cases, by 0 volunteers and 0 groups"),
        "{text}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Nothing recorded yet"), "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&ws.ok(&["tally", "--format", "json"])).unwrap();
    assert_eq!(json["actions"], 0);
    let csv = ws.ok(&["tally", "--format", "csv", "--rebuild"]);
    assert!(csv.contains("headline,actions,0\n"), "{csv}");
    let names: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("ledger"))
        .collect();
    assert!(names.is_empty(), "tally left {names:?} behind");
    // Once something is recorded, the same command counts it.
    record(&ws, "fax", "krol", "PL", "2026-08-04");
    assert!(ws.ok(&["tally"]).contains("1 action from 1 country"));
}

#[test]
fn tally_refuses_unknown_filters() {
    let ws = Workspace::fixture("ledger");
    record(&ws, "fax", "krol", "PL", "2026-08-04");
    let err = ws.fails(&["tally", "--case", "ghost"], 2);
    assert!(
        err.contains("`ghost` is not a case of this campaign"),
        "{err}"
    );
    let err = ws.fails(&["tally", "--from", "2026-08-10", "--to", "2026-08-05"], 2);
    assert!(err.contains("is after --to"), "{err}");
}

// Regression: `tally | head` panicked with "failed printing to stdout: Broken pipe".
#[test]
fn tally_into_a_closed_pipe_ends_quietly() {
    let ws = Workspace::fixture("ledger");
    record(&ws, "fax", "krol", "PL", "2026-08-04");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = ws.marathon().arg("tally").stdout(writer).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}
