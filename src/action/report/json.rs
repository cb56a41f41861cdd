//! Reports as a JSON array of objects, one row per object: where each object starts (its
//! line, counted in one pass over the file), and its fields, a repeated one refused.

use std::ops::Range;
use std::path::Path;

use anyhow::Result;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::{COLUMNS, ReportRow, RowProblem, column, set};

/// The rows of a JSON report, parsed one by one as they are asked for.
pub(super) struct JsonRows {
    text: String,
    /// Each row's line and bytes in `text`, in file order.
    items: std::vec::IntoIter<(u64, Range<usize>)>,
    /// Where the last row handed out ends, in bytes.
    read: usize,
}

impl JsonRows {
    /// Checks that `text` (the whole file) is a JSON array and finds where each row starts.
    pub(super) fn new(mut text: String, path: &Path) -> Result<Self> {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let raw: Vec<&RawValue> = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}: not a JSON array of rows: {e}",
                path.display(),
                e.line()
            )
        })?;
        // Items come in file order: the line of each is that of the one before plus the
        // line breaks in between, so the file is scanned once, not once per row.
        let (mut line, mut at) = (1u64, 0usize);
        let mut items = Vec::with_capacity(raw.len());
        for item in raw {
            let start = item.get().as_ptr() as usize - text.as_ptr() as usize;
            line += text.as_bytes()[at..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            at = start;
            items.push((line, start..start + item.get().len()));
        }
        Ok(Self {
            text,
            items: items.into_iter(),
            read: 0,
        })
    }

    /// How far into the file reading has got, in bytes.
    pub(super) fn bytes_read(&self) -> u64 {
        self.read as u64
    }

    /// The next row, or why it cannot be read.
    pub(super) fn next_row(&mut self) -> Option<Result<ReportRow, RowProblem>> {
        let (line, range) = self.items.next()?;
        self.read = range.end;
        Some(match serde_json::from_str::<Fields>(&self.text[range]) {
            Ok(fields) => row(line, fields.0),
            Err(_) => Err(RowProblem {
                line,
                message: "is not a JSON object".to_string(),
            }),
        })
    }
}

/// An object's members in file order, repeated keys kept (a map would keep only the last).
struct Fields(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = Fields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(12));
                while let Some(member) = map.next_entry()? {
                    out.push(member);
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(Members)
    }
}

fn row(line: u64, fields: Vec<(String, serde_json::Value)>) -> Result<ReportRow, RowProblem> {
    let problem = |message: String| RowProblem { line, message };
    let mut row = ReportRow {
        line,
        ..ReportRow::default()
    };
    // The key each column was first given by, to name both when another gives it again.
    let mut seen: [Option<&str>; COLUMNS.len()] = [None; COLUMNS.len()];
    for (key, value) in &fields {
        let Some(field) = column(key) else {
            return Err(problem(format!(
                "unknown field `{key}` (fields are: {})",
                COLUMNS.join(", ")
            )));
        };
        match seen[field] {
            Some(first) if first == key.as_str() => {
                return Err(problem(format!("field `{key}` appears twice")));
            }
            Some(first) => {
                return Err(problem(format!(
                    "fields `{first}` and `{key}` are both the `{}` field",
                    COLUMNS[field]
                )));
            }
            None => seen[field] = Some(key.as_str()),
        }
        let number;
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s.as_str(),
            serde_json::Value::Number(n) => {
                number = n.to_string();
                number.as_str()
            }
            _ => {
                return Err(problem(format!("field `{key}`: expected text or a number")));
            }
        };
        set(&mut row, field, text);
    }
    Ok(row)
}
