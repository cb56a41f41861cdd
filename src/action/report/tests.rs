//! Tests of the report reader and the row key.

use super::*;
use crate::action::{Action, ActionKind, Channel};
use time::macros::date;

fn read(name: &str, bytes: &[u8]) -> Result<Vec<Result<ReportRow, RowProblem>>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    Ok(ReportReader::open(&path)?.collect())
}

#[test]
fn csv_with_bom_semicolons_and_blank_lines() {
    let rows = read(
        "r.csv",
        "\u{feff}Date;Kind;Count;Case;Country;Group\n2026-12-10;cards;230;alpha;DE;Köln\n\n2026-12-11;appeal;5;alpha;PL;\n".as_bytes(),
    )
    .unwrap();
    assert_eq!(rows.len(), 2);
    let first = rows[0].as_ref().unwrap();
    assert_eq!(first.line, 2);
    assert_eq!(first.raw.count.as_deref(), Some("230"));
    assert_eq!(first.raw.group.as_deref(), Some("Köln"));
    let second = rows[1].as_ref().unwrap();
    assert_eq!(second.line, 4);
    assert_eq!(second.raw.group, None);
}

#[test]
fn unknown_column_is_an_error_naming_it() {
    let err = read("r.csv", b"date,kind,contry\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown column `contry`"), "{err}");
}

#[test]
fn bad_rows_are_reported_and_reading_goes_on() {
    let rows = read(
        "r.csv",
        b"date,kind,case\n2026-12-10,appeal\n2026-12-10,appeal,a\nx,\xff,a\n2026-12-10,appeal,a\n",
    )
    .unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0].as_ref().unwrap_err().line, 2);
    assert!(rows[1].is_ok());
    assert_eq!(rows[2].as_ref().unwrap_err().line, 4);
    assert!(rows[3].is_ok());
}

#[test]
fn json_rows_carry_their_line() {
    let rows = read(
        "r.json",
        br#"[
  {"date": "2026-12-10", "kind": "appeal", "count": 12, "case": "alpha"},
  {"date": "2026-12-10", "shoe": 42}
]"#,
    )
    .unwrap();
    assert_eq!(rows[0].as_ref().unwrap().raw.count.as_deref(), Some("12"));
    let bad = rows[1].as_ref().unwrap_err();
    assert_eq!(bad.line, 3);
    assert!(bad.message.contains("`shoe`"), "{bad:?}");
}

fn action(count: u64, note: Option<&str>) -> Action {
    Action {
        kind: ActionKind::Solidarity,
        count,
        case: "alpha".into(),
        prisoner: None,
        recipient: None,
        volunteer: None,
        group: Some("Köln".into()),
        country: "DE".into(),
        channel: Channel::Post,
        day: date!(2026 - 12 - 10),
        note: note.map(str::to_string),
    }
}

#[test]
fn key_ignores_count_and_note_but_content_does_not() {
    let (k1, c1) = fingerprint(None, &action(230, None));
    let (k2, c2) = fingerprint(None, &action(250, None));
    let (k3, c3) = fingerprint(None, &action(230, Some("late")));
    assert_eq!(k1, k2);
    assert_eq!(k1, k3);
    assert_ne!(c1, c2);
    assert_ne!(c1, c3);
    assert_eq!(fingerprint(None, &action(230, None)), (k1, c1));
}

#[test]
fn a_ref_makes_the_key() {
    let mut other_day = action(230, None);
    other_day.day = date!(2026 - 12 - 11);
    let (k1, c1) = fingerprint(Some("r1"), &action(230, None));
    let (k2, c2) = fingerprint(Some("r1"), &other_day);
    let (k3, _) = fingerprint(Some("r2"), &action(230, None));
    assert_eq!(k1, k2);
    assert_ne!(c1, c2);
    assert_ne!(k1, k3);
    assert_ne!(k1, fingerprint(None, &action(230, None)).0);
}

#[test]
fn lines_are_right_with_crlf_quoted_breaks_and_blank_lines() {
    let rows = read(
        "r.csv",
        b"date,kind,note\r\n2026-12-10,appeal,\"two\r\nlines\"\r\n\r\n\r\n2026-12-10,appeal,x\r\n2026-12-10,appeal",
    )
    .unwrap();
    let lines: Vec<u64> = rows
        .iter()
        .map(|r| match r {
            Ok(row) => row.line,
            Err(p) => p.line,
        })
        .collect();
    assert_eq!(lines, [2, 6, 7]);
}

#[test]
fn a_report_in_memory_reads_like_the_same_file() {
    let csv = "ref,date,kind,count,case,country\nk1,2026-12-10,appeal,3,alpha,DE\nk2,x,appeal,,alpha,PL\n\nk3,2026-12-11,cards,1,alpha,LT\n";
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            csv.replace(',', "\t")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let json = br#"[{"ref": "k1", "date": "2026-12-10", "kind": "appeal", "count": 3, "case": "alpha", "country": "DE"}]"#;
    for (name, bytes) in [
        ("r.csv", csv.as_bytes().to_vec()),
        ("r.txt", utf16),
        ("r.json", json.to_vec()),
    ] {
        let from_file: Vec<_> = read(name, &bytes).unwrap();
        let from_bytes: Vec<_> = ReportReader::from_bytes(&bytes, name).unwrap().collect();
        let shown = |rows: &[Result<ReportRow, RowProblem>]| format!("{rows:?}");
        assert_eq!(shown(&from_bytes), shown(&from_file), "{name}");
    }
    let rows = read("r.csv", csv.as_bytes()).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2].as_ref().unwrap().line, 5);
}

// A repeated key was accepted, the last value winning: `{"count": "5", "count": "7"}`
// imported 7.
#[test]
fn json_repeated_key_is_refused_naming_line_and_field() {
    let rows = read(
        "r.json",
        br#"[{"date": "2026-12-10", "kind": "appeal", "case": "alpha"},
 {"count": "5", "kind": "appeal", "count": "7"}]"#,
    )
    .unwrap();
    assert!(rows[0].is_ok());
    let bad = rows[1].as_ref().unwrap_err();
    assert_eq!(bad.line, 2);
    assert_eq!(bad.message, "field `count` appears twice");
}

// Keys are matched after case folding and aliasing: `DATE` and `Day` are both the date.
#[test]
fn json_keys_naming_one_field_twice_are_refused() {
    let rows = read(
        "r.json",
        br#"[
  {"DATE": "2026-08-04", "kind": "appeal", "Day": "2026-08-05"},
  {"Reference": "a1", "ref": "a2"}
]"#,
    )
    .unwrap();
    let bad = rows[0].as_ref().unwrap_err();
    assert_eq!(bad.line, 2);
    assert_eq!(
        bad.message,
        "fields `DATE` and `Day` are both the `date` field"
    );
    let bad = rows[1].as_ref().unwrap_err();
    assert_eq!(bad.line, 3);
    assert!(bad.message.contains("`Reference` and `ref`"), "{bad:?}");
}

#[test]
fn json_on_one_line_or_with_a_bom_has_its_lines_right() {
    let rows = read(
        "r.json",
        "\u{feff}[{\"kind\": \"appeal\"},{\"kind\": \"cards\"},\n\n{\"kind\": 7},\n[1]]".as_bytes(),
    )
    .unwrap();
    let lines: Vec<u64> = rows
        .iter()
        .map(|r| match r {
            Ok(row) => row.line,
            Err(p) => p.line,
        })
        .collect();
    assert_eq!(lines, [1, 1, 3, 4]);
    assert_eq!(
        rows[3].as_ref().unwrap_err().message,
        "is not a JSON object"
    );
}

proptest::proptest! {
    // Lines are counted in one pass; they must be those a count from the file's start gives.
    #[test]
    fn json_lines_are_those_counted_from_the_start(
        gaps in proptest::collection::vec("[ \n\t\r]{0,4}", 1..40),
    ) {
        let mut text = String::from("[");
        let mut expected = Vec::new();
        for (i, gap) in gaps.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(gap);
            expected.push(text.matches('\n').count() as u64 + 1);
            text.push_str(&format!("{{\"count\": {i},\n\"kind\": \"appeal\"}}"));
        }
        text.push(']');
        let rows = read("r.json", text.as_bytes()).unwrap();
        let lines: Vec<u64> = rows.iter().map(|r| r.as_ref().unwrap().line).collect();
        proptest::prop_assert_eq!(lines, expected);
    }

    // No input makes the reader panic: it is read, or refused with a message.
    #[test]
    fn json_reader_never_panics(text in "[\\[\\]{}\",: \n0-9a-zA-Z\u{e9}]{0,80}") {
        if let Ok(rows) = read("r.json", text.as_bytes()) {
            for r in rows {
                if let Err(p) = r {
                    proptest::prop_assert!(!p.message.is_empty());
                }
            }
        }
    }
}
