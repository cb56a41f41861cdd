//! Reading the ledger: single entries, and the figures of a tally from the summary cells.
//! `docs/tally-queries.sql` computes the same figures from the entries themselves.

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, ToSql};
use serde::Serialize;
use time::Date;
use time::macros::format_description;

use super::PrisonerLetters;
use super::cols::Cols;
use crate::action::{Action, ActionKind};

/// The entry columns [`action_from_row`] reads, in its order.
pub(super) const ACTION_COLUMNS: &str = "e.kind, e.count, e.case_id, e.prisoner, e.recipient, e.volunteer, e.grp, e.country, e.channel, e.day, e.note";

/// Reads the [`ACTION_COLUMNS`] (on PostgreSQL `pg::read::ACTION_COLUMNS`, the day as text)
/// starting at column `at`, on either store.
pub(super) fn action_from_row<R: Cols>(r: &R, at: usize) -> Result<Action, R::Error> {
    let kind: String = r.col(at)?;
    let channel: String = r.col(at + 8)?;
    let day: String = r.col(at + 9)?;
    let count: i64 = r.col(at + 1)?;
    Ok(Action {
        kind: kind
            .parse::<ActionKind>()
            .map_err(|e| r.bad(at, format!("kind `{kind}`: {e}")))?,
        count: u64::try_from(count)
            .map_err(|_| r.bad(at + 1, format!("negative count {count}")))?,
        case: r.col(at + 2)?,
        prisoner: r.col(at + 3)?,
        recipient: r.col(at + 4)?,
        volunteer: r.col(at + 5)?,
        group: r.col(at + 6)?,
        country: r.col(at + 7)?,
        channel: channel
            .parse()
            .map_err(|e| r.bad(at + 8, format!("channel `{channel}`: {e}")))?,
        day: Date::parse(&day, format_description!("[year]-[month]-[day]"))
            .map_err(|e| r.bad(at + 9, format!("day `{day}`: {e}")))?,
        note: r.col(at + 10)?,
    })
}

/// One entry of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Entry id.
    pub id: i64,
    /// What it records.
    pub action: Action,
    /// The entry it corrects, if it is a correction.
    pub corrects: Option<i64>,
    /// The entry that corrects it, if any (then it no longer counts).
    pub corrected_by: Option<i64>,
    /// The letter it counts, if it came from a letter event.
    pub letter: Option<String>,
    /// Where it came from: `record`, `FILE:LINE` for an import, `letter ID`.
    pub origin: String,
    /// When it was written (RFC 3339, UTC).
    pub recorded_at: String,
    /// Who wrote it on the web (`coordinator NAME`, `volunteer ID`); none from the CLI.
    pub by: Option<String>,
}

/// Reads entry `id`.
pub(super) fn entry(conn: &Connection, id: i64) -> Result<Option<Entry>> {
    let sql = format!(
        "SELECT {ACTION_COLUMNS}, e.corrects, e.letter, b.origin, b.file, e.line, b.recorded_at,
                (SELECT c.id FROM entry c WHERE c.corrects = e.id), b.actor
         FROM entry e JOIN batch b ON b.id = e.batch WHERE e.id = ?1"
    );
    let found = conn
        .query_row(&sql, [id], |r| {
            let action = action_from_row(r, 0)?;
            let letter: Option<String> = r.get(12)?;
            let origin: String = r.get(13)?;
            let file: Option<String> = r.get(14)?;
            let line: Option<i64> = r.get(15)?;
            let origin = match (origin.as_str(), file, line, &letter) {
                ("import", Some(f), Some(l), _) => format!("{f}:{l}"),
                ("letters", _, _, Some(id)) => format!("letter {id}"),
                _ => origin,
            };
            Ok(Entry {
                id,
                action,
                corrects: r.get(11)?,
                corrected_by: r.get(17)?,
                letter,
                origin,
                recorded_at: r.get(16)?,
                by: r.get(18)?,
            })
        })
        .optional()?;
    Ok(found)
}

/// Which part of the ledger a tally covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// First day included.
    pub from: Option<Date>,
    /// Last day included.
    pub to: Option<Date>,
    /// Only this case.
    pub case: Option<String>,
}

impl Filter {
    /// The bounds as bound to the queries: `:from`, `:to` (days as text), `:case`.
    pub(super) fn params(&self) -> [(&'static str, Box<dyn ToSql>); 3] {
        let from = self
            .from
            .map_or("0000-01-01".to_string(), |d| d.to_string());
        let to = self.to.map_or("9999-12-31".to_string(), |d| d.to_string());
        [
            (":from", Box::new(from)),
            (":to", Box::new(to)),
            (":case", Box::new(self.case.clone())),
        ]
    }
}

/// A returned or withheld letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Undelivered {
    /// Letter id.
    pub letter: String,
    /// `returned` or `withheld`.
    pub status: String,
    /// The prisoner it was for or about.
    pub prisoner: String,
    /// Its case.
    pub case: String,
    /// Appeal or solidarity.
    pub kind: String,
    /// The day it came back or was withheld.
    pub day: String,
}

/// The raw figures of a tally: sums of actions by one value, sorted by that value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// All actions.
    pub actions: u64,
    /// Actions by kind.
    pub by_kind: Vec<(String, u64)>,
    /// Actions by case.
    pub by_case: Vec<(String, u64)>,
    /// Actions by country.
    pub by_country: Vec<(String, u64)>,
    /// Actions by day.
    pub by_day: Vec<(String, u64)>,
    /// Actions by channel.
    pub by_channel: Vec<(String, u64)>,
    /// Actions by group (entries without a group are left out).
    pub by_group: Vec<(String, u64)>,
    /// Distinct volunteers with at least one action.
    pub volunteers: u64,
    /// Solidarity actions and confirmed receipts per prisoner id.
    pub prisoners: HashMap<String, PrisonerLetters>,
    /// Letters whose latest status is returned or withheld.
    pub undelivered: Vec<Undelivered>,
    /// Corrections in the whole ledger (not filtered).
    pub corrections: u64,
}

pub(super) const CELL_FILTER: &str =
    "day >= :from AND day <= :to AND (:case IS NULL OR case_id = :case)";

pub(super) fn sums(
    conn: &Connection,
    filter: &Filter,
    dim: &str,
    by: &str,
) -> Result<Vec<(String, u64)>> {
    let sql = format!(
        "SELECT {by}, SUM(actions) FROM cell WHERE dim = '{dim}' AND {CELL_FILTER}
         GROUP BY {by} HAVING SUM(actions) <> 0 ORDER BY {by}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let params = filter.params();
    let named: Vec<(&str, &dyn ToSql)> = params.iter().map(|(n, v)| (*n, v.as_ref())).collect();
    let rows = stmt.query_map(named.as_slice(), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (k, n) = row?;
        out.push((k, u64::try_from(n).unwrap_or(0)));
    }
    Ok(out)
}

/// Every figure of a tally.
pub(super) fn figures(conn: &Connection, filter: &Filter) -> Result<Figures> {
    let by_kind = sums(conn, filter, "kind", "value")?;
    let volunteers = volunteers(conn, filter)?;
    Ok(Figures {
        actions: by_kind.iter().map(|(_, n)| n).sum(),
        by_kind,
        by_case: sums(conn, filter, "kind", "case_id")?,
        by_country: sums(conn, filter, "country", "value")?,
        by_day: sums(conn, filter, "kind", "day")?,
        by_channel: sums(conn, filter, "channel", "value")?,
        by_group: sums(conn, filter, "group", "value")?,
        volunteers,
        prisoners: letters_per_prisoner(conn, filter)?,
        undelivered: undelivered(conn, filter)?,
        corrections: conn.query_row(
            "SELECT COUNT(*) FROM entry_row WHERE corrects IS NOT NULL",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64,
    })
}

/// Distinct volunteers with at least one live action within `filter`. Over the whole ledger
/// this reads one cell a volunteer (their total); within bounds, the cells of every day and
/// case of each volunteer.
fn volunteers(conn: &Connection, filter: &Filter) -> Result<u64> {
    let n: i64 = if *filter == Filter::default() {
        conn.prepare_cached(
            "SELECT COUNT(*) FROM cell WHERE dim = 'volunteer-total' AND actions > 0",
        )?
        .query_row([], |r| r.get(0))?
    } else {
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT value FROM cell WHERE dim = 'volunteer' AND {CELL_FILTER}
             GROUP BY value HAVING SUM(actions) > 0)"
        );
        let params = filter.params();
        let named: Vec<(&str, &dyn ToSql)> = params.iter().map(|(n, v)| (*n, v.as_ref())).collect();
        conn.prepare_cached(&sql)?
            .query_row(named.as_slice(), |r| r.get(0))?
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Solidarity actions and confirmed receipts per prisoner.
pub(super) fn letters_per_prisoner(
    conn: &Connection,
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

fn undelivered(conn: &Connection, filter: &Filter) -> Result<Vec<Undelivered>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, ev.status, l.prisoner, l.case_id, l.kind, ev.day
         FROM letter_event ev JOIN letter l ON l.id = ev.letter
         WHERE ev.status IN ('returned', 'withheld')
           AND ev.id = (SELECT MAX(id) FROM letter_event WHERE letter = ev.letter)
           AND ev.day >= :from AND ev.day <= :to AND (:case IS NULL OR l.case_id = :case)
         ORDER BY ev.day, l.id",
    )?;
    let params = filter.params();
    let named: Vec<(&str, &dyn ToSql)> = params.iter().map(|(n, v)| (*n, v.as_ref())).collect();
    let rows = stmt.query_map(named.as_slice(), |r| {
        Ok(Undelivered {
            letter: r.get(0)?,
            status: r.get(1)?,
            prisoner: r.get(2)?,
            case: r.get(3)?,
            kind: r.get(4)?,
            day: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
