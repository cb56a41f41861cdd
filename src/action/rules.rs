//! The checks a new action passes: a known case, prisoner and country, a count of at least
//! one, a day within the campaign and not in the future.

use std::collections::HashMap;

use time::Date;

use super::parse::{parse_count, parse_day, trim};
use super::{Action, ActionKind, Channel, country};
use crate::campaign::Campaign;
use crate::recipients::AddressBook;

/// An action as typed or read from a file: every field still text, possibly missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawAction {
    /// Kind of action.
    pub kind: Option<String>,
    /// Count (defaults to 1).
    pub count: Option<String>,
    /// Case id.
    pub case: Option<String>,
    /// Prisoner id.
    pub prisoner: Option<String>,
    /// Recipient id.
    pub recipient: Option<String>,
    /// Volunteer id or name.
    pub volunteer: Option<String>,
    /// Group name.
    pub group: Option<String>,
    /// Country code.
    pub country: Option<String>,
    /// Channel.
    pub channel: Option<String>,
    /// Day, `2026-12-10` or `10.12.2026`.
    pub date: Option<String>,
    /// Free note.
    pub note: Option<String>,
}

impl RawAction {
    /// An action written back as text, for a correction to start from.
    pub fn of(a: &Action) -> RawAction {
        RawAction {
            kind: Some(a.kind.to_string()),
            count: Some(a.count.to_string()),
            case: Some(a.case.clone()),
            prisoner: a.prisoner.clone(),
            recipient: a.recipient.clone(),
            volunteer: a.volunteer.clone(),
            group: a.group.clone(),
            country: Some(a.country.clone()),
            channel: Some(a.channel.to_string()),
            date: Some(a.day.to_string()),
            note: a.note.clone(),
        }
    }
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field (column or option name without dashes).
    pub field: &'static str,
    /// What is wrong, lowercase, user values in backticks.
    pub message: String,
}

/// What the checks compare against: the campaign's cases and dates, the address book, today.
#[derive(Debug, Clone)]
pub struct Rules {
    cases: Vec<String>,
    starts: Date,
    today: Date,
    /// Prisoner id to case id.
    prisoners: HashMap<String, String>,
    /// Authority and prisoner ids.
    recipients: std::collections::HashSet<String>,
    /// Volunteer id to country code, to fill in a missing country.
    volunteers: HashMap<String, String>,
}

impl Rules {
    /// Rules for `campaign` with its address book, checking dates against `today`.
    pub fn new(campaign: &Campaign, book: &AddressBook, today: Date) -> Self {
        let prisoners: HashMap<String, String> = book
            .prisoners
            .iter()
            .map(|p| (p.id.clone(), p.case.clone()))
            .collect();
        let recipients = book
            .authorities
            .iter()
            .map(|a| a.id.clone())
            .chain(book.prisoners.iter().map(|p| p.id.clone()))
            .collect();
        let volunteers = book
            .volunteers
            .iter()
            .map(|v| (v.id.clone(), v.country.clone()))
            .collect();
        Self {
            cases: campaign.cases.iter().map(|c| c.id.clone()).collect(),
            starts: campaign.starts,
            today,
            prisoners,
            recipients,
            volunteers,
        }
    }

    /// Checks one raw action; every problem is returned, not only the first.
    pub fn check(&self, raw: RawAction) -> Result<Action, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut problem = |field: &'static str, message: String| {
            errors.push(FieldError { field, message });
        };
        let kind = match present(&raw.kind) {
            None => {
                problem("kind", "is missing".into());
                ActionKind::Other
            }
            Some(k) => k.parse().unwrap_or_else(|e| {
                problem("kind", e);
                ActionKind::Other
            }),
        };
        let count = match present(&raw.count) {
            None => 1,
            Some(c) => parse_count(c).unwrap_or_else(|e| {
                problem("count", e);
                1
            }),
        };
        let prisoner = owned(raw.prisoner);
        let prisoner_case = prisoner.as_deref().and_then(|p| self.prisoners.get(p));
        if let (Some(p), None) = (&prisoner, prisoner_case) {
            problem(
                "prisoner",
                format!("`{p}` is not a prisoner in `recipients/`"),
            );
        }
        let given_case = owned(raw.case);
        let case = match (given_case, prisoner_case) {
            (Some(c), Some(pc)) if c != *pc => {
                problem(
                    "case",
                    format!(
                        "`{c}` does not match prisoner `{}`, whose case is `{pc}`",
                        prisoner.as_deref().unwrap_or_default()
                    ),
                );
                c
            }
            (Some(c), _) => {
                if !self.cases.contains(&c) {
                    problem(
                        "case",
                        format!(
                            "`{c}` is not a case of this campaign (one of: {})",
                            self.cases.join(", ")
                        ),
                    );
                }
                c
            }
            (None, Some(pc)) => pc.clone(),
            (None, None) => {
                problem("case", "is missing (every action supports a case)".into());
                String::new()
            }
        };
        let recipient = owned(raw.recipient);
        if let Some(r) = recipient.as_ref().filter(|r| !self.recipients.contains(*r)) {
            problem(
                "recipient",
                format!("`{r}` is not an authority or prisoner in `recipients/`"),
            );
        }
        let volunteer = owned(raw.volunteer).map(clean);
        let group = owned(raw.group).map(clean);
        let country = match present(&raw.country) {
            Some(c) => country::normalise(c).unwrap_or_else(|| {
                let hint = country::hint(c)
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                problem(
                    "country",
                    format!("`{c}` is not an ISO 3166 country code like `BY` or `DE`{hint}"),
                );
                String::new()
            }),
            None => match volunteer.as_deref().and_then(|v| self.volunteers.get(v)) {
                Some(c) => c.clone(),
                None => {
                    problem("country", "is missing".into());
                    String::new()
                }
            },
        };
        let channel = match present(&raw.channel) {
            None => kind.default_channel(),
            Some(c) => c.parse().unwrap_or_else(|e| {
                problem("channel", e);
                Channel::Other
            }),
        };
        let day = match present(&raw.date) {
            None => self.today,
            Some(d) => match parse_day(d) {
                Some(day) => {
                    if let Err(e) = self.check_day(day) {
                        problem("date", e);
                    }
                    day
                }
                None => {
                    problem(
                        "date",
                        format!("`{d}` is not a date like 2026-12-10 or 10.12.2026"),
                    );
                    self.today
                }
            },
        };
        let note = owned(raw.note).map(clean);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Action {
            kind,
            count,
            case,
            prisoner,
            recipient,
            volunteer,
            group,
            country,
            channel,
            day,
            note,
        })
    }

    /// A day is valid when it is neither before the campaign starts nor after today.
    pub fn check_day(&self, day: Date) -> Result<(), String> {
        if day > self.today {
            Err(format!("{day} is in the future (today is {})", self.today))
        } else if day < self.starts {
            Err(format!(
                "{day} is before the campaign starts ({})",
                self.starts
            ))
        } else {
            Ok(())
        }
    }
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(trim).filter(|s| !s.is_empty())
}

/// The trimmed value, reusing the string when there is nothing to trim.
fn owned(v: Option<String>) -> Option<String> {
    let v = v?;
    let t = trim(&v);
    if t.is_empty() {
        None
    } else if t.len() == v.len() {
        Some(v)
    } else {
        Some(t.to_string())
    }
}

/// Folds control characters (line breaks, tabs) into spaces so that no value can break a
/// line of a report or a CSV export.
fn clean(v: String) -> String {
    if !v.chars().any(char::is_control) {
        return v;
    }
    v.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn rules() -> Rules {
        let campaign = Campaign::parse(
            r#"
id = "t"
name = "T"
starts = 2026-12-01
ends = 2026-12-20
[sender]
name = "G"
email = "g@example.org"
[[cases]]
id = "alpha"
title = "Alpha"
[[cases]]
id = "beta"
title = "Beta"
"#,
            std::path::Path::new("campaign.toml"),
        )
        .unwrap();
        Rules::new(&campaign, &AddressBook::default(), date!(2026 - 12 - 15))
    }

    fn raw(pairs: &[(&str, &str)]) -> RawAction {
        let mut r = RawAction::default();
        for (k, v) in pairs {
            let v = Some(v.to_string());
            match *k {
                "kind" => r.kind = v,
                "count" => r.count = v,
                "case" => r.case = v,
                "country" => r.country = v,
                "date" => r.date = v,
                "group" => r.group = v,
                _ => unreachable!(),
            }
        }
        r
    }

    #[test]
    fn accepts_a_group_report() {
        let a = rules()
            .check(raw(&[
                ("kind", "cards"),
                ("count", "230"),
                ("case", "alpha"),
                ("country", "de"),
                ("date", "10.12.2026"),
                ("group", "Köln\ngroup"),
            ]))
            .unwrap();
        assert_eq!(a.kind, ActionKind::Solidarity);
        assert_eq!(a.count, 230);
        assert_eq!(a.country, "DE");
        assert_eq!(a.channel, Channel::Post);
        assert_eq!(a.day, date!(2026 - 12 - 10));
        assert_eq!(a.group.as_deref(), Some("Köln group"));
    }

    #[test]
    fn reports_every_bad_field() {
        let errs = rules()
            .check(raw(&[
                ("kind", "telegram"),
                ("count", "-3"),
                ("case", "gamma"),
                ("country", "UK"),
                ("date", "2026-12-16"),
            ]))
            .unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kind", "count", "case", "country", "date"]);
        assert!(errs[3].message.contains("`GB`"), "{:?}", errs[3]);
        assert!(errs[4].message.contains("future"), "{:?}", errs[4]);
    }

    #[test]
    fn counts_and_days() {
        assert_eq!(
            parse_count("0").unwrap_err(),
            "`0` is not a count of actions (at least 1; to take an entry back, record a correction)"
        );
        assert!(parse_count("1,000").is_err());
        assert!(parse_count("10000001").is_err());
        assert_eq!(parse_count(" 42 "), Ok(42));
        assert!(rules().check_day(date!(2026 - 11 - 30)).is_err());
        assert!(parse_day("2026-02-30").is_none());
    }
}
