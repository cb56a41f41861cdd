//! The send lock: one `send` at a time per SQLite ledger, from whatever workspace it is run,
//! since two runs on one ledger would each send the letters the other has not marked yet; and
//! the calls with which runs on a PostgreSQL ledger go side by side instead, each letter
//! claimed before it is handed over and one another run has left to it.
//!
//! With SQLite it is an advisory lock (`flock`) on a file beside the ledger, named after the
//! ledger file as the path resolves (symbolic links followed), so every workspace that names
//! the same file finds the same lock. The system releases it when the process ends, however
//! it ends. On a PostgreSQL ledger the lock is the server's session advisory lock, on a
//! connection of its own held by the [`SendLock`] (the server releases it when that
//! connection ends, however it ends); `invite` takes it there, `send` does not.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use std::collections::HashSet;

use super::{Ledger, LetterEvent, Store};

/// The lock file's name is the ledger file's followed by this.
const SUFFIX: &str = "-send-lock";

/// Held for as long as a `send` runs; released when dropped.
pub struct SendLock {
    _held: Held,
    path: PathBuf,
}

/// What holds the lock: kept only to be dropped with the [`SendLock`].
#[allow(dead_code)]
enum Held {
    /// The locked file beside an SQLite ledger.
    File(File),
    /// The connection holding a PostgreSQL ledger's advisory lock.
    Server(Box<postgres::Client>),
}

impl std::fmt::Debug for SendLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendLock")
            .field("path", &self.path)
            .finish()
    }
}

impl SendLock {
    /// The lock held by `client`, a connection to the PostgreSQL ledger shown as `shown`.
    pub(super) fn server(client: postgres::Client, shown: &str) -> SendLock {
        SendLock {
            _held: Held::Server(Box::new(client)),
            path: PathBuf::from(shown),
        }
    }
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
        if let super::Store::Pg(pg) = &self.store {
            // A connection of its own: the lock lasts as long as it, not as the ledger's.
            let shown = pg.shown().to_string();
            let client = super::pg::connect::Settings::from_url(&shown)
                .and_then(|s| s.connect())
                .with_context(|| format!("cannot connect to the ledger `{shown}` to lock it"))?;
            return super::pg::lock::take(client, &shown);
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
            Ok(()) => Ok(SendLock {
                _held: Held::File(file),
                path,
            }),
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

impl Ledger {
    /// Records the letter events of a `send` run in one transaction, as
    /// [`Ledger::record_letter_events`] does, except that a `sent` event whose letter another
    /// run has is left out: on a PostgreSQL ledger, a letter the ledger already has as
    /// accepted or posted, or one claimed by another `send` still connected. Returns those
    /// letters' ids (always none on SQLite, where one `send` runs at a time).
    pub fn record_send_events(&mut self, events: &[LetterEvent<'_>]) -> Result<Vec<String>> {
        let what = self.context("cannot record letter events");
        match &mut self.store {
            Store::Sqlite(_) => self.letter_events(events, None).map(|()| Vec::new()),
            Store::Pg(pg) => super::pg::letters::record_events(pg, events, None).context(what),
        }
    }

    /// The letters another `send` still connected to this ledger has claimed (sending them,
    /// or retrying them later): none on SQLite.
    pub fn letters_sent_elsewhere(&self) -> Result<HashSet<String>> {
        match &self.store {
            Store::Sqlite(_) => Ok(HashSet::new()),
            Store::Pg(pg) => super::pg::letters::claimed_elsewhere(&mut *pg.client())
                .with_context(|| self.context("cannot read the letters' claims")),
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
