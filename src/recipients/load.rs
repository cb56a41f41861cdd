//! Reading recipient files: tables (CSV or tab-separated text in UTF-8 or UTF-16, `.xlsx`,
//! `.ods`, through [`crate::table`]) and JSON arrays, every problem reported with its file,
//! line (or sheet, row and column) and field.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::raw::{RawAuthority, RawPrisoner, RawVolunteer};
use super::{Authority, Prisoner, Sheet, Source, Volunteer};
use crate::campaign::line_col;
use crate::diag::{Diagnostic, Diagnostics};
use crate::table::{self, Table};

/// The extensions read in `recipients/`.
const EXTENSIONS: [&str; 6] = ["csv", "tsv", "txt", "json", "xlsx", "ods"];

/// How one recipients file was read (for `check`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRead {
    /// The file, relative to the workspace where possible.
    pub file: PathBuf,
    /// The format, for people: `Excel, sheet "Volunteers"`, `tab-separated text, UTF-16LE`,
    /// `JSON`.
    pub format: String,
    /// The sheet read, for spreadsheets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Records found (rows that are not blank), including any with problems.
    pub rows: usize,
}

/// Every recipient of a workspace.
#[derive(Debug, Default, Clone, Serialize)]
pub struct AddressBook {
    /// Prisoners, in file order.
    pub prisoners: Vec<Prisoner>,
    /// Authorities, in file order.
    pub authorities: Vec<Authority>,
    /// Volunteers, in file order.
    pub volunteers: Vec<Volunteer>,
    /// How each file was read, in name order (files that could not be read are left out).
    pub files: Vec<FileRead>,
}

impl AddressBook {
    /// Looks a prisoner up by id.
    pub fn prisoner(&self, id: &str) -> Option<&Prisoner> {
        self.prisoners.iter().find(|p| p.id == id)
    }

    /// Looks a volunteer up by id.
    pub fn volunteer(&self, id: &str) -> Option<&Volunteer> {
        self.volunteers.iter().find(|v| v.id == id)
    }

    /// Looks an authority up by id.
    pub fn authority(&self, id: &str) -> Option<&Authority> {
        self.authorities.iter().find(|a| a.id == id)
    }
}

/// Loads every `prisoners*`, `authorities*` and `volunteers*` file (`.csv`, `.tsv`, `.txt`,
/// `.json`, `.xlsx` or `.ods`) in `dir`, in name order. File names in diagnostics are shown
/// relative to `base`. Records with problems are left out and reported; duplicate ids within
/// a kind are reported too.
pub fn load_dir(dir: &Path, base: &Path) -> (AddressBook, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut book = AddressBook::default();
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            diags.push(Diagnostic::error(
                shown(dir, base),
                format!("cannot read the recipients folder: {e}"),
            ));
            return (book, diags);
        }
    };
    files.sort();
    for path in files {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        // Lock files office programs leave beside an open workbook (`~$volunteers.xlsx`,
        // `.~lock.volunteers.ods#`) are not address books.
        if !EXTENSIONS.contains(&ext.as_str()) || name.starts_with("~$") {
            continue;
        }
        let files = &mut book.files;
        if name.starts_with("prisoners") {
            let (records, read) = load_file(&path, base, RawPrisoner::validate, &mut diags);
            book.prisoners.extend(records);
            files.extend(read);
        } else if name.starts_with("authorities") {
            let (records, read) = load_file(&path, base, RawAuthority::validate, &mut diags);
            book.authorities.extend(records);
            files.extend(read);
        } else if name.starts_with("volunteers") {
            let (records, read) = load_file(&path, base, RawVolunteer::validate, &mut diags);
            book.volunteers.extend(records);
            files.extend(read);
        } else if ext != "txt" {
            // A `.txt` file of another name is most often a note, not a forgotten list.
            diags.push(Diagnostic::warning(
                shown(&path, base),
                "not a recipients file (names start with `prisoners`, `authorities` or `volunteers`); ignored",
            ));
        }
    }
    duplicates(
        &book.prisoners,
        |p| (&p.id, &p.source),
        "prisoner",
        &mut diags,
    );
    duplicates(
        &book.authorities,
        |a| (&a.id, &a.source),
        "authority",
        &mut diags,
    );
    duplicates(
        &book.volunteers,
        |v| (&v.id, &v.source),
        "volunteer",
        &mut diags,
    );
    (book, diags)
}

fn shown(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

fn duplicates<T>(
    items: &[T],
    key: impl Fn(&T) -> (&String, &Source),
    what: &str,
    diags: &mut Diagnostics,
) {
    let mut first: HashMap<&str, &Source> = HashMap::new();
    for item in items {
        let (id, source) = key(item);
        if let Some(prev) = first.get(id.as_str()) {
            diags.push(source.error("id", format!("{what} id `{id}` is already used at {prev}")));
        } else {
            first.insert(id, source);
        }
    }
}

/// Loads one table or JSON file of records of raw type `R`, validating each into `T`; says
/// how the file was read, unless it could not be.
pub fn load_file<R, T>(
    path: &Path,
    base: &Path,
    validate: fn(R, Source) -> Result<T, Vec<Diagnostic>>,
    diags: &mut Diagnostics,
) -> (Vec<T>, Option<FileRead>)
where
    R: DeserializeOwned,
{
    let file = shown(path, base);
    let mut out = Vec::new();
    let mut accept = |raw: R, source: Source, diags: &mut Diagnostics| match validate(raw, source) {
        Ok(t) => out.push(t),
        Err(problems) => problems.into_iter().for_each(|d| diags.push(d)),
    };
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let read = if is_json {
        read_json(path, &file, diags, &mut accept)
    } else {
        read_table(path, &file, diags, &mut accept)
    };
    (out, read)
}

/// The role a file's name gives it, which names the sheet to read in a workbook.
fn role(path: &Path) -> &'static str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    ["prisoners", "authorities", "volunteers"]
        .into_iter()
        .find(|r| name.starts_with(r))
        .unwrap_or("")
}

/// A table problem as a diagnostic in `file`.
fn table_problem(file: &Path, p: table::Problem) -> Diagnostic {
    let d = Diagnostic::error(file, p.message);
    match p.at {
        None => d,
        Some(at) => {
            let d = d.in_sheet(at.sheet).at_line(at.row as usize);
            match at.column {
                Some(c) => d.at_column(c),
                None => d,
            }
        }
    }
}

fn read_table<R: DeserializeOwned>(
    path: &Path,
    file: &Path,
    diags: &mut Diagnostics,
    accept: &mut impl FnMut(R, Source, &mut Diagnostics),
) -> Option<FileRead> {
    let table: Table = match table::read_path(path, role(path)) {
        Ok(t) => t,
        Err(p) => {
            diags.push(table_problem(file, p));
            return None;
        }
    };
    let headers = csv::StringRecord::from(table.headers.clone());
    let mut seen = std::collections::HashSet::new();
    for (i, h) in headers.iter().enumerate() {
        if !seen.insert(h) {
            let at = table.cell(&table.header, i);
            diags.push(table_problem(
                file,
                table::Problem {
                    at: Some(at),
                    message: format!("column `{h}` appears twice"),
                },
            ));
            return None;
        }
    }
    let sheet = table.sheet.as_ref().map(|name| {
        Arc::new(Sheet {
            name: name.clone(),
            columns: table
                .headers
                .iter()
                .cloned()
                .zip(table.columns.iter().copied())
                .collect(),
        })
    });
    let read = FileRead {
        file: file.to_path_buf(),
        format: table.describe(),
        sheet: table.sheet.clone(),
        rows: table.rows.len(),
    };
    let mut record = csv::StringRecord::new();
    for row in &table.rows {
        let row = match row {
            Ok(r) => r,
            Err(p) => {
                diags.push(table_problem(file, p.clone()));
                continue;
            }
        };
        record.clear();
        for cell in &row.cells {
            record.push_field(cell.trim());
        }
        let source = Source {
            file: file.to_path_buf(),
            line: row.at.row as usize,
            sheet: sheet.clone(),
        };
        match record.deserialize::<R>(Some(&headers)) {
            Ok(raw) => accept(raw, source, diags),
            Err(e) => {
                let field = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => {
                        err.field().and_then(|i| headers.get(i as usize))
                    }
                    _ => None,
                };
                let d = Diagnostic::error(file, csv_message(&e));
                diags.push(match field {
                    Some(name) => source.locate(d, name),
                    None => source.at(d),
                });
            }
        }
    }
    Some(read)
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => err.kind().to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields but the header has {expected_len}")
        }
        _ => e.to_string(),
    }
}

fn read_json<R: DeserializeOwned>(
    path: &Path,
    file: &Path,
    diags: &mut Diagnostics,
    accept: &mut impl FnMut(R, Source, &mut Diagnostics),
) -> Option<FileRead> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(file, format!("cannot read: {e}")));
            return None;
        }
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = line_col(
                &String::from_utf8_lossy(&bytes[..e.valid_up_to()]),
                usize::MAX,
            );
            diags.push(
                Diagnostic::error(file, table::not_utf8_message(&bytes))
                    .at_line(line)
                    .at_column(col),
            );
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let items: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(items) => items,
        Err(e) => {
            diags.push(
                Diagnostic::error(file, format!("not a JSON array of records: {e}"))
                    .at_line(e.line())
                    .at_column(e.column()),
            );
            return None;
        }
    };
    let rows = items.len();
    // Lines counted on from the previous record, so the file is scanned once.
    let (mut line, mut counted_to) = (1, 0);
    for item in items {
        let offset = item.get().as_ptr() as usize - text.as_ptr() as usize;
        line += bytecount_newlines(&text.as_bytes()[counted_to..offset]);
        counted_to = offset;
        match serde_json::from_str::<R>(item.get()) {
            Ok(raw) => accept(raw, Source::line(file, line), diags),
            Err(e) => diags.push(
                Diagnostic::error(file, strip_position(&e.to_string()))
                    .at_line(line + e.line().saturating_sub(1)),
            ),
        }
    }
    Some(FileRead {
        file: file.to_path_buf(),
        format: "JSON".to_string(),
        sheet: None,
        rows,
    })
}

fn bytecount_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// serde_json appends " at line L column C" relative to the record; the diagnostic carries
/// the absolute line instead.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests;
