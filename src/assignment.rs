//! The saved assignment of prisoners to volunteers (`.marathon/assignment.json`): written by
//! `assign`, read by `generate` to decide which solidarity letters to write.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// Where the assignment lives inside a workspace.
pub const ASSIGNMENT_FILE: &str = ".marathon/assignment.json";

/// One volunteer–prisoner pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    /// Volunteer id.
    pub volunteer: String,
    /// Prisoner id.
    pub prisoner: String,
    /// The language the letter is written in (one the prisoner may receive).
    pub language: String,
    /// True when the volunteer writes none of the prisoner's languages and signs a prepared
    /// text with a translation sheet.
    #[serde(default)]
    pub bilingual: bool,
}

/// A whole assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The seed that made it (same seed and input give the same assignment).
    pub seed: u64,
    /// Prisoners per volunteer asked for.
    pub per_volunteer: u32,
    /// The pairs, in volunteer order.
    pub pairs: Vec<Pair>,
}

/// The assignment file of the workspace at `root`.
pub fn path(root: &Path) -> PathBuf {
    root.join(ASSIGNMENT_FILE)
}

/// Reads the assignment of the workspace at `root`, if there is one.
pub fn load(root: &Path) -> Result<Option<Assignment>> {
    let p = path(root);
    if !p.exists() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(&p).with_context(|| format!("cannot read `{}`", p.display()))?;
    let a = serde_json::from_str(&text).with_context(|| {
        format!(
            "`{}` is not a saved assignment (run `marathon assign` again)",
            p.display()
        )
    })?;
    Ok(Some(a))
}

/// Saves the assignment atomically (a temporary file renamed over the old one).
pub fn save(root: &Path, assignment: &Assignment) -> Result<()> {
    let p = path(root);
    let dir = p.parent().unwrap_or(root);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let tmp = p.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(assignment)?;
    std::fs::write(&tmp, text).with_context(|| format!("cannot write `{}`", tmp.display()))?;
    std::fs::rename(&tmp, &p).with_context(|| format!("cannot replace `{}`", p.display()))?;
    Ok(())
}
