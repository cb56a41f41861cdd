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
        let mut n = Self::default();
        for c in text.chars() {
            match Script::of(c) {
                Some(Script::Cyrillic) => n.cyrillic += 1,
                Some(Script::Latin) => n.latin += 1,
                _ => {}
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

    #[test]
    fn classifies_letters() {
        assert_eq!(Script::of('ў'), Some(Script::Cyrillic));
        assert_eq!(Script::of('K'), Some(Script::Latin));
        assert_eq!(Script::of('ł'), Some(Script::Latin));
        assert_eq!(Script::of('4'), None);
        assert_eq!(Script::of('№'), None);
        let n = ScriptCounts::of("ИK №4");
        assert_eq!((n.cyrillic, n.latin), (1, 1));
        assert_eq!(latin_letters("ИKK-x"), "Kx");
    }
}
