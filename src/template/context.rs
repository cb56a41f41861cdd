//! The JSON context a letter template is rendered with. Each record's JSON is built once;
//! a letter's context only assembles clones of them.
//!
//! Shape (templates are written against exactly this): `campaign` {id, name, starts, ends,
//! letter_date}, `sender` {name, email, address}, `letter` {id, language, kind, date}, `case`
//! {id, title, summary}, `prisoner` (every prisoner field, dates as ISO strings, `gender` `f`,
//! `m` or `x`, plus `country_line`), `authority` (appeals only, plus `country_line`),
//! `recipient` (the addressee: the authority of an appeal, the prisoner of a solidarity
//! letter) and `volunteer` (the signer). Absent optional fields are left out rather than
//! null, so strict rendering reports a template that uses one without `{{#if}}`.

use handlebars::Context;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::campaign::Campaign;
use crate::manifest::LetterKind;
use crate::recipients::AddressBook;

/// The country line printed under an address: Latin capitals for the countries the
/// campaign writes to, the ISO code otherwise.
pub fn country_line(code: &str) -> &str {
    match code {
        "BY" => "REPUBLIC OF BELARUS",
        "RU" => "RUSSIAN FEDERATION",
        other => other,
    }
}

/// Which records a letter involves, as indexes into the campaign's cases and the address
/// book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parties {
    /// Index into `campaign.cases`.
    pub case: usize,
    /// Index into `book.volunteers`: the signer.
    pub volunteer: usize,
    /// Index into `book.prisoners`: the addressee of a solidarity letter, the case's prisoner
    /// for an appeal (when the address book has one).
    pub prisoner: Option<usize>,
    /// Index into `book.authorities`: the addressee of an appeal.
    pub authority: Option<usize>,
}

/// The per-letter values of the `letter` object.
#[derive(Debug, Clone, Copy)]
pub struct LetterInfo<'a> {
    /// The letter id.
    pub id: &'a str,
    /// Appeal or solidarity.
    pub kind: LetterKind,
    /// The letter's language.
    pub language: &'a str,
}

/// Every record's JSON, built once per run.
#[derive(Debug, Clone)]
pub struct ContextData {
    campaign: Value,
    sender: Value,
    date: Value,
    cases: Vec<Value>,
    prisoners: Vec<Value>,
    authorities: Vec<Value>,
    volunteers: Vec<Value>,
}

/// A record's JSON without its `source` and without null fields; `country_line` added when
/// the record has a country.
fn record(value: &impl Serialize) -> Value {
    let mut map = match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        // Recipient records always serialize to objects; anything else gives an empty one,
        // which strict rendering then reports field by field.
        _ => Map::new(),
    };
    map.remove("source");
    map.retain(|_, v| !v.is_null());
    if let Some(Value::String(code)) = map.get("country") {
        let line = country_line(code).to_string();
        map.insert("country_line".into(), Value::String(line));
    }
    Value::Object(map)
}

fn iso(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

impl ContextData {
    /// Builds the JSON of the campaign and every record of `book`.
    pub fn new(campaign: &Campaign, book: &AddressBook) -> Self {
        let date = iso(campaign.letter_date());
        let campaign_json = json!({
            "id": campaign.id,
            "name": campaign.name,
            "starts": iso(campaign.starts),
            "ends": iso(campaign.ends),
            "letter_date": date,
        });
        let cases = campaign
            .cases
            .iter()
            .map(|c| {
                let mut map = Map::new();
                map.insert("id".into(), Value::String(c.id.clone()));
                map.insert("title".into(), Value::String(c.title.clone()));
                if let Some(summary) = &c.summary {
                    map.insert("summary".into(), Value::String(summary.clone()));
                }
                Value::Object(map)
            })
            .collect();
        Self {
            campaign: campaign_json,
            sender: record(&campaign.sender),
            date: Value::String(date),
            cases,
            prisoners: book.prisoners.iter().map(record).collect(),
            authorities: book.authorities.iter().map(record).collect(),
            volunteers: book.volunteers.iter().map(record).collect(),
        }
    }

    /// The context of one letter.
    pub fn context(&self, letter: LetterInfo<'_>, parties: &Parties) -> Context {
        let mut map = Map::new();
        map.insert("campaign".into(), self.campaign.clone());
        map.insert("sender".into(), self.sender.clone());
        let mut info = Map::new();
        info.insert("id".into(), Value::String(letter.id.to_string()));
        info.insert(
            "language".into(),
            Value::String(letter.language.to_string()),
        );
        info.insert(
            "kind".into(),
            Value::String(crate::template::kind_name(letter.kind).to_string()),
        );
        info.insert("date".into(), self.date.clone());
        map.insert("letter".into(), Value::Object(info));
        if let Some(case) = self.cases.get(parties.case) {
            map.insert("case".into(), case.clone());
        }
        if let Some(v) = self.volunteers.get(parties.volunteer) {
            map.insert("volunteer".into(), v.clone());
        }
        let prisoner = parties.prisoner.and_then(|i| self.prisoners.get(i));
        let authority = parties.authority.and_then(|i| self.authorities.get(i));
        if let Some(p) = prisoner {
            map.insert("prisoner".into(), p.clone());
        }
        if let Some(a) = authority {
            map.insert("authority".into(), a.clone());
        }
        if let Some(r) = authority.or(prisoner) {
            map.insert("recipient".into(), r.clone());
        }
        Context::from(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_lines() {
        assert_eq!(country_line("BY"), "REPUBLIC OF BELARUS");
        assert_eq!(country_line("RU"), "RUSSIAN FEDERATION");
        assert_eq!(country_line("PL"), "PL");
    }

    #[test]
    fn records_drop_source_and_nulls() {
        #[derive(Serialize)]
        struct R {
            name: &'static str,
            patronymic: Option<&'static str>,
            country: &'static str,
            source: u8,
        }
        let v = record(&R {
            name: "A",
            patronymic: None,
            country: "BY",
            source: 1,
        });
        assert_eq!(
            v,
            json!({"name": "A", "country": "BY", "country_line": "REPUBLIC OF BELARUS"})
        );
    }
}
