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
    /// Counts the letters of `text`. Runs on every rendered letter, so ASCII letters and the
    /// two-byte characters U+0400 to U+047F (all Cyrillic letters, led by byte 0xD0 or 0xD1)
    /// are counted from their bytes in 32 lanes of 8-bit counters, which the compiler turns
    /// into vector instructions; only the other characters are decoded, in the stretches of
    /// the text that have any.
    pub fn of(text: &str) -> Self {
        let mut n = Self::default();
        for (k, stretch) in text.as_bytes().chunks(STRETCH).enumerate() {
            let (blocks, rest) = stretch.as_chunks::<LANES>();
            let mut lanes = Lanes::default();
            for block in blocks {
                lanes.add(block);
            }
            let mut last = [0u8; LANES];
            last[..rest.len()].copy_from_slice(rest);
            lanes.add(&last);
            let (latin, cyrillic, leads) = lanes.totals();
            n.latin += latin;
            n.cyrillic += cyrillic;
            if leads == cyrillic {
                continue;
            }
            // Every character has exactly one lead byte, so each is decoded from its own; only
            // the blocks holding one are looked at byte by byte.
            let other = |b: u8| b >= 0xC0 && b & 0xFE != 0xD0;
            for (j, block) in stretch.chunks(LANES).enumerate() {
                if !block.iter().fold(false, |any, &b| any | other(b)) {
                    continue;
                }
                for (i, &b) in block.iter().enumerate() {
                    if !other(b) {
                        continue;
                    }
                    let at = k * STRETCH + j * LANES + i;
                    match text
                        .get(at..)
                        .and_then(|r| r.chars().next())
                        .and_then(Script::of)
                    {
                        Some(Script::Cyrillic) => n.cyrillic += 1,
                        Some(Script::Latin) => n.latin += 1,
                        _ => {}
                    }
                }
            }
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

/// Bytes counted side by side by [`ScriptCounts::of`].
const LANES: usize = 32;

/// Bytes counted before the lanes are added up: few enough that no 8-bit lane overflows.
const STRETCH: usize = 8 * LANES;

/// Per-lane counts of ASCII letters, of the lead bytes of U+0400 to U+047F, and of all lead
/// bytes of multi-byte characters.
#[derive(Default)]
struct Lanes {
    latin: [u8; LANES],
    cyrillic: [u8; LANES],
    leads: [u8; LANES],
}

impl Lanes {
    /// Counts `LANES` bytes, one per lane.
    fn add(&mut self, block: &[u8; LANES]) {
        for (i, &b) in block.iter().enumerate() {
            // Folding to lower case maps no byte but an ASCII letter into `a..=z`.
            self.latin[i] += u8::from((b | 0x20).wrapping_sub(b'a') < 26);
            self.cyrillic[i] += u8::from(b & 0xFE == 0xD0);
            // Continuation bytes are below 0xC0.
            self.leads[i] += u8::from(b >= 0xC0);
        }
    }

    /// The three counts, summed over the lanes.
    fn totals(&self) -> (usize, usize, usize) {
        let sum = |l: &[u8; LANES]| l.iter().map(|&x| usize::from(x)).sum::<usize>();
        (sum(&self.latin), sum(&self.cyrillic), sum(&self.leads))
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

    /// The counts taken one character at a time, the obvious way.
    fn char_by_char(text: &str) -> ScriptCounts {
        let mut want = ScriptCounts::default();
        for c in text.chars() {
            match Script::of(c) {
                Some(Script::Cyrillic) => want.cyrillic += 1,
                Some(Script::Latin) => want.latin += 1,
                _ => {}
            }
        }
        want
    }

    proptest! {
        #[test]
        fn counts_match_classifying_each_character(text in "[a-zA-Z0-9 ,.Ѐ-ԯĀ-ɏḀ-ỿͰ-Ͽ№€]{0,80}") {
            prop_assert_eq!(ScriptCounts::of(&text), char_by_char(&text));
        }

        #[test]
        fn byte_counts_match_classifying_each_character(
            text in "[a-zA-Z0-9 ,.@`{\\[\nЀ-ѿ№ółө«»]{0,700}"
        ) {
            prop_assert_eq!(ScriptCounts::of(&text), char_by_char(&text));
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
