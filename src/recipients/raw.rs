//! Raw recipient records as they appear in files, and their validation into domain types.

use serde::Deserialize;
use time::Date;
use time::macros::format_description;

use super::{Authority, Gender, Prisoner, PrisonerStatus, Source, Volunteer};
use crate::campaign::is_identifier;
use crate::diag::Diagnostic;

/// A cell that may be a string or (in JSON) a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn items(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => s
                .split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            OneOrMany::Many(v) => v
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        }
    }
}

/// A prisoner row.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPrisoner {
    id: String,
    name: String,
    name_native: String,
    #[serde(default)]
    given_name_native: Option<String>,
    #[serde(default)]
    patronymic: Option<String>,
    #[serde(default)]
    gender: Option<String>,
    #[serde(default)]
    birth_date: Option<String>,
    institution: String,
    street: String,
    postcode: String,
    town: String,
    country: String,
    languages: OneOrMany,
    #[serde(default)]
    detained: Option<String>,
    case: String,
    #[serde(default)]
    status: Option<String>,
}

/// An authority row.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAuthority {
    id: String,
    name: String,
    title: String,
    #[serde(default)]
    organisation: Option<String>,
    street: String,
    postcode: String,
    town: String,
    country: String,
    #[serde(default)]
    email: Option<String>,
    language: String,
    #[serde(default)]
    cases: Option<OneOrMany>,
}

/// A volunteer row.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVolunteer {
    id: String,
    name: String,
    email: String,
    city: String,
    country: String,
    languages: OneOrMany,
    #[serde(default)]
    group: Option<String>,
}

/// Collects field problems for one record.
struct Check<'a> {
    source: &'a Source,
    problems: Vec<Diagnostic>,
}

impl<'a> Check<'a> {
    fn new(source: &'a Source) -> Self {
        Self {
            source,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, field: &str, message: String) {
        self.problems.push(self.source.error(field, message));
    }

    fn id(&mut self, field: &str, value: &str) -> String {
        let v = value.trim();
        if !is_identifier(v) {
            self.problem(
                field,
                format!("`{v}` is not an id (lowercase letters, digits, `-`, `_`)"),
            );
        }
        v.to_string()
    }

    fn text(&mut self, field: &str, value: &str) -> String {
        let v = clean(value);
        if v.is_empty() {
            self.problem(field, "is empty".to_string());
        }
        v
    }

    fn date(&mut self, field: &str, value: Option<&str>) -> Option<Date> {
        let v = value.map(str::trim).filter(|v| !v.is_empty())?;
        match Date::parse(v, format_description!("[year]-[month]-[day]")) {
            Ok(d) => Some(d),
            Err(_) => {
                self.problem(field, format!("`{v}` is not a date like 2026-08-04"));
                None
            }
        }
    }

    fn country(&mut self, field: &str, value: &str) -> String {
        let v = value.trim().to_ascii_uppercase();
        if v.len() != 2 || !v.chars().all(|c| c.is_ascii_uppercase()) {
            self.problem(
                field,
                format!("`{}` is not a two-letter country code", value.trim()),
            );
        }
        v
    }

    fn languages(&mut self, field: &str, value: &OneOrMany) -> Vec<String> {
        let langs: Vec<String> = value
            .items()
            .into_iter()
            .map(|l| l.to_ascii_lowercase())
            .collect();
        if langs.is_empty() {
            self.problem(field, "lists no language".to_string());
        }
        for l in &langs {
            if !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_lowercase()) {
                self.problem(
                    field,
                    format!("`{l}` is not a language code like `ru` or `be`"),
                );
            }
        }
        langs
    }

    fn email(&mut self, field: &str, value: &str) -> String {
        let v = value.trim();
        if v.parse::<lettre::Address>().is_err() {
            self.problem(field, format!("`{v}` is not a valid email address"));
        }
        v.to_string()
    }
}

/// Trims and folds line breaks and control characters, so that no field can smuggle a new
/// line into a letter header or an envelope line.
fn clean(value: &str) -> String {
    value
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn optional(value: Option<String>) -> Option<String> {
    value.map(|v| clean(&v)).filter(|v| !v.is_empty())
}

impl RawPrisoner {
    pub(crate) fn validate(self, source: Source) -> Result<Prisoner, Vec<Diagnostic>> {
        let mut c = Check::new(&source);
        let gender = match self.gender.as_deref().map(str::trim).unwrap_or("") {
            "f" | "F" | "female" => Gender::Female,
            "m" | "M" | "male" => Gender::Male,
            "" | "x" | "X" => Gender::Unspecified,
            other => {
                c.problem("gender", format!("`{other}` is not `f`, `m` or `x`"));
                Gender::Unspecified
            }
        };
        let status = match self.status.as_deref().map(str::trim).unwrap_or("") {
            "" | "detained" => PrisonerStatus::Detained,
            "released" => PrisonerStatus::Released,
            "family-only" => PrisonerStatus::FamilyOnly,
            other => {
                c.problem(
                    "status",
                    format!("`{other}` is not `detained`, `released` or `family-only`"),
                );
                PrisonerStatus::Detained
            }
        };
        let prisoner = Prisoner {
            id: c.id("id", &self.id),
            name: c.text("name", &self.name),
            name_native: c.text("name_native", &self.name_native),
            given_name_native: optional(self.given_name_native),
            patronymic: optional(self.patronymic),
            gender,
            birth_date: c.date("birth_date", self.birth_date.as_deref()),
            institution: c.text("institution", &self.institution),
            street: c.text("street", &self.street),
            postcode: c.text("postcode", &self.postcode),
            town: c.text("town", &self.town),
            country: c.country("country", &self.country),
            languages: c.languages("languages", &self.languages),
            detained: c.date("detained", self.detained.as_deref()),
            case: c.id("case", &self.case),
            status,
            source: source.clone(),
        };
        if c.problems.is_empty() {
            Ok(prisoner)
        } else {
            Err(c.problems)
        }
    }
}

impl RawAuthority {
    pub(crate) fn validate(self, source: Source) -> Result<Authority, Vec<Diagnostic>> {
        let mut c = Check::new(&source);
        let email = optional(self.email).map(|e| c.email("email", &e));
        let language = c.languages("language", &OneOrMany::One(self.language));
        let cases = self.cases.map(|v| v.items()).unwrap_or_default();
        for case in &cases {
            c.id("cases", case);
        }
        let authority = Authority {
            id: c.id("id", &self.id),
            name: c.text("name", &self.name),
            title: c.text("title", &self.title),
            organisation: optional(self.organisation),
            street: c.text("street", &self.street),
            postcode: c.text("postcode", &self.postcode),
            town: c.text("town", &self.town),
            country: c.country("country", &self.country),
            email,
            language: language.into_iter().next().unwrap_or_default(),
            cases,
            source: source.clone(),
        };
        if c.problems.is_empty() {
            Ok(authority)
        } else {
            Err(c.problems)
        }
    }
}

impl RawVolunteer {
    pub(crate) fn validate(self, source: Source) -> Result<Volunteer, Vec<Diagnostic>> {
        let mut c = Check::new(&source);
        let volunteer = Volunteer {
            id: c.id("id", &self.id),
            name: c.text("name", &self.name),
            email: c.email("email", &self.email),
            city: c.text("city", &self.city),
            country: c.country("country", &self.country),
            languages: c.languages("languages", &self.languages),
            group: optional(self.group),
            source: source.clone(),
        };
        if c.problems.is_empty() {
            Ok(volunteer)
        } else {
            Err(c.problems)
        }
    }
}
