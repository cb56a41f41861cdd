//! Writing entries: one recorded action, a correction, and the rebuild of the summary cells.

use anyhow::{Result, bail};
use rusqlite::{Connection, Statement, Transaction, TransactionBehavior, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::audit::{Actor, new_batch_by};
use super::cells::CellDeltas;
use super::labels::{EntryLabels, Labels, day_number};
use super::read;
use crate::action::{Action, MAX_COUNT};

/// Inserts one entry; parameters in [`insert_entry`] order.
pub(super) const INSERT_ENTRY: &str = "INSERT INTO entry_row (batch, line, kind, count, case_id,
    prisoner, recipient, volunteer, grp, country, channel, day, note, corrects, letter)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

/// The current time as stored in the ledger.
pub(super) fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

/// Starts a batch (one write) and returns its id.
pub(super) fn new_batch(
    tx: &Connection,
    origin: &str,
    file: Option<&str>,
) -> rusqlite::Result<i64> {
    tx.prepare_cached("INSERT INTO batch (origin, file, recorded_at) VALUES (?1, ?2, ?3)")?
        .execute(params![origin, file, now()])?;
    Ok(tx.last_insert_rowid())
}

/// Inserts one entry with a statement prepared from [`INSERT_ENTRY`], its kind, case and
/// channel numbered by `labels`; returns its id.
pub(super) fn insert_entry(
    stmt: &mut Statement<'_>,
    labels: EntryLabels,
    batch: i64,
    line: Option<u64>,
    a: &Action,
    corrects: Option<i64>,
    letter: Option<&str>,
) -> rusqlite::Result<i64> {
    stmt.insert(params![
        batch,
        line.map(|l| l as i64),
        labels.kind,
        a.count as i64,
        labels.case,
        a.prisoner,
        a.recipient,
        a.volunteer,
        a.group,
        a.country,
        labels.channel,
        day_number(a.day),
        a.note,
        corrects,
        letter,
    ])
}

/// Checks the count an entry may carry.
pub(super) fn check_count(a: &Action, correction: bool) -> Result<()> {
    if a.count == 0 && !correction {
        bail!("a count of 0 is only allowed in a correction that withdraws an entry");
    }
    if a.count > MAX_COUNT {
        bail!("a count of {} is too large (at most {MAX_COUNT})", a.count);
    }
    Ok(())
}

/// Records one action, or the correction of entry `corrects`, in one transaction.
/// A write with an `actor` is a change made on the web (origin `web`); without, `record`.
pub(super) fn record(
    conn: &mut Connection,
    a: &Action,
    corrects: Option<i64>,
    actor: Option<&Actor>,
) -> Result<i64> {
    check_count(a, corrects.is_some())?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut cells = CellDeltas::default();
    if let Some(id) = corrects {
        let Some(original) = read::entry(&tx, id)? else {
            bail!("there is no entry {id}");
        };
        if let Some(by) = original.corrected_by {
            bail!("entry {id} was already corrected by entry {by}; correct entry {by} instead");
        }
        cells.entry(&original.action, -1);
    }
    let origin = if actor.is_some() { "web" } else { "record" };
    let batch = new_batch_by(&tx, origin, None, actor)?;
    let labels = Labels::default().of(&tx, a)?;
    let id = {
        let mut stmt = tx.prepare_cached(INSERT_ENTRY)?;
        insert_entry(&mut stmt, labels, batch, None, a, corrects, None)?
    };
    cells.entry(a, 1);
    cells.flush(&tx)?;
    tx.commit()?;
    Ok(id)
}

/// Empties the summary cells and adds up every live entry and every first confirmation of
/// receipt again.
pub(super) fn rebuild(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    rebuild_in(&tx)?;
    tx.commit()?;
    Ok(())
}

/// [`rebuild`] within the transaction under way.
pub(super) fn rebuild_in(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM cell", [])?;
    let mut cells = CellDeltas::default();
    add_live_entries(tx, &mut cells)?;
    {
        let mut stmt = tx.prepare(
            "SELECT l.prisoner, ev.day, l.case_id FROM letter l
             JOIN letter_event ev ON ev.id = (
                 SELECT MIN(id) FROM letter_event
                 WHERE letter = l.id AND status IN ('received', 'replied'))
             WHERE l.kind = 'solidarity'",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (p, d, c): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            cells.received(&p, &d, &c);
        }
    }
    cells.flush(tx)?;
    Ok(())
}

fn add_live_entries(tx: &Transaction<'_>, cells: &mut CellDeltas) -> Result<()> {
    let sql = format!(
        "SELECT {} FROM entry e WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)",
        read::ACTION_COLUMNS
    );
    let mut stmt = tx.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        cells.entry(&read::action_from_row(r, 0)?, 1);
    }
    Ok(())
}
