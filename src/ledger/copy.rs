//! `ledger copy`: a whole ledger moved into an empty one, in whichever store, with its entry
//! ids, batches, letters and their history intact, every row keeping its identity (so that
//! syncing the copy adds nothing the original added), and its summary cells added up again
//! from the copied rows (so a tally of the copy equals the original's).

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::transfer::{self, Rows, UNMOVED};
use super::{Ledger, Store, pg};

/// What a copy moved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CopySummary {
    /// The copied ledger's identity: every copied row is known by it (or by the ledger it
    /// was synced from) and its id, in the copy as in the original.
    pub copy_of: String,
    /// Writes (batches) copied.
    pub batches: u64,
    /// Entries copied, corrections included.
    pub entries: u64,
    /// Letters copied.
    pub letters: u64,
    /// Letter events copied.
    pub events: u64,
    /// Imported row keys copied.
    pub keys: u64,
}

impl Ledger {
    /// Copies this whole ledger into `target`, which must be empty, in one transaction of
    /// the target. Refused while this ledger holds rows a copy does not move (web
    /// submissions waiting for their link, sign-ups, invitations).
    pub fn copy_into(&self, target: &mut Ledger) -> Result<CopySummary> {
        let unmoved = match &self.store {
            Store::Sqlite(conn) => transfer::unmoved_sqlite(conn),
            Store::Pg(pg) => pg::copy::unmoved(&mut *pg.client()),
        }
        .with_context(|| self.context("cannot read the ledger"))?;
        if let Some(&(table, n)) = unmoved.first() {
            let what = UNMOVED
                .iter()
                .find(|(t, _)| *t == table)
                .map_or(table, |(_, what)| what);
            bail!(
                "{}: it holds {} of {what} (table `{table}`), which `ledger copy` does not move; \
                 let them be confirmed or expire first",
                self.context("cannot copy"),
                crate::human::count(n, "row", "rows")
            );
        }
        let rows = self.rows()?;
        let what = target.context("cannot copy into this ledger");
        match &mut target.store {
            Store::Sqlite(conn) => transfer::write_sqlite(conn, &rows),
            Store::Pg(pg) => {
                let mut client = pg.client();
                let mut tx = client.transaction()?;
                pg::copy::write(&mut tx, &rows).and_then(|()| Ok(tx.commit()?))
            }
        }
        .context(what)?;
        Ok(summary(&rows))
    }

    /// Every row a copy or a sync moves, read in one transaction.
    pub(super) fn rows(&self) -> Result<Rows> {
        let what = || self.context("cannot read the ledger");
        match &self.store {
            Store::Sqlite(conn) => {
                let tx = conn.unchecked_transaction().with_context(what)?;
                let id = super::identity::read(&tx).with_context(what)?;
                let rows = transfer::read_sqlite(&tx, id).with_context(what)?;
                tx.commit().with_context(what)?;
                Ok(rows)
            }
            Store::Pg(pg) => {
                let mut client = pg.client();
                // One snapshot of the whole ledger.
                let mut tx = client
                    .build_transaction()
                    .isolation_level(postgres::IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start()
                    .with_context(what)?;
                let rows = pg::copy::read(&mut tx).with_context(what)?;
                tx.commit().with_context(what)?;
                Ok(rows)
            }
        }
    }
}

fn summary(rows: &Rows) -> CopySummary {
    CopySummary {
        copy_of: rows.ledger_id.clone(),
        batches: rows.batches.len() as u64,
        entries: rows.entries.len() as u64,
        letters: rows.letters.len() as u64,
        events: rows.events.len() as u64,
        keys: rows.keys.len() as u64,
    }
}
