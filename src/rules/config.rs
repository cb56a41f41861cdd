//! The `[countries.XX]` tables of the campaign file: every field optional, applied over the
//! built-in rules of that country.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{CountryRules, Script};

/// `[countries]`: country code (`BY`, `RU`) to its entry.
pub type CountriesConfig = BTreeMap<String, CountryConfig>;

/// One `[countries.XX]` table. A field that is given replaces the built-in value; a topic under
/// `withheld` replaces the built-in words of that topic for each language it names, and a new
/// topic name adds a topic. An empty list switches a topic off for that language.
///
/// ```toml
/// [countries.BY]
/// max_chars = 2500
/// [countries.BY.withheld.sport]
/// ru = ["хоккей*"]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountryConfig {
    /// Languages a prisoner there may receive.
    #[serde(default)]
    pub languages: Option<Vec<String>>,
    /// The longest letter in characters.
    #[serde(default)]
    pub max_chars: Option<usize>,
    /// The script of the name, institution, street and town lines.
    #[serde(default)]
    pub script: Option<Script>,
    /// The number of digits of a postcode (0 turns the check off).
    #[serde(default)]
    pub postcode_digits: Option<usize>,
    /// The Latin country line at the bottom of the envelope.
    #[serde(default)]
    pub country_line: Option<String>,
    /// The patronymic is required on the envelope.
    #[serde(default)]
    pub patronymic: Option<bool>,
    /// The year of birth is required on the envelope.
    #[serde(default)]
    pub birth_year: Option<bool>,
    /// What to put in the envelope with the letter.
    #[serde(default)]
    pub enclose: Option<Vec<String>>,
    /// Advice on postage for letter packs.
    #[serde(default)]
    pub postage: Option<String>,
    /// Topic name to its words per language.
    #[serde(default)]
    pub withheld: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

impl CountryConfig {
    /// Applies this entry over `rules`.
    pub fn apply(&self, rules: &mut CountryRules) {
        if let Some(langs) = &self.languages {
            rules.languages = langs
                .iter()
                .map(|l| l.trim().to_ascii_lowercase())
                .filter(|l| !l.is_empty())
                .collect();
        }
        if let Some(n) = self.max_chars {
            rules.max_chars = (n > 0).then_some(n);
        }
        if let Some(s) = self.script {
            rules.address.script = s;
        }
        if let Some(n) = self.postcode_digits {
            rules.address.postcode_digits = (n > 0).then_some(n);
        }
        if let Some(line) = &self.country_line {
            rules.address.country_line = line.trim().to_string();
        }
        if let Some(b) = self.patronymic {
            rules.address.patronymic = b;
        }
        if let Some(b) = self.birth_year {
            rules.address.birth_year = b;
        }
        if let Some(list) = &self.enclose {
            rules.enclose = list.clone();
        }
        if let Some(p) = &self.postage {
            rules.postage = Some(p.clone()).filter(|p| !p.trim().is_empty());
        }
        for (topic, per_language) in &self.withheld {
            let entry = rules.withheld.entry(topic.clone()).or_default();
            for (lang, words) in per_language {
                entry
                    .words
                    .insert(lang.trim().to_ascii_lowercase(), words.clone());
            }
        }
    }
}
