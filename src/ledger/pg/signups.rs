//! Sign-ups from the web form `/join` on a PostgreSQL ledger (see `ledger::signups`): stored
//! with their mail counted against the daily cap shared with "I took action", confirmed with
//! a volunteer id the unique constraint on `signup.volunteer` keeps from being given twice,
//! even by two servers confirming at once.

use anyhow::{Result, bail};
use postgres::GenericClient;
use time::OffsetDateTime;

use super::super::pending::Submitted;
use super::super::signups::{self, COLUMNS, Joined, NewSignup, Signup, row, volunteer_ids};
use super::super::web_mail::Form;
use super::web_mail;
use super::write::is_unique_violation;
use crate::manifest::LetterStatus;

/// Stores a sign-up and counts its mail against the address's day, unless the address had
/// `daily_cap` mails today: one transaction.
pub(in crate::ledger) fn submit(
    conn: &mut postgres::Client,
    s: &NewSignup,
    daily_cap: u32,
) -> Result<Submitted> {
    if s.languages.is_empty() {
        bail!("a sign-up names at least one language");
    }
    let mut tx = conn.transaction()?;
    if !web_mail::count_mail(&mut tx, &s.address_hash, s.submitted_at, daily_cap)? {
        return Ok(Submitted::DailyCapReached);
    }
    let id: i64 = tx
        .query_one(
            "INSERT INTO signup (token, nonce, name, email, address_hash, city, country,
                 languages, lang, submitted_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             RETURNING id",
            &[
                &&s.token_hash[..],
                &s.nonce,
                &s.name,
                &s.email,
                &s.address_hash,
                &s.city,
                &s.country,
                &s.languages.join(" "),
                &s.lang,
                &s.submitted_at.unix_timestamp(),
            ],
        )?
        .get(0);
    tx.commit()?;
    Ok(Submitted::Queued(id))
}

/// The sign-up whose token hashes to `token_hash`.
pub(in crate::ledger) fn find(
    conn: &mut impl GenericClient,
    token_hash: &[u8; 32],
) -> Result<Option<Signup>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM signup WHERE token = $1"),
        &[&&token_hash[..]],
    )?
    .as_ref()
    .map(row)
    .transpose()
}

/// Every sign-up, oldest first; `confirmed_only` leaves the pending ones out.
pub(in crate::ledger) fn list(
    conn: &mut impl GenericClient,
    confirmed_only: bool,
) -> Result<Vec<Signup>> {
    conn.query(&signups::list_query(confirmed_only), &[])?
        .iter()
        .map(row)
        .collect()
}

/// Confirms the sign-up whose token hashes to `token_hash` at `now`, giving it the first
/// volunteer id among `slug`, `slug-2`, `slug-3`... that neither `taken` (the address book)
/// nor another sign-up holds; one transaction. Past `window` the sign-up is deleted.
///
/// The sign-up's row is locked first, so two clicks on one link are one after the other.
/// Two servers confirming two sign-ups with the same slug at once may both find an id free:
/// the unique constraint makes the later one wait for the earlier and fail, and it takes the
/// next id (its failed attempt undone to a savepoint).
pub(in crate::ledger) fn confirm(
    conn: &mut postgres::Client,
    token_hash: &[u8; 32],
    now: OffsetDateTime,
    window: time::Duration,
    slug: &str,
    taken: &dyn Fn(&str) -> bool,
) -> Result<Joined> {
    let mut tx = conn.transaction()?;
    let locked = tx.query_opt(
        &format!("SELECT {COLUMNS} FROM signup WHERE token = $1 FOR UPDATE"),
        &[&&token_hash[..]],
    )?;
    let Some(s) = locked.as_ref().map(row).transpose()? else {
        return Ok(Joined::Gone);
    };
    if s.confirmed_at.is_some() {
        return Ok(Joined::Already(s));
    }
    if now - s.submitted_at > window {
        tx.execute("DELETE FROM signup WHERE id = $1", &[&s.id])?;
        tx.commit()?;
        return Ok(Joined::Gone);
    }
    let mut ids = volunteer_ids(slug);
    loop {
        let Some(candidate) = ids.next() else {
            bail!("no free volunteer id for `{slug}`");
        };
        let used: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM signup WHERE volunteer = $1)",
                &[&candidate],
            )?
            .get(0);
        if used || taken(&candidate) {
            continue;
        }
        let mut attempt = tx.savepoint("volunteer_id")?;
        match attempt.execute(
            "UPDATE signup SET confirmed_at = $2, volunteer = $3 WHERE id = $1",
            &[&s.id, &now.unix_timestamp(), &candidate],
        ) {
            Ok(_) => {
                attempt.commit()?;
                break;
            }
            // Given meanwhile by another server: try the next one.
            Err(e) if is_unique_violation(&e) => attempt.rollback()?,
            Err(e) => return Err(e.into()),
        }
    }
    let done = find(&mut tx, token_hash)?;
    tx.commit()?;
    match done {
        Some(s) => Ok(Joined::Confirmed(s)),
        None => bail!("sign-up {} vanished while being confirmed", s.id),
    }
}

/// Deletes the sign-ups not confirmed within `window` of `now`; returns how many went.
pub(in crate::ledger) fn expire(
    conn: &mut postgres::Client,
    now: OffsetDateTime,
    window: time::Duration,
) -> Result<usize> {
    web_mail::expire(conn, Form::Join, now, window)
}

/// Up to `limit` confirmation mails still to send of pending sign-ups made at or after
/// `since` (see [`web_mail::outbox`]).
pub(in crate::ledger) fn outbox(
    conn: &mut impl GenericClient,
    limit: usize,
    since: OffsetDateTime,
) -> Result<Vec<Signup>> {
    web_mail::outbox(conn, Form::Join, COLUMNS, limit, since, row)
}

/// Records what became of sign-up mails (see [`web_mail::record_mail`]).
pub(in crate::ledger) fn record_mail(
    conn: &mut postgres::Client,
    events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
) -> Result<()> {
    web_mail::record_mail(conn, Form::Join, events)
}
