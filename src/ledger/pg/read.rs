//! Reading a PostgreSQL ledger: single entries, the figures of a tally from the summary
//! cells (in one snapshot, so that a tally never sees half of a write), and the change
//! marker.

use std::collections::HashMap;

use anyhow::Result;
use postgres::{GenericClient, IsolationLevel};

use super::PgStore;
use crate::ledger::{Entry, Figures, Filter, PrisonerLetters, Undelivered};

/// The entry columns [`action_from_row`] reads, in its order.
pub(super) const ACTION_COLUMNS: &str = "e.kind, e.count, e.case_id, e.prisoner, e.recipient, e.volunteer, e.grp, e.country, e.channel, e.day::text, e.note";

/// Reads the [`ACTION_COLUMNS`] starting at column `at` (one reader for both stores).
pub(super) use crate::ledger::read::action_from_row;

/// Reads entry `id`.
pub fn entry(pg: &PgStore, id: i64) -> Result<Option<Entry>> {
    entry_in(&mut *pg.client(), id)
}

/// Reads entry `id` through `conn` (a connection or an open transaction).
pub fn entry_in(conn: &mut impl GenericClient, id: i64) -> Result<Option<Entry>> {
    let sql = format!(
        "SELECT {ACTION_COLUMNS}, e.corrects, e.letter, b.origin, b.file, e.line, b.recorded_at,
                (SELECT c.id FROM entry c WHERE c.corrects = e.id), b.actor
         FROM entry e JOIN batch b ON b.id = e.batch WHERE e.id = $1"
    );
    let Some(r) = conn.query_opt(&sql, &[&id])? else {
        return Ok(None);
    };
    let action = action_from_row(&r, 0)?;
    let letter: Option<String> = r.try_get(12)?;
    let origin: String = r.try_get(13)?;
    let file: Option<String> = r.try_get(14)?;
    let line: Option<i64> = r.try_get(15)?;
    let origin = match (origin.as_str(), file, line, &letter) {
        ("import", Some(f), Some(l), _) => format!("{f}:{l}"),
        ("letters", _, _, Some(id)) => format!("letter {id}"),
        _ => origin,
    };
    Ok(Some(Entry {
        id,
        action,
        corrects: r.try_get(11)?,
        corrected_by: r.try_get(17)?,
        letter,
        origin,
        recorded_at: r.try_get(16)?,
        by: r.try_get(18)?,
    }))
}

/// The bounds of a filter as bound to the queries below: `$1` from, `$2` to (days as text or
/// NULL), `$3` the case or NULL.
fn bounds(filter: &Filter) -> (Option<String>, Option<String>, Option<String>) {
    (
        filter.from.map(|d| d.to_string()),
        filter.to.map(|d| d.to_string()),
        filter.case.clone(),
    )
}

/// The cells a filter selects.
const CELL_FILTER: &str = "($1::text IS NULL OR day >= $1::text::date)
    AND ($2::text IS NULL OR day <= $2::text::date) AND ($3::text IS NULL OR case_id = $3)";

/// Sums of actions in dimension `dim` by `by` (`value`, `case_id` or `day`), sorted by it
/// byte for byte as SQLite sorts.
fn sums(
    conn: &mut impl GenericClient,
    filter: &Filter,
    dim: &str,
    by: &str,
) -> Result<Vec<(String, u64)>> {
    let order = if by == "day" {
        "day".to_string()
    } else {
        format!("{by} COLLATE \"C\"")
    };
    let sql = format!(
        "SELECT {by}::text, sum(actions)::int8 FROM cell WHERE dim = '{dim}' AND {CELL_FILTER}
         GROUP BY {by} HAVING sum(actions) <> 0 ORDER BY {order}"
    );
    let (from, to, case) = bounds(filter);
    let rows = conn.query(&sql, &[&from, &to, &case])?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), u64::try_from(r.get::<_, i64>(1)).unwrap_or(0)))
        .collect())
}

/// Every figure of a tally, in one read-only snapshot.
pub fn figures(pg: &PgStore, filter: &Filter) -> Result<Figures> {
    let mut client = pg.client();
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let by_kind = sums(&mut tx, filter, "kind", "value")?;
    let (from, to, case) = bounds(filter);
    let volunteers: i64 = tx
        .query_one(
            &format!(
                "SELECT count(*) FROM (SELECT value FROM cell WHERE dim = 'volunteer'
                 AND {CELL_FILTER} GROUP BY value HAVING sum(actions) > 0) v"
            ),
            &[&from, &to, &case],
        )?
        .get(0);
    let corrections: i64 = tx
        .query_one("SELECT count(*) FROM entry WHERE corrects IS NOT NULL", &[])?
        .get(0);
    let figures = Figures {
        actions: by_kind.iter().map(|(_, n)| n).sum(),
        by_kind,
        by_case: sums(&mut tx, filter, "kind", "case_id")?,
        by_country: sums(&mut tx, filter, "country", "value")?,
        by_day: sums(&mut tx, filter, "kind", "day")?,
        by_channel: sums(&mut tx, filter, "channel", "value")?,
        by_group: sums(&mut tx, filter, "group", "value")?,
        volunteers: u64::try_from(volunteers).unwrap_or(0),
        prisoners: per_prisoner(&mut tx, filter)?,
        undelivered: undelivered(&mut tx, filter)?,
        corrections: u64::try_from(corrections).unwrap_or(0),
    };
    tx.commit()?;
    Ok(figures)
}

/// Solidarity actions and confirmed receipts per prisoner.
pub fn letters_per_prisoner(
    pg: &PgStore,
    filter: &Filter,
) -> Result<HashMap<String, PrisonerLetters>> {
    per_prisoner(&mut *pg.client(), filter)
}

fn per_prisoner(
    conn: &mut impl GenericClient,
    filter: &Filter,
) -> Result<HashMap<String, PrisonerLetters>> {
    let mut out: HashMap<String, PrisonerLetters> = HashMap::new();
    for (p, n) in sums(conn, filter, "prisoner", "value")? {
        out.entry(p).or_default().sent = n;
    }
    for (p, n) in sums(conn, filter, "received", "value")? {
        out.entry(p).or_default().received = n;
    }
    Ok(out)
}

fn undelivered(conn: &mut impl GenericClient, filter: &Filter) -> Result<Vec<Undelivered>> {
    let (from, to, case) = bounds(filter);
    let rows = conn.query(
        "SELECT l.id, ev.status, l.prisoner, l.case_id, l.kind, ev.day::text
         FROM letter_event ev JOIN letter l ON l.id = ev.letter
         WHERE ev.status IN ('returned', 'withheld')
           AND ev.id = (SELECT max(id) FROM letter_event WHERE letter = ev.letter)
           AND ($1::text IS NULL OR ev.day >= $1::text::date)
           AND ($2::text IS NULL OR ev.day <= $2::text::date)
           AND ($3::text IS NULL OR l.case_id = $3)
         ORDER BY ev.day, l.id COLLATE \"C\"",
        &[&from, &to, &case],
    )?;
    Ok(rows
        .iter()
        .map(|r| Undelivered {
            letter: r.get(0),
            status: r.get(1),
            prisoner: r.get(2),
            case: r.get(3),
            kind: r.get(4),
            day: r.get(5),
        })
        .collect())
}

/// The sum of the change counters (see the schema's `change` table): every committed write
/// raises it, whichever connection made it, and nothing else moves it. A counter per
/// writer's commit rather than the largest id of a table, which would miss a commit made
/// out of id order.
pub fn change_marker(pg: &PgStore) -> Result<i64> {
    let n: i64 = pg
        .client()
        .query_one("SELECT sum(n)::int8 FROM change", &[])?
        .get(0);
    Ok(n)
}

/// Live actions per day and kind, as `(day, kind, actions)` sorted by day then kind (the
/// overview's stacked chart; see `Ledger::actions_by_day_and_kind`).
pub fn actions_by_day_and_kind(
    pg: &PgStore,
    filter: &Filter,
) -> Result<Vec<(String, String, u64)>> {
    let sql = format!(
        "SELECT day::text, value, sum(actions)::int8 FROM cell
         WHERE dim = 'kind' AND {CELL_FILTER}
         GROUP BY day, value HAVING sum(actions) <> 0 ORDER BY day, value COLLATE \"C\""
    );
    let (from, to, case) = bounds(filter);
    let rows = pg.client().query(&sql, &[&from, &to, &case])?;
    Ok(rows
        .iter()
        .map(|r| {
            (
                r.get(0),
                r.get(1),
                u64::try_from(r.get::<_, i64>(2)).unwrap_or(0),
            )
        })
        .collect())
}

/// The volunteer ids with at least one live action over every day and case.
pub fn volunteers_with_actions(pg: &PgStore) -> Result<std::collections::HashSet<String>> {
    let rows = pg.client().query(
        "SELECT value FROM cell WHERE dim = 'volunteer' GROUP BY value HAVING sum(actions) > 0",
        &[],
    )?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}
