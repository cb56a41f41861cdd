//! Stable identifiers: letter ids and file-system-safe names derived from people's names.

use sha2::{Digest, Sha256};

/// The stable id of a letter: the first 16 hex digits of SHA-256 over the campaign id, the
/// template name, the recipient id and the sender id (separated by NUL). Unchanged input
/// always gives the same id, so later stages (ledger, send, packs) can refer to a letter.
pub fn letter_id(campaign: &str, template: &str, recipient: &str, sender: &str) -> String {
    let mut h = Sha256::new();
    for (i, part) in [campaign, template, recipient, sender].iter().enumerate() {
        if i > 0 {
            h.update([0u8]);
        }
        h.update(part.as_bytes());
    }
    let digest = h.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(16);
    for b in &digest[..8] {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

/// A readable, safe file-name fragment from a person's name: Cyrillic and Latin letters with
/// diacritics are transliterated to ASCII, everything else becomes `-`; never empty, never
/// `.` or `..`, never containing a path separator; at most 40 characters.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let t = translit(c);
        match t {
            Some(s) => out.push_str(s),
            None if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            None => out.push('-'),
        }
    }
    let mut collapsed = String::with_capacity(out.len());
    for c in out.chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        };
        if c == '-' && (collapsed.is_empty() || collapsed.ends_with('-')) {
            continue;
        }
        collapsed.push(c);
    }
    let mut s: String = collapsed.trim_end_matches('-').chars().take(40).collect();
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() { "x".to_string() } else { s }
}

/// ASCII transliteration of one character (Belarusian/Russian Cyrillic, common Latin accents).
fn translit(c: char) -> Option<&'static str> {
    let lower: char = c.to_lowercase().next().unwrap_or(c);
    Some(match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "h",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "io",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'і' => "i",
        'й' => "j",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "iu",
        'я' => "ia",
        'є' => "ie",
        'ї' => "i",
        'ą' => "a",
        'ć' => "c",
        'ę' => "e",
        'ł' => "l",
        'ń' => "n",
        'ó' => "o",
        'ś' => "s",
        'ź' | 'ż' => "z",
        'ä' => "ae",
        'ö' => "oe",
        'ü' => "ue",
        'ß' => "ss",
        'á' | 'à' | 'â' => "a",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'ú' | 'ù' | 'û' => "u",
        'č' => "c",
        'š' => "s",
        'ž' => "z",
        'ř' => "r",
        'ě' => "e",
        'ý' => "y",
        'ů' => "u",
        'ñ' => "n",
        'ç' => "c",
        'ø' => "o",
        'å' => "a",
        'æ' => "ae",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn letter_id_is_stable_and_separated() {
        let a = letter_id("c", "t", "r", "s");
        assert_eq!(a, letter_id("c", "t", "r", "s"));
        assert_eq!(a.len(), 16);
        assert_ne!(letter_id("c", "t", "rs", ""), letter_id("c", "t", "r", "s"));
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slug("Алесь Бяляцкі"), "ales-bialiatski");
        assert_eq!(slug("Zuzanna Łukasiewicz"), "zuzanna-lukasiewicz");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug(".."), "x");
        assert_eq!(slug(""), "x");
    }

    proptest! {
        #[test]
        fn slug_is_always_safe(name in ".*") {
            let s = slug(&name);
            prop_assert!(!s.is_empty());
            prop_assert!(s != "." && s != "..");
            prop_assert!(s.len() <= 40);
            prop_assert!(s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        }
    }
}
