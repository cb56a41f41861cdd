//! The campaign file (`campaign.toml`): name, dates, cases, sender identity and the settings
//! each stage reads. Unknown fields are an error; no secrets live here.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use time::Date;

/// File name of the campaign file inside a workspace.
pub const CAMPAIGN_FILE: &str = "campaign.toml";

/// The default of `public_min_count`.
pub const DEFAULT_PUBLIC_MIN_COUNT: u64 = 5;

/// A campaign as written in `campaign.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Short stable identifier (part of every letter id): lowercase letters, digits, `-`.
    pub id: String,
    /// Human name of the campaign.
    pub name: String,
    /// First day of the marathon.
    #[serde(deserialize_with = "toml_date::required")]
    pub starts: Date,
    /// Last day of the marathon.
    #[serde(deserialize_with = "toml_date::required")]
    pub ends: Date,
    /// The date printed on letters; defaults to `starts`. Fixed so that re-running
    /// `generate` writes identical bytes.
    #[serde(default, deserialize_with = "toml_date::optional")]
    pub letter_date: Option<Date>,
    /// Deadline for group reports.
    #[serde(default, deserialize_with = "toml_date::optional")]
    pub report_deadline: Option<Date>,
    /// The ledger: an SQLite file relative to the workspace (default `ledger.sqlite`) or a
    /// `postgres://` URL without a password.
    #[serde(default)]
    pub ledger: Option<String>,
    /// Public figures (the web pages, `tally --public`) fold every breakdown row with fewer
    /// actions than this into "other", so that no row points at a few people; default 5.
    #[serde(default)]
    pub public_min_count: Option<u64>,
    /// The identity letters and emails are sent from.
    pub sender: Sender,
    /// The cases (people) the campaign is about.
    #[serde(default)]
    pub cases: Vec<Case>,
    /// Mail server settings for `send` (see [`crate::delivery::config::SmtpConfig`]).
    #[serde(default)]
    pub smtp: Option<crate::delivery::config::SmtpConfig>,
    /// Per-destination-country letter rules, keyed by ISO country code (owned by the rules
    /// module).
    #[serde(default)]
    pub countries: Option<crate::rules::CountriesConfig>,
    /// Settings for `assign` (owned by the assignment module).
    #[serde(default)]
    pub assign: Option<crate::assign::AssignConfig>,
    /// Limits of the web form "I took action" (owned by the act module).
    #[serde(default)]
    pub web: Option<crate::act::WebConfig>,
}

/// The campaign's sender identity.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// Organisation or group name.
    pub name: String,
    /// The campaign address emails are sent from.
    pub email: String,
    /// A postal or web address printed under letters, if any.
    #[serde(default)]
    pub address: Option<String>,
    /// Where volunteers report a posted letter without a terminal: an email address or a web
    /// page (`https://...`), printed on every guide sheet of the letter packs.
    #[serde(default)]
    pub report_to: Option<String>,
}

/// Where volunteers report their letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTo<'a> {
    /// An email address.
    Email(&'a str),
    /// A web page.
    Web(&'a str),
}

impl Sender {
    /// The reporting address, when the campaign file sets one (checked on load).
    pub fn report_to(&self) -> Option<ReportTo<'_>> {
        let to = self.report_to.as_deref()?;
        Some(if is_web(to) {
            ReportTo::Web(to)
        } else {
            ReportTo::Email(to)
        })
    }
}

fn is_web(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

/// True for an address like `reports@example.org`: one `@` with text on both sides, a dot
/// in the domain, no spaces.
fn is_email(s: &str) -> bool {
    let Some((user, domain)) = s.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// One case: a person (or group of people) the campaign writes for.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Stable identifier used in recipient files and the ledger.
    pub id: String,
    /// Display title, usually the person's name.
    pub title: String,
    /// The main prisoner's id in `recipients/prisoners.*`.
    #[serde(default)]
    pub prisoner: Option<String>,
    /// A short description for letter templates and the campaign page.
    #[serde(default)]
    pub summary: Option<String>,
    /// The number of actions the campaign hopes for, shown as a progress bar on the web.
    #[serde(default)]
    pub goal: Option<u64>,
}

impl Campaign {
    /// Parses campaign TOML text; `origin` names the file in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Self> {
        let campaign: Campaign = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("{}: {}", origin.display(), toml_error(text, &e)))?;
        campaign.validate(origin)?;
        Ok(campaign)
    }

    /// Reads and parses `path`.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read campaign file `{}`", path.display()))?;
        Self::parse(&text, path)
    }

    fn validate(&self, origin: &Path) -> Result<()> {
        if !is_identifier(&self.id) {
            bail!(
                "{}: field `id`: `{}` must be lowercase letters, digits and `-`",
                origin.display(),
                self.id
            );
        }
        if self.ends < self.starts {
            bail!(
                "{}: field `ends`: the campaign ends before it starts",
                origin.display()
            );
        }
        if let Some(to) = &self.sender.report_to {
            let web = is_web(to)
                && to.len() > "https://".len()
                && !to.chars().any(|c| c.is_whitespace() || c.is_control());
            if !web && !is_email(to) {
                bail!(
                    "{}: `[sender]` field `report_to`: `{to}` is neither an email address like \
                     `reports@example.org` nor a web page like `https://example.org/report`",
                    origin.display()
                );
            }
        }
        let mut seen = std::collections::HashSet::new();
        for case in &self.cases {
            if !is_identifier(&case.id) {
                bail!(
                    "{}: case `{}`: field `id` must be lowercase letters, digits and `-`",
                    origin.display(),
                    case.id
                );
            }
            if !seen.insert(case.id.as_str()) {
                bail!("{}: case `{}` is listed twice", origin.display(), case.id);
            }
        }
        Ok(())
    }

    /// The date printed on letters.
    pub fn letter_date(&self) -> Date {
        self.letter_date.unwrap_or(self.starts)
    }

    /// The smallest breakdown row public figures show (see `public_min_count`).
    pub fn public_min_count(&self) -> u64 {
        self.public_min_count.unwrap_or(DEFAULT_PUBLIC_MIN_COUNT)
    }

    /// Looks a case up by id.
    pub fn case(&self, id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.id == id)
    }
}

/// Reads TOML dates (`2026-08-04`, bare or quoted) into `time::Date`.
pub mod toml_date {
    use serde::{Deserialize, Deserializer, de::Error};
    use time::Date;
    use time::macros::format_description;

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }

    fn convert<E: Error>(raw: Raw) -> Result<Date, E> {
        let text = match raw {
            Raw::Toml(dt) => match (dt.date, dt.time) {
                (Some(d), None) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
                _ => return Err(E::custom("expected a date like 2026-08-04, without a time")),
            },
            Raw::Text(s) => s,
        };
        Date::parse(text.trim(), format_description!("[year]-[month]-[day]"))
            .map_err(|_| E::custom(format!("`{text}` is not a date like 2026-08-04")))
    }

    /// A required date.
    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        convert(Raw::deserialize(d)?)
    }

    /// An optional date.
    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<Raw>::deserialize(d)?.map(convert).transpose()
    }
}

/// True for a non-empty id of lowercase ASCII letters, digits, `-` and `_`.
pub fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Formats a TOML error as `line L, column C: message`.
fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().to_string();
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            format!("line {line}, column {col}: {msg}")
        }
        None => msg,
    }
}

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
id = "solidarity-2026"
name = "Solidarity"
starts = 2026-08-04
ends = 2026-08-18
[sender]
name = "Group"
email = "letters@example.org"
[[cases]]
id = "bialiatski"
title = "Ales Bialiatski"
"#;

    #[test]
    fn parses_a_campaign() {
        let c = Campaign::parse(OK, Path::new("campaign.toml")).unwrap();
        assert_eq!(c.letter_date(), c.starts);
        assert!(c.case("bialiatski").is_some());
    }

    #[test]
    fn report_to_is_an_email_address_or_a_web_page() {
        let with = |to: &str| {
            let text = OK.replace(
                "email = \"letters@example.org\"\n",
                &format!("email = \"letters@example.org\"\nreport_to = \"{to}\"\n"),
            );
            Campaign::parse(&text, Path::new("campaign.toml"))
        };
        let c = with("reports@example.org").unwrap();
        assert_eq!(
            c.sender.report_to(),
            Some(ReportTo::Email("reports@example.org"))
        );
        let c = with("https://example.org/report").unwrap();
        assert_eq!(
            c.sender.report_to(),
            Some(ReportTo::Web("https://example.org/report"))
        );
        for bad in [
            "reports",
            "a@b",
            "https://",
            "ftp://example.org",
            "a @example.org",
        ] {
            let err = with(bad).unwrap_err().to_string();
            assert!(err.contains("field `report_to`"), "{bad}: {err}");
        }
        let c = Campaign::parse(OK, Path::new("campaign.toml")).unwrap();
        assert_eq!(c.sender.report_to(), None);
    }

    #[test]
    fn unknown_field_names_line() {
        let text = format!("{OK}\npassword = \"x\"\n");
        let err = Campaign::parse(&text, Path::new("campaign.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("campaign.toml: line"), "{err}");
        assert!(err.contains("password"), "{err}");
    }
}
