//! Prepared texts for bilingual letters: short letters in a language the prisoner may receive,
//! signed by volunteers who do not write it, each with translations the volunteer reads.
//!
//! They live in `templates/prepared/`:
//! - `solidarity-<lang>-<g>.txt.hbs`: the letter in `<lang>` (`ru`, `be`) for a prisoner of
//!   grammatical gender `<g>` (`m`, `f`); `solidarity-<lang>.txt.hbs` is the gender-neutral
//!   text, used for `x` and where no gendered text exists;
//! - `solidarity-<lang>[-<g>].<vlang>.txt.hbs`: its translation into the volunteer's language
//!   `<vlang>`, printed on a separate sheet; English (`en`) is the fallback.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::recipients::Gender;

/// The folder of prepared texts inside `templates/`.
pub const PREPARED_DIR: &str = "prepared";

/// The language translations fall back to.
pub const FALLBACK_LANGUAGE: &str = "en";

/// The prepared texts found in a workspace.
#[derive(Debug, Clone, Default)]
pub struct PreparedTexts {
    dir: PathBuf,
    stems: BTreeSet<String>,
}

/// One prepared template file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedFile {
    /// Template name: the path under `templates/` without `.txt.hbs`
    /// (`prepared/solidarity-ru-f`).
    pub name: String,
    /// The file.
    pub path: PathBuf,
    /// The language it is written in.
    pub language: String,
}

/// The gender code used in file names.
pub fn gender_code(g: Gender) -> &'static str {
    match g {
        Gender::Female => "f",
        Gender::Male => "m",
        Gender::Unspecified => "x",
    }
}

impl PreparedTexts {
    /// Lists `templates_dir/prepared/`; a missing folder means no prepared texts.
    pub fn scan(templates_dir: &Path) -> Result<Self> {
        let dir = templates_dir.join(PREPARED_DIR);
        let mut stems = BTreeSet::new();
        if dir.is_dir() {
            let entries = std::fs::read_dir(&dir)
                .with_context(|| format!("cannot list `{}`", dir.display()))?;
            for entry in entries {
                let entry = entry.with_context(|| format!("cannot list `{}`", dir.display()))?;
                if let Some(stem) = entry
                    .file_name()
                    .to_str()
                    .and_then(|n| n.strip_suffix(".txt.hbs"))
                {
                    stems.insert(stem.to_string());
                }
            }
        }
        Ok(Self { dir, stems })
    }

    /// Prepared texts from a list of file stems (for tests and callers that list files
    /// themselves).
    pub fn from_stems<I: IntoIterator<Item = S>, S: Into<String>>(dir: &Path, stems: I) -> Self {
        Self {
            dir: dir.to_path_buf(),
            stems: stems.into_iter().map(Into::into).collect(),
        }
    }

    fn file(&self, stem: &str, language: &str) -> Option<PreparedFile> {
        self.stems.contains(stem).then(|| PreparedFile {
            name: format!("{PREPARED_DIR}/{stem}"),
            path: self.dir.join(format!("{stem}.txt.hbs")),
            language: language.to_string(),
        })
    }

    /// The prepared letter in `language` for a prisoner of gender `gender`.
    pub fn text(&self, language: &str, gender: Gender) -> Option<PreparedFile> {
        let g = gender_code(gender);
        self.file(&format!("solidarity-{language}-{g}"), language)
            .or_else(|| self.file(&format!("solidarity-{language}"), language))
    }

    /// The translation of `text` for a volunteer writing `languages` (preferred first),
    /// falling back to English; `None` when there is none at all.
    pub fn translation(&self, text: &PreparedFile, languages: &[String]) -> Option<PreparedFile> {
        let stem = text.name.strip_prefix(&format!("{PREPARED_DIR}/"))?;
        // The gender-neutral stem, for translations that do not differ by gender.
        let neutral = format!("solidarity-{}", text.language);
        let wanted = languages
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(FALLBACK_LANGUAGE));
        for lang in wanted {
            for base in [stem, neutral.as_str()] {
                if let Some(f) = self.file(&format!("{base}.{lang}"), lang) {
                    return Some(f);
                }
            }
        }
        None
    }

    /// True when a bilingual letter can be made in `language` for gender `gender`: a prepared
    /// text and at least its English translation exist.
    pub fn can_write(&self, language: &str, gender: Gender) -> bool {
        self.text(language, gender)
            .is_some_and(|t| self.translation(&t, &[]).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> PreparedTexts {
        PreparedTexts::from_stems(
            Path::new("t/prepared"),
            [
                "solidarity-ru",
                "solidarity-ru-f",
                "solidarity-ru.en",
                "solidarity-ru-f.pl",
                "solidarity-ru.de",
                "solidarity-be-m",
            ],
        )
    }

    #[test]
    fn picks_text_by_language_and_gender() {
        let t = texts();
        assert_eq!(
            t.text("ru", Gender::Female).unwrap().name,
            "prepared/solidarity-ru-f"
        );
        assert_eq!(
            t.text("ru", Gender::Male).unwrap().name,
            "prepared/solidarity-ru"
        );
        assert_eq!(
            t.text("be", Gender::Male).unwrap().path,
            Path::new("t/prepared/solidarity-be-m.txt.hbs")
        );
        assert!(t.text("be", Gender::Female).is_none());
    }

    #[test]
    fn picks_translation_by_volunteer_language_then_english() {
        let t = texts();
        let f = t.text("ru", Gender::Female).unwrap();
        let pl = t.translation(&f, &["pl".into()]).unwrap();
        assert_eq!(
            (pl.name.as_str(), pl.language.as_str()),
            ("prepared/solidarity-ru-f.pl", "pl")
        );
        let de = t.translation(&f, &["fr".into(), "de".into()]).unwrap();
        assert_eq!(de.name, "prepared/solidarity-ru.de");
        let fallback = t.translation(&f, &["it".into()]).unwrap();
        assert_eq!(fallback.language, "en");
        assert!(t.can_write("ru", Gender::Unspecified));
        // A Belarusian text without any translation is not used: the volunteer must know what
        // they sign.
        assert!(!t.can_write("be", Gender::Male));
    }
}
