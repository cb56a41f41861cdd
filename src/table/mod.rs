//! Tables as people keep them: CSV or tab-separated text (UTF-8, or UTF-16 with its BOM),
//! Excel `.xlsx` and OpenDocument `.ods` sheets, all read into the same header and rows of
//! text, each row and problem located by a [`Position`] ("line 14" or "sheet Volunteers,
//! row 14, column C").
//!
//! The reader works on a path or on bytes with a file name, so that a file uploaded on the
//! web can be read exactly like one on disk.

mod sheet;
mod text;

use std::fmt;
use std::path::Path;

use serde::Serialize;

pub use text::{guess_legacy_encoding, not_utf8_message, sniff_delimiter};

/// Where in a table something is: a line of a text file, or a row (and column) of a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    /// The sheet, for spreadsheets; `None` for text files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The 1-based line (text) or row (sheet).
    pub row: u64,
    /// The 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Position {
    /// A line of a text file.
    pub fn line(line: u64) -> Self {
        Self {
            sheet: None,
            row: line,
            column: None,
        }
    }

    /// The same place, in the given 1-based column.
    pub fn in_column(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => {
                write!(f, "sheet {sheet}, row {}", self.row)?;
                if let Some(c) = self.column {
                    write!(f, ", column {}", column_letter(c))?;
                }
            }
            None => {
                write!(f, "line {}", self.row)?;
                if let Some(c) = self.column {
                    write!(f, ", column {c}")?;
                }
            }
        }
        Ok(())
    }
}

/// The spreadsheet letter of a 1-based column: 1 is `A`, 27 is `AA`.
pub fn column_letter(column: usize) -> String {
    let mut n = column.max(1);
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

/// How a file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited text.
    Text {
        /// `,`, `;` or a tab.
        delimiter: u8,
        /// `UTF-8`, `UTF-16LE` or `UTF-16BE`.
        encoding: &'static str,
    },
    /// An Excel workbook (`.xlsx`).
    Excel,
    /// An OpenDocument spreadsheet (`.ods`).
    OpenDocument,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Format::Text {
                delimiter: b'\t',
                encoding,
            } => write!(f, "tab-separated text, {encoding}"),
            Format::Text {
                delimiter: b';',
                encoding,
            } => write!(f, "CSV, semicolon-separated, {encoding}"),
            Format::Text { encoding, .. } => write!(f, "CSV, comma-separated, {encoding}"),
            Format::Excel => f.write_str("Excel"),
            Format::OpenDocument => f.write_str("OpenDocument spreadsheet"),
        }
    }
}

/// One data row: where it is and its cells as text, one per header (missing cells empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row's line or sheet row (no column).
    pub at: Position,
    /// The cells, as the file shows them, in header order.
    pub cells: Vec<String>,
}

/// A problem reading a table or one of its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, when known.
    pub at: Option<Position>,
    /// What is wrong, lowercase.
    pub message: String,
}

impl Problem {
    fn new(at: Option<Position>, message: impl Into<String>) -> Self {
        Self {
            at,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A table: its header and its non-empty rows, in file order.
#[derive(Debug, Clone)]
pub struct Table {
    /// How the file was read.
    pub format: Format,
    /// The sheet read, for spreadsheets.
    pub sheet: Option<String>,
    /// Where the header row is (line 1 of text; the first row with two or more values in a
    /// sheet, below any title rows).
    pub header: Position,
    /// The header cells, trimmed; columns with neither a header nor a value are left out.
    pub headers: Vec<String>,
    /// The 1-based column in the file of each header (columns left out make gaps).
    pub columns: Vec<usize>,
    /// The data rows (blank rows skipped), or why one could not be read.
    pub rows: Vec<Result<Row, Problem>>,
}

impl Table {
    /// How it was read, for people: `Excel, sheet "Volunteers"` or `CSV, semicolon-separated,
    /// UTF-8`.
    pub fn describe(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("{}, sheet \"{sheet}\"", self.format),
            None => self.format.to_string(),
        }
    }

    /// Where a cell of `row` is: its line for text, its row and column letter for sheets.
    pub fn cell(&self, row: &Position, header: usize) -> Position {
        match self.columns.get(header) {
            Some(&c) if row.sheet.is_some() => row.clone().in_column(c),
            _ => row.clone(),
        }
    }
}

/// True when `name` ends in an extension this module reads as a spreadsheet.
pub fn is_spreadsheet(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xlsx") || lower.ends_with(".ods")
}

/// True when `bytes` start with a UTF-16 byte-order mark.
pub fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff])
}

/// Reads the table in `path`; `role` (`volunteers`, `report`, ...) picks a sheet of that
/// name when a workbook has one, else its first visible sheet.
pub fn read_path(path: &Path, role: &str) -> Result<Table, Problem> {
    let bytes = std::fs::read(path).map_err(|e| Problem::new(None, format!("cannot read: {e}")))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    read_bytes(&bytes, name, role)
}

/// Reads a table from `bytes`, by `name`'s extension (`.xlsx`, `.ods`; anything else is
/// delimited text).
pub fn read_bytes(bytes: &[u8], name: &str, role: &str) -> Result<Table, Problem> {
    let lower = name.to_ascii_lowercase();
    let grid = if lower.ends_with(".xlsx") {
        sheet::read_xlsx(bytes, role)?
    } else if lower.ends_with(".ods") {
        sheet::read_ods(bytes, role)?
    } else {
        text::read(bytes)?
    };
    grid.settle()
}

/// A table as read, before columns without a header are settled.
struct Grid {
    format: Format,
    sheet: Option<String>,
    /// The header cells and the 1-based column each came from.
    headers: Vec<(String, usize)>,
    header_at: Position,
    rows: Vec<Result<Row, Problem>>,
}

impl Grid {
    /// Leaves out columns with no header and no value (a merged header cell's second half,
    /// a trailing delimiter); a column with values but no header is an error.
    fn settle(self) -> Result<Table, Problem> {
        let mut keep = Vec::with_capacity(self.headers.len());
        for (i, (header, column)) in self.headers.iter().enumerate() {
            if !header.is_empty() {
                keep.push(i);
                continue;
            }
            let used = self.rows.iter().find_map(|r| {
                let row = r.as_ref().ok()?;
                row.cells
                    .get(i)
                    .is_some_and(|c| !c.trim().is_empty())
                    .then_some(row)
            });
            if let Some(row) = used {
                let at = match &self.sheet {
                    Some(_) => self.header_at.clone().in_column(*column),
                    None => self.header_at.clone(),
                };
                let what = match &self.sheet {
                    Some(_) => format!("column {}", column_letter(*column)),
                    None => format!("column {column}"),
                };
                return Err(Problem::new(
                    Some(at),
                    format!(
                        "{what} has no header but has a value in {} (give it a header, or unmerge the header cell above it)",
                        row_name(&row.at)
                    ),
                ));
            }
        }
        let all = keep.len() == self.headers.len();
        let rows = self
            .rows
            .into_iter()
            .map(|r| {
                r.map(|mut row| {
                    if !all {
                        row.cells = keep
                            .iter()
                            .map(|&i| row.cells.get(i).cloned().unwrap_or_default())
                            .collect();
                    }
                    row
                })
            })
            .collect();
        Ok(Table {
            header: self.header_at,
            format: self.format,
            sheet: self.sheet,
            columns: keep.iter().map(|&i| self.headers[i].1).collect(),
            headers: keep.iter().map(|&i| self.headers[i].0.clone()).collect(),
            rows,
        })
    }
}

fn row_name(at: &Position) -> String {
    match at.sheet {
        Some(_) => format!("row {}", at.row),
        None => format!("line {}", at.row),
    }
}

#[cfg(test)]
mod tests;

/// Spreadsheet writers for tests, shared with the integration tests.
#[cfg(test)]
#[path = "../../tests/cli/support/sheets.rs"]
pub(crate) mod tests_support;
