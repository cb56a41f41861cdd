//! What the two web forms share on a PostgreSQL ledger (see `ledger::web_mail`): the daily
//! count of confirmation mails per address, the outbox, the recording of a mail's fate and
//! the expiry of unconfirmed submissions.

use anyhow::Result;
use postgres::{GenericClient, Row};
use time::OffsetDateTime;

use super::super::web_mail::{Form, utc_day};
use crate::manifest::LetterStatus;

/// Counts one confirmation mail to `address_hash` on the day of `when`, unless the address
/// already had `daily_cap` today; false (nothing counted) then. One statement: a second
/// writer on the same row waits for the first and sees its count, so servers sharing the
/// database never go past the cap together.
pub(in crate::ledger) fn count_mail(
    tx: &mut impl GenericClient,
    address_hash: &str,
    when: OffsetDateTime,
    daily_cap: u32,
) -> Result<bool> {
    if daily_cap == 0 {
        return Ok(false);
    }
    let counted = tx.query_opt(
        "INSERT INTO confirm_mail_day (address_hash, day, mails) VALUES ($1, $2, 1)
         ON CONFLICT (address_hash, day) DO UPDATE SET mails = confirm_mail_day.mails + 1
             WHERE confirm_mail_day.mails < $3
         RETURNING mails",
        &[&address_hash, &utc_day(when), &i64::from(daily_cap)],
    )?;
    Ok(counted.is_some())
}

/// Up to `limit` mails of `form` still to send (never tried, or refused for now) of
/// submissions made at or after `since`, read by `row` from `columns`. A mail handed over
/// without an answer (`sent`) is in doubt and never sent again.
pub(in crate::ledger) fn outbox<T>(
    conn: &mut impl GenericClient,
    form: Form,
    columns: &str,
    limit: usize,
    since: OffsetDateTime,
    row: impl FnMut(&Row) -> Result<T>,
) -> Result<Vec<T>> {
    let sql = format!(
        "SELECT {columns} FROM {} WHERE mail_status IN ('queued', 'deferred')
             AND {} AND submitted_at >= $2 ORDER BY id LIMIT $1",
        form.table(),
        form.waiting()
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    conn.query(&sql, &[&limit, &since.unix_timestamp()])?
        .iter()
        .map(row)
        .collect()
}

/// Records what became of `form`'s mails (by submission id), in one transaction: `sent`
/// before a mail is handed over, the server's answer after. A submission confirmed or
/// deleted meanwhile is skipped.
pub(in crate::ledger) fn record_mail(
    conn: &mut postgres::Client,
    form: Form,
    events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
) -> Result<()> {
    for (_, status, ..) in events {
        form.check_status(*status)?;
    }
    let mut tx = conn.transaction()?;
    let update = tx.prepare(&format!(
        "UPDATE {} SET mail_status = $2, mail_detail = $3, mail_at = $4,
             mail_attempts = mail_attempts + CASE WHEN $2 = 'sent' THEN 1 ELSE 0 END
         WHERE id = $1",
        form.table()
    ))?;
    for (id, status, detail, when) in events {
        tx.execute(
            &update,
            &[id, &status.as_str(), detail, &when.unix_timestamp()],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Deletes `form`'s submissions not confirmed within `window` of `now` and the mail counts
/// of days before yesterday, in one transaction; returns how many submissions went.
pub(in crate::ledger) fn expire(
    conn: &mut postgres::Client,
    form: Form,
    now: OffsetDateTime,
    window: time::Duration,
) -> Result<usize> {
    let mut tx = conn.transaction()?;
    let gone = tx.execute(
        &format!(
            "DELETE FROM {} WHERE {} AND submitted_at < $1",
            form.table(),
            form.waiting()
        ),
        &[&(now - window).unix_timestamp()],
    )?;
    tx.execute(
        "DELETE FROM confirm_mail_day WHERE day < $1",
        &[&(utc_day(now) - 1)],
    )?;
    tx.commit()?;
    Ok(usize::try_from(gone).unwrap_or(usize::MAX))
}
