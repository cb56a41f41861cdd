//! Prepared texts for bilingual letters: short letters in a language the prisoner may receive,
//! signed by volunteers who do not write it, each with translations the volunteer reads.
//!
//! They live in `templates/prepared/`, as letter templates (front matter and all):
//! - `solidarity-<lang>-<g>.txt.hbs`: the letter in `<lang>` (`ru`, `be`) for a prisoner of
//!   grammatical gender `<g>` (`m`, `f`); `solidarity-<lang>.txt.hbs` is the text for every
//!   gender (it may use the `gender` helper), used for `x` and where no gendered text exists;
//! - `<vlang>/<same name>.txt.hbs`: its translation into the volunteer's language `<vlang>`
//!   (`en/solidarity-ru.txt.hbs`), printed on a separate sheet; a gendered text falls back to
//!   the translation of the text for every gender, and English (`en`) is the last resort.
//!
//! Template names are paths under `templates/` without `.txt.hbs`:
//! `prepared/solidarity-ru`, `prepared/en/solidarity-ru`.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};

use crate::recipients::Gender;

/// The folder of prepared texts inside `templates/`.
pub const PREPARED_DIR: &str = "prepared";

/// The language translations fall back to.
pub const FALLBACK_LANGUAGE: &str = "en";

const TEXT_EXT: &str = ".txt.hbs";

/// The prepared texts and translations a workspace has, by template name.
#[derive(Debug, Clone, Default)]
pub struct PreparedTexts {
    names: BTreeSet<String>,
}

/// One prepared template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedFile {
    /// Template name (`prepared/solidarity-ru-f`, `prepared/pl/solidarity-ru`).
    pub name: String,
    /// The language it is written in.
    pub language: String,
}

impl PreparedFile {
    /// The file, under `templates_dir`.
    pub fn path(&self, templates_dir: &Path) -> std::path::PathBuf {
        templates_dir.join(format!("{}{TEXT_EXT}", self.name))
    }
}

/// The gender code used in file names.
pub fn gender_code(g: Gender) -> &'static str {
    match g {
        Gender::Female => "f",
        Gender::Male => "m",
        Gender::Unspecified => "x",
    }
}

/// The `.txt.hbs` stems in `dir`; a missing folder has none.
fn stems(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list `{}`", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list `{}`", dir.display()))?;
        if let Some(stem) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.strip_suffix(TEXT_EXT))
        {
            out.push(stem.to_string());
        }
    }
    Ok(out)
}

/// The translation folders of `templates_dir/prepared/`: every subfolder but `partials`.
pub fn translation_dirs(templates_dir: &Path) -> Result<Vec<String>> {
    let dir = templates_dir.join(PREPARED_DIR);
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let entries =
        std::fs::read_dir(&dir).with_context(|| format!("cannot list `{}`", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list `{}`", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && name != crate::template::PARTIALS_DIR {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

impl PreparedTexts {
    /// Lists `templates_dir/prepared/` and its translation folders.
    pub fn scan(templates_dir: &Path) -> Result<Self> {
        let dir = templates_dir.join(PREPARED_DIR);
        let mut names: Vec<String> = stems(&dir)?
            .into_iter()
            .map(|s| format!("{PREPARED_DIR}/{s}"))
            .collect();
        for lang in translation_dirs(templates_dir)? {
            for s in stems(&dir.join(&lang))? {
                names.push(format!("{PREPARED_DIR}/{lang}/{s}"));
            }
        }
        Ok(Self::from_names(names))
    }

    /// Prepared texts from template names (`prepared/solidarity-ru`, `prepared/en/...`);
    /// other names are ignored.
    pub fn from_names<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> Self {
        Self {
            names: names
                .into_iter()
                .map(Into::into)
                .filter(|n| n.starts_with(&format!("{PREPARED_DIR}/")))
                .collect(),
        }
    }

    fn file(&self, name: String, language: &str) -> Option<PreparedFile> {
        self.names.contains(&name).then(|| PreparedFile {
            name,
            language: language.to_string(),
        })
    }

    /// The prepared letter in `language` for a prisoner of gender `gender`.
    pub fn text(&self, language: &str, gender: Gender) -> Option<PreparedFile> {
        let g = gender_code(gender);
        self.file(
            format!("{PREPARED_DIR}/solidarity-{language}-{g}"),
            language,
        )
        .or_else(|| self.file(format!("{PREPARED_DIR}/solidarity-{language}"), language))
    }

    /// The translation of `text` for a volunteer writing `languages` (preferred first),
    /// falling back to English; `None` when there is none at all.
    pub fn translation(&self, text: &PreparedFile, languages: &[String]) -> Option<PreparedFile> {
        let stem = text.name.strip_prefix(&format!("{PREPARED_DIR}/"))?;
        let neutral = format!("solidarity-{}", text.language);
        let wanted = languages
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(FALLBACK_LANGUAGE));
        for lang in wanted {
            for base in [stem, neutral.as_str()] {
                if let Some(f) = self.file(format!("{PREPARED_DIR}/{lang}/{base}"), lang) {
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
        PreparedTexts::from_names([
            "prepared/solidarity-ru",
            "prepared/solidarity-ru-f",
            "prepared/en/solidarity-ru",
            "prepared/pl/solidarity-ru-f",
            "prepared/de/solidarity-ru",
            "prepared/solidarity-be-m",
            "solidarity-ru",
        ])
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
            t.text("be", Gender::Male).unwrap().path(Path::new("t")),
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
            ("prepared/pl/solidarity-ru-f", "pl")
        );
        let de = t.translation(&f, &["fr".into(), "de".into()]).unwrap();
        assert_eq!(de.name, "prepared/de/solidarity-ru");
        let fallback = t.translation(&f, &["it".into()]).unwrap();
        assert_eq!(fallback.language, "en");
        assert!(t.can_write("ru", Gender::Unspecified));
        // A Belarusian text without any translation is not used: the volunteer must know what
        // they sign.
        assert!(!t.can_write("be", Gender::Male));
    }

    #[test]
    fn scans_the_folder_layout() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(PREPARED_DIR);
        std::fs::create_dir_all(p.join("en")).unwrap();
        std::fs::create_dir_all(p.join("partials")).unwrap();
        std::fs::write(p.join("solidarity-ru.txt.hbs"), "x").unwrap();
        std::fs::write(p.join("en/solidarity-ru.txt.hbs"), "x").unwrap();
        std::fs::write(p.join("partials/sig.txt.hbs"), "x").unwrap();
        let t = PreparedTexts::scan(dir.path()).unwrap();
        assert!(t.can_write("ru", Gender::Male));
        assert_eq!(translation_dirs(dir.path()).unwrap(), ["en"]);
    }
}
