//! The action ledger: an append-only SQLite file holding every action entry, every letter
//! event and the summary cells tallies read. All SQL of the program lives in this module, so
//! that another database can stand behind the same API.
//!
//! Counting rules:
//! - An entry from `record` or `import` counts `count` actions unless a later entry corrects
//!   it; a correction replaces the entry it names (a withdrawal is a correction with count 0).
//! - A generated letter counts as one action from the first event showing it left the
//!   volunteer: `delivered` (accepted by the mail server), `posted`, `received`, `replied`,
//!   `returned` or `withheld`. A returned or withheld letter was still written and sent, so
//!   it counts; tallies list those letters. `sent` alone (handed to the server with no
//!   answer), `deferred` and `failed` do not count. A letter never counts twice.
//! - Times are written as RFC 3339; a letter event's day is the date in the recorder's own
//!   offset.

pub mod address;
mod audit;
mod bulk;
mod cells;
mod checkpoint;
mod cols;
mod copy;
mod edits;
mod identity;
mod import;
mod invites;
mod keys;
mod labels;
mod letters;
mod lock;
mod migrate;
mod overview;
mod pending;
pub mod pg;
mod read;
mod schema;
mod signups;
mod statuses;
mod transfer;
mod web_copy;
mod web_mail;
mod web_tables;
mod worker;
mod write;

#[cfg(test)]
mod audit_tests;
#[cfg(test)]
mod copy_tests;
#[cfg(test)]
mod import_tests;
#[cfg(test)]
mod pending_tests;
#[cfg(test)]
mod pg_sync_tests;
#[cfg(test)]
mod signups_tests;
#[cfg(test)]
mod store_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod web_copy_tests;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use time::OffsetDateTime;

use crate::action::Action;
use crate::manifest::{LetterStatus, ManifestEntry};

pub use audit::{Actor, WebAction, WebSelection, Withdrawal};
pub use copy::CopySummary;
pub use edits::LetterEdit;
pub use import::{Changed, Duplicate, ImportSummary, Importer, LOOKUP_CHUNK};
pub use invites::{Invite, VolunteerEvent};
pub use lock::SendLock;
pub use migrate::{Migrated, migrate};
pub use pending::{Confirmation, NewPending, OutboxMail, PendingAction, Submitted};
pub use pg::sync::SyncSummary;
pub use read::{Entry, Figures, Filter, Undelivered};
pub use signups::{Joined, NewSignup, Signup};
pub use statuses::{LetterStatuses, Unfinished};

/// How long a write waits for another process holding the ledger before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(120);

/// An open ledger: an SQLite file or a PostgreSQL database (see [`address::Address`]).
pub struct Ledger {
    /// Checkpoints on a thread of their own (see [`Ledger::checkpoint_aside`]); declared
    /// first so that it stops before the connection closes.
    aside: Option<checkpoint::Checkpointer>,
    store: Store,
    /// The file, or the database's URL (which holds no password).
    path: PathBuf,
    /// Metadata of letters this connection has seen stored (see [`letters::Seen`]).
    seen: letters::Seen,
}

/// Where the ledger's rows are.
enum Store {
    /// An SQLite file.
    Sqlite(Connection),
    /// A PostgreSQL database.
    Pg(Box<pg::PgStore>),
}

/// One change in a letter's life, as recorded by `send` or `record --letter`.
#[derive(Debug, Clone)]
pub struct LetterEvent<'a> {
    /// The letter (its metadata is stored with its first event); borrowed from the manifest
    /// where the caller holds it.
    pub letter: Cow<'a, ManifestEntry>,
    /// The new status.
    pub status: LetterStatus,
    /// The server's reply, the failure reason or a note.
    pub detail: Option<String>,
    /// Who recorded it: `send`, `record`, ...
    pub origin: String,
    /// When it happened.
    pub at: OffsetDateTime,
}

/// The latest state of one letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterState {
    /// The latest status recorded.
    pub status: LetterStatus,
    /// Its detail.
    pub detail: Option<String>,
    /// When it happened.
    pub at: OffsetDateTime,
    /// The number of `sent` events (hand-overs to a mail server).
    pub attempts: u32,
    /// When the letter was first handed to a mail server.
    pub first_sent_at: Option<OffsetDateTime>,
}

/// What [`Ledger::change_marker`] returns: equal markers mean nothing was written between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeMarker {
    version: i64,
    own: u64,
}

/// Letters for one prisoner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PrisonerLetters {
    /// Solidarity actions counted for the prisoner (letters delivered or posted, reported
    /// cards naming the prisoner), corrections applied.
    pub sent: u64,
    /// Solidarity letters confirmed received (a `received` or `replied` event).
    pub received: u64,
}

/// True for the statuses from which a letter counts as an action (see the module docs).
pub fn counts_as_action(status: LetterStatus) -> bool {
    !matches!(
        status,
        LetterStatus::Sent | LetterStatus::Deferred | LetterStatus::Failed
    )
}

impl Ledger {
    /// Opens the ledger at `path` (a file, or a `postgres://` URL: see
    /// [`address::Address`]), creating it when missing, and brings its schema up to date. A
    /// file or database that is not a ledger is an error naming it.
    pub fn open(path: &Path) -> Result<Ledger> {
        if let address::Address::Postgres(url) = address::Address::of(path)? {
            return Ok(Ledger {
                aside: None,
                store: Store::Pg(Box::new(pg::PgStore::open(&url)?)),
                path: path.to_path_buf(),
                seen: letters::Seen::default(),
            });
        }
        let shown = path.display().to_string();
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("cannot open the ledger `{shown}`"))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        schema::prepare(&mut conn, &shown)?;
        Ok(Ledger {
            aside: None,
            store: Store::Sqlite(conn),
            path: path.to_path_buf(),
            seen: letters::Seen::default(),
        })
    }

    /// The file this ledger lives in, or the URL of its database.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the ledger is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        matches!(self.store, Store::Pg(_))
    }

    /// The SQLite connection, or an error naming `what` on PostgreSQL.
    fn sqlite(&self, what: &str) -> Result<&Connection> {
        match &self.store {
            Store::Sqlite(c) => Ok(c),
            Store::Pg(_) => Err(pg::unavailable(&format!("`{what}`"))),
        }
    }

    /// The SQLite connection, for tests reading the file behind the API.
    #[cfg(test)]
    fn conn(&self) -> &Connection {
        self.sqlite("a test's direct read")
            .expect("tests of the SQLite file")
    }

    /// The SQLite connection for a write, or an error naming `what` on PostgreSQL.
    fn sqlite_mut(&mut self, what: &str) -> Result<&mut Connection> {
        match &mut self.store {
            Store::Sqlite(c) => Ok(c),
            Store::Pg(_) => Err(pg::unavailable(&format!("`{what}`"))),
        }
    }

    fn context(&self, what: &str) -> String {
        format!("ledger `{}`: {what}", self.path.display())
    }

    /// Records letter events in one transaction, committed before this returns. A letter's
    /// metadata is stored with its first event; a letter becomes one action with its first
    /// counting event (see [`counts_as_action`]).
    pub fn record_letter_events(&mut self, events: &[LetterEvent<'_>]) -> Result<()> {
        self.letter_events(events, None)
    }

    /// Records letter events reported on the web by `actor` (see
    /// [`Ledger::record_letter_events`]); the batch, and so the entry a counting event makes,
    /// names who reported them.
    pub fn record_letter_events_by(
        &mut self,
        events: &[LetterEvent<'_>],
        actor: &Actor,
    ) -> Result<()> {
        self.letter_events(events, Some(actor))
    }

    fn letter_events(&mut self, events: &[LetterEvent<'_>], actor: Option<&Actor>) -> Result<()> {
        let what = self.context("cannot record letter events");
        match &mut self.store {
            Store::Sqlite(conn) => {
                letters::record(conn, &mut self.seen, events, actor).context(what)
            }
            Store::Pg(pg) => match pg::letters::record_events(pg, events, actor) {
                Ok(skipped) => match skipped.first() {
                    None => Ok(()),
                    Some(held) => Err(anyhow::anyhow!(
                        "letter `{held}` is being sent by another `marathon send`, or was \
                         already accepted; it is not sent twice"
                    ))
                    .context(what),
                },
                Err(e) => Err(e).context(what),
            },
        }
    }

    /// Moves checkpoints (copying the WAL into the ledger file, and the waits for the disk
    /// that go with them) to a thread of their own for as long as this ledger is open: its
    /// own commits then only append to the WAL. For a run of many small commits.
    pub fn checkpoint_aside(&mut self) -> Result<()> {
        let Store::Sqlite(conn) = &self.store else {
            // PostgreSQL checkpoints by itself.
            return Ok(());
        };
        if self.aside.is_none() {
            self.aside = Some(checkpoint::Checkpointer::start(&self.path)?);
            conn.execute_batch("PRAGMA wal_autocheckpoint = 0")
                .with_context(|| self.context("cannot set up checkpoints"))?;
        }
        Ok(())
    }

    /// The latest state of every letter with at least one event, by letter id.
    pub fn letter_states(&self) -> Result<std::collections::HashMap<String, LetterState>> {
        match &self.store {
            Store::Sqlite(conn) => letters::states(conn),
            Store::Pg(pg) => pg::statuses::states(&mut *pg.client()),
        }
        .with_context(|| self.context("cannot read letter states"))
    }

    /// Keeps at most about `mib` MiB of the ledger's pages in this connection's memory
    /// (opening it allows up to a GiB, for big imports). For a long run of small writes,
    /// whose memory would otherwise grow with the ledger.
    pub fn limit_cache(&self, mib: u32) -> Result<()> {
        let Store::Sqlite(conn) = &self.store else {
            // A PostgreSQL server's memory is its own business.
            return Ok(());
        };
        conn.execute_batch(&format!("PRAGMA cache_size = -{}", u64::from(mib) * 1024))
            .with_context(|| self.context("cannot set the page cache"))
    }

    /// The latest status of every letter with events, compactly (see [`LetterStatuses`]):
    /// what a `send` plan needs, and counts by status.
    pub fn letter_statuses(&self) -> Result<LetterStatuses> {
        match &self.store {
            Store::Sqlite(conn) => LetterStatuses::read(conn),
            Store::Pg(pg) => pg::statuses::statuses(&mut *pg.client()),
        }
        .with_context(|| self.context("cannot read letter states"))
    }

    /// Every letter whose latest status is `sent` (in doubt), `deferred` or `failed`, with
    /// that event; holds only those letters, however many others the ledger has.
    pub fn unfinished_letters(&self) -> Result<std::collections::HashMap<String, Unfinished>> {
        match &self.store {
            Store::Sqlite(conn) => statuses::unfinished_letters(conn),
            Store::Pg(pg) => pg::statuses::unfinished(&mut *pg.client()),
        }
        .with_context(|| self.context("cannot read letter states"))
    }

    /// Per prisoner id: solidarity actions counted and letters confirmed received.
    pub fn letters_per_prisoner(
        &self,
    ) -> Result<std::collections::HashMap<String, PrisonerLetters>> {
        match &self.store {
            Store::Sqlite(conn) => read::letters_per_prisoner(conn, &Filter::default()),
            Store::Pg(pg) => pg::read::letters_per_prisoner(pg, &Filter::default()),
        }
        .with_context(|| self.context("cannot read letters per prisoner"))
    }

    /// Records one action; returns its entry id.
    pub fn record_action(&mut self, action: &Action) -> Result<i64> {
        let what = self.context("cannot record the action");
        self.write(action, None, None).context(what)
    }

    /// Records `action` as the correction of entry `corrects` (a count of 0 withdraws it);
    /// returns the new entry id. An entry already corrected cannot be corrected again:
    /// correct its correction instead.
    pub fn record_correction(&mut self, corrects: i64, action: &Action) -> Result<i64> {
        let what = self.context(&format!("cannot correct entry {corrects}"));
        self.write(action, Some(corrects), None).context(what)
    }

    /// One entry, with where it came from and what corrected it.
    pub fn entry(&self, id: i64) -> Result<Option<Entry>> {
        match &self.store {
            Store::Sqlite(conn) => read::entry(conn, id),
            Store::Pg(pg) => pg::read::entry(pg, id),
        }
        .with_context(|| self.context(&format!("cannot read entry {id}")))
    }

    /// Starts importing the rows of `file` in one transaction (see [`Importer`]).
    pub fn import(&mut self, file: &str) -> Result<Importer<'_>> {
        let what = self.context("cannot start the import");
        self.start_import(file, None).context(what)
    }

    /// Every figure of a tally, read from the summary cells.
    pub fn figures(&self, filter: &Filter) -> Result<Figures> {
        match &self.store {
            Store::Sqlite(conn) => read::figures(conn, filter),
            Store::Pg(pg) => pg::read::figures(pg, filter),
        }
        .with_context(|| self.context("cannot read the tally"))
    }

    /// A cheap marker that moves whenever the ledger changes, whichever process or
    /// connection wrote it. SQLite: `data_version` (commits by other connections) beside this
    /// connection's own change count. PostgreSQL: the sum of counters every write
    /// transaction bumps as it commits (see [`pg::read::change_marker`]). Compare two
    /// markers; their values mean nothing else.
    pub fn change_marker(&self) -> Result<ChangeMarker> {
        let marker = match &self.store {
            Store::Sqlite(conn) => conn
                .query_row("PRAGMA data_version", [], |r| r.get(0))
                .map(|version| ChangeMarker {
                    version,
                    own: conn.total_changes(),
                })
                .map_err(anyhow::Error::from),
            Store::Pg(pg) => {
                pg::read::change_marker(pg).map(|version| ChangeMarker { version, own: 0 })
            }
        };
        marker.with_context(|| self.context("cannot read the change marker"))
    }

    /// Recomputes the summary cells from the entries and letter events (they are derived
    /// data; this repairs them should they ever disagree).
    pub fn rebuild_summary(&mut self) -> Result<()> {
        let what = self.context("cannot rebuild the summary");
        match &mut self.store {
            Store::Sqlite(conn) => write::rebuild(conn),
            Store::Pg(pg) => pg::write::rebuild(pg),
        }
        .context(what)
    }

    /// Records an action or a correction, by the web's `actor` or not, on either store.
    fn write(&mut self, a: &Action, corrects: Option<i64>, actor: Option<&Actor>) -> Result<i64> {
        match &mut self.store {
            Store::Sqlite(conn) => write::record(conn, a, corrects, actor),
            Store::Pg(pg) => pg::write::record(pg, a, corrects, actor),
        }
    }

    /// Starts an import on either store.
    fn start_import(&mut self, file: &str, actor: Option<&Actor>) -> Result<Importer<'_>> {
        match &mut self.store {
            Store::Sqlite(conn) => Importer::begin(conn, file, actor),
            Store::Pg(pg) => Importer::begin_pg(pg, file, actor),
        }
    }

    /// The (volunteer, prisoner) pairs whose solidarity letter already counts as an action.
    pub fn counted_solidarity_pairs(&self) -> Result<std::collections::HashSet<(String, String)>> {
        match &self.store {
            Store::Sqlite(conn) => signups::counted_pairs(conn),
            Store::Pg(pg) => pg::statuses::counted_pairs(&mut *pg.client()),
        }
        .with_context(|| self.context("cannot read the letters counted per pair"))
    }

    /// Records one action made on the web by `actor` (origin `web`); returns its entry id.
    pub fn record_action_by(&mut self, action: &Action, actor: &Actor) -> Result<i64> {
        let what = self.context("cannot record the action");
        self.write(action, None, Some(actor)).context(what)
    }

    /// Records a correction made on the web by `actor` (see [`Ledger::record_correction`]).
    pub fn record_correction_by(
        &mut self,
        corrects: i64,
        action: &Action,
        actor: &Actor,
    ) -> Result<i64> {
        let what = self.context(&format!("cannot correct entry {corrects}"));
        self.write(action, Some(corrects), Some(actor))
            .context(what)
    }

    /// Starts an import uploaded on the web by `actor` (see [`Ledger::import`]).
    pub fn import_by(&mut self, file: &str, actor: &Actor) -> Result<Importer<'_>> {
        let what = self.context("cannot start the import");
        self.start_import(file, Some(actor)).context(what)
    }
}
