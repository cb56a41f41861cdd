//! What the two web forms ("I took action" and `/join`) share on SQLite: the daily count of
//! confirmation mails per address, the outbox of mails still to send, the recording of a
//! mail's fate and the expiry of unconfirmed submissions. The PostgreSQL twin is
//! `pg::web_mail`; the [`Form`] names the table either store reads.

use anyhow::{Result, bail};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use time::OffsetDateTime;

use crate::manifest::LetterStatus;

/// Which form's submissions: their table and what its mails are called in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// "I took action" (`pending_action`).
    Act,
    /// `/join` (`signup`).
    Join,
}

impl Form {
    /// The table holding the form's submissions.
    pub(super) fn table(self) -> &'static str {
        match self {
            Form::Act => "pending_action",
            Form::Join => "signup",
        }
    }

    /// The condition on top of the mail's state for a submission still waiting for its
    /// link (a confirmed sign-up stays in its table; a confirmed action leaves it).
    pub(super) fn waiting(self) -> &'static str {
        match self {
            Form::Act => "TRUE",
            Form::Join => "confirmed_at IS NULL",
        }
    }

    /// Refuses a status a confirmation mail cannot have.
    pub(super) fn check_status(self, status: LetterStatus) -> Result<()> {
        if !matches!(
            status,
            LetterStatus::Sent
                | LetterStatus::Delivered
                | LetterStatus::Deferred
                | LetterStatus::Failed
        ) {
            let mail = match self {
                Form::Act => "confirmation",
                Form::Join => "sign-up",
            };
            bail!("a {mail} mail cannot be `{}`", status.as_str());
        }
        Ok(())
    }
}

/// Days since 1970-01-01 of `at` in UTC.
pub(super) fn utc_day(at: OffsetDateTime) -> i64 {
    at.unix_timestamp().div_euclid(86_400)
}

/// The time `secs` Unix seconds name (the epoch for one out of range).
pub(super) fn at(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Counts one confirmation mail to `address_hash` on the day of `when`, unless the address
/// already had `daily_cap` today; false (nothing counted) then. One statement, so the check
/// and the count cannot be split by another writer.
pub(super) fn count_mail(
    tx: &Transaction<'_>,
    address_hash: &str,
    when: OffsetDateTime,
    daily_cap: u32,
) -> Result<bool> {
    if daily_cap == 0 {
        return Ok(false);
    }
    let counted: Option<i64> = tx
        .prepare_cached(
            "INSERT INTO confirm_mail_day (address_hash, day, mails) VALUES (?1, ?2, 1)
             ON CONFLICT (address_hash, day) DO UPDATE SET mails = mails + 1
                 WHERE confirm_mail_day.mails < ?3
             RETURNING mails",
        )?
        .query_row(
            rusqlite::params![address_hash, utc_day(when), i64::from(daily_cap)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(counted.is_some())
}

/// Up to `limit` mails of `form` still to send (never tried, or refused for now) of
/// submissions made at or after `since`, read by `row` from `columns`. A mail handed over
/// without an answer (`sent`) is in doubt and never sent again.
pub(super) fn outbox<T>(
    conn: &Connection,
    form: Form,
    columns: &str,
    limit: usize,
    since: OffsetDateTime,
    row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {columns} FROM {} WHERE mail_status IN ('queued', 'deferred')
             AND {} AND submitted_at >= ?2 ORDER BY id LIMIT ?1",
        form.table(),
        form.waiting()
    ))?;
    let rows = stmt.query_map(rusqlite::params![limit as i64, since.unix_timestamp()], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records what became of `form`'s mails (by submission id), in one transaction: `sent`
/// before a mail is handed over, the server's answer after. A submission confirmed or
/// deleted meanwhile is skipped.
pub(super) fn record_mail(
    conn: &mut Connection,
    form: Form,
    events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
) -> Result<()> {
    for (_, status, ..) in events {
        form.check_status(*status)?;
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut stmt = tx.prepare_cached(&format!(
            "UPDATE {} SET mail_status = ?2, mail_detail = ?3, mail_at = ?4,
                 mail_attempts = mail_attempts + (?2 = 'sent')
             WHERE id = ?1",
            form.table()
        ))?;
        for (id, status, detail, when) in events {
            stmt.execute(rusqlite::params![
                id,
                status.as_str(),
                detail,
                when.unix_timestamp()
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Deletes `form`'s submissions not confirmed within `window` of `now` and the mail counts
/// of days before yesterday, in one transaction; returns how many submissions went.
pub(super) fn expire(
    conn: &mut Connection,
    form: Form,
    now: OffsetDateTime,
    window: time::Duration,
) -> Result<usize> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let gone = tx.execute(
        &format!(
            "DELETE FROM {} WHERE {} AND submitted_at < ?1",
            form.table(),
            form.waiting()
        ),
        [(now - window).unix_timestamp()],
    )?;
    tx.execute(
        "DELETE FROM confirm_mail_day WHERE day < ?1",
        [utc_day(now) - 1],
    )?;
    tx.commit()?;
    Ok(gone)
}
