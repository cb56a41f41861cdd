//! Writing small `.xlsx` (rust_xlsxwriter) and `.ods` (a hand-made OpenDocument zip) files
//! for tests, from the same description of a sheet. Shared by the table reader's unit tests
//! and the integration tests.

#![allow(dead_code)]

use std::io::Write;

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// A text cell.
    Text(String),
    /// A number in the general format.
    Number(f64),
    /// A number shown with zeros in front to `width` digits (`00000`).
    Padded(f64, usize),
    /// A date cell (year, month, day), shown as the locale shows dates.
    Date(u16, u8, u8),
}

/// A text cell.
pub fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A sheet: its name, an optional title merged over the header's width above it, rows, and
/// whether a blank but formatted row follows the last.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// A title row above the header, merged across the header's columns.
    pub title: Option<String>,
    /// The header and the data rows.
    pub rows: Vec<Vec<Cell>>,
    /// Adds a formatted, empty row after the last.
    pub trailing_blank: bool,
    /// Merges the header cell at this 0-based column with the one to its right.
    pub merged_header: Option<usize>,
}

impl Sheet {
    /// A plain sheet.
    pub fn new(name: &str, rows: Vec<Vec<Cell>>) -> Self {
        Self {
            name: name.to_string(),
            title: None,
            rows,
            trailing_blank: false,
            merged_header: None,
        }
    }
}

/// The sheet as `.xlsx` bytes, with a second, later sheet named `Notes` when `extra`.
pub fn xlsx(sheets: &[Sheet]) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook};
    let mut book = Workbook::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        let width = sheet.rows.first().map_or(1, Vec::len) as u16;
        let mut r = 0u32;
        if let Some(title) = &sheet.title {
            ws.merge_range(0, 0, 0, width - 1, title, &Format::new().set_bold())
                .unwrap();
            r = 1;
        }
        for (i, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                if i == 0 && sheet.merged_header.map(|m| m as u16 + 1) == Some(c) {
                    continue;
                }
                if i == 0 && sheet.merged_header == Some(c as usize) {
                    let Cell::Text(s) = cell else {
                        panic!("headers are text")
                    };
                    ws.merge_range(r, c, r, c + 1, s, &Format::new()).unwrap();
                    continue;
                }
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    Cell::Padded(n, width) => {
                        let f = Format::new().set_num_format("0".repeat(*width));
                        ws.write_number_with_format(r, c, *n, &f).unwrap();
                    }
                    Cell::Date(y, m, d) => {
                        let f = Format::new().set_num_format("dd/mm/yyyy");
                        let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        ws.write_datetime_with_format(r, c, &date, &f).unwrap();
                    }
                }
            }
            r += 1;
        }
        if sheet.trailing_blank {
            let f = Format::new().set_border(FormatBorder::Thin);
            for c in 0..width {
                ws.write_blank(r, c, &f).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// The sheets as `.ods` bytes.
pub fn ods(sheets: &[Sheet]) -> Vec<u8> {
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.3"><office:body><office:spreadsheet>"#,
    );
    for sheet in sheets {
        let width = sheet.rows.first().map_or(1, Vec::len);
        content.push_str(&format!(
            r#"<table:table table:name="{}">"#,
            esc(&sheet.name)
        ));
        if let Some(title) = &sheet.title {
            content.push_str(&format!(
                r#"<table:table-row><table:table-cell table:number-columns-spanned="{width}" office:value-type="string"><text:p>{}</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="{}"/></table:table-row>"#,
                esc(title),
                width - 1
            ));
        }
        for (i, row) in sheet.rows.iter().enumerate() {
            content.push_str("<table:table-row>");
            for (c, cell) in row.iter().enumerate() {
                if i == 0 && sheet.merged_header.map(|m| m + 1) == Some(c) {
                    content.push_str("<table:covered-table-cell/>");
                    continue;
                }
                let span = if i == 0 && sheet.merged_header == Some(c) {
                    r#" table:number-columns-spanned="2""#
                } else {
                    ""
                };
                content.push_str(&match cell {
                    Cell::Empty => "<table:table-cell/>".to_string(),
                    Cell::Text(s) => format!(
                        r#"<table:table-cell{span} office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                        esc(s)
                    ),
                    Cell::Number(n) | Cell::Padded(n, _) => format!(
                        r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
                    ),
                    Cell::Date(y, m, d) => format!(
                        r#"<table:table-cell office:value-type="date" office:date-value="{y:04}-{m:02}-{d:02}"><text:p>{d:02}.{m:02}.{y:04}</text:p></table:table-cell>"#
                    ),
                });
            }
            content.push_str("</table:table-row>");
        }
        if sheet.trailing_blank {
            content.push_str(&format!(
                r#"<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="{width}"/></table:table-row>"#
            ));
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
