//! The output folder, replaced all at once: letters are written into a hidden sibling folder
//! that takes the place of the old one only when every letter was written, so a failed run
//! leaves the previous letters exactly as they were.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::manifest::MANIFEST_FILE;

/// A temporary sibling of the output folder; removed on drop unless committed.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

/// The hidden sibling names for `target`: `.NAME.tmp-PID` and `.NAME.old-PID`.
fn sibling(target: &Path, what: &str, pid: u32) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "letters".to_string());
    target.with_file_name(format!(".{name}.{what}-{pid}"))
}

impl Staging {
    /// Prepares to replace `target`. Refuses a `target` that exists but is not a letters
    /// folder (a file, or a non-empty folder without a manifest), so a mistyped `--out`
    /// cannot replace unrelated files.
    pub fn new(target: &Path) -> Result<Self> {
        let target = std::path::absolute(target)
            .with_context(|| format!("cannot resolve `{}`", target.display()))?;
        if target.parent().is_none() {
            bail!("cannot write letters to `{}`", target.display());
        }
        if target.exists() {
            if !target.is_dir() {
                bail!("`{}` exists and is not a folder", target.display());
            }
            let empty = std::fs::read_dir(&target)
                .with_context(|| format!("cannot read `{}`", target.display()))?
                .next()
                .is_none();
            if !empty && !target.join(MANIFEST_FILE).is_file() {
                bail!(
                    "`{}` is not a letters folder (it has no `{MANIFEST_FILE}`); choose an empty or new folder",
                    target.display()
                );
            }
        }
        let parent = target.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        remove_stale(&target);
        let temp = sibling(&target, "tmp", std::process::id());
        if temp.exists() {
            std::fs::remove_dir_all(&temp)
                .with_context(|| format!("cannot remove `{}`", temp.display()))?;
        }
        std::fs::create_dir(&temp)
            .with_context(|| format!("cannot create `{}`", temp.display()))?;
        Ok(Self {
            target,
            temp,
            committed: false,
        })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// The folder that will be replaced.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the written folder in place of the target: the old folder is moved aside, the
    /// new one renamed in, then the old one deleted. If the second rename fails the old
    /// folder is moved back.
    pub fn commit(mut self) -> Result<()> {
        let old = sibling(&self.target, "old", std::process::id());
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)
                .with_context(|| format!("cannot move `{}` aside", self.target.display()))?;
        }
        if let Err(e) = std::fs::rename(&self.temp, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e).with_context(|| format!("cannot replace `{}`", self.target.display()));
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove the old letters `{}`", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

/// Removes temporary siblings left by runs that were killed (their process is gone).
fn remove_stale(target: &Path) {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else {
            continue;
        };
        let pid = rest
            .strip_prefix("tmp-")
            .or_else(|| rest.strip_prefix("old-"))
            .and_then(|p| p.parse::<u32>().ok());
        // Only where the system lists live processes can a dead one be told apart.
        if let Some(pid) = pid
            && Path::new("/proc/self").exists()
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_run_leaves_old_folder_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("letters");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join(MANIFEST_FILE), "old").unwrap();
        {
            let staging = Staging::new(&target).unwrap();
            std::fs::write(staging.path().join(MANIFEST_FILE), "new").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(target.join(MANIFEST_FILE)).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn commit_replaces_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("letters");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("stale.txt"), "x").unwrap();
        std::fs::write(target.join(MANIFEST_FILE), "old").unwrap();
        let staging = Staging::new(&target).unwrap();
        std::fs::write(staging.path().join(MANIFEST_FILE), "new").unwrap();
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join(MANIFEST_FILE)).unwrap(),
            "new"
        );
        assert!(!target.join("stale.txt").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_a_folder_that_is_not_letters() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("campaign.toml"), "x").unwrap();
        let err = Staging::new(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not a letters folder"), "{err}");
    }
}
