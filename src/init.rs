//! `init`: a new campaign workspace holding a working example (the sample campaign embedded
//! at build time), so a coordinator starts from something that checks and generates.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::campaign::CAMPAIGN_FILE;

include!(concat!(env!("OUT_DIR"), "/sample.rs"));

/// What `create` wrote.
#[derive(Debug, Clone)]
pub struct Created {
    /// The workspace folder.
    pub dir: PathBuf,
    /// The files written, relative to it.
    pub files: Vec<&'static str>,
}

/// Writes the sample campaign into `dir` (created if needed). Refuses a folder that already
/// has a campaign file, and writes nothing if any sample file is already there.
pub fn create(dir: &Path) -> Result<Created> {
    if SAMPLE.is_empty() {
        bail!("this build of marathon has no sample campaign to copy");
    }
    if dir.join(CAMPAIGN_FILE).exists() {
        bail!(
            "`{}` already has a `{CAMPAIGN_FILE}`; not overwriting it",
            dir.display()
        );
    }
    let clashes: Vec<&str> = SAMPLE
        .iter()
        .map(|(rel, _)| *rel)
        .filter(|rel| dir.join(rel).exists())
        .collect();
    if !clashes.is_empty() {
        bail!(
            "`{}` already has {}; not overwriting",
            dir.display(),
            clashes
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut files = Vec::with_capacity(SAMPLE.len());
    for (rel, bytes) in SAMPLE {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        files.push(*rel);
    }
    Ok(Created {
        dir: dir.to_path_buf(),
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_has_a_campaign_templates_and_recipients() {
        let names: Vec<&str> = SAMPLE.iter().map(|(n, _)| *n).collect();
        assert!(names.contains(&CAMPAIGN_FILE), "{names:?}");
        assert!(
            names.iter().any(|n| n.starts_with("templates/")),
            "{names:?}"
        );
        assert!(
            names.iter().any(|n| n.starts_with("recipients/")),
            "{names:?}"
        );
        assert!(
            names
                .iter()
                .all(|n| !n.contains("..") && !n.starts_with('/'))
        );
    }
}
