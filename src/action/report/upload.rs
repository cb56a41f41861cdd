//! Importing a report all rows or none, shared by `marathon import` and the web's upload:
//! [`feed`] hands the checked rows to the ledger's `Importer` while every row so far is
//! good, [`Placer`] places each problem at its line, or sheet, row and column; and
//! [`import_upload`] does the whole of an upload, its batch naming who uploaded it.

use anyhow::Result;

use super::{COLUMNS, ReportReader, read_checked};
use crate::action::Rules;
use crate::ledger::{Actor, Duplicate, ImportSummary, Importer, Ledger};

/// The most problems kept for the page; the count says how many there were.
pub const SHOWN_PROBLEMS: usize = 50;

/// What became of an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uploaded {
    /// Every row was good; the import committed.
    Imported(ImportSummary),
    /// Nothing was written: the problems found (the first [`SHOWN_PROBLEMS`]), and how many
    /// rows had them.
    Refused {
        /// Placed messages: `report.csv:3: field `count`: ...`.
        problems: Vec<String>,
        /// Rows with a problem (or repeating an earlier row).
        rows: u64,
    },
}

/// A row's problem, placed: in a sheet, a problem in `field `count`: ...` is told as
/// `koeln.xlsx, sheet Week 1, row 14, column D (count): ...`; elsewhere `FILE:LINE: ...`.
pub fn in_column(at: &str, problem: &str, letters: &[(&str, usize)]) -> String {
    let located = problem
        .strip_prefix("field `")
        .and_then(|rest| rest.split_once("`: "))
        .and_then(|(field, message)| {
            let &(_, column) = letters.iter().find(|(f, _)| *f == field)?;
            Some(format!(
                "{at}, column {} ({field}): {message}",
                crate::table::column_letter(column)
            ))
        });
    located.unwrap_or_else(|| format!("{at}: {problem}"))
}

/// Where a report's rows are: `report.csv:14`, or `report.xlsx, sheet Week 1, row 14` with
/// the column of a field.
pub struct Placer {
    shown: String,
    sheet: Option<String>,
    letters: Vec<(&'static str, usize)>,
}

impl Placer {
    /// For the report read by `reader`, shown as `shown`.
    pub fn new(reader: &ReportReader, shown: &str) -> Placer {
        Placer {
            shown: shown.to_string(),
            sheet: reader.sheet().map(str::to_string),
            letters: COLUMNS
                .iter()
                .filter_map(|&f| Some((f, reader.column_of(f)?)))
                .collect(),
        }
    }

    /// The place of row `line`.
    pub fn at(&self, line: u64) -> String {
        match &self.sheet {
            Some(name) => format!("{}, sheet {name}, row {line}", self.shown),
            None => format!("{}:{line}", self.shown),
        }
    }

    /// A problem of row `line`, placed (see [`in_column`]).
    pub fn problem(&self, line: u64, problem: &str) -> String {
        in_column(&self.at(line), problem, &self.letters)
    }

    /// A row repeating an earlier one, placed.
    pub fn duplicate(&self, d: &Duplicate) -> String {
        format!(
            "{}: same date, kind, case, country, group and volunteer as {} {} (add a `ref` column to tell such rows apart, or add them up)",
            self.at(d.second),
            if self.sheet.is_some() { "row" } else { "line" },
            d.first
        )
    }
}

/// Reads and checks every row of `reader`, adding each to `importer` while every row so far
/// is good (after the first bad row it only looks for more problems); `problem(line,
/// message)` hears each problem, `progress(bytes)` how far reading has got, `added` runs
/// after each row added. Returns how many rows had problems: when any did, the caller drops
/// `importer`, which writes nothing.
pub fn feed(
    importer: &mut Importer<'_>,
    reader: ReportReader,
    rules: Rules,
    mut problem: impl FnMut(u64, &str),
    mut progress: impl FnMut(u64),
    mut added: impl FnMut(&mut Importer<'_>) -> Result<()>,
) -> Result<u64> {
    let mut bad_rows = 0u64;
    for chunk in read_checked(reader, rules) {
        let chunk = chunk?;
        progress(chunk.progress);
        for row in chunk.rows {
            match row {
                Ok(row) if bad_rows == 0 => {
                    importer.add(row.line, row.key, row.content, row.action)?;
                    added(importer)?;
                }
                // The file will not be imported; only look for more problems.
                Ok(_) => {}
                Err(bad) => {
                    bad_rows += 1;
                    for p in &bad.problems {
                        problem(bad.line, p);
                    }
                }
            }
        }
    }
    Ok(bad_rows)
}

/// Imports the report `bytes` named `name` (its extension gives the format) into `ledger`
/// as uploaded by `actor`, all rows or none. A file that cannot be read at all is an error.
pub fn import_upload(
    ledger: &mut Ledger,
    bytes: &[u8],
    name: &str,
    rules: Rules,
    actor: &Actor,
) -> Result<Uploaded> {
    let reader = ReportReader::from_bytes(bytes, name)?;
    let place = Placer::new(&reader, name);
    let mut importer = ledger.import_by(name, actor)?;
    let mut problems = Vec::new();
    let keep = |problems: &mut Vec<String>, text: String| {
        if problems.len() < SHOWN_PROBLEMS {
            problems.push(text);
        }
    };
    let mut rows = feed(
        &mut importer,
        reader,
        rules,
        |line, p| keep(&mut problems, place.problem(line, p)),
        |_| {},
        |_| Ok(()),
    )?;
    if rows == 0 {
        for d in importer.duplicates()? {
            rows += 1;
            keep(&mut problems, place.duplicate(&d));
        }
    }
    if rows > 0 {
        return Ok(Uploaded::Refused { problems, rows });
    }
    Ok(Uploaded::Imported(importer.finish()?))
}
