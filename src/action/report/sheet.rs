//! Reports that are not UTF-8 delimited text (`.xlsx`, `.ods`, UTF-16 text), and reports
//! held in memory (an upload), read whole through [`crate::table`] and handed out row by row
//! like the CSV ones.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{COLUMNS, ReportRow, RowProblem, column, set};
use crate::table::{self, Row, Table, column_letter};

/// The role a report plays, which names the sheet read from a workbook with several.
const ROLE: &str = "report";

/// The rows of a report read through the table reader.
pub(super) struct TableRows {
    sheet: Option<String>,
    /// Each report column's name and its 1-based column in the sheet.
    letters: Vec<(&'static str, usize)>,
    rows: std::vec::IntoIter<Result<Row, table::Problem>>,
    columns: Vec<Option<usize>>,
    total: usize,
    /// The file's size, so that progress can be told in bytes like for CSV.
    size: u64,
}

/// True when `path` (whose first bytes are `head`) is read through the table reader.
pub(super) fn wanted(path: &Path, head: &[u8]) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    table::is_spreadsheet(name) || table::is_utf16(head)
}

impl TableRows {
    /// Reads the whole of `path` and checks its header.
    pub(super) fn open(path: &Path) -> Result<Self> {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        Self::from_bytes(&bytes, name, &path.display().to_string())
    }

    /// Reads a report held in memory, by `name`'s extension, and checks its header; messages
    /// name it `shown`.
    pub(super) fn from_bytes(bytes: &[u8], name: &str, shown: &str) -> Result<Self> {
        let t: Table = table::read_bytes(bytes, name, ROLE).map_err(|p| match &p.at {
            Some(at) => anyhow::anyhow!("{}: {}", place(shown, at), p.message),
            None => anyhow::anyhow!("`{shown}` {}", p.message),
        })?;
        let mut columns = Vec::with_capacity(t.headers.len());
        let mut seen = [false; COLUMNS.len()];
        for (i, h) in t.headers.iter().enumerate() {
            let at = place(shown, &t.cell(&t.header, i));
            let Some(field) = column(h) else {
                bail!(
                    "{at}: unknown column `{h}` (columns are: {})",
                    COLUMNS.join(", ")
                );
            };
            if std::mem::replace(&mut seen[field], true) {
                bail!("{at}: column `{}` appears twice", COLUMNS[field]);
            }
            columns.push(Some(field));
        }
        let size = bytes.len() as u64;
        let letters = columns
            .iter()
            .zip(&t.columns)
            .filter_map(|(field, &c)| Some((COLUMNS[(*field)?], c)))
            .collect();
        Ok(Self {
            letters,
            sheet: t.sheet,
            total: t.rows.len(),
            rows: t.rows.into_iter(),
            columns,
            size,
        })
    }

    /// The sheet read, for spreadsheets.
    pub(super) fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    /// The 1-based sheet column of the report column `field` (`count`), for spreadsheets.
    pub(super) fn column_of(&self, field: &str) -> Option<usize> {
        self.sheet.as_ref()?;
        self.letters
            .iter()
            .find(|(name, _)| *name == field)
            .map(|&(_, c)| c)
    }

    /// How far reading has got, as a share of the file's size.
    pub(super) fn bytes_read(&self) -> u64 {
        let done = (self.total - self.rows.len()) as u64;
        self.size
            .saturating_mul(done)
            .checked_div(self.total as u64)
            .unwrap_or(self.size)
    }

    /// The next row, or why it cannot be read.
    pub(super) fn next_row(&mut self) -> Option<Result<ReportRow, RowProblem>> {
        Some(match self.rows.next()? {
            Err(p) => Err(RowProblem {
                line: p.at.as_ref().map_or(0, |at| at.row),
                message: match p.at.and_then(|at| at.column) {
                    Some(c) => format!("column {}: {}", column_letter(c), p.message),
                    None => p.message,
                },
            }),
            Ok(row) => {
                let mut out = ReportRow {
                    line: row.at.row,
                    ..ReportRow::default()
                };
                for (value, field) in row.cells.iter().zip(&self.columns) {
                    if let Some(f) = field {
                        set(&mut out, *f, value);
                    }
                }
                Ok(out)
            }
        })
    }
}

/// `report.xlsx, sheet Week 1, row 3, column B` or `report.txt:3`.
pub fn place(shown: &str, at: &table::Position) -> String {
    match &at.sheet {
        Some(_) => format!("{shown}, {at}"),
        None => format!("{shown}:{}", at.row),
    }
}
