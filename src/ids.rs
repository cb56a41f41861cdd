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

/// Characters of a letter id in its short reference.
pub const SHORT_REF_LEN: usize = 8;

/// The short reference a volunteer reads to the coordinator: the first 8 characters of the
/// letter id in two groups, `8279-bfdd`. `record --letter` takes it (see [`ref_key`]).
pub fn short_ref(id: &str) -> String {
    let head: String = id.chars().take(SHORT_REF_LEN).collect();
    if head.chars().count() < SHORT_REF_LEN {
        return head;
    }
    let (a, b) = head.split_at(head.char_indices().nth(4).map_or(head.len(), |(i, _)| i));
    format!("{a}-{b}")
}

/// A reference as typed (`8279-BFDD`, `8279 bfdd`, a whole id) reduced to what is compared
/// with letter ids: lowercase, without dashes and spaces.
pub fn ref_key(reference: &str) -> String {
    reference
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The number a letter id of 16 lowercase hex digits stands for (every generated letter's id,
/// see [`letter_id`]); `None` for any other id. The order of the numbers is the order of the
/// ids, so a table of letters can keep eight bytes an id.
pub fn hex_number(id: &str) -> Option<u64> {
    let b = id.as_bytes();
    if b.len() != 16 || !b.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    u64::from_str_radix(id, 16).ok()
}

/// A readable, safe file-name fragment from a person's name: any script is transliterated to
/// ASCII (Cyrillic, Latin with diacritics, Greek...), everything else becomes `-`; never
/// empty, never `.` or `..`, never containing a path separator; at most 40 characters.
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut s = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if c == '\'' {
            // Soft signs and apostrophes (`Алесь`, `O'Brien`) vanish rather than split a word.
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
        if s.len() >= 40 {
            break;
        }
    }
    let s = s.trim_end_matches('-');
    if s.is_empty() {
        "x".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_references_are_the_id_head_in_two_groups() {
        assert_eq!(short_ref("8279bfddc1cc2340"), "8279-bfdd");
        assert_eq!(short_ref("abc"), "abc");
        assert_eq!(ref_key("8279-BFDD"), "8279bfdd");
        assert_eq!(ref_key(" 8279 bfdd "), "8279bfdd");
        assert!("8279bfddc1cc2340".starts_with(&ref_key(&short_ref("8279bfddc1cc2340"))));
    }

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
        assert_eq!(slug("Līga Bērziņa"), "liga-berzina");
        assert_eq!(slug("Žemaitė Jürgen"), "zemaite-jurgen");
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
