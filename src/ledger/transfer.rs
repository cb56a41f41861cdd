//! A whole ledger as rows that mean the same in either store, for `ledger copy` and `ledger
//! sync`: reading them out of an SQLite ledger in id order, and writing them into an empty
//! one with their ids intact.

use std::collections::HashMap;

use anyhow::{Result, bail};
use rusqlite::{Connection, params};

use super::keys::{self, KeyRuns};
use super::labels::{Labels, day_number};
use super::read;
use super::web_copy::WebRows;
use super::worker::{Buckets, KeyRow};
use crate::action::Action;

/// The identity of a row made in another ledger: that ledger's id and the row's id there.
/// `None` for a row made in the ledger holding it.
pub(crate) type Origin = Option<(String, i64)>;

/// A row's identity: where it was made and its id there (`id` in `ledger` when `from` is
/// `None`).
pub(crate) fn identity<'a>(ledger: &'a str, id: i64, from: &'a Origin) -> (&'a str, i64) {
    match from {
        Some((l, n)) => (l.as_str(), *n),
        None => (ledger, id),
    }
}

/// One write (`record`, an import, a call recording letter events, a web change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BatchRow {
    pub id: i64,
    pub origin: String,
    pub file: Option<String>,
    pub recorded_at: String,
    pub actor: Option<String>,
    /// Where it was made, when in another ledger (see [`Origin`]).
    pub origin_of: Origin,
}

/// One entry, as the view `entry` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryRow {
    pub id: i64,
    pub batch: i64,
    pub line: Option<i64>,
    pub action: Action,
    pub corrects: Option<i64>,
    pub letter: Option<String>,
    pub origin_of: Origin,
}

/// A generated letter's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LetterRow {
    pub id: String,
    pub kind: String,
    pub case_id: String,
    pub prisoner: String,
    pub recipient: String,
    pub sender: String,
    pub sender_country: String,
    pub channel: String,
    pub template: String,
    pub language: String,
    pub batch: i64,
}

/// One change in a letter's life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EventRow {
    pub id: i64,
    pub letter: String,
    pub status: String,
    pub detail: Option<String>,
    pub origin: String,
    pub at: String,
    pub day: String,
    pub batch: i64,
    pub origin_of: Origin,
}

/// Who made an entry confirmed on the web (hashed), kept beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WebEntryRow {
    pub entry: i64,
    pub address_hash: String,
    pub confirmed_at: String,
    pub ip_prefix: Option<String>,
    pub email_domain: Option<String>,
}

/// Everything of a ledger that `ledger copy` moves, held in memory (an evening's or a
/// campaign's ledger; entries take about 200 bytes each here).
#[derive(Debug, Default)]
pub(crate) struct Rows {
    /// The identity of the ledger read.
    pub ledger_id: String,
    /// Each table's rows, in id order (letters in the order of their first batch).
    pub batches: Vec<BatchRow>,
    pub entries: Vec<EntryRow>,
    pub letters: Vec<LetterRow>,
    pub events: Vec<EventRow>,
    /// Imported row keys: key, content fingerprint, entry id.
    pub keys: Vec<KeyRow>,
    /// The hashed origins of entries confirmed on the web.
    pub web_entries: Vec<WebEntryRow>,
    /// The web's own tables (submissions waiting for their link, sign-ups, invitations):
    /// read for a copy only, which moves them as they are.
    pub web: WebRows,
}

/// Reads every row of an SQLite ledger, each table in id order.
pub(super) fn read_sqlite(conn: &Connection, ledger_id: String) -> Result<Rows> {
    let mut out = Rows {
        ledger_id,
        ..Rows::default()
    };
    let mut origins: HashMap<(String, i64), (String, i64)> = HashMap::new();
    let mut stmt = conn.prepare("SELECT tbl, id, ledger, origin_id FROM origin")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        origins.insert((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?));
    }
    let mut origin_of = |tbl: &str, id: i64| {
        if origins.is_empty() {
            None
        } else {
            origins.remove(&(tbl.to_string(), id))
        }
    };
    let mut stmt =
        conn.prepare("SELECT id, origin, file, recorded_at, actor FROM batch ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id = r.get(0)?;
        out.batches.push(BatchRow {
            id,
            origin: r.get(1)?,
            file: r.get(2)?,
            recorded_at: r.get(3)?,
            actor: r.get(4)?,
            origin_of: origin_of("batch", id),
        });
    }
    let sql = format!(
        "SELECT e.id, e.batch, e.line, e.corrects, e.letter, {} FROM entry e ORDER BY e.id",
        read::ACTION_COLUMNS
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id = r.get(0)?;
        out.entries.push(EntryRow {
            id,
            origin_of: origin_of("entry", id),
            batch: r.get(1)?,
            line: r.get(2)?,
            corrects: r.get(3)?,
            letter: r.get(4)?,
            action: read::action_from_row(r, 5)?,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT id, kind, case_id, prisoner, recipient, sender, sender_country, channel,
             template, language, batch FROM letter ORDER BY batch, id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.letters.push(LetterRow {
            id: r.get(0)?,
            kind: r.get(1)?,
            case_id: r.get(2)?,
            prisoner: r.get(3)?,
            recipient: r.get(4)?,
            sender: r.get(5)?,
            sender_country: r.get(6)?,
            channel: r.get(7)?,
            template: r.get(8)?,
            language: r.get(9)?,
            batch: r.get(10)?,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT id, letter, status, detail, origin, at, day, batch FROM letter_event ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id = r.get(0)?;
        out.events.push(EventRow {
            id,
            origin_of: origin_of("letter_event", id),
            letter: r.get(1)?,
            status: r.get(2)?,
            detail: r.get(3)?,
            origin: r.get(4)?,
            at: r.get(5)?,
            day: r.get(6)?,
            batch: r.get(7)?,
        });
    }
    out.keys = keys::all(conn)?;
    let mut stmt = conn.prepare(
        "SELECT entry, address_hash, confirmed_at, ip_prefix, email_domain
         FROM web_entry ORDER BY entry",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.web_entries.push(WebEntryRow {
            entry: r.get(0)?,
            address_hash: r.get(1)?,
            confirmed_at: r.get(2)?,
            ip_prefix: r.get(3)?,
            email_domain: r.get(4)?,
        });
    }
    Ok(out)
}

/// True when the SQLite ledger holds no row at all that a copy could collide with.
pub(super) fn is_empty_sqlite(conn: &Connection) -> Result<bool> {
    let any: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM batch) OR EXISTS (SELECT 1 FROM letter)
             OR EXISTS (SELECT 1 FROM pending_action) OR EXISTS (SELECT 1 FROM signup)
             OR EXISTS (SELECT 1 FROM invite) OR EXISTS (SELECT 1 FROM confirm_mail_day)",
        [],
        |r| r.get(0),
    )?;
    Ok(!any)
}

/// Writes `rows` into an empty SQLite ledger in one transaction, ids intact, each row
/// keeping its identity (where it was made, see [`Origin`]) in `origin`, and adds up its
/// summary cells from them. The copy keeps its own `ledger_id` for what is written in it
/// afterwards, so that two copies written separately never make rows of one identity.
pub(super) fn write_sqlite(conn: &mut Connection, rows: &Rows) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if !is_empty_sqlite(&tx)? {
        bail!("it is not empty");
    }
    {
        let mut add = tx.prepare(
            "INSERT INTO batch (id, origin, file, recorded_at, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for b in &rows.batches {
            add.execute(params![b.id, b.origin, b.file, b.recorded_at, b.actor])?;
        }
        let mut add = tx.prepare(
            "INSERT INTO entry_row (id, batch, line, kind, count, case_id, country, channel,
                 day, volunteer, grp, prisoner, recipient, note, corrects, letter)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?;
        let mut labels = Labels::default();
        for e in &rows.entries {
            let a = &e.action;
            let n = labels.of(&tx, a)?;
            add.execute(params![
                e.id,
                e.batch,
                e.line,
                n.kind,
                a.count as i64,
                n.case,
                a.country,
                n.channel,
                day_number(a.day),
                a.volunteer,
                a.group,
                a.prisoner,
                a.recipient,
                a.note,
                e.corrects,
                e.letter,
            ])?;
        }
        let mut add = tx.prepare(
            "INSERT INTO letter (id, kind, case_id, prisoner, recipient, sender, sender_country,
                 channel, template, language, batch)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for l in &rows.letters {
            add.execute(params![
                l.id,
                l.kind,
                l.case_id,
                l.prisoner,
                l.recipient,
                l.sender,
                l.sender_country,
                l.channel,
                l.template,
                l.language,
                l.batch
            ])?;
        }
        let mut add = tx.prepare(
            "INSERT INTO letter_event (id, letter, status, detail, origin, at, day, batch)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for ev in &rows.events {
            add.execute(params![
                ev.id, ev.letter, ev.status, ev.detail, ev.origin, ev.at, ev.day, ev.batch
            ])?;
        }
        let mut add = tx.prepare(
            "INSERT INTO web_entry (entry, address_hash, confirmed_at, ip_prefix, email_domain)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for w in &rows.web_entries {
            add.execute(params![
                w.entry,
                w.address_hash,
                w.confirmed_at,
                w.ip_prefix,
                w.email_domain
            ])?;
        }
    }
    {
        let mut add =
            tx.prepare("INSERT INTO origin (tbl, id, ledger, origin_id) VALUES (?1, ?2, ?3, ?4)")?;
        let batches = rows.batches.iter().map(|b| ("batch", b.id, &b.origin_of));
        let entries = rows.entries.iter().map(|e| ("entry", e.id, &e.origin_of));
        let events = rows
            .events
            .iter()
            .map(|e| ("letter_event", e.id, &e.origin_of));
        for (tbl, id, from) in batches.chain(entries).chain(events) {
            let (ledger, origin_id) = identity(&rows.ledger_id, id, from);
            add.execute(params![tbl, id, ledger, origin_id])?;
        }
    }
    let mut buckets: Buckets = vec![Vec::new(); keys::BUCKETS];
    for &k in &rows.keys {
        buckets[keys::bucket(k.0) as usize].push(k);
    }
    for b in &mut buckets {
        b.sort_unstable();
    }
    KeyRuns::new(&tx)?.write(&tx, &buckets)?;
    super::web_copy::write_sqlite(&tx, &rows.web)?;
    super::write::rebuild_in(&tx)?;
    tx.commit()?;
    Ok(())
}
