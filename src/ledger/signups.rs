//! Sign-ups of new volunteers from the web form `/join`: kept pending until the mailed link
//! is clicked, then confirmed with the volunteer id they were given; unconfirmed ones are
//! deleted after the confirmation window (their address leaves with them). Their confirmation
//! mails form an outbox drained by the sending engine, counted against the same daily cap per
//! address as the mails of "I took action".

use anyhow::{Result, bail};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;

use super::cols::Cols;
use super::pending::Submitted;
use super::web_mail::{self, Form, at};
use crate::manifest::LetterStatus;

/// The migration that adds sign-ups (the `signup` table).
pub(super) const SIGNUPS: &str = "
-- People who signed up on the web to write letters. Pending (confirmed_at NULL) until the
-- mailed link is clicked, deleted if it is not within the confirmation window; a confirmed
-- row keeps the volunteer id given at confirmation, for `marathon signups export`.
CREATE TABLE signup (
    -- Never reused, so that a mail's events cannot land on a later sign-up.
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    token         BLOB NOT NULL UNIQUE,     -- SHA-256 of the link's token
    nonce         BLOB NOT NULL,            -- the token is derived from it and a key outside
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    address_hash  TEXT NOT NULL,            -- salted hash of the normalised address
    city          TEXT NOT NULL,
    country       TEXT NOT NULL,
    languages     TEXT NOT NULL,            -- language codes they write, space-separated
    lang          TEXT NOT NULL,            -- the page's language, for the mail
    submitted_at  INTEGER NOT NULL,         -- Unix seconds
    confirmed_at  INTEGER,
    volunteer     TEXT UNIQUE,              -- the id given at confirmation
    mail_status   TEXT NOT NULL DEFAULT 'queued', -- queued, sent, delivered, deferred, failed
    mail_detail   TEXT,
    mail_attempts INTEGER NOT NULL DEFAULT 0,
    mail_at       INTEGER
);
CREATE INDEX signup_outbox ON signup(mail_status) WHERE mail_status IN ('queued', 'deferred');
CREATE INDEX signup_address ON signup(address_hash);
";

/// A new sign-up, checked by the caller.
#[derive(Debug, Clone)]
pub struct NewSignup {
    /// SHA-256 of the link's token.
    pub token_hash: [u8; 32],
    /// The random value the token is derived from.
    pub nonce: Vec<u8>,
    /// Name as they will sign.
    pub name: String,
    /// Their address (the link goes there).
    pub email: String,
    /// Salted hash of the normalised address.
    pub address_hash: String,
    /// City.
    pub city: String,
    /// ISO country code, upper case.
    pub country: String,
    /// Languages they write, preferred first.
    pub languages: Vec<String>,
    /// The page's language.
    pub lang: String,
    /// When it was sent.
    pub submitted_at: OffsetDateTime,
}

/// A sign-up as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signup {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Address.
    pub email: String,
    /// City.
    pub city: String,
    /// ISO country code.
    pub country: String,
    /// Languages they write, preferred first.
    pub languages: Vec<String>,
    /// The page's language.
    pub lang: String,
    /// When it was sent.
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
    /// When the link was clicked; `None` while pending.
    #[serde(with = "time::serde::rfc3339::option")]
    pub confirmed_at: Option<OffsetDateTime>,
    /// The volunteer id given at confirmation.
    pub volunteer: Option<String>,
    /// The confirmation mail's state (`queued`, `sent`, `delivered`, `deferred`, `failed`).
    pub mail: String,
    /// The link's nonce (for the mail; never shown).
    #[serde(skip)]
    pub nonce: Vec<u8>,
}

/// What a click on a sign-up link did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Joined {
    /// Confirmed now, as this volunteer.
    Confirmed(Signup),
    /// Confirmed before (a second click); the same volunteer.
    Already(Signup),
    /// The link is past its window (the sign-up is deleted) or unknown.
    Gone,
}

/// The columns a sign-up is read from, on either store.
pub(super) const COLUMNS: &str = "id, name, email, city, country, languages, lang, submitted_at, \
                       confirmed_at, volunteer, mail_status, nonce";

/// Reads a sign-up from its [`COLUMNS`], on either store.
pub(super) fn row<R: Cols>(r: &R) -> Result<Signup, R::Error> {
    Ok(Signup {
        id: r.col(0)?,
        name: r.col(1)?,
        email: r.col(2)?,
        city: r.col(3)?,
        country: r.col(4)?,
        languages: r
            .col::<String>(5)?
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        lang: r.col(6)?,
        submitted_at: at(r.col(7)?),
        confirmed_at: r.col::<Option<i64>>(8)?.map(at),
        volunteer: r.col(9)?,
        mail: r.col(10)?,
        nonce: r.col(11)?,
    })
}

/// The query of every sign-up, oldest first; `confirmed_only` leaves the pending ones out.
pub(super) fn list_query(confirmed_only: bool) -> String {
    let filter = if confirmed_only {
        "WHERE confirmed_at IS NOT NULL"
    } else {
        ""
    };
    format!("SELECT {COLUMNS} FROM signup {filter} ORDER BY id")
}

/// Stores a sign-up and counts its mail against the address's day (the table the form "I
/// took action" counts in), unless the address had `daily_cap` mails today: one transaction.
pub(super) fn submit(conn: &mut Connection, s: &NewSignup, daily_cap: u32) -> Result<Submitted> {
    if s.languages.is_empty() {
        bail!("a sign-up names at least one language");
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if !web_mail::count_mail(&tx, &s.address_hash, s.submitted_at, daily_cap)? {
        return Ok(Submitted::DailyCapReached);
    }
    tx.prepare_cached(
        "INSERT INTO signup (token, nonce, name, email, address_hash, city, country, languages,
             lang, submitted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        &s.token_hash[..],
        s.nonce,
        s.name,
        s.email,
        s.address_hash,
        s.city,
        s.country,
        s.languages.join(" "),
        s.lang,
        s.submitted_at.unix_timestamp(),
    ])?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    Ok(Submitted::Queued(id))
}

/// The sign-up whose token hashes to `token_hash`.
pub(super) fn find(conn: &Connection, token_hash: &[u8; 32]) -> Result<Option<Signup>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM signup WHERE token = ?1"))?
        .query_row([&token_hash[..]], |r| row(r))
        .optional()?)
}

/// Every sign-up, oldest first; `confirmed_only` leaves the pending ones out.
pub(super) fn list(conn: &Connection, confirmed_only: bool) -> Result<Vec<Signup>> {
    let mut stmt = conn.prepare(&list_query(confirmed_only))?;
    let rows = stmt.query_map([], |r| row(r))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The volunteer ids a sign-up may be given, in order: `slug`, `slug-2`, `slug-3`...
pub(super) fn volunteer_ids(slug: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(slug.to_string()).chain((2..=u32::MAX).map(move |n| format!("{slug}-{n}")))
}

/// Confirms the sign-up whose token hashes to `token_hash` at `now`, giving it the first
/// volunteer id among `slug`, `slug-2`, `slug-3`... that neither `taken` (the address book)
/// nor another sign-up holds; one transaction. Past `window` the sign-up is deleted.
pub(super) fn confirm(
    conn: &mut Connection,
    token_hash: &[u8; 32],
    now: OffsetDateTime,
    window: time::Duration,
    slug: &str,
    taken: &dyn Fn(&str) -> bool,
) -> Result<Joined> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(s) = find(&tx, token_hash)? else {
        return Ok(Joined::Gone);
    };
    if s.confirmed_at.is_some() {
        return Ok(Joined::Already(s));
    }
    if now - s.submitted_at > window {
        tx.execute("DELETE FROM signup WHERE id = ?1", [s.id])?;
        tx.commit()?;
        return Ok(Joined::Gone);
    }
    let mut ids = volunteer_ids(slug);
    let id = loop {
        let Some(candidate) = ids.next() else {
            bail!("no free volunteer id for `{slug}`");
        };
        let used: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM signup WHERE volunteer = ?1)",
            [&candidate],
            |r| r.get(0),
        )?;
        if !used && !taken(&candidate) {
            break candidate;
        }
    };
    tx.execute(
        "UPDATE signup SET confirmed_at = ?2, volunteer = ?3 WHERE id = ?1",
        params![s.id, now.unix_timestamp(), id],
    )?;
    let done = find(&tx, token_hash)?;
    tx.commit()?;
    match done {
        Some(s) => Ok(Joined::Confirmed(s)),
        None => bail!("sign-up {} vanished while being confirmed", s.id),
    }
}

/// Deletes the sign-ups not confirmed within `window` of `now`; returns how many went.
pub(super) fn expire(
    conn: &mut Connection,
    now: OffsetDateTime,
    window: time::Duration,
) -> Result<usize> {
    web_mail::expire(conn, Form::Join, now, window)
}

/// Up to `limit` confirmation mails still to send of pending sign-ups made at or after
/// `since` (see [`web_mail::outbox`]).
pub(super) fn outbox(
    conn: &Connection,
    limit: usize,
    since: OffsetDateTime,
) -> Result<Vec<Signup>> {
    web_mail::outbox(conn, Form::Join, COLUMNS, limit, since, |r| row(r))
}

/// Records what became of sign-up mails (see [`web_mail::record_mail`]).
pub(super) fn record_mail(
    conn: &mut Connection,
    events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
) -> Result<()> {
    web_mail::record_mail(conn, Form::Join, events)
}

/// The (volunteer, prisoner) pairs whose solidarity letter the ledger already counts as an
/// action (its latest event is neither `sent`, `deferred` nor `failed`): such a pair of the
/// saved assignment is already in the prisoner's letters and must not be counted again.
pub(super) fn counted_pairs(
    conn: &Connection,
) -> Result<std::collections::HashSet<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT l.sender, l.prisoner FROM letter l
         WHERE l.kind = 'solidarity'
           AND (SELECT status FROM letter_event WHERE letter = l.id ORDER BY id DESC LIMIT 1)
               NOT IN ('sent', 'deferred', 'failed')",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
