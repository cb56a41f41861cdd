//! Volunteers' personal links and their mails on a PostgreSQL ledger (see `ledger::invites`).

use anyhow::{Result, anyhow};
use postgres::{GenericClient, Row};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::super::{Invite, VolunteerEvent};
use crate::manifest::LetterStatus;

fn time(s: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(|e| anyhow!("time `{s}`: {e}"))
}

fn status(s: &str) -> Result<LetterStatus> {
    LetterStatus::ALL
        .into_iter()
        .find(|x| x.as_str() == s)
        .ok_or_else(|| anyhow!("unknown status `{s}`"))
}

const SELECT_INVITE: &str = "SELECT i.volunteer, i.nonce, i.expires_at,
        (SELECT status FROM invite_event e WHERE e.volunteer = i.volunteer ORDER BY id DESC LIMIT 1),
        (SELECT detail FROM invite_event e WHERE e.volunteer = i.volunteer ORDER BY id DESC LIMIT 1),
        (SELECT at FROM invite_event e WHERE e.volunteer = i.volunteer AND status = 'sent'
         ORDER BY id LIMIT 1)
     FROM invite i";

fn read_invite(r: &Row) -> Result<Invite> {
    let mail: Option<&str> = r.get(3);
    let first: Option<&str> = r.get(5);
    Ok(Invite {
        volunteer: r.get(0),
        nonce: r.get(1),
        expires_at: time(r.get(2))?,
        mail: mail.map(status).transpose()?,
        detail: r.get(4),
        first_sent_at: first.map(time).transpose()?,
    })
}

/// Every link, by volunteer id.
pub(in crate::ledger) fn all(conn: &mut impl GenericClient) -> Result<Vec<Invite>> {
    conn.query(&format!("{SELECT_INVITE} ORDER BY i.volunteer"), &[])?
        .iter()
        .map(read_invite)
        .collect()
}

/// The link whose token hashes to `hash`.
pub(in crate::ledger) fn by_token(
    conn: &mut impl GenericClient,
    hash: &[u8; 32],
) -> Result<Option<Invite>> {
    let sql = format!("{SELECT_INVITE} WHERE i.token_hash = $1");
    conn.query_opt(&sql, &[&&hash[..]])?
        .as_ref()
        .map(read_invite)
        .transpose()
}

/// The link of volunteer `id`.
pub(in crate::ledger) fn of(conn: &mut impl GenericClient, id: &str) -> Result<Option<Invite>> {
    let sql = format!("{SELECT_INVITE} WHERE i.volunteer = $1");
    conn.query_opt(&sql, &[&id])?
        .as_ref()
        .map(read_invite)
        .transpose()
}

/// Stores new links in one transaction; a volunteer who has one keeps it.
pub(in crate::ledger) fn add(
    conn: &mut postgres::Client,
    links: &[(String, Vec<u8>, [u8; 32])],
    expires_at: OffsetDateTime,
) -> Result<()> {
    let now = OffsetDateTime::now_utc().format(&Rfc3339)?;
    let expires = expires_at.format(&Rfc3339)?;
    let mut tx = conn.transaction()?;
    let add = tx.prepare(
        "INSERT INTO invite (volunteer, nonce, token_hash, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )?;
    for (volunteer, nonce, hash) in links {
        tx.execute(&add, &[volunteer, nonce, &&hash[..], &expires, &now])?;
    }
    tx.commit()?;
    Ok(())
}

/// Records the fate of invitation mails in one transaction.
pub(in crate::ledger) fn record_mail(
    conn: &mut postgres::Client,
    events: &[(String, LetterStatus, Option<String>, OffsetDateTime)],
) -> Result<()> {
    let mut tx = conn.transaction()?;
    let add = tx.prepare(
        "INSERT INTO invite_event (volunteer, status, detail, at) VALUES ($1, $2, $3, $4)",
    )?;
    for (volunteer, st, detail, at) in events {
        tx.execute(
            &add,
            &[volunteer, &st.as_str(), detail, &at.format(&Rfc3339)?],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Every event of the letters volunteer `id` signs, oldest first.
pub(in crate::ledger) fn volunteer_events(
    conn: &mut impl GenericClient,
    id: &str,
) -> Result<Vec<VolunteerEvent>> {
    conn.query(
        "SELECT e.letter, e.status, e.origin, e.at FROM letter l
         JOIN letter_event e ON e.letter = l.id
         WHERE l.sender = $1 ORDER BY e.id",
        &[&id],
    )?
    .iter()
    .map(|r| {
        Ok(VolunteerEvent {
            letter: r.get(0),
            status: status(r.get(1))?,
            origin: r.get(2),
            at: time(r.get(3))?,
        })
    })
    .collect()
}
