//! Country rules: what a letter to a prisoner in a given country must look like to arrive —
//! the languages the censor lets through, the envelope address format, a length limit and the
//! words and topics that get letters withheld. Built-in rules for Belarus and Russia, extended
//! or overridden by `[countries.XX]` in the campaign file. Every check is a pure function
//! returning [`crate::diag::Diagnostics`].

mod address;
mod config;
mod defaults;
mod letter;
mod script;

use std::collections::{BTreeMap, HashMap};

pub use address::{check_prisoner, envelope_lines};
pub use config::{CountriesConfig, CountryConfig};
pub use letter::{WithheldHit, check_letter, find_withheld_words, letter_errors};
pub use script::Script;

use crate::campaign::Campaign;

/// The rules for letters to prisoners held in one country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryRules {
    /// ISO 3166-1 alpha-2 code, upper case.
    pub country: String,
    /// Languages a prisoner there may receive, lower case; empty means no restriction known.
    pub languages: Vec<String>,
    /// How the envelope address must be written.
    pub address: AddressFormat,
    /// The longest letter, in characters, that is known to get through.
    pub max_chars: Option<usize>,
    /// Words and phrases that get letters withheld, by topic.
    pub withheld: BTreeMap<String, Topic>,
    /// What the volunteer should put in the envelope with the letter.
    pub enclose: Vec<String>,
    /// Advice on postage, printed in letter packs.
    pub postage: Option<String>,
}

/// How an envelope to a prisoner in one country is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressFormat {
    /// The script the name, institution, street and town lines must be in.
    pub script: Script,
    /// The number of digits of a postcode, when fixed.
    pub postcode_digits: Option<usize>,
    /// The last line of the envelope, in Latin letters (`REPUBLIC OF BELARUS`).
    pub country_line: String,
    /// The patronymic must be known and written after the name.
    pub patronymic: bool,
    /// The year of birth must be known and written after the name.
    pub birth_year: bool,
}

/// One topic that gets letters withheld, with its words per language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Topic {
    /// Patterns per language code: a word, a phrase of words, or a word stem ending in `*`
    /// that matches every word starting with it. Compared without regard to case or `ё`/`е`.
    pub words: BTreeMap<String, Vec<String>>,
}

impl CountryRules {
    /// True when a letter in `language` may be sent (always true when no list is known).
    pub fn allows_language(&self, language: &str) -> bool {
        self.languages.is_empty() || self.languages.iter().any(|l| l == language)
    }

    /// The prisoner's languages that the rules allow, in the prisoner's order.
    pub fn allowed<'a>(&self, languages: &'a [String]) -> Vec<&'a str> {
        languages
            .iter()
            .filter(|l| self.allows_language(l))
            .map(String::as_str)
            .collect()
    }
}

/// The rules for letters to prisoners in `country`: the built-in rules (Belarus, Russia, or a
/// permissive default) with the campaign file's `[countries.XX]` entry applied over them.
pub fn rules_for(campaign: &Campaign, country: &str) -> CountryRules {
    let code = country.trim().to_ascii_uppercase();
    let mut rules = defaults::builtin(&code);
    let entry = campaign.countries.as_ref().and_then(|all| {
        all.iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(&code))
            .map(|(_, v)| v)
    });
    if let Some(entry) = entry {
        entry.apply(&mut rules);
    }
    rules
}

/// The rules of each destination country of a run, worked out once.
#[derive(Debug, Clone, Default)]
pub struct RuleBook {
    by_country: HashMap<String, CountryRules>,
}

impl RuleBook {
    /// The rules for each of `countries` under `campaign`.
    pub fn new<'a>(campaign: &Campaign, countries: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_country = HashMap::new();
        for c in countries {
            let code = c.trim().to_ascii_uppercase();
            by_country
                .entry(code)
                .or_insert_with_key(|code| rules_for(campaign, code));
        }
        Self { by_country }
    }

    /// The rules for `country`, when it was one of those given.
    pub fn get(&self, country: &str) -> Option<&CountryRules> {
        self.by_country.get(&country.trim().to_ascii_uppercase())
    }
}

#[cfg(test)]
mod tests;
