//! Tests of the table reader: each text variant, spreadsheets written by the tests, and
//! property tests that a table written in each format reads back identical.

use proptest::prelude::*;

use super::*;

use super::tests_support as sheets;
use sheets::{Cell, Sheet, t};

fn cells(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|r| r.as_ref().expect("a good row").cells.clone())
        .collect()
}

const VOLUNTEERS: &str =
    "id,name,email\nanna,Anna Nowak,anna@example.org\nvolha,Вольга,volha@example.org\n";

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

#[test]
fn every_text_variant_reads_the_same_rows() {
    let plain = read_bytes(VOLUNTEERS.as_bytes(), "v.csv", "volunteers").unwrap();
    let tabbed = VOLUNTEERS.replace(',', "\t");
    let variants: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "v.csv",
            format!("\u{feff}{}", VOLUNTEERS.replace('\n', "\r\n")).into_bytes(),
            "CSV, comma-separated, UTF-8",
        ),
        (
            "v.csv",
            VOLUNTEERS.replace(',', ";").into_bytes(),
            "CSV, semicolon-separated, UTF-8",
        ),
        (
            "v.tsv",
            tabbed.clone().into_bytes(),
            "tab-separated text, UTF-8",
        ),
        (
            "v.txt",
            utf16(&tabbed.replace('\n', "\r\n"), false),
            "tab-separated text, UTF-16LE",
        ),
        (
            "v.txt",
            utf16(&tabbed, true),
            "tab-separated text, UTF-16BE",
        ),
    ];
    for (name, bytes, described) in variants {
        let table = read_bytes(&bytes, name, "volunteers").unwrap();
        assert_eq!(table.describe(), described);
        assert_eq!(table.headers, plain.headers, "{described}");
        assert_eq!(cells(&table), cells(&plain), "{described}");
        assert_eq!(
            table.rows[1].as_ref().unwrap().at,
            Position::line(3),
            "{described}"
        );
    }
}

#[test]
fn legacy_encodings_are_named_as_what_they_look_like() {
    let (polish, _, _) =
        encoding_rs::WINDOWS_1250.encode("id;name\nl;Łukasz Wiśniewski, Łódź, Żółć\n");
    let (russian, _, _) = encoding_rs::WINDOWS_1251.encode("id;name\nt;Тамара Вербицкая, Гомель\n");
    let (german, _, _) =
        encoding_rs::WINDOWS_1252.encode("id;name\nj;Jürgen Müller, Köln, Crème brûlée à côté\n");
    for (bytes, looks) in [
        (polish, "Windows-1250"),
        (russian, "Windows-1251"),
        (german, "Windows-1252"),
    ] {
        let e = read_bytes(&bytes, "v.csv", "volunteers").unwrap_err();
        assert!(
            e.message.contains(&format!("looks like {looks}")),
            "{looks}: {e}"
        );
        assert_eq!(e.at.as_ref().map(|a| a.row), Some(2), "{e}");
    }
    // Letters both Latin code pages share: both are named.
    let e = read_bytes(b"id;city\nj;K\xf6ln\n", "v.csv", "volunteers").unwrap_err();
    assert!(
        e.message
            .contains("looks like Windows-1252 (Western European) or Windows-1250"),
        "{e}"
    );
    // A lone byte tells nothing: the error says only what is known.
    let e = read_bytes(b"id\n\x81\n", "v.csv", "volunteers").unwrap_err();
    assert_eq!(e.message, "is not UTF-8 text (save it as UTF-8)");
}

#[test]
fn a_broken_utf16_file_is_an_error_not_replacement_characters() {
    let mut bytes = utf16("id\tname\nanna\tAnna\n", false);
    bytes.extend([0x00, 0xd8, 0x41, 0x00]); // an unpaired surrogate
    let e = read_bytes(&bytes, "v.txt", "volunteers").unwrap_err();
    assert!(e.message.contains("UTF-16LE"), "{e}");
}

fn volunteers_sheet() -> Sheet {
    Sheet {
        name: "Volunteers".into(),
        title: Some("Volunteers, autumn marathon".into()),
        rows: vec![
            vec![
                t("id"),
                t("name"),
                t("postcode"),
                t("zip"),
                t("joined"),
                t("count"),
            ],
            vec![
                t("volha"),
                t("Вольга Сцяпанава"),
                t("02134"),
                Cell::Padded(2134.0, 5),
                Cell::Date(2026, 8, 4),
                Cell::Number(3.0),
            ],
            vec![
                t("anna"),
                t("Anna Nowak"),
                t("00-002"),
                Cell::Padded(91.0, 5),
                Cell::Date(2025, 12, 31),
                Cell::Number(2.5),
            ],
        ],
        trailing_blank: true,
        merged_header: None,
    }
}

#[test]
fn xlsx_dates_numbers_and_names_read_as_the_sheet_shows_them() {
    let bytes = sheets::xlsx(&[
        Sheet::new("Notes", vec![vec![t("a"), t("b")]]),
        volunteers_sheet(),
    ]);
    let table = read_bytes(&bytes, "volunteers.xlsx", "volunteers").unwrap();
    assert_eq!(table.describe(), "Excel, sheet \"Volunteers\"");
    assert_eq!(
        table.headers,
        ["id", "name", "postcode", "zip", "joined", "count"]
    );
    assert_eq!(
        cells(&table),
        [
            [
                "volha",
                "Вольга Сцяпанава",
                "02134",
                "02134",
                "2026-08-04",
                "3"
            ],
            ["anna", "Anna Nowak", "00-002", "00091", "2025-12-31", "2.5"],
        ]
    );
    // The title row is row 1, the header row 2: the first record is row 3.
    let first = table.rows[0].as_ref().unwrap();
    assert_eq!(first.at.to_string(), "sheet Volunteers, row 3");
    assert_eq!(
        table.cell(&first.at, 2).to_string(),
        "sheet Volunteers, row 3, column C"
    );
    assert_eq!(
        table.rows.len(),
        2,
        "the trailing blank row is not a record"
    );
}

#[test]
fn ods_dates_numbers_and_names_read_as_the_sheet_shows_them() {
    let bytes = sheets::ods(&[
        volunteers_sheet(),
        Sheet::new("Notes", vec![vec![t("a"), t("b")]]),
    ]);
    let table = read_bytes(&bytes, "volunteers.ods", "volunteers").unwrap();
    assert_eq!(
        table.describe(),
        "OpenDocument spreadsheet, sheet \"Volunteers\""
    );
    let rows = cells(&table);
    assert_eq!(rows[0][..3], ["volha", "Вольга Сцяпанава", "02134"]);
    assert_eq!(rows[0][4..], ["2026-08-04", "3"]);
    assert_eq!(rows[1][4..], ["2025-12-31", "2.5"]);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[1].as_ref().unwrap().at.row, 4);
}

#[test]
fn the_first_sheet_is_read_when_none_is_named_after_the_role() {
    let bytes = sheets::xlsx(&[
        Sheet::new("Week 1", vec![vec![t("a"), t("b")], vec![t("1"), t("2")]]),
        Sheet::new("Week 2", vec![vec![t("a"), t("b")], vec![t("3"), t("4")]]),
    ]);
    let table = read_bytes(&bytes, "r.xlsx", "report").unwrap();
    assert_eq!(table.sheet.as_deref(), Some("Week 1"));
    assert_eq!(cells(&table), [["1", "2"]]);
}

fn merged(second: Cell) -> Sheet {
    Sheet {
        merged_header: Some(1),
        ..Sheet::new(
            "Volunteers",
            vec![
                vec![t("id"), t("name"), Cell::Empty, t("email")],
                vec![t("anna"), t("Anna"), second, t("anna@example.org")],
            ],
        )
    }
}

#[test]
fn a_merged_header_cell_over_an_empty_column_is_left_out() {
    for (bytes, name) in [
        (sheets::xlsx(&[merged(Cell::Empty)]), "v.xlsx"),
        (sheets::ods(&[merged(Cell::Empty)]), "v.ods"),
    ] {
        let table = read_bytes(&bytes, name, "volunteers").unwrap();
        assert_eq!(table.headers, ["id", "name", "email"], "{name}");
        assert_eq!(table.columns, [1, 2, 4], "{name}");
        assert_eq!(cells(&table), [["anna", "Anna", "anna@example.org"]]);
    }
}

#[test]
fn a_merged_header_cell_over_a_column_with_values_is_an_error_naming_it() {
    for (bytes, name) in [
        (sheets::xlsx(&[merged(t("Nowak"))]), "v.xlsx"),
        (sheets::ods(&[merged(t("Nowak"))]), "v.ods"),
    ] {
        let e = read_bytes(&bytes, name, "volunteers").unwrap_err();
        assert_eq!(
            e.to_string(),
            "sheet Volunteers, row 1, column C: column C has no header but has a value in row 2 (give it a header, or unmerge the header cell above it)",
            "{name}"
        );
    }
}

#[test]
fn column_letters_go_past_z() {
    let letters: Vec<String> = [1, 3, 26, 27, 52, 53, 702, 703].map(column_letter).into();
    assert_eq!(letters, ["A", "C", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
}

#[test]
fn garbage_named_like_a_workbook_is_a_clear_error() {
    for name in ["v.xlsx", "v.ods"] {
        let e = read_bytes(b"id,name\n", name, "volunteers").unwrap_err();
        assert!(e.message.starts_with("cannot read this"), "{e}");
    }
}

/// A table of 2–4 columns and 1–6 rows of text that survives any format: no blank rows, no
/// surrounding spaces (cells are read as written, and a row of blanks is not a record).
fn any_table() -> impl Strategy<Value = (Vec<String>, Vec<Vec<String>>)> {
    (2usize..=4).prop_flat_map(|width| {
        let cell = "[A-Za-zА-Яа-яŁłąŻ0-9@.,;\"'-]([A-Za-zА-яŁł0-9 @.-]{0,10}[A-Za-z0-9])?";
        (
            Just((0..width).map(|i| format!("col{i}")).collect::<Vec<_>>()),
            proptest::collection::vec(
                proptest::collection::vec(
                    prop_oneof![cell.prop_map(String::from), Just(String::new())],
                    width,
                )
                .prop_filter("no blank rows", |r| r.iter().any(|c| !c.is_empty())),
                1..6,
            ),
        )
    })
}

fn delimited(headers: &[String], rows: &[Vec<String>], delimiter: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    w.write_record(headers).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_table_reads_back_identical_in_every_format((headers, rows) in any_table()) {
        let sheet = || {
            let mut all = vec![headers.iter().map(|h| t(h)).collect::<Vec<_>>()];
            all.extend(rows.iter().map(|r| {
                r.iter()
                    .map(|c| if c.is_empty() { Cell::Empty } else { t(c) })
                    .collect()
            }));
            Sheet::new("Sheet1", all)
        };
        let files: Vec<(&str, Vec<u8>)> = vec![
            ("t.csv", delimited(&headers, &rows, b',').into_bytes()),
            ("t.csv", delimited(&headers, &rows, b';').into_bytes()),
            ("t.tsv", delimited(&headers, &rows, b'\t').into_bytes()),
            ("t.txt", utf16(&delimited(&headers, &rows, b'\t'), false)),
            ("t.txt", utf16(&delimited(&headers, &rows, b','), true)),
            ("t.xlsx", sheets::xlsx(&[sheet()])),
            ("t.ods", sheets::ods(&[sheet()])),
        ];
        for (name, bytes) in files {
            let table = read_bytes(&bytes, name, "report")
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            prop_assert_eq!(&table.headers, &headers, "{}", name);
            prop_assert_eq!(&cells(&table), &rows, "{}", name);
        }
    }

    #[test]
    fn damaged_workbooks_are_errors_not_panics(
        damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        ods in any::<bool>(),
    ) {
        let sheet = volunteers_sheet();
        let (mut bytes, name) = if ods {
            (sheets::ods(&[sheet]), "v.ods")
        } else {
            (sheets::xlsx(&[sheet]), "v.xlsx")
        };
        for (at, byte) in damage {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let _ = read_bytes(&bytes, name, "volunteers");
    }

    #[test]
    fn no_input_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), ext in "(csv|txt|xlsx|ods)") {
        let _ = read_bytes(&bytes, &format!("f.{ext}"), "volunteers");
        let _ = guess_legacy_encoding(&bytes);
    }
}
