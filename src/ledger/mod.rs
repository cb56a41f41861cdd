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

mod audit;
mod bulk;
mod cells;
mod checkpoint;
mod copy;
mod identity;
mod import;
mod invites;
mod keys;
mod labels;
mod letters;
mod lock;
mod overview;
mod pending;
mod read;
mod schema;
mod signups;
mod statuses;
mod transfer;
mod worker;
mod write;

#[cfg(test)]
mod audit_tests;
#[cfg(test)]
mod copy_tests;
#[cfg(test)]
mod pending_tests;
#[cfg(test)]
mod signups_tests;
#[cfg(test)]
mod tests;

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
pub use import::{Changed, Duplicate, ImportSummary, Importer, LOOKUP_CHUNK};
pub use invites::{Invite, VolunteerEvent};
pub use lock::SendLock;
pub use pending::{Confirmation, NewPending, OutboxMail, PendingAction, Submitted};
pub use read::{Entry, Figures, Filter, Undelivered};
pub use signups::{Joined, NewSignup, Signup};
pub use statuses::{LetterStatuses, Unfinished};

/// How long a write waits for another process holding the ledger before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(120);

/// An open ledger file.
pub struct Ledger {
    /// Checkpoints on a thread of their own (see [`Ledger::checkpoint_aside`]); declared
    /// first so that it stops before the connection closes.
    aside: Option<checkpoint::Checkpointer>,
    conn: Connection,
    path: PathBuf,
    /// Metadata of letters this connection has seen stored (see [`letters::Seen`]).
    seen: letters::Seen,
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
    /// Opens the ledger at `path`, creating it when missing, and brings its schema up to
    /// date. A file that is not a ledger is an error naming it.
    pub fn open(path: &Path) -> Result<Ledger> {
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
            conn,
            path: path.to_path_buf(),
            seen: letters::Seen::default(),
        })
    }

    /// The file this ledger lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn context(&self, what: &str) -> String {
        format!("ledger `{}`: {what}", self.path.display())
    }

    /// Records letter events in one transaction, committed before this returns. A letter's
    /// metadata is stored with its first event; a letter becomes one action with its first
    /// counting event (see [`counts_as_action`]).
    pub fn record_letter_events(&mut self, events: &[LetterEvent<'_>]) -> Result<()> {
        let what = self.context("cannot record letter events");
        letters::record(&mut self.conn, &mut self.seen, events).context(what)
    }

    /// Moves checkpoints (copying the WAL into the ledger file, and the waits for the disk
    /// that go with them) to a thread of their own for as long as this ledger is open: its
    /// own commits then only append to the WAL. For a run of many small commits.
    pub fn checkpoint_aside(&mut self) -> Result<()> {
        if self.aside.is_none() {
            self.aside = Some(checkpoint::Checkpointer::start(&self.path)?);
            self.conn
                .execute_batch("PRAGMA wal_autocheckpoint = 0")
                .with_context(|| self.context("cannot set up checkpoints"))?;
        }
        Ok(())
    }

    /// The latest state of every letter with at least one event, by letter id.
    pub fn letter_states(&self) -> Result<std::collections::HashMap<String, LetterState>> {
        letters::states(&self.conn).with_context(|| self.context("cannot read letter states"))
    }

    /// Keeps at most about `mib` MiB of the ledger's pages in this connection's memory
    /// (opening it allows up to a GiB, for big imports). For a long run of small writes,
    /// whose memory would otherwise grow with the ledger.
    pub fn limit_cache(&self, mib: u32) -> Result<()> {
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{}", u64::from(mib) * 1024))
            .with_context(|| self.context("cannot set the page cache"))
    }

    /// The latest status of every letter with events, compactly (see [`LetterStatuses`]):
    /// what a `send` plan needs, and counts by status.
    pub fn letter_statuses(&self) -> Result<LetterStatuses> {
        LetterStatuses::read(&self.conn).with_context(|| self.context("cannot read letter states"))
    }

    /// Every letter whose latest status is `sent` (in doubt), `deferred` or `failed`, with
    /// that event; holds only those letters, however many others the ledger has.
    pub fn unfinished_letters(&self) -> Result<std::collections::HashMap<String, Unfinished>> {
        statuses::unfinished_letters(&self.conn)
            .with_context(|| self.context("cannot read letter states"))
    }

    /// Per prisoner id: solidarity actions counted and letters confirmed received.
    pub fn letters_per_prisoner(
        &self,
    ) -> Result<std::collections::HashMap<String, PrisonerLetters>> {
        read::letters_per_prisoner(&self.conn, &Filter::default())
            .with_context(|| self.context("cannot read letters per prisoner"))
    }

    /// Records one action; returns its entry id.
    pub fn record_action(&mut self, action: &Action) -> Result<i64> {
        let what = self.context("cannot record the action");
        write::record(&mut self.conn, action, None, None).context(what)
    }

    /// Records `action` as the correction of entry `corrects` (a count of 0 withdraws it);
    /// returns the new entry id. An entry already corrected cannot be corrected again:
    /// correct its correction instead.
    pub fn record_correction(&mut self, corrects: i64, action: &Action) -> Result<i64> {
        let what = self.context(&format!("cannot correct entry {corrects}"));
        write::record(&mut self.conn, action, Some(corrects), None).context(what)
    }

    /// One entry, with where it came from and what corrected it.
    pub fn entry(&self, id: i64) -> Result<Option<Entry>> {
        read::entry(&self.conn, id)
            .with_context(|| self.context(&format!("cannot read entry {id}")))
    }

    /// Starts importing the rows of `file` in one transaction (see [`Importer`]).
    pub fn import(&mut self, file: &str) -> Result<Importer<'_>> {
        let what = self.context("cannot start the import");
        Importer::begin(&self.conn, file, None).context(what)
    }

    /// Every figure of a tally, read from the summary cells.
    pub fn figures(&self, filter: &Filter) -> Result<Figures> {
        read::figures(&self.conn, filter).with_context(|| self.context("cannot read the tally"))
    }

    /// A cheap marker that moves whenever the ledger changes, whichever process or
    /// connection wrote it: SQLite's `data_version` (commits by other connections) beside this
    /// connection's own change count. Compare two markers; their values mean nothing else.
    pub fn change_marker(&self) -> Result<ChangeMarker> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .with_context(|| self.context("cannot read the change marker"))?;
        Ok(ChangeMarker {
            version,
            own: self.conn.total_changes(),
        })
    }

    /// Recomputes the summary cells from the entries and letter events (they are derived
    /// data; this repairs them should they ever disagree).
    pub fn rebuild_summary(&mut self) -> Result<()> {
        let what = self.context("cannot rebuild the summary");
        write::rebuild(&mut self.conn).context(what)
    }

    /// Stores a submission of the web form and counts its confirmation mail against the
    /// address's day, unless the address already had `daily_cap` mails today (then nothing is
    /// stored): one transaction.
    pub fn submit_pending(&mut self, p: &NewPending, daily_cap: u32) -> Result<Submitted> {
        let what = self.context("cannot store the submission");
        pending::submit(&mut self.conn, p, daily_cap).context(what)
    }

    /// The submission waiting for the link whose token hashes to `token_hash`.
    pub fn pending_action(&self, token_hash: &[u8; 32]) -> Result<Option<PendingAction>> {
        pending::find(&self.conn, token_hash)
            .with_context(|| self.context("cannot read a submission"))
    }

    /// Confirms a submission at `now`: within `window` of its submission it becomes an
    /// ordinary entry (channel `online`, today's date in UTC, origin `web`, the salted
    /// address hash kept beside it) and the submission with its address is deleted, in one
    /// transaction; an older one is deleted and counts nothing.
    pub fn confirm_pending(
        &mut self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
        window: time::Duration,
    ) -> Result<Confirmation> {
        let what = self.context("cannot confirm the submission");
        pending::confirm(&mut self.conn, token_hash, now, window).context(what)
    }

    /// Deletes the submissions not confirmed within `window` of `now` (their links then count
    /// nothing) and old daily mail counts; returns how many submissions went.
    pub fn expire_pending(&mut self, now: OffsetDateTime, window: time::Duration) -> Result<usize> {
        let what = self.context("cannot delete expired submissions");
        pending::expire(&mut self.conn, now, window).context(what)
    }

    /// Up to `limit` confirmation mails still to send (never tried, or refused for now) of
    /// submissions made at or after `since`: an older link could no longer be used.
    pub fn confirmation_outbox(
        &self,
        limit: usize,
        since: OffsetDateTime,
    ) -> Result<Vec<OutboxMail>> {
        pending::outbox(&self.conn, limit, since)
            .with_context(|| self.context("cannot read the confirmation outbox"))
    }

    /// Records the fate of confirmation mails (by submission id) in one transaction: `sent`
    /// before hand-over, then `delivered`, `deferred` or `failed`.
    pub fn record_confirmation_mail(
        &mut self,
        events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
    ) -> Result<()> {
        let what = self.context("cannot record confirmation mails");
        pending::record_mail(&mut self.conn, events).context(what)
    }

    /// The status and attempts of the confirmation mail of submission `id`, while it waits.
    pub fn confirmation_mail_state(&self, id: i64) -> Result<Option<(String, u32)>> {
        pending::mail_state(&self.conn, id)
            .with_context(|| self.context("cannot read a confirmation mail"))
    }

    /// The entries confirmed on the web by the address with this salted hash.
    pub fn web_entries(&self, address_hash: &str) -> Result<Vec<i64>> {
        pending::web_entries(&self.conn, address_hash)
            .with_context(|| self.context("cannot read web entries"))
    }
    /// Stores a sign-up from `/join` and counts its confirmation mail against the address's
    /// day (shared with the form "I took action"), unless the address already had
    /// `daily_cap` mails today: one transaction.
    pub fn submit_signup(&mut self, s: &NewSignup, daily_cap: u32) -> Result<Submitted> {
        let what = self.context("cannot store the sign-up");
        signups::submit(&mut self.conn, s, daily_cap).context(what)
    }

    /// The sign-up whose link token hashes to `token_hash`.
    pub fn signup(&self, token_hash: &[u8; 32]) -> Result<Option<Signup>> {
        signups::find(&self.conn, token_hash).with_context(|| self.context("cannot read a sign-up"))
    }

    /// Every sign-up, oldest first (`confirmed_only`: the confirmed ones).
    pub fn signups(&self, confirmed_only: bool) -> Result<Vec<Signup>> {
        signups::list(&self.conn, confirmed_only)
            .with_context(|| self.context("cannot read the sign-ups"))
    }

    /// Confirms a sign-up at `now` within `window` of its submission, giving it the first
    /// free volunteer id among `slug`, `slug-2`... (`taken` says which ids the address book
    /// holds); a second click finds it confirmed; an expired one is deleted. One transaction.
    pub fn confirm_signup(
        &mut self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
        window: time::Duration,
        slug: &str,
        taken: &dyn Fn(&str) -> bool,
    ) -> Result<Joined> {
        let what = self.context("cannot confirm the sign-up");
        signups::confirm(&mut self.conn, token_hash, now, window, slug, taken).context(what)
    }

    /// Deletes the sign-ups not confirmed within `window` of `now`; returns how many went.
    pub fn expire_signups(&mut self, now: OffsetDateTime, window: time::Duration) -> Result<usize> {
        let what = self.context("cannot delete expired sign-ups");
        signups::expire(&mut self.conn, now, window).context(what)
    }

    /// Up to `limit` sign-up confirmation mails still to send, of sign-ups made at or after
    /// `since` (older links can no longer be used).
    pub fn signup_outbox(&self, limit: usize, since: OffsetDateTime) -> Result<Vec<Signup>> {
        signups::outbox(&self.conn, limit, since)
            .with_context(|| self.context("cannot read the sign-up outbox"))
    }

    /// Records the fate of sign-up confirmation mails (by sign-up id) in one transaction.
    pub fn record_signup_mail(
        &mut self,
        events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
    ) -> Result<()> {
        let what = self.context("cannot record sign-up mails");
        signups::record_mail(&mut self.conn, events).context(what)
    }

    /// The (volunteer, prisoner) pairs whose solidarity letter already counts as an action.
    pub fn counted_solidarity_pairs(&self) -> Result<std::collections::HashSet<(String, String)>> {
        signups::counted_pairs(&self.conn)
            .with_context(|| self.context("cannot read the letters counted per pair"))
    }

    /// Records one action made on the web by `actor` (origin `web`); returns its entry id.
    pub fn record_action_by(&mut self, action: &Action, actor: &Actor) -> Result<i64> {
        let what = self.context("cannot record the action");
        write::record(&mut self.conn, action, None, Some(actor)).context(what)
    }

    /// Records a correction made on the web by `actor` (see [`Ledger::record_correction`]).
    pub fn record_correction_by(
        &mut self,
        corrects: i64,
        action: &Action,
        actor: &Actor,
    ) -> Result<i64> {
        let what = self.context(&format!("cannot correct entry {corrects}"));
        write::record(&mut self.conn, action, Some(corrects), Some(actor)).context(what)
    }

    /// Starts an import uploaded on the web by `actor` (see [`Ledger::import`]).
    pub fn import_by(&mut self, file: &str, actor: &Actor) -> Result<Importer<'_>> {
        let what = self.context("cannot start the import");
        Importer::begin(&self.conn, file, Some(actor)).context(what)
    }

    /// The live public actions (confirmed on the web) that `sel` selects, oldest first.
    pub fn web_actions(&self, sel: &WebSelection) -> Result<Vec<WebAction>> {
        audit::web_actions(&self.conn, sel)
            .with_context(|| self.context("cannot read the public actions"))
    }

    /// Withdraws every live public action `sel` selects, each by a correction with count 0
    /// noting `reason`, written by `actor`, in one transaction. A selection without any
    /// condition is refused.
    pub fn withdraw_web_actions(
        &mut self,
        sel: &WebSelection,
        reason: &str,
        actor: &Actor,
    ) -> Result<Withdrawal> {
        let what = self.context("cannot withdraw the public actions");
        audit::withdraw(&mut self.conn, sel, reason, actor).context(what)
    }
}
