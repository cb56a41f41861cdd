//! Diagnostics: problems found in a workspace, each tied to a file, line and field.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; does not stop generation (fails `check --strict`).
    Warning,
    /// Stops generation: the letter would be wrong, lost or withheld.
    Error,
}

/// The name of the sheet a diagnostic points into; boxed in [`Diagnostic`], which most often
/// has none, to keep diagnostics small.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SheetName(pub String);

/// One problem, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in, as given (usually relative to the workspace).
    pub file: PathBuf,
    /// The sheet of a spreadsheet; `line` is then its row and `column` its column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<Box<SheetName>>,
    /// 1-based line (or sheet row), when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The field or column name, when the problem is in one.
    pub field: Option<String>,
    /// What is wrong, in lowercase, with user names in backticks.
    pub message: String,
}

impl Diagnostic {
    /// A new error in `file`.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    /// A new warning in `file`.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity,
            file: file.into(),
            sheet: None,
            line: None,
            column: None,
            field: None,
            message: message.into(),
        }
    }

    /// Sets the 1-based line.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Places the problem in a sheet: `line` is then the row and `column` the column.
    pub fn in_sheet(mut self, sheet: Option<impl Into<String>>) -> Self {
        self.sheet = sheet.map(|s| Box::new(SheetName(s.into())));
        self
    }

    /// Sets the 1-based column.
    pub fn at_column(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }

    /// Names the field or column.
    pub fn in_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            // As people name a cell: `volunteers.xlsx, sheet Volunteers, row 14, column C
            // (email)`.
            write!(f, ", sheet {}", sheet.0)?;
            if let Some(row) = self.line {
                write!(f, ", row {row}")?;
            }
            if let Some(column) = self.column {
                write!(f, ", column {}", crate::table::column_letter(column))?;
            }
            if let Some(field) = &self.field {
                write!(f, " ({field})")?;
            }
            return write!(f, ": {}", self.message);
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// An ordered collection of diagnostics.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Turns the errors (not warnings) into one `anyhow` error listing each, or `Ok`.
    pub fn into_result(self) -> anyhow::Result<()> {
        let errors: Vec<String> = self
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            anyhow::bail!("{}", errors.join("\n"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_field() {
        let d = Diagnostic::error("recipients/prisoners.csv", "not a valid date")
            .at_line(4)
            .in_field("detained");
        assert_eq!(
            d.to_string(),
            "error: recipients/prisoners.csv:4: field `detained`: not a valid date"
        );
    }
}
