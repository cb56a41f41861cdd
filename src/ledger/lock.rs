//! The send lock: one `send` at a time per ledger, from whatever workspace it is run, since
//! two runs on one ledger would each send the letters the other has not marked yet.
//!
//! With SQLite it is an advisory lock (`flock`) on a file beside the ledger, named after the
//! ledger file as the path resolves (symbolic links followed), so every workspace that names
//! the same file finds the same lock. The system releases it when the process ends, however
//! it ends. A database server would take its own advisory lock instead, behind the same
//! [`Ledger::lock_sending`].

use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use super::Ledger;

/// The lock file's name is the ledger file's followed by this.
const SUFFIX: &str = "-send-lock";

/// Held for as long as a `send` runs; released when dropped.
#[derive(Debug)]
pub struct SendLock {
    _file: File,
    path: PathBuf,
}

impl SendLock {
    /// Where the lock is held (for messages).
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }
}

impl Ledger {
    /// Takes the ledger's send lock, or fails at once, naming the ledger, if another process
    /// holds it.
    pub fn lock_sending(&self) -> Result<SendLock> {
        if self.is_postgres() {
            return Err(super::pg::unavailable("`lock_sending`"));
        }
        let shown = self.path.display();
        // The ledger file exists once it is open, so it resolves.
        let ledger = self
            .path
            .canonicalize()
            .with_context(|| format!("cannot find the ledger `{shown}`"))?;
        let mut name = ledger.file_name().unwrap_or_default().to_os_string();
        name.push(SUFFIX);
        let path = ledger.with_file_name(name);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open the send lock `{}`", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(SendLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => bail!(
                "another `marathon send` is running on the ledger `{shown}` (it holds `{}`); \
                 wait for it to finish",
                path.display()
            ),
            Err(TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("cannot lock `{}`", path.display()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The lock was the workspace's: two workspaces naming one ledger could send at once.
    #[cfg(unix)]
    #[test]
    fn one_ledger_reached_by_two_paths_has_one_send_lock() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ledger.sqlite");
        let first = Ledger::open(&file).unwrap();
        let held = first.lock_sending().unwrap();
        assert!(held.path().starts_with(dir.path().canonicalize().unwrap()));

        let other = dir.path().join("elsewhere");
        std::fs::create_dir(&other).unwrap();
        std::os::unix::fs::symlink(&file, other.join("shared.sqlite")).unwrap();
        let through_link = Ledger::open(&other.join("shared.sqlite")).unwrap();
        let err = through_link.lock_sending().unwrap_err().to_string();
        assert!(err.contains("another `marathon send` is running"), "{err}");
        let dotted = Ledger::open(&other.join("../ledger.sqlite")).unwrap();
        assert!(dotted.lock_sending().is_err());

        drop(held);
        let again = through_link.lock_sending().unwrap();
        // Another ledger in the same folder has a lock of its own.
        let second = Ledger::open(&dir.path().join("other.sqlite")).unwrap();
        second.lock_sending().unwrap();
        drop(again);
    }
}
