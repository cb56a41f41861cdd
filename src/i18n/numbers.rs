//! Grouped numbers per language, following the CLDR conventions.
//!
//! en `1,234`; de `1.234`; ru, be, uk `1 234` with a no-break space (U+00A0); pl uses the same
//! separator but, as CLDR says for Polish, leaves four-digit numbers ungrouped (`1234`,
//! `12 345`). Unsupported languages are grouped as in English.

use super::Lang;

const NBSP: char = '\u{a0}';

/// `n` with its digits grouped in threes as `lang` writes them.
pub fn group_number(n: u64, lang: &str) -> String {
    let (sep, min_digits) = match Lang::or_english(lang) {
        Lang::En => (',', 4),
        Lang::De => ('.', 4),
        Lang::Pl => (NBSP, 5),
        Lang::Ru | Lang::Be | Lang::Uk => (NBSP, 4),
    };
    let digits = n.to_string();
    if digits.len() < min_digits {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_per_language() {
        assert_eq!(group_number(1234, "en"), "1,234");
        assert_eq!(group_number(104_731, "en"), "104,731");
        assert_eq!(group_number(1234, "de"), "1.234");
        assert_eq!(group_number(5_796_150, "de"), "5.796.150");
        assert_eq!(group_number(1234, "ru"), "1\u{a0}234");
        assert_eq!(group_number(1234, "be"), "1\u{a0}234");
        assert_eq!(group_number(1234, "uk"), "1\u{a0}234");
        assert_eq!(group_number(1234, "pl"), "1234");
        assert_eq!(group_number(12_345, "pl"), "12\u{a0}345");
        assert_eq!(group_number(1234, "xx"), "1,234");
    }

    #[test]
    fn small_and_huge_numbers() {
        for lang in ["en", "de", "pl", "ru", "be", "uk"] {
            assert_eq!(group_number(0, lang), "0");
            assert_eq!(group_number(999, lang), "999");
        }
        assert_eq!(group_number(u64::MAX, "en"), "18,446,744,073,709,551,615");
    }
}
