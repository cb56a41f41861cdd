//! Language helpers for letters: long and short dates, day and year counts, CLDR plural forms,
//! grouped numbers, gendered words and country names, in en, de, pl, ru, be and uk.
//!
//! The pure functions here are usable from Rust; [`register_helpers`] exposes them to Handlebars
//! letter templates. Unsupported language codes fall back to English for dates and numbers and to
//! the two-form (one, other) plural rule, so a letter never fails only because its language is new.

mod countries;
mod dates;
mod helpers;
mod numbers;
mod plural;

pub use countries::country_name;
pub use dates::{days_between, long_date, parse_iso_date, short_date, whole_years};
pub use helpers::register_helpers;
pub use numbers::group_number;
pub use plural::{PluralCategory, form_count, pick_form, plural_category};

/// A language with its own date, number and plural rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// German.
    De,
    /// Polish.
    Pl,
    /// Russian.
    Ru,
    /// Belarusian.
    Be,
    /// Ukrainian.
    Uk,
}

impl Lang {
    /// Reads a language code, ignoring case and any region or script part (`ru`, `RU`,
    /// `ru-BY`, `be_tarask` all work); `None` when the language has no rules here.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            "pl" => Some(Lang::Pl),
            "ru" => Some(Lang::Ru),
            "be" => Some(Lang::Be),
            "uk" => Some(Lang::Uk),
            _ => None,
        }
    }

    /// Like [`Lang::from_code`], with English for anything unsupported.
    pub fn or_english(code: &str) -> Lang {
        Lang::from_code(code).unwrap_or(Lang::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_with_regions_and_case() {
        assert_eq!(Lang::from_code("ru"), Some(Lang::Ru));
        assert_eq!(Lang::from_code(" BE-tarask "), Some(Lang::Be));
        assert_eq!(Lang::from_code("pl_PL"), Some(Lang::Pl));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::or_english("lt"), Lang::En);
    }
}
