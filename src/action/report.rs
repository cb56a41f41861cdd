//! Group report files: CSV (`,`, `;` or tab-separated, a BOM tolerated) or a JSON array of
//! objects, one action per row, read as a stream so that a file of millions of rows needs
//! little memory. Spreadsheets (`.xlsx`, `.ods`) and UTF-16 text are read whole through
//! [`crate::table`] (see `sheet`), their rows numbered as the sheet numbers them.
//!
//! Columns (header names, any case): `date`, `kind`, `count`, `case`, `prisoner`,
//! `recipient`, `volunteer`, `group`, `country`, `channel`, `note` and `ref`.
//!
//! The row key decides whether a row was imported before. With a `ref` (a reference the
//! group writes on each row, unique within the group) the key is the group, the volunteer
//! and the ref; without one it is every identifying column: date, kind, case, prisoner,
//! recipient, country, channel, group and volunteer (not the count, not the note). A second
//! row with the same key and the same content adds nothing; with another content it is a
//! changed row, reported and not counted again.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::parse::trim;
use super::{DESCRIBING_FIELDS, RawAction};

mod checked;
mod json;
mod sheet;
mod tape;
pub mod upload;

pub use checked::{BadRow, CheckedChunks, CheckedRow, Chunk, fingerprint, read_checked};
use json::JsonRows;
pub use sheet::place;
use tape::Tape;

/// The columns a report may have.
pub const COLUMNS: [&str; 12] =
    super::field_names(&[&["ref", "date"], &DESCRIBING_FIELDS, &["note"]]);

/// One row of a report, still text.
#[derive(Debug, Clone, Default)]
pub struct ReportRow {
    /// 1-based line the row starts on.
    pub line: u64,
    /// The group's own reference for the row, if the file has a `ref` column.
    pub reference: Option<String>,
    /// The fields.
    pub raw: RawAction,
}

/// A row that could not be read at all (bad quoting, not UTF-8, wrong number of fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based line.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// Reads the rows of a report file, in file order.
pub struct ReportReader {
    source: Source,
    /// Set after an I/O error, which ends the file.
    done: bool,
}

enum Source {
    Csv {
        reader: Box<csv::Reader<Tape<BufReader<File>>>>,
        columns: Vec<Option<usize>>,
        record: csv::StringRecord,
        not_utf8: Option<String>,
    },
    Json(JsonRows),
    Table(sheet::TableRows),
}

impl ReportReader {
    /// Opens `path` (`.json` is read as JSON, anything else as CSV) and reads its header.
    pub fn open(path: &Path) -> Result<Self> {
        let shown = path.display();
        let file = File::open(path).with_context(|| format!("cannot open `{shown}`"))?;
        let mut buf = BufReader::with_capacity(1 << 20, file);
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            let mut text = String::new();
            buf.read_to_string(&mut text)
                .with_context(|| format!("`{shown}` is not UTF-8 text (save it as UTF-8)"))?;
            return Ok(Self {
                source: Source::Json(JsonRows::new(text, path)?),
                done: false,
            });
        }
        let head = buf
            .fill_buf()
            .with_context(|| format!("cannot read `{shown}`"))?;
        if sheet::wanted(path, head) {
            return Ok(Self {
                source: Source::Table(sheet::TableRows::open(path)?),
                done: false,
            });
        }
        // What the file looks like, for the rows that are not UTF-8.
        let not_utf8 = std::str::from_utf8(head)
            .err()
            .filter(|e| e.error_len().is_some())
            .map(|_| crate::table::not_utf8_message(head));
        let bom = head.starts_with(b"\xef\xbb\xbf");
        let delimiter = crate::table::sniff_delimiter(&head[if bom { 3 } else { 0 }..]);
        if bom {
            buf.consume(3);
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(false)
            .from_reader(Tape::new(buf));
        let headers = reader
            .headers()
            .with_context(|| format!("{shown}:1: cannot read the header line"))?
            .clone();
        let mut columns = vec![None; headers.len()];
        let mut seen = [false; COLUMNS.len()];
        for (i, h) in headers.iter().enumerate() {
            let Some(field) = column(h) else {
                bail!(
                    "{shown}:1: unknown column `{}` (columns are: {})",
                    h.trim(),
                    COLUMNS.join(", ")
                );
            };
            if std::mem::replace(&mut seen[field], true) {
                bail!("{shown}:1: column `{}` appears twice", COLUMNS[field]);
            }
            columns[i] = Some(field);
        }
        Ok(Self {
            source: Source::Csv {
                reader: Box::new(reader),
                columns,
                record: csv::StringRecord::new(),
                not_utf8,
            },
            done: false,
        })
    }
}

impl ReportReader {
    /// Reads a report held in memory, such as an upload: `name`'s extension decides the
    /// format as for [`ReportReader::open`] (`.json`, `.xlsx`, `.ods`, else delimited text in
    /// UTF-8 or UTF-16). The rows are those `open` gives for the same file; messages name the
    /// report `name`.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Self> {
        let source = if name.to_ascii_lowercase().ends_with(".json") {
            let text = std::str::from_utf8(bytes)
                .with_context(|| format!("`{name}` is not UTF-8 text (save it as UTF-8)"))?;
            Source::Json(JsonRows::new(text.to_string(), Path::new(name))?)
        } else {
            Source::Table(sheet::TableRows::from_bytes(bytes, name, name)?)
        };
        Ok(Self {
            source,
            done: false,
        })
    }

    /// Roughly how far into the file reading has got, in bytes (for a progress bar).
    pub fn bytes_read(&self) -> u64 {
        match &self.source {
            Source::Csv { reader, .. } => reader.position().byte(),
            Source::Json(rows) => rows.bytes_read(),
            Source::Table(rows) => rows.bytes_read(),
        }
    }

    /// The sheet read, for a spreadsheet: row numbers are then the sheet's rows.
    pub fn sheet(&self) -> Option<&str> {
        match &self.source {
            Source::Table(rows) => rows.sheet(),
            _ => None,
        }
    }

    /// For a spreadsheet, the 1-based column the report column `field` (`count`) is in.
    pub fn column_of(&self, field: &str) -> Option<usize> {
        match &self.source {
            Source::Table(rows) => rows.column_of(field),
            _ => None,
        }
    }
}

/// The index in [`COLUMNS`] of a header name (`reference` and `day` are accepted too).
fn column(header: &str) -> Option<usize> {
    let h = header.trim().to_ascii_lowercase();
    let h = match h.as_str() {
        "reference" => "ref",
        "day" => "date",
        other => other,
    };
    COLUMNS.iter().position(|c| *c == h)
}

fn set(row: &mut ReportRow, field: usize, value: &str) {
    // Empty cells are common (no group, no volunteer): no string for them.
    let v = (!trim(value).is_empty()).then(|| value.to_string());
    let r = &mut row.raw;
    match field {
        0 => row.reference = v.map(|s| trim(&s).to_string()),
        1 => r.date = v,
        2 => r.kind = v,
        3 => r.count = v,
        4 => r.case = v,
        5 => r.prisoner = v,
        6 => r.recipient = v,
        7 => r.volunteer = v,
        8 => r.group = v,
        9 => r.country = v,
        10 => r.channel = v,
        _ => r.note = v,
    }
}

impl Iterator for ReportReader {
    type Item = Result<ReportRow, RowProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match &mut self.source {
            Source::Csv {
                reader,
                columns,
                record,
                not_utf8,
            } => loop {
                match reader.read_record(record) {
                    Ok(false) => return None,
                    Ok(true) => {}
                    Err(e) => {
                        let line = e
                            .position()
                            .map_or(0, |p| reader.get_ref().line_at(p.line(), p.byte()));
                        let message = match e.kind() {
                            csv::ErrorKind::UnequalLengths {
                                expected_len, len, ..
                            } => format!(
                                "this row has {len} fields but the header has {expected_len}"
                            ),
                            csv::ErrorKind::Utf8 { .. } => not_utf8.clone().unwrap_or_else(|| {
                                "is not UTF-8 text (save the file as UTF-8)".to_string()
                            }),
                            _ => e.to_string(),
                        };
                        // An I/O error ends the file; a bad row does not.
                        self.done = matches!(e.kind(), csv::ErrorKind::Io(_));
                        return Some(Err(RowProblem { line, message }));
                    }
                }
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                let mut row = ReportRow {
                    line: record
                        .position()
                        .map_or(0, |p| reader.get_ref().line_at(p.line(), p.byte())),
                    ..ReportRow::default()
                };
                for (value, field) in record.iter().zip(columns.iter()) {
                    if let Some(f) = field {
                        set(&mut row, *f, value);
                    }
                }
                return Some(Ok(row));
            },
            Source::Table(rows) => rows.next_row(),
            Source::Json(rows) => rows.next_row(),
        }
    }
}

#[cfg(test)]
mod tests;
