//! Writing entries on PostgreSQL: one recorded action, a correction, and the rebuild of the
//! summary cells. Cells are added with `INSERT ... ON CONFLICT DO UPDATE SET actions =
//! cell.actions + EXCLUDED.actions` in the writer's transaction, never read and written
//! back by the client, so that concurrent writers add up exactly.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use postgres::GenericClient;

use super::PgStore;
use super::letters::{Placed, insert_entry};
use super::read::entry_in;
use crate::action::{Action, ActionKind};
use crate::ledger::audit::Actor;
use crate::ledger::cells::CellRows;
use crate::ledger::write::{check_count, now};

/// The change one write makes to the summary cells, by (dim, value, day, case).
#[derive(Default)]
pub struct Cells(BTreeMap<(&'static str, String, String, String), i64>);

impl Cells {
    /// Adds `sign` times the actions of `a` (see the SQLite `CellDeltas::entry`).
    pub fn entry(&mut self, a: &Action, sign: i64) {
        let n = sign * a.count as i64;
        let (day, case) = (a.day.to_string(), a.case.clone());
        let mut add = |dim: &'static str, value: &str| {
            *self
                .0
                .entry((dim, value.to_string(), day.clone(), case.clone()))
                .or_default() += n;
        };
        add("kind", a.kind.as_str());
        add("country", &a.country);
        add("channel", a.channel.as_str());
        if let Some(g) = &a.group {
            add("group", g);
        }
        if let Some(v) = &a.volunteer {
            add("volunteer", v);
        }
        if let (ActionKind::Solidarity, Some(p)) = (a.kind, &a.prisoner) {
            add("prisoner", p);
        }
    }

    /// Adds one solidarity letter confirmed received by `prisoner` on `day`.
    pub fn received(&mut self, prisoner: &str, day: &str, case: &str) {
        *self
            .0
            .entry((
                "received",
                prisoner.to_string(),
                day.to_string(),
                case.to_string(),
            ))
            .or_default() += 1;
    }

    /// Adds the changes in one statement, in key order (so that concurrent writers lock
    /// cells in the same order and cannot deadlock).
    pub fn flush(self, tx: &mut impl GenericClient) -> Result<()> {
        let rows: Vec<_> = self.0.into_iter().filter(|(_, n)| *n != 0).collect();
        if rows.is_empty() {
            return Ok(());
        }
        let dims: Vec<&str> = rows.iter().map(|((d, ..), _)| *d).collect();
        let values: Vec<&str> = rows.iter().map(|((_, v, ..), _)| v.as_str()).collect();
        let days: Vec<&str> = rows.iter().map(|((_, _, d, _), _)| d.as_str()).collect();
        let cases: Vec<&str> = rows.iter().map(|((.., c), _)| c.as_str()).collect();
        let ns: Vec<i64> = rows.iter().map(|(_, n)| *n).collect();
        tx.execute(UPSERT_CELLS, &[&dims, &values, &days, &cases, &ns])?;
        Ok(())
    }
}

/// Adds cells given as five arrays (dimension, value, day, case, actions) to the summary, a
/// cell already there growing by its actions.
const UPSERT_CELLS: &str = "INSERT INTO cell (dim, value, day, case_id, actions)
     SELECT d, v, day::date, c, n
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[])
         AS u(d, v, day, c, n)
     ON CONFLICT (dim, value, day, case_id)
         DO UPDATE SET actions = cell.actions + EXCLUDED.actions";

/// Cells written per statement by [`flush_cells`].
const CELLS_PER_STATEMENT: usize = 100_000;

/// Adds the summary cells an import gathered (see [`Cells::flush`]), in key order, many per
/// statement.
pub fn flush_cells(tx: &mut impl GenericClient, cells: CellRows) -> Result<()> {
    let mut cols = CellColumns::default();
    let mut failed = None;
    cells.each_but_totals(|dim, value, day, case, n| {
        if failed.is_some() {
            return;
        }
        cols.0.push(dim);
        cols.1.push(value.to_string());
        cols.2.push(day.to_string());
        cols.3.push(case.to_string());
        cols.4.push(n);
        if cols.0.len() == CELLS_PER_STATEMENT {
            if let Err(e) = upsert_cells(tx, &cols) {
                failed = Some(e);
            }
            cols = Default::default();
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    upsert_cells(tx, &cols)
}

type CellColumns = (
    Vec<&'static str>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<i64>,
);

fn upsert_cells(tx: &mut impl GenericClient, c: &CellColumns) -> Result<()> {
    if c.0.is_empty() {
        return Ok(());
    }
    tx.execute(UPSERT_CELLS, &[&c.0, &c.1, &c.2, &c.3, &c.4])?;
    Ok(())
}

/// Starts a batch (one write) and returns its id.
pub fn new_batch(
    tx: &mut impl GenericClient,
    origin: &str,
    file: Option<&str>,
    actor: Option<&Actor>,
) -> Result<i64> {
    let row = tx.query_one(
        "INSERT INTO batch (origin, file, recorded_at, actor) VALUES ($1, $2, $3, $4)
         RETURNING id",
        &[&origin, &file, &now(), &actor.map(Actor::to_string)],
    )?;
    Ok(row.get(0))
}

/// Records one action, or the correction of entry `corrects`, in one transaction. A write
/// with an `actor` is a change made on the web (origin `web`); without, `record`.
pub fn record(
    pg: &mut PgStore,
    a: &Action,
    corrects: Option<i64>,
    actor: Option<&Actor>,
) -> Result<i64> {
    check_count(a, corrects.is_some())?;
    let mut client = pg.client();
    let mut tx = client.transaction()?;
    let mut cells = Cells::default();
    if let Some(id) = corrects {
        // Locks the entry, so that two corrections of it at once are one after the other:
        // the second sees the first and is refused.
        tx.execute("SELECT 1 FROM entry WHERE id = $1 FOR SHARE", &[&id])?;
        let Some(original) = entry_in(&mut tx, id)? else {
            bail!("there is no entry {id}");
        };
        if let Some(by) = original.corrected_by {
            bail!("entry {id} was already corrected by entry {by}; correct entry {by} instead");
        }
        cells.entry(&original.action, -1);
    }
    let origin = if actor.is_some() { "web" } else { "record" };
    let batch = new_batch(&mut tx, origin, None, actor)?;
    let placed = Placed {
        corrects,
        ..Placed::default()
    };
    let id: i64 = match insert_entry(&mut tx, batch, a, placed) {
        Ok(id) => id,
        Err(e) if e.downcast_ref().is_some_and(is_unique_violation) => match corrects {
            Some(c) => bail!("entry {c} was corrected meanwhile; look at it again"),
            None => return Err(e),
        },
        Err(e) => return Err(e),
    };
    cells.entry(a, 1);
    cells.flush(&mut tx)?;
    tx.commit()?;
    Ok(id)
}

/// True for a `unique_violation` error (SQLSTATE 23505).
pub fn is_unique_violation(e: &postgres::Error) -> bool {
    e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION)
}

/// Adds up the summary cells of the live entries `source` (an SQL relation with the entry
/// columns) into `cell`: first grouped by every column a cell reads, then by cell.
pub fn add_cells_sql(source: &str) -> String {
    format!(
        "INSERT INTO cell (dim, value, day, case_id, actions)
         SELECT v.dim, v.value, g.day, g.case_id, sum(g.n)
         FROM (
             SELECT kind, country, channel, grp, volunteer, prisoner, day, case_id,
                    sum(count) AS n
             FROM {source}
             GROUP BY kind, country, channel, grp, volunteer, prisoner, day, case_id
         ) AS g CROSS JOIN LATERAL (VALUES
             ('kind', g.kind), ('country', g.country), ('channel', g.channel),
             ('group', g.grp), ('volunteer', g.volunteer),
             ('prisoner', CASE WHEN g.kind = 'solidarity' THEN g.prisoner END)
         ) AS v(dim, value)
         WHERE v.value IS NOT NULL
         GROUP BY v.dim, v.value, g.day, g.case_id
         HAVING sum(g.n) <> 0
         ORDER BY 1, 2, 3, 4
         ON CONFLICT (dim, value, day, case_id)
             DO UPDATE SET actions = cell.actions + EXCLUDED.actions"
    )
}

/// Empties the summary cells and adds up every live entry and every first confirmation of
/// receipt again, in one transaction.
pub fn rebuild(pg: &mut PgStore) -> Result<()> {
    let mut client = pg.client();
    let mut tx = client.transaction()?;
    // Writers wait meanwhile: a cell added between the delete and the sums would be lost.
    tx.batch_execute("LOCK TABLE cell IN EXCLUSIVE MODE; DELETE FROM cell;")?;
    tx.batch_execute(&add_cells_sql(
        "(SELECT * FROM entry e WHERE NOT EXISTS
             (SELECT 1 FROM entry c WHERE c.corrects = e.id)) AS live",
    ))?;
    tx.batch_execute(
        "INSERT INTO cell (dim, value, day, case_id, actions)
         SELECT 'received', l.prisoner, ev.day, l.case_id, count(*)
         FROM letter l
         JOIN letter_event ev ON ev.id = (
             SELECT min(id) FROM letter_event
             WHERE letter = l.id AND status IN ('received', 'replied'))
         WHERE l.kind = 'solidarity'
         GROUP BY l.prisoner, ev.day, l.case_id",
    )?;
    tx.commit()?;
    Ok(())
}
