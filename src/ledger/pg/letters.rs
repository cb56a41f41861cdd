//! Letters on a PostgreSQL ledger: their metadata, their events, the entry a letter becomes
//! with its first counting event, and the claim a `send` takes on a letter before it hands
//! it to a mail server, so that two runs on one shared ledger never send a letter twice.

use std::collections::HashMap;

use anyhow::{Result, bail};
use postgres::Transaction;

use super::PgStore;
use super::write::Cells;
use time::format_description::well_known::Rfc3339;

use super::super::{Actor, LetterEvent, counts_as_action};
use crate::action::Action;
use crate::manifest::LetterStatus;

/// The claims `send` takes on letters (version 2 of the PostgreSQL schema): one row a letter,
/// naming the database session that last handed it to a mail server. Not append-only: a claim
/// passes to another session once its own has ended.
pub(in crate::ledger) const CLAIMS: &str = "
CREATE TABLE letter_claim (
    letter        text PRIMARY KEY,
    pid           integer NOT NULL,      -- the claiming session's backend
    backend_start timestamptz,           -- and when it started (a pid is reused)
    claimed_at    timestamptz NOT NULL DEFAULT now()
);
";

/// Advisory lock namespace of a letter's events ("MRTL"): events of one letter are written by
/// one transaction at a time, so that its first counting or receipt event is found once.
const LETTER_LOCK: i32 = 0x4d52_544c;

/// Where a synced event came from: the ledger it was made in and its id there.
pub(in crate::ledger) type Origin<'a> = Option<(&'a str, i64)>;

/// One letter event to write, whatever it came from (`send`, `record`, a sync).
pub(in crate::ledger) struct NewEvent<'a> {
    /// The letter id.
    pub letter: &'a str,
    /// The metadata stored with the letter's first event.
    pub meta: Meta,
    /// The letter's template and language, stored with its first event too.
    pub template: &'a str,
    pub language: &'a str,
    /// The new status, and the server's reply, the reason or a note.
    pub status: LetterStatus,
    pub detail: Option<&'a str>,
    /// Who recorded it: `send`, `record`, ...
    pub origin: &'a str,
    /// RFC 3339 with the recorder's offset, and the date in that offset.
    pub at: String,
    pub day: String,
    /// Its identity in the ledger it was made in, for a synced event.
    pub from: Origin<'a>,
}

/// Records `events` as made here (by `send`, `record`, the web) in one transaction, in a
/// new batch (origin `letters`, naming `actor` for a change made on the web), committed
/// before this returns. Returns the letters whose `sent` event of `send` was left out
/// because another run has them (see [`claim`]); their other events are written.
pub(in crate::ledger) fn record_events(
    pg: &mut PgStore,
    events: &[LetterEvent<'_>],
    actor: Option<&Actor>,
) -> Result<Vec<String>> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let mut client = pg.client();
    let mut tx = client.transaction()?;
    let batch = super::write::new_batch(&mut tx, "letters", None, actor)?;
    let skipped = record(&mut tx, events, batch)?;
    let left_out = |ev: &LetterEvent<'_>| sending(ev) && skipped.contains(&ev.letter.id);
    if events.iter().all(left_out) {
        // Nothing was written but the batch: it goes again, leaving no empty write behind.
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    Ok(skipped)
}

/// True for the `sent` event of `send`, which claims its letter.
fn sending(ev: &LetterEvent<'_>) -> bool {
    ev.status == LetterStatus::Sent && ev.origin == "send"
}

/// Records `events` as made here (by `send`, `record`, the web) in the transaction under
/// way, in batch `batch`. A `sent` event of `send` claims its letter first (see [`claim`]);
/// one whose letter another run has is left out, and its letter returned.
pub(in crate::ledger) fn record(
    tx: &mut Transaction<'_>,
    events: &[LetterEvent<'_>],
    batch: i64,
) -> Result<Vec<String>> {
    let claims: Vec<&str> = events
        .iter()
        .filter(|ev| sending(ev))
        .map(|ev| ev.letter.id.as_str())
        .collect();
    // The letters' locks first: their states and claims are read and changed by one
    // transaction at a time.
    lock_letters(tx, events.iter().map(|ev| ev.letter.id.as_str()))?;
    let skipped = if claims.is_empty() {
        Vec::new()
    } else {
        claim(tx, &claims)?
    };
    let mut out = Vec::with_capacity(events.len());
    for ev in events {
        let l = &*ev.letter;
        if sending(ev) && skipped.contains(&l.id) {
            continue;
        }
        out.push(NewEvent {
            letter: &l.id,
            meta: Meta::of(l),
            template: &l.template,
            language: &l.language,
            status: ev.status,
            detail: ev.detail.as_deref(),
            origin: &ev.origin,
            at: ev.at.format(&Rfc3339)?,
            day: ev.at.date().to_string(),
            from: None,
        });
    }
    write_locked(tx, &out, batch)?;
    Ok(skipped)
}

/// Takes the locks of `letters` for the transaction under way, in id order, so that two
/// writers never wait on each other's locks crosswise.
fn lock_letters<'a>(
    tx: &mut Transaction<'_>,
    letters: impl Iterator<Item = &'a str>,
) -> Result<()> {
    let mut ids: Vec<&str> = letters.collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.iter().any(|id| id.trim().is_empty()) {
        bail!("a letter event has an empty letter id");
    }
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext(id)) FROM unnest($2::text[]) AS id ORDER BY id",
        &[&LETTER_LOCK, &ids],
    )?;
    Ok(())
}

/// Writes `events` in batch `batch`; with `claims`, `sent` events of `send` claim their
/// letters first.
pub(in crate::ledger) fn write(
    tx: &mut Transaction<'_>,
    events: &[NewEvent<'_>],
    batch: i64,
    claims: bool,
) -> Result<u64> {
    lock_letters(tx, events.iter().map(|e| e.letter))?;
    let sending: Vec<&str> = events
        .iter()
        .filter(|e| claims && e.status == LetterStatus::Sent && e.origin == "send")
        .map(|e| e.letter)
        .collect();
    if !sending.is_empty()
        && let Some(held) = claim(tx, &sending)?.first()
    {
        bail!(
            "letter `{held}` is being sent by another `marathon send` connected to this ledger, \
             or was already accepted; it is not sent twice"
        );
    }
    write_locked(tx, events, batch)
}

/// Writes `events` in batch `batch`, their letters' locks held; returns the entries added.
fn write_locked(tx: &mut Transaction<'_>, events: &[NewEvent<'_>], batch: i64) -> Result<u64> {
    let mut added = 0;
    let add_letter = tx.prepare(
        "INSERT INTO letter (id, kind, case_id, prisoner, recipient, sender, sender_country,
             channel, template, language, batch)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING",
    )?;
    let add_event = tx.prepare(
        "INSERT INTO letter_event (letter, status, detail, origin, at, day, batch,
             origin_ledger, origin_id)
         VALUES ($1, $2, $3, $4, $5, $6::text::date, $7, $8::text::uuid, $9) RETURNING id",
    )?;
    let stored = tx.prepare(
        "SELECT kind, case_id, prisoner, recipient, sender, sender_country, channel
         FROM letter WHERE id = $1",
    )?;
    let counted = tx.prepare("SELECT EXISTS (SELECT 1 FROM entry WHERE letter = $1)")?;
    let received_before = tx.prepare(
        "SELECT EXISTS (SELECT 1 FROM letter_event
             WHERE letter = $1 AND status IN ('received', 'replied') AND id < $2)",
    )?;
    let mut cells = Cells::default();
    let mut metas: HashMap<&str, Meta> = HashMap::new();
    for ev in events {
        if !metas.contains_key(ev.letter) {
            let m = &ev.meta;
            tx.execute(
                &add_letter,
                &[
                    &ev.letter,
                    &m.kind,
                    &m.case,
                    &m.prisoner,
                    &m.recipient,
                    &m.sender,
                    &m.country,
                    &m.channel,
                    &ev.template,
                    &ev.language,
                    &batch,
                ],
            )?;
            // The metadata stored first wins (append-only), as in SQLite.
            let r = tx.query_one(&stored, &[&ev.letter])?;
            let meta = Meta {
                kind: r.get(0),
                case: r.get(1),
                prisoner: r.get(2),
                recipient: r.get(3),
                sender: r.get(4),
                country: r.get(5),
                channel: r.get(6),
            };
            metas.insert(ev.letter, meta);
        }
        let meta = &metas[ev.letter];
        let (origin_ledger, origin_id) = match ev.from {
            Some((ledger, id)) => (Some(ledger), Some(id)),
            None => (None, None),
        };
        let event_id: i64 = tx
            .query_one(
                &add_event,
                &[
                    &ev.letter,
                    &ev.status.as_str(),
                    &ev.detail,
                    &ev.origin,
                    &ev.at,
                    &ev.day,
                    &batch,
                    &origin_ledger,
                    &origin_id,
                ],
            )?
            .get(0);
        if counts_as_action(ev.status) && !tx.query_one(&counted, &[&ev.letter])?.get::<_, bool>(0)
        {
            let day = time::Date::parse(
                &ev.day,
                time::macros::format_description!("[year]-[month]-[day]"),
            )?;
            let action = meta.action(day)?;
            insert_entry(
                tx,
                batch,
                &action,
                Placed {
                    letter: Some(ev.letter),
                    ..Placed::default()
                },
            )?;
            cells.entry(&action, 1);
            added += 1;
        }
        let receipt = matches!(ev.status, LetterStatus::Received | LetterStatus::Replied);
        if receipt
            && meta.kind == "solidarity"
            && !tx
                .query_one(&received_before, &[&ev.letter, &event_id])?
                .get::<_, bool>(0)
        {
            cells.received(&meta.prisoner, &ev.day, &meta.case);
        }
    }
    cells.flush(tx)?;
    Ok(added)
}

/// Claims `letters` for this database session before their `sent` events are written, under
/// their locks; returns those it leaves alone because another run has them. A letter the
/// ledger already has as accepted or posted (or later in its life) is left alone, and so is
/// one claimed by a session still connected (another `send`, on this or another machine,
/// sending it now or retrying it later). A claim whose session has ended (the run finished,
/// was killed or lost its connection) passes to this one, and the letter's events then say
/// what it is (in doubt after a `sent` with no answer).
fn claim(tx: &mut Transaction<'_>, letters: &[&str]) -> Result<Vec<String>> {
    let done = tx.query(
        "SELECT DISTINCT ON (letter) letter, status FROM letter_event
         WHERE letter = ANY($1) ORDER BY letter, id DESC",
        &[&letters],
    )?;
    let mut others: Vec<String> = Vec::new();
    for r in done {
        let (letter, status): (String, String) = (r.get(0), r.get(1));
        if status.parse::<LetterStatus>().is_ok_and(counts_as_action) {
            others.push(letter);
        }
    }
    let wanted: Vec<&str> = letters
        .iter()
        .copied()
        .filter(|l| !others.iter().any(|o| o == l))
        .collect();
    let taken = tx.query(
        "INSERT INTO letter_claim AS c (letter, pid, backend_start)
         SELECT id, pg_backend_pid(),
                (SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid())
         FROM unnest($1::text[]) AS id
         ON CONFLICT (letter) DO UPDATE SET pid = EXCLUDED.pid,
             backend_start = EXCLUDED.backend_start, claimed_at = now()
         WHERE (c.pid = EXCLUDED.pid AND c.backend_start IS NOT DISTINCT FROM EXCLUDED.backend_start)
            OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = c.pid
                   AND (a.backend_start IS NULL OR c.backend_start IS NULL
                        OR a.backend_start = c.backend_start))
         RETURNING letter",
        &[&wanted],
    )?;
    let got: std::collections::HashSet<String> = taken.iter().map(|r| r.get(0)).collect();
    others.extend(
        wanted
            .iter()
            .filter(|l| !got.contains(**l))
            .map(|l| l.to_string()),
    );
    others.sort_unstable();
    others.dedup();
    Ok(others)
}

/// The letters claimed by another session still connected: another `send` is sending them
/// or will retry them.
pub(in crate::ledger) fn claimed_elsewhere(
    conn: &mut impl postgres::GenericClient,
) -> Result<std::collections::HashSet<String>> {
    Ok(conn
        .query(
            // A join, not a lookup of the sessions per claim: one pass over the claims.
            "SELECT c.letter FROM letter_claim c JOIN pg_stat_activity a ON a.pid = c.pid
             WHERE a.pid <> pg_backend_pid()
               AND (a.backend_start IS NULL OR c.backend_start IS NULL
                    OR a.backend_start = c.backend_start)",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

/// A letter's metadata as first stored: the SQLite store's own type.
pub(in crate::ledger) use super::super::letters::Stored as Meta;

/// Where an entry comes from, beside what it records.
#[derive(Default)]
pub(in crate::ledger) struct Placed<'a> {
    /// Its line in an imported file.
    pub line: Option<i64>,
    /// The entry it corrects.
    pub corrects: Option<i64>,
    /// The letter it counts.
    pub letter: Option<&'a str>,
    /// Its import row key and content fingerprint.
    pub key: Option<(i64, i64)>,
    /// Its identity in the ledger it was made in, when synced.
    pub from: Origin<'a>,
}

/// Inserts one entry in batch `batch`; returns its id.
pub(in crate::ledger) fn insert_entry(
    tx: &mut impl postgres::GenericClient,
    batch: i64,
    a: &Action,
    p: Placed<'_>,
) -> Result<i64> {
    let Placed {
        line,
        corrects,
        letter,
        key,
        from,
    } = p;
    let (origin_ledger, origin_id) = match from {
        Some((l, id)) => (Some(l), Some(id)),
        None => (None, None),
    };
    let count = i64::try_from(a.count)?;
    let row = tx.query_one(
        "INSERT INTO entry (batch, line, kind, count, case_id, prisoner, recipient, volunteer,
             grp, country, channel, day, note, corrects, letter, origin_ledger, origin_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::date, $13, $14, $15,
             $16::text::uuid, $17)
         RETURNING id",
        &[
            &batch,
            &line,
            &a.kind.as_str(),
            &count,
            &a.case,
            &a.prisoner,
            &a.recipient,
            &a.volunteer,
            &a.group,
            &a.country,
            &a.channel.as_str(),
            &a.day.to_string(),
            &a.note,
            &corrects,
            &letter,
            &origin_ledger,
            &origin_id,
        ],
    )?;
    let id = row.get(0);
    if let Some((key, content)) = key {
        super::keys::write_one(
            tx,
            super::keys::Key {
                key,
                content,
                entry: id,
            },
        )?;
    }
    Ok(id)
}
