//! CLDR plural categories for whole numbers, and picking the word form for a count.
//!
//! en, de and unsupported languages: one (1), other. ru, be, uk: one (ends in 1, not 11),
//! few (ends in 2–4, not 12–14), many (the rest, 0 included). pl: one (exactly 1), few (ends in
//! 2–4, not 12–14), many (the rest: 0, 5–21, 25, …; so 21 is many and 22 is few).

use super::Lang;

/// A CLDR plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluralCategory {
    /// `1 letter`, `21 день`.
    One,
    /// `2 дня`, `22 listy`.
    Few,
    /// `5 дней`, `21 listów`.
    Many,
    /// `0 letters`, `5 Briefe`.
    Other,
}

/// Whether `lang` uses the three forms one, few, many (else one, other).
fn three_forms(lang: &str) -> bool {
    matches!(
        Lang::from_code(lang),
        Some(Lang::Pl | Lang::Ru | Lang::Be | Lang::Uk)
    )
}

/// The plural category of the whole number `n` in `lang`.
pub fn plural_category(n: u64, lang: &str) -> PluralCategory {
    let (last, last2) = (n % 10, n % 100);
    let few = (2..=4).contains(&last) && !(12..=14).contains(&last2);
    match Lang::from_code(lang) {
        Some(Lang::Ru | Lang::Be | Lang::Uk) if last == 1 && last2 != 11 => PluralCategory::One,
        Some(Lang::Pl) if n == 1 => PluralCategory::One,
        Some(Lang::Ru | Lang::Be | Lang::Uk | Lang::Pl) if few => PluralCategory::Few,
        Some(Lang::Ru | Lang::Be | Lang::Uk | Lang::Pl) => PluralCategory::Many,
        _ if n == 1 => PluralCategory::One,
        _ => PluralCategory::Other,
    }
}

/// How many word forms a template gives for `lang`: 3 (one, few, many) or 2 (one, other).
pub fn form_count(lang: &str) -> usize {
    if three_forms(lang) { 3 } else { 2 }
}

/// The form among `forms` (ordered one, few, many or one, other) for `n` in `lang`;
/// `None` when `forms` does not hold exactly [`form_count`] forms.
pub fn pick_form<'a>(n: u64, lang: &str, forms: &[&'a str]) -> Option<&'a str> {
    if forms.len() != form_count(lang) {
        return None;
    }
    let index = match plural_category(n, lang) {
        PluralCategory::One => 0,
        PluralCategory::Few | PluralCategory::Other => 1,
        PluralCategory::Many => 2,
    };
    forms.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::PluralCategory::{Few, Many, One, Other};
    use super::*;

    const TRICKY: [u64; 13] = [0, 1, 2, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1000];

    fn categories(lang: &str) -> Vec<PluralCategory> {
        TRICKY.iter().map(|&n| plural_category(n, lang)).collect()
    }

    #[test]
    fn east_slavic_rules() {
        let expected = [
            Many, One, Few, Many, Many, Many, Many, One, Few, Many, One, Many, Many,
        ];
        for lang in ["ru", "be", "uk"] {
            assert_eq!(categories(lang), expected, "{lang}");
        }
    }

    #[test]
    fn polish_rules() {
        let expected = [
            Many, One, Few, Many, Many, Many, Many, Many, Few, Many, Many, Many, Many,
        ];
        assert_eq!(categories("pl"), expected);
        assert_eq!(plural_category(1002, "pl"), Few);
        assert_eq!(plural_category(1012, "pl"), Many);
    }

    #[test]
    fn two_form_rules_and_fallback() {
        let mut expected = vec![Other; TRICKY.len()];
        expected[1] = One;
        for lang in ["en", "de", "fr", ""] {
            assert_eq!(categories(lang), expected, "{lang}");
        }
    }

    #[test]
    fn picks_forms() {
        let days = ["день", "дня", "дней"];
        assert_eq!(pick_form(411, "ru", &days), Some("дней"));
        assert_eq!(pick_form(21, "ru", &days), Some("день"));
        assert_eq!(pick_form(23, "ru", &days), Some("дня"));
        let letters = ["list", "listy", "listów"];
        assert_eq!(pick_form(21, "pl", &letters), Some("listów"));
        assert_eq!(pick_form(22, "pl", &letters), Some("listy"));
        assert_eq!(pick_form(1, "de", &["Brief", "Briefe"]), Some("Brief"));
        assert_eq!(pick_form(0, "en", &["letter", "letters"]), Some("letters"));
        assert_eq!(pick_form(2, "en", &days), None);
        assert_eq!(pick_form(2, "ru", &["день", "дня"]), None);
        assert_eq!(form_count("uk"), 3);
        assert_eq!(form_count("xx"), 2);
    }
}
