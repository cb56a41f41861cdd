//! Address books and reports as coordinators export them: tab-separated, UTF-16, `.xlsx` and
//! `.ods`, through the real binary (`check`, `generate`, `import`).

use crate::generate::tree;
use crate::support::Workspace;
use crate::support::ledger::{actions, entries, report};
use crate::support::sheets::{Cell, Sheet, ods, t, xlsx};

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The CSV as a sheet with a merged title above the header, an empty column under a header
/// cell merged with `name`'s, dates as date cells and a trailing blank row; `postcode` shows
/// a number formatted `000000` (Excel) or text (OpenDocument, where only the value is read).
fn as_sheet(rows: &[Vec<String>], excel: bool) -> Sheet {
    let header = &rows[0];
    let cells = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut out: Vec<Cell> = row
                .iter()
                .zip(header)
                .map(|(v, h)| {
                    let parts: Vec<&str> = v.split('-').collect();
                    match (h.as_str(), &parts[..]) {
                        _ if v.is_empty() => Cell::Empty,
                        _ if i == 0 => t(v),
                        ("birth_date" | "detained", [y, m, d]) => {
                            Cell::Date(y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap())
                        }
                        ("postcode", _) if excel && v.bytes().all(|b| b.is_ascii_digit()) => {
                            Cell::Padded(v.parse().unwrap(), v.len())
                        }
                        _ => t(v),
                    }
                })
                .collect();
            out.insert(2, Cell::Empty);
            out
        })
        .collect();
    Sheet {
        name: "Prisoners".into(),
        title: Some("Prisoners of the autumn marathon".into()),
        rows: cells,
        trailing_blank: true,
        merged_header: Some(1),
    }
}

#[test]
fn every_export_of_the_address_book_writes_the_same_letters() {
    let ws = Workspace::fixture("basic");
    // A postcode with a leading zero, which a sheet must not lose.
    let csv = ws
        .read("recipients/prisoners.csv")
        .replace(",213410,", ",013410,");
    assert!(csv.contains(",013410,"));
    ws.write("recipients/prisoners.csv", &csv);
    ws.ok(&["generate"]);
    let letters = tree(&ws.path().join("letters"));
    assert!(!letters.is_empty());
    let rows = parse_csv(&csv);
    assert!(
        !csv.contains('"'),
        "no quoted fields, so that tabs can replace commas"
    );
    let tabbed = csv.replace(',', "\t");
    let variants: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "prisoners.csv",
            format!("\u{feff}{}", csv.replace('\n', "\r\n")).into_bytes(),
            "CSV, comma-separated, UTF-8",
        ),
        (
            "prisoners.tsv",
            tabbed.clone().into_bytes(),
            "tab-separated text, UTF-8",
        ),
        (
            "prisoners.txt",
            utf16(&tabbed.replace('\n', "\r\n"), false),
            "tab-separated text, UTF-16LE",
        ),
        (
            "prisoners.txt",
            utf16(&tabbed, true),
            "tab-separated text, UTF-16BE",
        ),
        (
            "prisoners.xlsx",
            xlsx(&[as_sheet(&rows, true)]),
            "Excel, sheet \"Prisoners\"",
        ),
        (
            "prisoners.ods",
            ods(&[as_sheet(&rows, false)]),
            "OpenDocument spreadsheet, sheet \"Prisoners\"",
        ),
    ];
    for (name, bytes, format) in variants {
        let _ = std::fs::remove_dir_all(ws.path().join("letters"));
        for old in std::fs::read_dir(ws.path().join("recipients")).unwrap() {
            let old = old.unwrap().path();
            if old
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("prisoners")
            {
                std::fs::remove_file(old).unwrap();
            }
        }
        ws.write(&format!("recipients/{name}"), &bytes);
        let out = ws.run(&["check"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("recipients/{name}: {format}, 2 rows")),
            "{name}: {stderr}"
        );
        ws.ok(&["generate"]);
        let got = tree(&ws.path().join("letters"));
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            letters.keys().collect::<Vec<_>>(),
            "{name}"
        );
        for (path, bytes) in &letters {
            if path == "manifest.jsonl" {
                continue;
            }
            assert_eq!(
                String::from_utf8_lossy(&got[path]),
                String::from_utf8_lossy(bytes),
                "{name}: {path}"
            );
        }
    }
}

#[test]
fn spreadsheet_errors_name_file_sheet_row_and_column() {
    let ws = Workspace::fixture("basic");
    let rows = parse_csv(&ws.read("recipients/volunteers.csv"));
    std::fs::remove_file(ws.path().join("recipients/volunteers.csv")).unwrap();
    let mut cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| if v.is_empty() { Cell::Empty } else { t(v) })
                .collect()
        })
        .collect();
    cells[2][2] = t("jan-at-example.org");
    let sheets = [
        Sheet::new("Read me", vec![vec![t("about"), t("this file")]]),
        Sheet::new("Volunteers", cells),
    ];
    ws.write("recipients/volunteers.xlsx", xlsx(&sheets));
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("error: recipients/volunteers.xlsx, sheet Volunteers, row 3, column C (email): `jan-at-example.org` is not a valid email address"),
        "{stdout}"
    );
    let out = ws.run(&["check", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "recipients/volunteers.xlsx")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(file["format"], "Excel, sheet \"Volunteers\"");
    assert_eq!(file["sheet"], "Volunteers");
    assert_eq!(file["rows"], 3);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["field"] == "email")
        .unwrap();
    assert_eq!(
        (&d["sheet"], &d["line"], &d["column"]),
        (&"Volunteers".into(), &3.into(), &3.into())
    );
}

#[test]
fn a_legacy_encoding_is_named_in_the_error() {
    let ws = Workspace::fixture("basic");
    // Older Polish Excel saves "CSV" in Windows-1250.
    let text = "id,name,email,city,country,languages,group\n\
                anna,Łucja Żółkiewska,anna@example.org,Łódź,PL,pl en ru,Łódzka grupa\n\
                jan,Jan de Vries,jan@example.org,Utrecht,NL,nl en,\n";
    let (bytes, _, bad) = encoding_rs::WINDOWS_1250.encode(text);
    assert!(!bad);
    ws.write("recipients/volunteers.csv", &bytes);
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("error: recipients/volunteers.csv:2:")
            && stdout.contains("is not UTF-8 text; it looks like Windows-1250 (Central European)"),
        "{stdout}"
    );
}

/// `report("k", 5, 2)` as a sheet: dates as date cells and counts as numbers.
fn report_sheet(name: &str, bad_count_on: Option<usize>) -> Sheet {
    let rows = parse_csv(&report("k", 5, 2));
    let cells = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .enumerate()
                .map(|(c, v)| match c {
                    _ if i == 0 => t(v),
                    1 => {
                        let (month, day) =
                            v.strip_prefix("2026-").unwrap().split_once('-').unwrap();
                        Cell::Date(2026, month.parse().unwrap(), day.parse().unwrap())
                    }
                    3 if bad_count_on == Some(i) => t("many"),
                    3 => Cell::Number(v.parse().unwrap()),
                    _ => t(v),
                })
                .collect()
        })
        .collect();
    Sheet::new(name, cells)
}

#[test]
fn reports_import_from_sheets_and_utf16_once_and_all_or_nothing() {
    let ws = Workspace::fixture("ledger");
    // A bad cell: nothing is imported, and the error names the sheet and row.
    ws.write("bad.xlsx", xlsx(&[report_sheet("Week 1", Some(3))]));
    let err = ws.fails(&["import", "bad.xlsx"], 2);
    assert!(
        err.contains("bad.xlsx, sheet Week 1, row 4, column D (count): "),
        "{err}"
    );
    assert_eq!(entries(&ws), 0);

    ws.write("a.xlsx", xlsx(&[report_sheet("Week 1", None)]));
    let out = ws.ok(&["import", "a.xlsx"]);
    assert!(out.contains("imported 5 rows (10 actions)"), "{out}");
    ws.write("a.ods", ods(&[report_sheet("Week 1", None)]));
    ws.write("a.txt", utf16(&report("k", 5, 2).replace(',', "\t"), false));
    for again in ["a.xlsx", "a.ods", "a.txt"] {
        let out = ws.ok(&["import", again]);
        assert!(
            out.contains("imported 0 rows (0 actions)"),
            "{again}: {out}"
        );
        assert!(
            out.contains("5 rows were already in the ledger"),
            "{again}: {out}"
        );
    }
    assert_eq!(actions(&ws), 10);
    assert_eq!(entries(&ws), 5);

    // A report saved in a legacy code page is refused, naming what it looks like.
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(
        "ref,date,kind,count,case,country,group\nz1,2026-08-05,appeal,1,sidor,DE,Köln Schreibgruppe\n",
    );
    ws.write("legacy.csv", &bytes);
    let err = ws.fails(&["import", "legacy.csv"], 2);
    assert!(
        err.contains("legacy.csv:2: is not UTF-8 text; it looks like Windows-1252"),
        "{err}"
    );
    assert_eq!(entries(&ws), 5);
}
