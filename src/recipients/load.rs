//! Reading recipient files: CSV (`,` or `;`, a BOM tolerated) and JSON arrays, every problem
//! reported with its file, line and field.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::raw::{RawAuthority, RawPrisoner, RawVolunteer};
use super::{Authority, Prisoner, Source, Volunteer};
use crate::campaign::line_col;
use crate::diag::{Diagnostic, Diagnostics};

/// Every recipient of a workspace.
#[derive(Debug, Default, Clone, Serialize)]
pub struct AddressBook {
    /// Prisoners, in file order.
    pub prisoners: Vec<Prisoner>,
    /// Authorities, in file order.
    pub authorities: Vec<Authority>,
    /// Volunteers, in file order.
    pub volunteers: Vec<Volunteer>,
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

/// Loads every `prisoners*`, `authorities*` and `volunteers*` file (`.csv` or `.json`) in
/// `dir`, in name order. File names in diagnostics are shown relative to `base`. Records with
/// problems are left out and reported; duplicate ids within a kind are reported too.
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
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "csv" | "json") {
            continue;
        }
        if name.starts_with("prisoners") {
            book.prisoners
                .extend(load_file(&path, base, RawPrisoner::validate, &mut diags));
        } else if name.starts_with("authorities") {
            book.authorities
                .extend(load_file(&path, base, RawAuthority::validate, &mut diags));
        } else if name.starts_with("volunteers") {
            book.volunteers
                .extend(load_file(&path, base, RawVolunteer::validate, &mut diags));
        } else {
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
            diags.push(
                Diagnostic::error(
                    &source.file,
                    format!("{what} id `{id}` is already used at {prev}"),
                )
                .at_line(source.line)
                .in_field("id"),
            );
        } else {
            first.insert(id, source);
        }
    }
}

/// Loads one CSV or JSON file of records of raw type `R`, validating each into `T`.
pub fn load_file<R, T>(
    path: &Path,
    base: &Path,
    validate: fn(R, Source) -> Result<T, Vec<Diagnostic>>,
    diags: &mut Diagnostics,
) -> Vec<T>
where
    R: DeserializeOwned,
{
    let file = shown(path, base);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(&file, format!("cannot read: {e}")));
            return Vec::new();
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
                Diagnostic::error(&file, "is not UTF-8 text (save it as UTF-8)")
                    .at_line(line)
                    .at_column(col),
            );
            return Vec::new();
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut accept = |raw: R, line: usize, diags: &mut Diagnostics| match validate(
        raw,
        Source {
            file: file.clone(),
            line,
        },
    ) {
        Ok(t) => out.push(t),
        Err(problems) => problems.into_iter().for_each(|d| diags.push(d)),
    };
    if path.extension().is_some_and(|e| e == "json") {
        read_json(text, &file, diags, &mut accept);
    } else {
        read_csv(text, &file, diags, &mut accept);
    }
    out
}

/// Picks `;` when the header line has more semicolons than commas outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

fn read_csv<R: DeserializeOwned>(
    text: &str,
    file: &Path,
    diags: &mut Diagnostics,
    accept: &mut impl FnMut(R, usize, &mut Diagnostics),
) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            diags.push(
                Diagnostic::error(file, format!("cannot read the header line: {e}")).at_line(1),
            );
            return;
        }
    };
    let mut seen = std::collections::HashSet::new();
    for h in headers.iter() {
        if !seen.insert(h) {
            diags.push(Diagnostic::error(file, format!("column `{h}` appears twice")).at_line(1));
            return;
        }
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                diags.push(Diagnostic::error(file, csv_message(&e)).at_line(line));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        match record.deserialize::<R>(Some(&headers)) {
            Ok(raw) => accept(raw, line, diags),
            Err(e) => {
                let mut d = Diagnostic::error(file, csv_message(&e)).at_line(line);
                if let csv::ErrorKind::Deserialize { err, .. } = e.kind()
                    && let Some(name) = err.field().and_then(|i| headers.get(i as usize))
                {
                    d = d.in_field(name);
                }
                diags.push(d);
            }
        }
    }
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
    text: &str,
    file: &Path,
    diags: &mut Diagnostics,
    accept: &mut impl FnMut(R, usize, &mut Diagnostics),
) {
    let items: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(items) => items,
        Err(e) => {
            diags.push(
                Diagnostic::error(file, format!("not a JSON array of records: {e}"))
                    .at_line(e.line())
                    .at_column(e.column()),
            );
            return;
        }
    };
    for item in items {
        let offset = item.get().as_ptr() as usize - text.as_ptr() as usize;
        let (line, _) = line_col(text, offset);
        match serde_json::from_str::<R>(item.get()) {
            Ok(raw) => accept(raw, line, diags),
            Err(e) => diags.push(
                Diagnostic::error(file, strip_position(&e.to_string()))
                    .at_line(line + e.line().saturating_sub(1)),
            ),
        }
    }
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
