//! A workspace with email letters ready to send: campaign file with an `[smtp]` table, a
//! manifest and the letter files, written directly (no templates involved).

use std::fmt::Write as _;

use marathon::manifest::{Channel, LetterKind, ManifestEntry, Party, Role, write_entry};

use crate::support::Workspace;

/// The campaign id every fixture uses.
pub const CAMPAIGN: &str = "solidarity-2026";

/// A workspace and the letters in its manifest.
pub struct Fixture {
    pub ws: Workspace,
    pub letters: Vec<ManifestEntry>,
}

/// `[smtp]` for an unencrypted local test server, fast retries, no rate limit.
pub fn plain_smtp(port: u16) -> String {
    format!(
        "host = \"127.0.0.1\"\nport = {port}\nsecurity = \"plain\"\nconnections = 4\n\
         retry_delay = \"5ms\"\ntimeout = \"10s\"\n"
    )
}

/// Letter number `i`: an appeal to official `i`, signed by volunteer `i`.
pub fn letter(i: usize) -> ManifestEntry {
    ManifestEntry {
        id: format!("{i:016x}"),
        template: "appeal".into(),
        kind: LetterKind::Appeal,
        language: "ru".into(),
        case: "bialiatski".into(),
        prisoner: "bialiatski".into(),
        recipient: Party {
            id: format!("official-{i}"),
            role: Role::Authority,
            name: format!("Official {i}"),
            email: Some(format!("official{i}@example.org")),
            country: "BY".into(),
        },
        sender: Party {
            id: format!("volunteer-{i}"),
            role: Role::Volunteer,
            name: format!("Volunteer {i}"),
            email: Some(format!("volunteer{i}@example.org")),
            country: "PL".into(),
        },
        channel: Channel::Email,
        subject: format!("Appeal {i}"),
        path: format!("appeal/{i}.txt"),
        html_path: None,
        translation_path: None,
    }
}

impl Fixture {
    /// `n` plain letters.
    pub fn new(n: usize, smtp: &str) -> Self {
        Self::with_letters((0..n).map(letter).collect(), smtp)
    }

    /// The given letters, each with a short text (and an HTML file where `html_path` is set).
    pub fn with_letters(letters: Vec<ManifestEntry>, smtp: &str) -> Self {
        let ws = Workspace::empty();
        ws.write("campaign.toml", campaign_toml(smtp));
        let dir = ws.path().join("letters");
        std::fs::create_dir_all(dir.join("appeal")).unwrap();
        let mut manifest = Vec::new();
        for l in &letters {
            write_entry(&mut manifest, l).unwrap();
            let text = format!(
                "Dear {},\n\nplease release him.\n\n{}\n",
                l.recipient.name, l.sender.name
            );
            std::fs::write(dir.join(&l.path), text).unwrap();
            if let Some(html) = &l.html_path {
                std::fs::write(dir.join(html), format!("<p>Dear {},</p>", l.recipient.name))
                    .unwrap();
            }
        }
        std::fs::write(dir.join("manifest.jsonl"), manifest).unwrap();
        Fixture { ws, letters }
    }

    /// The Message-ID `send` gives letter `i` (without angle brackets).
    pub fn message_id(&self, i: usize) -> String {
        format!("{}.{CAMPAIGN}@example.org", self.letters[i].id)
    }
}

/// A campaign file with `smtp` as its `[smtp]` table.
pub fn campaign_toml(smtp: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "id = \"{CAMPAIGN}\"\nname = \"Solidarity with Belarus\"\nstarts = 2026-08-04\n\
         ends = 2026-08-18\n\n[sender]\nname = \"Letters for Belarus\"\n\
         email = \"letters@example.org\"\n\n[smtp]\n{smtp}"
    );
    s
}
