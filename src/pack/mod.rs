//! Letter packs: for each volunteer, one printable HTML file (A4 or US Letter) with their
//! post letters, the envelope address of each exactly as the destination country requires,
//! what to enclose, postage advice and how the volunteer reports the letter posted, by its
//! short reference.

pub mod flow;
mod html;

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

pub use crate::ids::short_ref;
pub use html::{PRINT_CSS, escape, render, render_with, text_html};

use crate::diag::{Diagnostic, Diagnostics};
use crate::ids::slug;
use crate::ledger::LetterEdit;
use crate::manifest::{Channel, LetterKind, ManifestEntry, Role};
use crate::recipients::AddressBook;
use crate::rules::{CountryRules, check_letter, check_prisoner, envelope_lines, rules_for};
use crate::workspace::Workspace;

/// Where packs are written, inside `letters/`.
pub const PACKS_DIR: &str = "packs";

/// One letter in a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackLetter {
    /// The letter id.
    pub id: String,
    /// Appeal or solidarity.
    pub kind: LetterKind,
    /// The addressee's name.
    pub recipient: String,
    /// The letter's language.
    pub language: String,
    /// Envelope lines, top to bottom.
    pub envelope: Vec<String>,
    /// The letter text.
    pub text: String,
    /// The translation sheet for a prepared bilingual letter.
    pub translation: Option<String>,
    /// What goes in the envelope besides the letter.
    pub enclose: Vec<String>,
    /// Postage advice.
    pub postage: Option<String>,
}

/// One volunteer's pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pack {
    /// Volunteer id.
    pub volunteer: String,
    /// Volunteer name.
    pub name: String,
    /// The pack file name inside `letters/packs/`.
    pub file: String,
    /// The letters, in manifest order.
    pub letters: Vec<PackLetter>,
}

/// Builds the packs of the volunteers in `only` (all when empty) from the post letters of the
/// manifest. A letter that cannot go into a pack (its file is missing, its prisoner was
/// released, its address or text breaks the country rules) is left out and reported.
pub fn build(
    ws: &Workspace,
    book: &AddressBook,
    entries: &[ManifestEntry],
    only: &[String],
) -> (Vec<Pack>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut by_volunteer: BTreeMap<&str, Vec<PackLetter>> = BTreeMap::new();
    let mut names: BTreeMap<&str, &str> = BTreeMap::new();
    let mut rules: BTreeMap<String, CountryRules> = BTreeMap::new();
    for e in entries {
        if e.channel != Channel::Post || !(only.is_empty() || only.contains(&e.sender.id)) {
            continue;
        }
        names.insert(&e.sender.id, &e.sender.name);
        match letter(ws, book, e, &mut rules) {
            Ok(l) => by_volunteer.entry(&e.sender.id).or_default().push(l),
            Err(d) => diags.push(d),
        }
    }
    let packed: BTreeMap<&str, &str> = by_volunteer.keys().map(|&id| (id, names[id])).collect();
    let mut files = file_names(&packed);
    let packs = by_volunteer
        .into_iter()
        .map(|(id, letters)| {
            let file = files.remove(id).unwrap_or_default();
            Pack {
                volunteer: id.to_string(),
                name: book
                    .volunteer(id)
                    .map_or(names[id], |v| v.name.as_str())
                    .to_string(),
                file,
                letters,
            }
        })
        .collect();
    (packs, diags)
}

/// The pack file name of each volunteer with a pack, by id, from the name the manifest gives
/// them (`names`: id to name): the name's slug, and the id's too where two names make the same
/// slug, so that two volunteers with the same name keep apart.
pub fn file_names<'a>(names: &BTreeMap<&'a str, &str>) -> BTreeMap<&'a str, String> {
    let mut slugs: BTreeMap<String, usize> = BTreeMap::new();
    for name in names.values() {
        *slugs.entry(slug(name)).or_default() += 1;
    }
    names
        .iter()
        .map(|(&id, name)| {
            let base = slug(name);
            let file = if slugs[&base] > 1 {
                format!("{base}-{}.html", slug(id))
            } else {
                format!("{base}.html")
            };
            (id, file)
        })
        .collect()
}

/// Resolves one manifest entry into a pack letter.
fn letter(
    ws: &Workspace,
    book: &AddressBook,
    e: &ManifestEntry,
    rules: &mut BTreeMap<String, CountryRules>,
) -> Result<PackLetter, Diagnostic> {
    let shown = Path::new("letters").join(&e.path);
    let fail = |msg: String| Diagnostic::error(&shown, format!("letter `{}`: {msg}", e.id));
    let text = read_letter(ws, &e.path).map_err(fail)?;
    let translation = match &e.translation_path {
        Some(p) => Some(read_letter(ws, p).map_err(fail)?),
        None => None,
    };
    let country = e.recipient.country.to_ascii_uppercase();
    let r = rules
        .entry(country.clone())
        .or_insert_with(|| rules_for(&ws.campaign, &country))
        .clone();
    let (envelope, enclose) = match e.recipient.role {
        Role::Prisoner => {
            let p = book.prisoner(&e.recipient.id).ok_or_else(|| {
                fail(format!(
                    "prisoner `{}` is not in the recipient files",
                    e.recipient.id
                ))
            })?;
            if !p.receives_letters() {
                return Err(fail(format!(
                    "prisoner `{}` no longer receives campaign letters; do not post it",
                    p.id
                )));
            }
            let mut problems = check_prisoner(p, &r);
            problems.extend(check_letter(&text, &e.language, &r, &shown));
            if let Some(d) = problems
                .0
                .into_iter()
                .find(|d| d.severity == crate::diag::Severity::Error)
            {
                return Err(d);
            }
            (envelope_lines(p, &r), r.enclose.clone())
        }
        Role::Authority => {
            let a = book.authority(&e.recipient.id).ok_or_else(|| {
                fail(format!(
                    "authority `{}` is not in the recipient files",
                    e.recipient.id
                ))
            })?;
            // As the letters' own address blocks: the name as addressed (it carries the
            // office), then the organisation.
            let mut lines = vec![a.name.clone()];
            lines.extend(a.organisation.clone());
            lines.push(a.street.clone());
            lines.push(format!("{}, {}", a.postcode, a.town));
            lines.push(r.address.country_line.clone());
            (lines, Vec::new())
        }
        Role::Volunteer => return Err(fail("is addressed to a volunteer".to_string())),
    };
    Ok(PackLetter {
        id: e.id.clone(),
        kind: e.kind,
        recipient: e.recipient.name.clone(),
        language: e.language.clone(),
        envelope,
        text,
        translation,
        enclose,
        postage: r.postage.clone(),
    })
}

/// Reads a letter file named in the manifest; the name must stay inside `letters/`.
fn read_letter(ws: &Workspace, rel: &str) -> Result<String, String> {
    let p = PathBuf::from(rel);
    if p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!("`{rel}` is not a path inside `letters/`"));
    }
    let full = ws.letters_dir().join(p);
    std::fs::read_to_string(&full).map_err(|e| format!("cannot read `{}`: {e}", full.display()))
}

/// Puts each letter's latest saved edit (`edits`, by letter id: one volunteer's, as
/// [`crate::ledger::Ledger::letter_edits`] reads them) in place of its generated text, as the
/// volunteer's print view and `marathon pack` both print it. Returns the ids of the letters it
/// changed, in pack order.
pub fn apply_edits(letters: &mut [PackLetter], edits: &HashMap<String, LetterEdit>) -> Vec<String> {
    let mut edited = Vec::new();
    for l in letters {
        if let Some(e) = edits.get(&l.id) {
            l.text.clone_from(&e.text);
            edited.push(l.id.clone());
        }
    }
    edited
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pack files are named once every pack is known: two volunteers whose names make the same
    // file name keep apart by their ids, a third keeps the plain name.
    #[test]
    fn file_names_keep_volunteers_with_the_same_name_apart() {
        let names = BTreeMap::from([("v1", "Anna Nowak"), ("v2", "Anna  Nowak"), ("v3", "Hans")]);
        let files = file_names(&names);
        assert_eq!(files["v3"], "hans.html");
        assert_ne!(files["v1"], files["v2"]);
        assert!(files["v1"].ends_with("-v1.html"), "{files:?}");
    }
}
