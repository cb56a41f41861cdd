//! Group report files: CSV (`,` or `;`, a BOM tolerated) or a JSON array of objects, one
//! action per row, read as a stream so that a file of millions of rows needs little memory.
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
mod tape;

pub use checked::{BadRow, CheckedChunks, CheckedRow, Chunk, fingerprint, read_checked};
use json::JsonRows;
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
    },
    Json(JsonRows),
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
        let bom = head.starts_with(b"\xef\xbb\xbf");
        let delimiter = sniff_delimiter(&head[if bom { 3 } else { 0 }..]);
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
            },
            done: false,
        })
    }
}

impl ReportReader {
    /// Roughly how far into the file reading has got, in bytes (for a progress bar).
    pub fn bytes_read(&self) -> u64 {
        match &self.source {
            Source::Csv { reader, .. } => reader.position().byte(),
            Source::Json(rows) => rows.bytes_read(),
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
                            csv::ErrorKind::Utf8 { .. } => {
                                "is not UTF-8 text (save the file as UTF-8)".to_string()
                            }
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
            Source::Json(rows) => rows.next_row(),
        }
    }
}

/// Picks `;` when the header line has more semicolons than commas outside quotes.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

#[cfg(test)]
mod tests;
