//! The letter manifest (`letters/manifest.jsonl`): one JSON line per generated letter, the
//! record every later stage (ledger, send, packs) uses to refer to a letter by its id.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// File name of the manifest inside `letters/`.
pub const MANIFEST_FILE: &str = "manifest.jsonl";

/// Appeal to an authority, or solidarity letter to a prisoner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LetterKind {
    /// A letter to the authorities holding a prisoner, asking for release or better treatment.
    Appeal,
    /// A letter or card to the prisoner.
    Solidarity,
}

/// How a letter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Sent by `marathon send`.
    Email,
    /// Printed and posted by the volunteer.
    Post,
}

/// Whether a party is an authority, a prisoner or a volunteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// An official.
    Authority,
    /// A prisoner.
    Prisoner,
    /// A volunteer.
    Volunteer,
}

/// A person at one end of a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// The id in the address book.
    pub id: String,
    /// Authority, prisoner or volunteer.
    pub role: Role,
    /// Display name.
    pub name: String,
    /// Email address, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// ISO country code.
    pub country: String,
}

/// One generated letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Stable letter id (see [`crate::ids::letter_id`]).
    pub id: String,
    /// Template name (its file name without `.txt.hbs` / `.html.hbs`).
    pub template: String,
    /// Appeal or solidarity.
    pub kind: LetterKind,
    /// Language code of the letter.
    pub language: String,
    /// The case id the letter supports.
    pub case: String,
    /// The prisoner the letter is about (solidarity: the addressee).
    pub prisoner: String,
    /// The addressee.
    pub recipient: Party,
    /// The volunteer who signs.
    pub sender: Party,
    /// Email or post.
    pub channel: Channel,
    /// Subject line (rendered from the template's front matter).
    pub subject: String,
    /// The text letter, relative to `letters/`.
    pub path: String,
    /// The HTML alternative, relative to `letters/`, where the template has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html_path: Option<String>,
}

/// Writes entries as JSON lines.
pub fn write_entry(out: &mut impl Write, entry: &ManifestEntry) -> Result<()> {
    serde_json::to_writer(&mut *out, entry)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Reads every entry of the manifest at `path`; a bad line is an error naming the line.
pub fn read(path: &Path) -> Result<Vec<ManifestEntry>> {
    let file = std::fs::File::open(path).with_context(|| {
        format!(
            "cannot open `{}` (run `marathon generate` first)",
            path.display()
        )
    })?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: cannot read", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let entry: ManifestEntry = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not a manifest entry", path.display(), i + 1))?;
        out.push(entry);
    }
    Ok(out)
}
