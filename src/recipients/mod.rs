//! The address book: prisoners, authorities and volunteers, loaded from CSV or JSON files in
//! `recipients/` and validated once into types every later stage can trust.

mod load;
mod raw;

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use time::Date;

use crate::diag::Diagnostic;

pub use load::{AddressBook, FileRead, load_dir, load_file};

/// Where a record came from: its file and 1-based line, or its sheet and row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The file, relative to the workspace where possible.
    pub file: PathBuf,
    /// The 1-based line the record starts on (for a spreadsheet, its row).
    pub line: usize,
    /// The sheet, for records read from a spreadsheet.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "sheet_name")]
    pub sheet: Option<Arc<Sheet>>,
}

fn sheet_name<S: serde::Serializer>(sheet: &Option<Arc<Sheet>>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(sheet.as_ref().map_or("", |sheet| sheet.name.as_str()))
}

/// The sheet records were read from, and where its columns are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Each header and its 1-based column.
    pub columns: Vec<(String, usize)>,
}

impl Source {
    /// A record at `line` of a text file.
    pub fn line(file: impl Into<PathBuf>, line: usize) -> Self {
        Self {
            file: file.into(),
            line,
            sheet: None,
        }
    }

    /// An error in `field` of this record: file and line, or file, sheet, row and column.
    pub fn error(&self, field: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::error(&self.file, message), field)
    }

    /// A warning in `field` of this record.
    pub fn warning(&self, field: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::warning(&self.file, message), field)
    }

    /// Places `d` at this record: its line, or its sheet and row.
    pub fn at(&self, d: Diagnostic) -> Diagnostic {
        let d = d.at_line(self.line);
        match &self.sheet {
            None => d,
            Some(sheet) => d.in_sheet(Some(sheet.name.as_str())),
        }
    }

    /// Places `d` at this record, in `field` (and, in a sheet, that field's column).
    pub fn locate(&self, d: Diagnostic, field: &str) -> Diagnostic {
        let d = self.at(d).in_field(field);
        let column = self.sheet.as_ref().and_then(|sheet| {
            sheet
                .columns
                .iter()
                .find(|(h, _)| h == field)
                .map(|(_, c)| *c)
        });
        match column {
            Some(c) => d.at_column(c),
            None => d,
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(
                f,
                "{}, sheet {}, row {}",
                self.file.display(),
                sheet.name,
                self.line
            ),
            None => write!(f, "{}:{}", self.file.display(), self.line),
        }
    }
}

/// Grammatical gender, for agreement in Slavic letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Gender {
    /// Feminine forms.
    #[serde(rename = "f")]
    Female,
    /// Masculine forms.
    #[serde(rename = "m")]
    Male,
    /// Not given: templates use a neutral form.
    #[serde(rename = "x")]
    Unspecified,
}

/// Whether a prisoner can receive letters from the campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrisonerStatus {
    /// In detention; letters are welcome.
    Detained,
    /// Released; no letters to prison.
    Released,
    /// Receives letters only from close family; campaign letters would be withheld.
    FamilyOnly,
}

/// A person in detention the campaign writes to (solidarity) and for (appeals).
#[derive(Debug, Clone, Serialize)]
pub struct Prisoner {
    /// Stable id (lowercase letters, digits, `-`).
    pub id: String,
    /// Name in Latin script.
    pub name: String,
    /// Name in the native script (Cyrillic), exactly as published for envelopes.
    pub name_native: String,
    /// Given name in the native script (`Тамара`), for greetings such as `Дорогая Тамара!`;
    /// without it letters use a greeting that needs no name.
    pub given_name_native: Option<String>,
    /// Patronymic in the native script, where known (Russia requires it on envelopes).
    pub patronymic: Option<String>,
    /// Gender for grammatical agreement.
    pub gender: Gender,
    /// Date of birth, where known.
    pub birth_date: Option<Date>,
    /// Institution line, e.g. `ИК №4` or `СИЗО-1`.
    pub institution: String,
    /// Street line of the institution.
    pub street: String,
    /// Postcode.
    pub postcode: String,
    /// Town, as written on envelopes (e.g. `г. Гомель`).
    pub town: String,
    /// ISO 3166-1 alpha-2 code of the country, upper case (`BY`).
    pub country: String,
    /// Languages the prisoner may receive (`ru`, `be`).
    pub languages: Vec<String>,
    /// Date detained, where known.
    pub detained: Option<Date>,
    /// The case id this prisoner belongs to.
    pub case: String,
    /// Detained, released or family-only.
    pub status: PrisonerStatus,
    /// Where this record came from.
    pub source: Source,
}

/// An official who can act on a case: appeals are addressed to them.
#[derive(Debug, Clone, Serialize)]
pub struct Authority {
    /// Stable id.
    pub id: String,
    /// Name as addressed.
    pub name: String,
    /// Title or office.
    pub title: String,
    /// Organisation line, if separate from the title.
    pub organisation: Option<String>,
    /// Street line.
    pub street: String,
    /// Postcode.
    pub postcode: String,
    /// Town.
    pub town: String,
    /// ISO country code, upper case.
    pub country: String,
    /// Email address, when appeals may go by email.
    pub email: Option<String>,
    /// The language the office reads.
    pub language: String,
    /// The case ids this authority answers for; empty means every case.
    pub cases: Vec<String>,
    /// Where this record came from.
    pub source: Source,
}

/// A person who writes and signs letters.
#[derive(Debug, Clone, Serialize)]
pub struct Volunteer {
    /// Stable id.
    pub id: String,
    /// Name as signed.
    pub name: String,
    /// Email address (letters are sent on their behalf with Reply-To set to it).
    pub email: String,
    /// City.
    pub city: String,
    /// ISO country code, upper case.
    pub country: String,
    /// Languages they write, preferred first.
    pub languages: Vec<String>,
    /// The local group they write with, if any.
    pub group: Option<String>,
    /// Where this record came from.
    pub source: Source,
}

impl Prisoner {
    /// True when campaign letters may be sent to this prisoner.
    pub fn receives_letters(&self) -> bool {
        self.status == PrisonerStatus::Detained
    }
}

impl Authority {
    /// True when this authority answers for `case`.
    pub fn answers_for(&self, case: &str) -> bool {
        self.cases.is_empty() || self.cases.iter().any(|c| c == case)
    }
}
