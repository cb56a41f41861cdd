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
            Value::String(letter.kind.as_str().to_string()),
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

/// A letter context kept between letters and updated in place: only the records that differ
/// from the previous letter's are copied in. Letters come in plan order, where the signer
/// and the case change rarely, so most letters copy one record or two.
pub struct ContextCache<'a> {
    data: &'a ContextData,
    ctx: Context,
    parties: Option<Parties>,
}

impl<'a> ContextCache<'a> {
    /// An empty cache over `data`.
    pub fn new(data: &'a ContextData) -> Self {
        Self {
            data,
            ctx: Context::null(),
            parties: None,
        }
    }

    /// The context of one letter; equal to [`ContextData::context`] for the same input.
    pub fn context(&mut self, letter: LetterInfo<'_>, parties: &Parties) -> &Context {
        let data = self.data;
        let (Some(prev), Some(map)) = (self.parties, self.ctx.data_mut().as_object_mut()) else {
            self.ctx = data.context(letter, parties);
            self.parties = Some(*parties);
            return &self.ctx;
        };
        if let Some(Value::Object(info)) = map.get_mut("letter") {
            set_str(info, "id", letter.id);
            set_str(info, "language", letter.language);
            set_str(info, "kind", letter.kind.as_str());
        }
        if prev.case != parties.case {
            slot(map, "case", data.cases.get(parties.case));
        }
        if prev.volunteer != parties.volunteer {
            slot(map, "volunteer", data.volunteers.get(parties.volunteer));
        }
        let prisoner = parties.prisoner.and_then(|i| data.prisoners.get(i));
        let authority = parties.authority.and_then(|i| data.authorities.get(i));
        if prev.prisoner != parties.prisoner {
            slot(map, "prisoner", prisoner);
        }
        if prev.authority != parties.authority {
            slot(map, "authority", authority);
        }
        if (prev.authority, prev.prisoner) != (parties.authority, parties.prisoner) {
            slot(map, "recipient", authority.or(prisoner));
        }
        self.parties = Some(*parties);
        &self.ctx
    }
}

fn slot(map: &mut Map<String, Value>, key: &str, value: Option<&Value>) {
    match (map.get_mut(key), value) {
        (Some(old), Some(new)) => assign(old, new),
        (None, Some(new)) => {
            map.insert(key.to_string(), new.clone());
        }
        (_, None) => {
            map.remove(key);
        }
    }
}

/// Makes `old` equal to `new`, reusing its map nodes and string buffers when both have the
/// same fields (records of one kind mostly do), so swapping one prisoner for the next
/// allocates nothing.
fn assign(old: &mut Value, new: &Value) {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let same_keys = o.len() == n.len() && o.keys().zip(n.keys()).all(|(a, b)| a == b);
            if same_keys {
                for ((_, slot), (_, v)) in o.iter_mut().zip(n) {
                    assign(slot, v);
                }
            } else {
                *o = n.clone();
            }
        }
        (Value::String(o), Value::String(n)) => o.clone_from(n),
        (Value::Array(o), Value::Array(n)) => {
            o.truncate(n.len());
            for (i, v) in n.iter().enumerate() {
                match o.get_mut(i) {
                    Some(slot) => assign(slot, v),
                    None => o.push(v.clone()),
                }
            }
        }
        (o, n) => *o = n.clone(),
    }
}

fn set_str(map: &mut Map<String, Value>, key: &str, value: &str) {
    match map.get_mut(key) {
        Some(Value::String(s)) => {
            s.clear();
            s.push_str(value);
        }
        _ => {
            map.insert(key.to_string(), Value::String(value.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_gives_the_same_contexts() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let campaign = Campaign::load(&root.join("campaign.toml")).unwrap();
        let (book, diags) = crate::recipients::load_dir(&root.join("recipients"), &root);
        assert!(diags.is_empty(), "{diags:?}");
        let data = ContextData::new(&campaign, &book);
        let mut cache = ContextCache::new(&data);
        let steps = [
            (
                LetterKind::Appeal,
                Parties {
                    case: 0,
                    volunteer: 0,
                    prisoner: Some(0),
                    authority: Some(0),
                },
            ),
            (
                LetterKind::Appeal,
                Parties {
                    case: 0,
                    volunteer: 0,
                    prisoner: Some(0),
                    authority: Some(1),
                },
            ),
            (
                LetterKind::Appeal,
                Parties {
                    case: 1,
                    volunteer: 2,
                    prisoner: None,
                    authority: Some(0),
                },
            ),
            (
                LetterKind::Solidarity,
                Parties {
                    case: 1,
                    volunteer: 2,
                    prisoner: Some(1),
                    authority: None,
                },
            ),
            (
                LetterKind::Solidarity,
                Parties {
                    case: 0,
                    volunteer: 1,
                    prisoner: Some(0),
                    authority: None,
                },
            ),
        ];
        for (n, (kind, parties)) in steps.iter().enumerate() {
            let id = format!("id{n}");
            let info = LetterInfo {
                id: &id,
                kind: *kind,
                language: if n % 2 == 0 { "ru" } else { "en" },
            };
            let want = data.context(info, parties);
            assert_eq!(cache.context(info, parties).data(), want.data(), "step {n}");
        }
    }

    #[test]
    fn assign_makes_values_equal() {
        let mut old = json!({"a": "x", "b": [1, "y", {"c": null}], "gone": true});
        let new = json!({"a": "longer text", "b": ["z"], "d": {"e": 1}});
        assign(&mut old, &new);
        assert_eq!(old, new);
        let new = json!([1, 2, 3]);
        assign(&mut old, &new);
        assert_eq!(old, new);
    }

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
