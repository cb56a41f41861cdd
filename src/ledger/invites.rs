//! Volunteers' personal links (`marathon invite`): one link per volunteer, stored as its
//! nonce and the SHA-256 of its token (never the token), with the append-only events of the
//! mail carrying it; and the letter events of one volunteer's letters, for their page.

use anyhow::{Context, Result};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Ledger, Store, pg};
use crate::manifest::LetterStatus;

/// Version 8: volunteers' personal links and the events of the mails carrying them.
pub(super) const V8: &str = "
-- A volunteer's personal link: the nonce its token is derived from with the workspace key,
-- and the token's SHA-256 (the token itself is only ever in the mail). Written once.
CREATE TABLE invite (
    volunteer TEXT PRIMARY KEY,
    nonce BLOB NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TRIGGER invite_no_update BEFORE UPDATE ON invite
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: an invitation cannot be changed'); END;
-- The life of the mail carrying a link: sent before hand-over, then delivered, deferred or
-- failed; the latest event is its state.
CREATE TABLE invite_event (
    id INTEGER PRIMARY KEY,
    volunteer TEXT NOT NULL REFERENCES invite(volunteer),
    status TEXT NOT NULL,
    detail TEXT,
    at TEXT NOT NULL
);
CREATE INDEX invite_event_volunteer ON invite_event(volunteer, id);
CREATE TRIGGER invite_event_no_update BEFORE UPDATE ON invite_event
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: an event cannot be changed'); END;
CREATE TRIGGER invite_event_no_delete BEFORE DELETE ON invite_event
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: an event cannot be deleted'); END;
CREATE INDEX letter_sender ON letter(sender);
";

/// A volunteer's personal link as the ledger keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    /// The volunteer id.
    pub volunteer: String,
    /// The nonce the link's token is derived from.
    pub nonce: Vec<u8>,
    /// Until when the link opens a session.
    pub expires_at: OffsetDateTime,
    /// The latest state of its mail (`None`: never handed over).
    pub mail: Option<LetterStatus>,
    /// The detail of that state (the server's reply, the reason).
    pub detail: Option<String>,
    /// When the mail was first handed over.
    pub first_sent_at: Option<OffsetDateTime>,
}

/// One event of one of a volunteer's letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolunteerEvent {
    /// The letter id.
    pub letter: String,
    /// The status recorded.
    pub status: LetterStatus,
    /// Who recorded it (`send`, `record`, `volunteer:ID`...).
    pub origin: String,
    /// When it happened.
    pub at: OffsetDateTime,
}

fn time(s: &str) -> rusqlite::Result<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn status(s: &str) -> rusqlite::Result<LetterStatus> {
    LetterStatus::ALL
        .into_iter()
        .find(|x| x.as_str() == s)
        .ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("unknown status `{s}`").into(),
            )
        })
}

const SELECT_INVITE: &str = "SELECT i.volunteer, i.nonce, i.expires_at,
        (SELECT status FROM invite_event e WHERE e.volunteer = i.volunteer ORDER BY id DESC LIMIT 1),
        (SELECT detail FROM invite_event e WHERE e.volunteer = i.volunteer ORDER BY id DESC LIMIT 1),
        (SELECT at FROM invite_event e WHERE e.volunteer = i.volunteer AND status = 'sent'
         ORDER BY id LIMIT 1)
     FROM invite i";

fn read_invite(r: &rusqlite::Row<'_>) -> rusqlite::Result<Invite> {
    let mail: Option<String> = r.get(3)?;
    let first: Option<String> = r.get(5)?;
    Ok(Invite {
        volunteer: r.get(0)?,
        nonce: r.get(1)?,
        expires_at: time(&r.get::<_, String>(2)?)?,
        mail: mail.as_deref().map(status).transpose()?,
        detail: r.get(4)?,
        first_sent_at: first.as_deref().map(time).transpose()?,
    })
}

fn all(conn: &Connection) -> Result<Vec<Invite>> {
    let mut st = conn.prepare(&format!("{SELECT_INVITE} ORDER BY i.volunteer"))?;
    let rows = st.query_map([], read_invite)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Ledger {
    /// Every volunteer's personal link with the state of its mail.
    pub fn invites(&self) -> Result<Vec<Invite>> {
        match &self.store {
            Store::Sqlite(conn) => all(conn),
            Store::Pg(pg) => pg::invites::all(&mut *pg.client()),
        }
        .with_context(|| self.context("cannot read the invitations"))
    }

    /// Stores new links (volunteer, nonce, token hash), all expiring at `expires_at`, in one
    /// transaction; a volunteer who already has a link keeps it.
    pub fn add_invites(
        &mut self,
        links: &[(String, Vec<u8>, [u8; 32])],
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        let what = self.context("cannot store the invitations");
        if let Store::Pg(pg) = &mut self.store {
            return pg::invites::add(pg.client_mut(), links, expires_at).context(what);
        }
        let now = OffsetDateTime::now_utc().format(&Rfc3339)?;
        let expires = expires_at.format(&Rfc3339)?;
        let tx = self
            .sqlite_mut("add_invites")?
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .with_context(|| what.clone())?;
        {
            let mut add = tx.prepare_cached(
                "INSERT OR IGNORE INTO invite (volunteer, nonce, token_hash, expires_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (volunteer, nonce, hash) in links {
                add.execute(params![volunteer, nonce, &hash[..], expires, now])
                    .with_context(|| what.clone())?;
            }
        }
        tx.commit().with_context(|| what.clone())
    }

    /// Records the fate of invitation mails (by volunteer) in one transaction: `sent` before
    /// hand-over, then `delivered`, `deferred` or `failed`.
    pub fn record_invite_mail(
        &mut self,
        events: &[(String, LetterStatus, Option<String>, OffsetDateTime)],
    ) -> Result<()> {
        let what = self.context("cannot record invitation mails");
        if let Store::Pg(pg) = &mut self.store {
            return pg::invites::record_mail(pg.client_mut(), events).context(what);
        }
        let tx = self
            .sqlite_mut("record_invite_mail")?
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .with_context(|| what.clone())?;
        {
            let mut add = tx.prepare_cached(
                "INSERT INTO invite_event (volunteer, status, detail, at) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (volunteer, st, detail, at) in events {
                add.execute(params![
                    volunteer,
                    st.as_str(),
                    detail,
                    at.format(&Rfc3339)?
                ])
                .with_context(|| what.clone())?;
            }
        }
        tx.commit().with_context(|| what.clone())
    }

    /// The link whose token hashes to `token_hash`, if any (expired ones included).
    pub fn invite_by_token(&self, token_hash: &[u8; 32]) -> Result<Option<Invite>> {
        if let Store::Pg(pg) = &self.store {
            return pg::invites::by_token(&mut *pg.client(), token_hash)
                .with_context(|| self.context("cannot read an invitation"));
        }
        self.sqlite("invite_by_token")?
            .query_row(
                &format!("{SELECT_INVITE} WHERE i.token_hash = ?1"),
                [&token_hash[..]],
                read_invite,
            )
            .optional()
            .with_context(|| self.context("cannot read an invitation"))
    }

    /// The link of volunteer `id`, if they have one.
    pub fn invite_of(&self, id: &str) -> Result<Option<Invite>> {
        if let Store::Pg(pg) = &self.store {
            return pg::invites::of(&mut *pg.client(), id)
                .with_context(|| self.context("cannot read an invitation"));
        }
        self.sqlite("invite_of")?
            .query_row(
                &format!("{SELECT_INVITE} WHERE i.volunteer = ?1"),
                [id],
                read_invite,
            )
            .optional()
            .with_context(|| self.context("cannot read an invitation"))
    }

    /// Every event of the letters volunteer `id` signs, oldest first.
    pub fn volunteer_events(&self, id: &str) -> Result<Vec<VolunteerEvent>> {
        if let Store::Pg(pg) = &self.store {
            return pg::invites::volunteer_events(&mut *pg.client(), id)
                .with_context(|| self.context("cannot read a volunteer's letters"));
        }
        let read = || -> Result<Vec<VolunteerEvent>> {
            let mut st = self.sqlite("volunteer_events")?.prepare_cached(
                "SELECT e.letter, e.status, e.origin, e.at FROM letter l
                 JOIN letter_event e ON e.letter = l.id
                 WHERE l.sender = ?1 ORDER BY e.id",
            )?;
            let rows = st.query_map([id], |r| {
                Ok(VolunteerEvent {
                    letter: r.get(0)?,
                    status: status(&r.get::<_, String>(1)?)?,
                    origin: r.get(2)?,
                    at: time(&r.get::<_, String>(3)?)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        read().with_context(|| self.context("cannot read a volunteer's letters"))
    }
}
