//! A report uploaded on the web, imported all rows or none: the same reader, checks and
//! `Importer` as `marathon import`, with every problem kept as a message placed at its
//! line, or sheet, row and column, and the batch naming who uploaded it.

use anyhow::Result;

use super::{COLUMNS, ReportReader, read_checked};
use crate::action::Rules;
use crate::ledger::{Actor, ImportSummary, Ledger};

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
    let sheet = reader.sheet().map(str::to_string);
    let letters: Vec<(&str, usize)> = COLUMNS
        .iter()
        .filter_map(|&f| Some((f, reader.column_of(f)?)))
        .collect();
    let at = |line: u64| match &sheet {
        Some(s) => format!("{name}, sheet {s}, row {line}"),
        None => format!("{name}:{line}"),
    };
    let mut importer = ledger.import_by(name, actor)?;
    let mut problems = Vec::new();
    let mut rows = 0u64;
    for chunk in read_checked(reader, rules) {
        // An error here drops `importer`, which rolls the import back.
        let chunk = chunk?;
        for row in chunk.rows {
            match row {
                Ok(row) if rows == 0 => {
                    importer.add(row.line, row.key, row.content, row.action)?;
                }
                Ok(_) => {}
                Err(bad) => {
                    rows += 1;
                    for p in bad.problems {
                        if problems.len() < SHOWN_PROBLEMS {
                            problems.push(in_column(&at(bad.line), &p, &letters));
                        }
                    }
                }
            }
        }
    }
    if rows == 0 {
        let duplicates = importer.duplicates()?;
        for d in &duplicates {
            rows += 1;
            if problems.len() < SHOWN_PROBLEMS {
                problems.push(format!(
                    "{}: same date, kind, case, country, group and volunteer as {} {} (add a `ref` column to tell such rows apart, or add them up)",
                    at(d.second),
                    if sheet.is_some() { "row" } else { "line" },
                    d.first
                ));
            }
        }
    }
    if rows > 0 {
        return Ok(Uploaded::Refused { problems, rows });
    }
    Ok(Uploaded::Imported(importer.finish()?))
}
