//! What the coordinators' overview reads beyond a tally: actions per day and kind (for the
//! stacked chart) and the volunteers with any action, both from the summary cells.

use std::collections::HashSet;

use anyhow::{Context, Result};
use rusqlite::ToSql;

use super::read::{CELL_FILTER, Filter};
use super::{Ledger, Store};

impl Ledger {
    /// Live actions per day and kind, as `(day, kind, actions)` sorted by day then kind.
    pub fn actions_by_day_and_kind(&self, filter: &Filter) -> Result<Vec<(String, String, u64)>> {
        let sql = format!(
            "SELECT day, value, SUM(actions) FROM cell WHERE dim = 'kind' AND {CELL_FILTER}
             GROUP BY day, value HAVING SUM(actions) <> 0 ORDER BY day, value"
        );
        let conn = match &self.store {
            Store::Sqlite(conn) => conn,
            Store::Pg(pg) => {
                return super::pg::read::actions_by_day_and_kind(pg, filter)
                    .with_context(|| self.context("cannot read the actions per day"));
            }
        };
        let read = || -> rusqlite::Result<Vec<(String, String, u64)>> {
            let mut stmt = conn.prepare_cached(&sql)?;
            let params = filter.params();
            let named: Vec<(&str, &dyn ToSql)> =
                params.iter().map(|(n, v)| (*n, v.as_ref())).collect();
            let rows = stmt.query_map(named.as_slice(), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                ))
            })?;
            rows.collect()
        };
        read().with_context(|| self.context("cannot read the actions per day"))
    }

    /// The volunteer ids with at least one live action (in an SQLite file, their totals
    /// over every day and case: one cell a volunteer).
    pub fn volunteers_with_actions(&self) -> Result<HashSet<String>> {
        let conn = match &self.store {
            Store::Sqlite(conn) => conn,
            Store::Pg(pg) => {
                return super::pg::read::volunteers_with_actions(pg)
                    .with_context(|| self.context("cannot read the volunteers"));
            }
        };
        let read = || -> rusqlite::Result<HashSet<String>> {
            let mut stmt = conn.prepare_cached(
                "SELECT value FROM cell WHERE dim = 'volunteer-total' AND actions > 0",
            )?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect()
        };
        read().with_context(|| self.context("cannot read the volunteers"))
    }
}
