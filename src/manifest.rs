//! The letter manifest (`letters/manifest.jsonl`): one JSON line per generated letter, the
//! record every later stage (ledger, send, packs) uses to refer to a letter by its id.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

mod stream;

pub use stream::{Place, Places, Reader};

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

impl LetterKind {
    /// The kind as the manifest writes it (`appeal`, `solidarity`).
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::Appeal => "appeal",
            LetterKind::Solidarity => "solidarity",
        }
    }
}

impl Channel {
    /// The channel as the manifest writes it (`email`, `post`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Post => "post",
        }
    }
}

impl Role {
    /// The role as the manifest writes it (`authority`, `prisoner`, `volunteer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Authority => "authority",
            Role::Prisoner => "prisoner",
            Role::Volunteer => "volunteer",
        }
    }
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
    /// For a prepared bilingual letter: the translation sheet in the volunteer's language,
    /// relative to `letters/` (printed for the volunteer, never posted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation_path: Option<String>,
}

/// Writes entries as JSON lines.
pub fn write_entry(out: &mut impl Write, entry: &ManifestEntry) -> Result<()> {
    serde_json::to_writer(&mut *out, entry)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Reads every entry of the manifest at `path`; a bad line is an error naming the line. For a
/// manifest of any size, read it with a [`Reader`] instead.
pub fn read(path: &Path) -> Result<Vec<ManifestEntry>> {
    let mut reader = Reader::open(path)?;
    let mut out = Vec::new();
    while let Some((_, _, entry)) = reader.next_entry()? {
        out.push(entry);
    }
    Ok(out)
}

/// Where a letter is in its life: every change is an event in the ledger; the latest counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LetterStatus {
    /// Handed to the mail server; no answer recorded yet (in doubt until one is).
    Sent,
    /// Accepted by the mail server (the reply is kept as the event's detail).
    Delivered,
    /// A temporary failure (4xx, dropped connection, timeout); will be retried.
    Deferred,
    /// A permanent failure (5xx, invalid address); the reason is the event's detail.
    Failed,
    /// Put in the post by the volunteer.
    Posted,
    /// Confirmed received by the prisoner, family or lawyer.
    Received,
    /// The prisoner or official replied.
    Replied,
    /// Came back undelivered.
    Returned,
    /// Withheld by the censor or the institution.
    Withheld,
}

impl LetterStatus {
    /// Every status, in life-cycle order.
    pub const ALL: [LetterStatus; 9] = [
        LetterStatus::Sent,
        LetterStatus::Delivered,
        LetterStatus::Deferred,
        LetterStatus::Failed,
        LetterStatus::Posted,
        LetterStatus::Received,
        LetterStatus::Replied,
        LetterStatus::Returned,
        LetterStatus::Withheld,
    ];

    /// The lowercase name used on the command line, in files and in the ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            LetterStatus::Sent => "sent",
            LetterStatus::Delivered => "delivered",
            LetterStatus::Deferred => "deferred",
            LetterStatus::Failed => "failed",
            LetterStatus::Posted => "posted",
            LetterStatus::Received => "received",
            LetterStatus::Replied => "replied",
            LetterStatus::Returned => "returned",
            LetterStatus::Withheld => "withheld",
        }
    }
}

impl std::fmt::Display for LetterStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for LetterStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LetterStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = LetterStatus::ALL.iter().map(|s| s.as_str()).collect();
                format!(
                    "`{s}` is not a letter status (one of: {})",
                    names.join(", ")
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `as_str` and the manifest's JSON must name each variant alike.
    #[test]
    fn names_are_the_serialized_names() {
        let json = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
        for k in [LetterKind::Appeal, LetterKind::Solidarity] {
            assert_eq!(k.as_str(), json(serde_json::to_value(k).unwrap()));
        }
        for c in [Channel::Email, Channel::Post] {
            assert_eq!(c.as_str(), json(serde_json::to_value(c).unwrap()));
        }
        for r in [Role::Authority, Role::Prisoner, Role::Volunteer] {
            assert_eq!(r.as_str(), json(serde_json::to_value(r).unwrap()));
        }
    }
}
