//! The campaign workspace: where the campaign file, templates, recipients, letters and the
//! ledger live, and how to find them from any directory inside it.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::campaign::{CAMPAIGN_FILE, Campaign};

/// A loaded workspace: its root folder and its parsed campaign file.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The folder holding `campaign.toml`.
    pub root: PathBuf,
    /// The parsed campaign file.
    pub campaign: Campaign,
}

impl Workspace {
    /// Opens the workspace at `dir`, or the nearest parent of it holding `campaign.toml`.
    pub fn open(dir: &Path) -> Result<Self> {
        let root = find_root(dir)?;
        let campaign = Campaign::load(&root.join(CAMPAIGN_FILE))?;
        Ok(Self { root, campaign })
    }

    /// `templates/`.
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }

    /// `recipients/`.
    pub fn recipients_dir(&self) -> PathBuf {
        self.root.join("recipients")
    }

    /// `letters/`, where generated letters and their manifest go.
    pub fn letters_dir(&self) -> PathBuf {
        self.root.join("letters")
    }

    /// The ledger: `MARATHON_LEDGER` when set, else the campaign setting `ledger`, else
    /// `ledger.sqlite`. A file is relative to the workspace; a `postgres://` URL is kept as
    /// it is (see [`crate::ledger::address`]).
    pub fn ledger_path(&self) -> PathBuf {
        let env = std::env::var("MARATHON_LEDGER")
            .ok()
            .filter(|v| !v.is_empty());
        let setting = env
            .as_deref()
            .or(self.campaign.ledger.as_deref())
            .unwrap_or("ledger.sqlite");
        if crate::ledger::address::is_url(setting) {
            PathBuf::from(setting)
        } else {
            self.root.join(setting)
        }
    }

    /// A path relative to the root, for messages.
    pub fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}

/// Finds the nearest folder at or above `dir` holding `campaign.toml`.
pub fn find_root(dir: &Path) -> Result<PathBuf> {
    let start = std::path::absolute(dir)?;
    let mut cur: Option<&Path> = Some(&start);
    while let Some(d) = cur {
        if d.join(CAMPAIGN_FILE).is_file() {
            return Ok(d.to_path_buf());
        }
        cur = d.parent();
    }
    bail!(
        "no `{CAMPAIGN_FILE}` in `{}` or any folder above it (start one with `marathon init DIR`)",
        start.display()
    )
}
