//! Submissions of the web form "I took action" waiting for their emailed link: kept in
//! `pending_action` (the one table whose rows are deleted), turned into an ordinary entry in one
//! transaction when confirmed, deleted unconfirmed after the confirmation window; their
//! confirmation mails (an outbox drained by the sending engine) and the daily mail count per
//! address.

use anyhow::{Result, bail};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;

use super::cells::CellDeltas;
use super::cols::Cols;
use super::labels::Labels;
use super::web_mail::{self, Form, at};
use super::write::{INSERT_ENTRY, check_count, insert_entry, new_batch};
use crate::action::{Action, ActionKind, Channel};
use crate::manifest::LetterStatus;

/// Version 5 of the schema: pending submissions, the daily mail count, and who made each
/// entry confirmed on the web.
pub(super) const V5: &str = "
-- Submissions of the form \"I took action\" until their link is clicked. Deleted when
-- confirmed (the action becomes an entry) or when the confirmation window has passed: the
-- only table of the ledger whose rows are deleted, so the address leaves with them.
CREATE TABLE pending_action (
    -- Never reused, so that a mail's events cannot land on a later submission.
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    token         BLOB NOT NULL UNIQUE,     -- SHA-256 of the link's token
    nonce         BLOB NOT NULL,            -- the token is derived from it and a key outside
    email         TEXT NOT NULL,
    address_hash  TEXT NOT NULL,            -- salted hash of the normalised address
    kind          TEXT NOT NULL,
    count         INTEGER NOT NULL CHECK (count > 0),
    case_id       TEXT NOT NULL,
    country       TEXT NOT NULL,
    grp           TEXT,
    lang          TEXT NOT NULL,
    submitted_at  INTEGER NOT NULL,         -- Unix seconds
    mail_status   TEXT NOT NULL DEFAULT 'queued', -- queued, sent, delivered, deferred, failed
    mail_detail   TEXT,
    mail_attempts INTEGER NOT NULL DEFAULT 0,
    mail_at       INTEGER
);
CREATE INDEX pending_action_outbox ON pending_action(mail_status)
    WHERE mail_status IN ('queued', 'deferred');
CREATE INDEX pending_action_submitted ON pending_action(submitted_at);

-- Confirmation mails asked for per address and UTC day (days since 1970-01-01), for the
-- daily cap; rows older than a day are pruned.
CREATE TABLE confirm_mail_day (
    address_hash TEXT NOT NULL,
    day          INTEGER NOT NULL,
    mails        INTEGER NOT NULL,
    PRIMARY KEY (address_hash, day)
) WITHOUT ROWID;

-- Who made each entry confirmed on the web: the salted hash of the address, enough to spot
-- repeats and to withdraw them together. Append-only, like the entries.
CREATE TABLE web_entry (
    entry        INTEGER PRIMARY KEY REFERENCES entry_row(id),
    address_hash TEXT NOT NULL,
    confirmed_at TEXT NOT NULL             -- RFC 3339, UTC
);
CREATE INDEX web_entry_address ON web_entry(address_hash);
CREATE TRIGGER web_entry_append_only_u BEFORE UPDATE ON web_entry
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER web_entry_append_only_d BEFORE DELETE ON web_entry
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
";

/// A new submission of the form, checked by the caller.
#[derive(Debug, Clone)]
pub struct NewPending {
    /// SHA-256 of the link's token.
    pub token_hash: [u8; 32],
    /// The random value the token is derived from.
    pub nonce: Vec<u8>,
    /// The address the link goes to.
    pub email: String,
    /// Salted hash of the normalised address.
    pub address_hash: String,
    /// What was done.
    pub kind: ActionKind,
    /// How many.
    pub count: u64,
    /// For which case.
    pub case: String,
    /// ISO country code.
    pub country: String,
    /// The group named, if any.
    pub group: Option<String>,
    /// The language of the page, for the mail.
    pub lang: String,
    /// When it was submitted.
    pub submitted_at: OffsetDateTime,
    /// The submitter's network (see [`crate::act::origin::ip_prefix`]), when known; kept
    /// with the entry, never the full address.
    pub ip_prefix: Option<String>,
}

/// What became of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    /// Stored, its confirmation mail queued; the row id.
    Queued(i64),
    /// The address already had its day's confirmation mails; nothing stored.
    DailyCapReached,
}

/// A confirmation mail waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    /// The pending row.
    pub id: i64,
    /// Where it goes.
    pub email: String,
    /// The token's nonce.
    pub nonce: Vec<u8>,
    /// What was submitted, to repeat in the mail.
    pub kind: String,
    /// How many.
    pub count: u64,
    /// The case id.
    pub case: String,
    /// The page's language.
    pub lang: String,
    /// When it was submitted (the link expires counting from then).
    pub submitted_at: OffsetDateTime,
    /// Earlier attempts.
    pub attempts: u32,
}

/// A pending submission as shown on the confirmation page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAction {
    /// The row id.
    pub id: i64,
    /// The action it becomes when confirmed (its day is the day of confirmation).
    pub kind: ActionKind,
    /// How many.
    pub count: u64,
    /// The case id.
    pub case: String,
    /// ISO country code.
    pub country: String,
    /// The group named, if any.
    pub group: Option<String>,
    /// When it was submitted.
    pub submitted_at: OffsetDateTime,
}

/// The answer to a confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// Recorded as entry `entry`, `count` actions.
    Recorded {
        /// The new entry.
        entry: i64,
        /// Actions it counts.
        count: u64,
    },
    /// The link was older than the window; the submission is deleted, nothing counted.
    Expired,
    /// No such submission (already confirmed, expired and deleted, or never made).
    Unknown,
}

/// Stores a submission and counts its mail against the address's day, unless that address
/// already had `daily_cap` mails today: one transaction.
pub(super) fn submit(conn: &mut Connection, p: &NewPending, daily_cap: u32) -> Result<Submitted> {
    if p.count == 0 {
        bail!("a submission counts at least 1 action");
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if !web_mail::count_mail(&tx, &p.address_hash, p.submitted_at, daily_cap)? {
        return Ok(Submitted::DailyCapReached);
    }
    tx.prepare_cached(
        "INSERT INTO pending_action (token, nonce, email, address_hash, kind, count, case_id,
             country, grp, lang, submitted_at, ip_prefix)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        &p.token_hash[..],
        p.nonce,
        p.email,
        p.address_hash,
        p.kind.as_str(),
        p.count as i64,
        p.case,
        p.country,
        p.group,
        p.lang,
        p.submitted_at.unix_timestamp(),
        p.ip_prefix,
    ])?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    Ok(Submitted::Queued(id))
}

/// The submission whose token hashes to `token_hash`.
pub(super) fn find(conn: &Connection, token_hash: &[u8; 32]) -> Result<Option<PendingAction>> {
    let row = conn
        .prepare_cached(
            "SELECT id, kind, count, case_id, country, grp, submitted_at
             FROM pending_action WHERE token = ?1",
        )?
        .query_row([&token_hash[..]], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, i64>(6)?,
            ))
        })
        .optional()?;
    let Some((id, kind, count, case, country, group, submitted)) = row else {
        return Ok(None);
    };
    let kind = kind
        .parse()
        .map_err(|e: String| anyhow::anyhow!("pending submission {id}: {e}"))?;
    Ok(Some(PendingAction {
        id,
        kind,
        count: count as u64,
        case,
        country,
        group,
        submitted_at: at(submitted),
    }))
}

/// Confirms the submission whose token hashes to `token_hash` at `now`: within `window` of its
/// submission it becomes an entry (channel `online`, the day of `now` in UTC) and a
/// `web_entry` row, and the submission is deleted, in one transaction.
pub(super) fn confirm(
    conn: &mut Connection,
    token_hash: &[u8; 32],
    now: OffsetDateTime,
    window: time::Duration,
) -> Result<Confirmation> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(p) = find(&tx, token_hash)? else {
        return Ok(Confirmation::Unknown);
    };
    let (address_hash, email, ip_prefix): (String, String, Option<String>) = tx.query_row(
        "SELECT address_hash, email, ip_prefix FROM pending_action WHERE id = ?1",
        [p.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    // Only the domain stays with the entry; the address goes with the submission.
    let email_domain = crate::act::origin::email_domain(&email);
    tx.execute("DELETE FROM pending_action WHERE id = ?1", [p.id])?;
    if now - p.submitted_at > window {
        tx.commit()?;
        return Ok(Confirmation::Expired);
    }
    let action = Action {
        kind: p.kind,
        count: p.count,
        case: p.case,
        prisoner: None,
        recipient: None,
        volunteer: None,
        group: p.group,
        country: p.country,
        channel: Channel::Online,
        day: now.to_offset(time::UtcOffset::UTC).date(),
        note: None,
    };
    check_count(&action, false)?;
    let batch = new_batch(&tx, "web", None)?;
    let labels = Labels::default().of(&tx, &action)?;
    let entry = {
        let mut stmt = tx.prepare_cached(INSERT_ENTRY)?;
        insert_entry(&mut stmt, labels, batch, None, &action, None, None)?
    };
    tx.prepare_cached(
        "INSERT INTO web_entry (entry, address_hash, confirmed_at, ip_prefix, email_domain)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        entry,
        address_hash,
        now.to_offset(time::UtcOffset::UTC)
            .format(&time::format_description::well_known::Rfc3339)?,
        ip_prefix,
        email_domain
    ])?;
    let mut cells = CellDeltas::default();
    cells.entry(&action, 1);
    cells.flush(&tx)?;
    tx.commit()?;
    Ok(Confirmation::Recorded {
        entry,
        count: action.count,
    })
}

/// Deletes the submissions older than `window` at `now` and the mail counts of days before
/// yesterday; returns how many submissions went.
pub(super) fn expire(
    conn: &mut Connection,
    now: OffsetDateTime,
    window: time::Duration,
) -> Result<usize> {
    web_mail::expire(conn, Form::Act, now, window)
}

/// The columns an outbox mail is read from.
pub(super) const OUTBOX_COLUMNS: &str =
    "id, email, nonce, kind, count, case_id, lang, submitted_at, mail_attempts";

/// Reads a mail to send from its [`OUTBOX_COLUMNS`], on either store.
pub(super) fn outbox_row<R: Cols>(r: &R) -> Result<OutboxMail, R::Error> {
    Ok(OutboxMail {
        id: r.col(0)?,
        email: r.col(1)?,
        nonce: r.col(2)?,
        kind: r.col(3)?,
        count: r.col::<i64>(4)? as u64,
        case: r.col(5)?,
        lang: r.col(6)?,
        submitted_at: at(r.col(7)?),
        attempts: u32::try_from(r.col::<i64>(8)?).unwrap_or(u32::MAX),
    })
}

/// Up to `limit` mails still to send (see [`web_mail::outbox`]).
pub(super) fn outbox(
    conn: &Connection,
    limit: usize,
    since: OffsetDateTime,
) -> Result<Vec<OutboxMail>> {
    web_mail::outbox(conn, Form::Act, OUTBOX_COLUMNS, limit, since, |r| {
        outbox_row(r)
    })
}

/// Records what became of confirmation mails (see [`web_mail::record_mail`]).
pub(super) fn record_mail(
    conn: &mut Connection,
    events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
) -> Result<()> {
    web_mail::record_mail(conn, Form::Act, events)
}

/// The state of the confirmation mail of submission `id`: status and attempts.
pub(super) fn mail_state(conn: &Connection, id: i64) -> Result<Option<(String, u32)>> {
    Ok(conn
        .query_row(
            "SELECT mail_status, mail_attempts FROM pending_action WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u32)),
        )
        .optional()?)
}

/// Entries confirmed on the web by the address with this salted hash.
pub(super) fn web_entries(conn: &Connection, address_hash: &str) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT entry FROM web_entry WHERE address_hash = ?1 ORDER BY entry")?;
    let rows = stmt.query_map([address_hash], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
