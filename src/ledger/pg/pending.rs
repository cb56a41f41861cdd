//! Submissions of the web form "I took action" on a PostgreSQL ledger (see
//! `ledger::pending`): stored with their mail counted against the daily cap, turned into an
//! ordinary entry of origin `web` when their link is clicked, with the summary cells, in the
//! transaction that deletes them and their address.

use anyhow::{Result, anyhow, bail};
use postgres::GenericClient;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::super::pending::{
    Confirmation, NewPending, OUTBOX_COLUMNS, OutboxMail, PendingAction, Submitted, outbox_row,
};
use super::super::web_mail::{Form, at};
use super::super::write::check_count;
use super::letters::{Placed, insert_entry};
use super::web_mail;
use super::write::{Cells, new_batch};
use crate::action::{Action, ActionKind, Channel};
use crate::manifest::LetterStatus;

/// Stores a submission and counts its mail against the address's day, unless that address
/// already had `daily_cap` mails today: one transaction.
pub(in crate::ledger) fn submit(
    conn: &mut postgres::Client,
    p: &NewPending,
    daily_cap: u32,
) -> Result<Submitted> {
    if p.count == 0 {
        bail!("a submission counts at least 1 action");
    }
    let mut tx = conn.transaction()?;
    if !web_mail::count_mail(&mut tx, &p.address_hash, p.submitted_at, daily_cap)? {
        return Ok(Submitted::DailyCapReached);
    }
    let id: i64 = tx
        .query_one(
            "INSERT INTO pending_action (token, nonce, email, address_hash, kind, count, case_id,
                 country, grp, lang, submitted_at, ip_prefix)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             RETURNING id",
            &[
                &&p.token_hash[..],
                &p.nonce,
                &p.email,
                &p.address_hash,
                &p.kind.as_str(),
                &(p.count as i64),
                &p.case,
                &p.country,
                &p.group,
                &p.lang,
                &p.submitted_at.unix_timestamp(),
                &p.ip_prefix,
            ],
        )?
        .get(0);
    tx.commit()?;
    Ok(Submitted::Queued(id))
}

fn kind(id: i64, text: &str) -> Result<ActionKind> {
    text.parse()
        .map_err(|e: String| anyhow!("pending submission {id}: {e}"))
}

/// The submission whose token hashes to `token_hash`.
pub(in crate::ledger) fn find(
    conn: &mut impl GenericClient,
    token_hash: &[u8; 32],
) -> Result<Option<PendingAction>> {
    let Some(r) = conn.query_opt(
        "SELECT id, kind, count, case_id, country, grp, submitted_at
         FROM pending_action WHERE token = $1",
        &[&&token_hash[..]],
    )?
    else {
        return Ok(None);
    };
    let id: i64 = r.get(0);
    Ok(Some(PendingAction {
        id,
        kind: kind(id, r.get(1))?,
        count: r.get::<_, i64>(2) as u64,
        case: r.get(3),
        country: r.get(4),
        group: r.get(5),
        submitted_at: at(r.get(6)),
    }))
}

/// Confirms the submission whose token hashes to `token_hash` at `now`: it is deleted, and
/// within `window` of its submission becomes an entry (channel `online`, the day of `now` in
/// UTC, origin `web`), a `web_entry` row and its summary cells, in one transaction. Two
/// clicks at once: the second waits for the first's delete and finds nothing.
pub(in crate::ledger) fn confirm(
    conn: &mut postgres::Client,
    token_hash: &[u8; 32],
    now: OffsetDateTime,
    window: time::Duration,
) -> Result<Confirmation> {
    let mut tx = conn.transaction()?;
    let Some(r) = tx.query_opt(
        "DELETE FROM pending_action WHERE token = $1
         RETURNING id, kind, count, case_id, country, grp, submitted_at, address_hash, email,
             ip_prefix",
        &[&&token_hash[..]],
    )?
    else {
        return Ok(Confirmation::Unknown);
    };
    if now - at(r.get(6)) > window {
        tx.commit()?;
        return Ok(Confirmation::Expired);
    }
    let id: i64 = r.get(0);
    let address_hash: String = r.get(7);
    let email: String = r.get(8);
    let ip_prefix: Option<String> = r.get(9);
    // Only the domain stays with the entry; the address goes with the submission.
    let email_domain = crate::act::origin::email_domain(&email);
    let action = Action {
        kind: kind(id, r.get(1))?,
        count: r.get::<_, i64>(2) as u64,
        case: r.get(3),
        prisoner: None,
        recipient: None,
        volunteer: None,
        group: r.get(5),
        country: r.get(4),
        channel: Channel::Online,
        day: now.to_offset(time::UtcOffset::UTC).date(),
        note: None,
    };
    check_count(&action, false)?;
    let batch = new_batch(&mut tx, "web", None, None)?;
    let entry = insert_entry(&mut tx, batch, &action, Placed::default())?;
    tx.execute(
        "INSERT INTO web_entry (entry, address_hash, confirmed_at, ip_prefix, email_domain)
         VALUES ($1, $2, $3, $4, $5)",
        &[
            &entry,
            &address_hash,
            &now.to_offset(time::UtcOffset::UTC).format(&Rfc3339)?,
            &ip_prefix,
            &email_domain,
        ],
    )?;
    let mut cells = Cells::default();
    cells.entry(&action, 1);
    cells.flush(&mut tx)?;
    tx.commit()?;
    Ok(Confirmation::Recorded {
        entry,
        count: action.count,
    })
}

/// Deletes the submissions older than `window` at `now` and the mail counts of days before
/// yesterday; returns how many submissions went.
pub(in crate::ledger) fn expire(
    conn: &mut postgres::Client,
    now: OffsetDateTime,
    window: time::Duration,
) -> Result<usize> {
    web_mail::expire(conn, Form::Act, now, window)
}

/// Up to `limit` confirmation mails still to send (see [`web_mail::outbox`]).
pub(in crate::ledger) fn outbox(
    conn: &mut impl GenericClient,
    limit: usize,
    since: OffsetDateTime,
) -> Result<Vec<OutboxMail>> {
    web_mail::outbox(conn, Form::Act, OUTBOX_COLUMNS, limit, since, |r| {
        outbox_row(r)
    })
}

/// Records what became of confirmation mails (see [`web_mail::record_mail`]).
pub(in crate::ledger) fn record_mail(
    conn: &mut postgres::Client,
    events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
) -> Result<()> {
    web_mail::record_mail(conn, Form::Act, events)
}

/// The state of the confirmation mail of submission `id`: status and attempts.
pub(in crate::ledger) fn mail_state(
    conn: &mut impl GenericClient,
    id: i64,
) -> Result<Option<(String, u32)>> {
    Ok(conn
        .query_opt(
            "SELECT mail_status, mail_attempts FROM pending_action WHERE id = $1",
            &[&id],
        )?
        .map(|r| {
            (
                r.get(0),
                u32::try_from(r.get::<_, i64>(1)).unwrap_or(u32::MAX),
            )
        }))
}

/// Entries confirmed on the web by the address with this salted hash.
pub(in crate::ledger) fn web_entries(
    conn: &mut impl GenericClient,
    address_hash: &str,
) -> Result<Vec<i64>> {
    Ok(conn
        .query(
            "SELECT entry FROM web_entry WHERE address_hash = $1 ORDER BY entry",
            &[&address_hash],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect())
}
