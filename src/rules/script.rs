//! Writing systems: which script a letter belongs to, and which script a language is written in.

use serde::{Deserialize, Serialize};

/// A writing system, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// Cyrillic letters (Russian, Belarusian, Ukrainian…).
    Cyrillic,
    /// Latin letters.
    Latin,
    /// No requirement.
    Any,
}

impl Script {
    /// The script of one character, or `None` for digits, punctuation and other scripts.
    pub fn of(c: char) -> Option<Script> {
        // Every rendered letter is classified character by character: the common ranges are
        // answered before the Unicode tables are consulted.
        match c as u32 {
            0x41..=0x5A | 0x61..=0x7A => return Some(Script::Latin),
            0..=0x7F => return None,
            // Ѐ to ҁ: all letters (U+0482 onwards mixes in signs and combining marks).
            0x0400..=0x0481 => return Some(Script::Cyrillic),
            _ => {}
        }
        if !c.is_alphabetic() {
            return None;
        }
        match c as u32 {
            0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => {
                Some(Script::Cyrillic)
            }
            0x0041..=0x024F | 0x1E00..=0x1EFF => Some(Script::Latin),
            _ => None,
        }
    }

    /// The script `language` is written in, for the languages the rules know.
    pub fn of_language(language: &str) -> Option<Script> {
        const CYRILLIC: &[&str] = &["ru", "be", "uk", "bg", "mk", "sr", "kk", "ky", "tg", "mn"];
        const LATIN: &[&str] = &[
            "en", "pl", "de", "fr", "es", "it", "nl", "pt", "cs", "sk", "lt", "lv", "et", "sv",
            "da", "no", "nb", "fi", "hu", "ro", "hr", "sl", "ga", "is", "ca", "tr",
        ];
        if CYRILLIC.contains(&language) {
            Some(Script::Cyrillic)
        } else if LATIN.contains(&language) {
            Some(Script::Latin)
        } else {
            None
        }
    }

    /// The English name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Script::Cyrillic => "Cyrillic",
            Script::Latin => "Latin",
            Script::Any => "any script",
        }
    }
}

/// Counts of letters per script in a text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScriptCounts {
    /// Cyrillic letters.
    pub cyrillic: usize,
    /// Latin letters.
    pub latin: usize,
}

impl ScriptCounts {
    /// Counts the letters of `text`.
    pub fn of(text: &str) -> Self {
        Self::of_common(text).unwrap_or_else(|| Self::of_any(text))
    }

    /// The counts of a text whose only non-ASCII characters are U+0400 to U+047F (two bytes
    /// led by 0xD0 or 0xD1, all Cyrillic letters), or `None` for any other text. Runs on every
    /// rendered letter, so it only counts bytes, in blocks short enough for 8-bit counters,
    /// which the compiler turns into vector instructions.
    fn of_common(text: &str) -> Option<Self> {
        let (mut latin, mut cyrillic, mut leads) = (0usize, 0usize, 0usize);
        for block in text.as_bytes().chunks(255) {
            let (mut l, mut c, mut o) = (0u8, 0u8, 0u8);
            for &b in block {
                // ASCII letters: folding to lower case maps no other byte into `a..=z`.
                l += u8::from((b | 0x20).wrapping_sub(b'a') < 26);
                c += u8::from(b & 0xFE == 0xD0);
                // Lead bytes of multi-byte characters (continuation bytes are below 0xC0).
                o += u8::from(b >= 0xC0);
            }
            latin += usize::from(l);
            cyrillic += usize::from(c);
            leads += usize::from(o);
        }
        (leads == cyrillic).then_some(Self { cyrillic, latin })
    }

    /// The counts of any text, decoding the characters that are neither ASCII nor U+0400 to
    /// U+047F.
    fn of_any(text: &str) -> Self {
        let mut n = Self::default();
        let bytes = text.as_bytes();
        let mut i = 0;
        // Runs on every rendered letter, so ASCII and the two-byte encodings of U+0400 to
        // U+047F (all Cyrillic letters) are counted from their bytes; other characters are
        // decoded. `i` always stays on a character boundary.
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if b.is_ascii_alphabetic() {
                    n.latin += 1;
                }
                i += 1;
                continue;
            }
            if b == 0xD0 || b == 0xD1 {
                n.cyrillic += 1;
                i += 2;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            match Script::of(c) {
                Some(Script::Cyrillic) => n.cyrillic += 1,
                Some(Script::Latin) => n.latin += 1,
                _ => {}
            }
            i += c.len_utf8();
        }
        n
    }

    /// Letters of `script` among Cyrillic and Latin letters.
    pub fn count(self, script: Script) -> usize {
        match script {
            Script::Cyrillic => self.cyrillic,
            Script::Latin => self.latin,
            Script::Any => self.cyrillic + self.latin,
        }
    }
}

/// The Latin letters in `text`, in order, without repeats (for messages about lookalikes).
pub fn latin_letters(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if Script::of(c) == Some(Script::Latin) && !out.contains(c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn counts_match_classifying_each_character(text in "[a-zA-Z0-9 ,.Ѐ-ԯĀ-ɏḀ-ỿͰ-Ͽ№€]{0,80}") {
            let mut want = ScriptCounts::default();
            for c in text.chars() {
                match Script::of(c) {
                    Some(Script::Cyrillic) => want.cyrillic += 1,
                    Some(Script::Latin) => want.latin += 1,
                    _ => {}
                }
            }
            prop_assert_eq!(ScriptCounts::of(&text), want);
            prop_assert_eq!(ScriptCounts::of_any(&text), want);
        }

        #[test]
        fn byte_counts_match_decoding(text in "[a-zA-Z0-9 ,.@`{\\[\nЀ-ѿ]{0,700}") {
            prop_assert_eq!(ScriptCounts::of_common(&text), Some(ScriptCounts::of_any(&text)));
        }
    }

    #[test]
    fn classifies_letters() {
        assert_eq!(Script::of('ў'), Some(Script::Cyrillic));
        assert_eq!(Script::of('K'), Some(Script::Latin));
        assert_eq!(Script::of('ł'), Some(Script::Latin));
        assert_eq!(Script::of('4'), None);
        assert_eq!(Script::of('№'), None);
        assert_eq!(Script::of('҂'), None);
        assert_eq!(Script::of('['), None);
        assert_eq!(Script::of('Ё'), Some(Script::Cyrillic));
        let n = ScriptCounts::of("ИK №4");
        assert_eq!((n.cyrillic, n.latin), (1, 1));
        assert_eq!(latin_letters("ИKK-x"), "Kx");
    }
}
