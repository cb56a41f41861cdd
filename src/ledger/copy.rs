//! `ledger copy`: a whole ledger moved into an empty one, in whichever store, with its entry
//! ids, batches, letters and their history intact, every row keeping its identity (so that
//! syncing the copy adds nothing the original added), and its summary cells added up again
//! from the copied rows (so a tally of the copy equals the original's).

use anyhow::{Context, Result};
use serde::Serialize;

use super::transfer::{self, Rows};
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
    /// Web submissions waiting for their link copied.
    pub pending: u64,
    /// Web sign-ups copied (confirmed or waiting).
    pub signups: u64,
    /// Volunteer invitations copied.
    pub invites: u64,
}

impl Ledger {
    /// Copies this whole ledger into `target`, which must be empty, in one transaction of
    /// the target: its entries and letters, and the web's own tables as they are
    /// (submissions waiting for their link, the daily mail counts, sign-ups, invitations,
    /// with their ids, token hashes and mail states), so that a link mailed before the copy
    /// still works on the copy.
    pub fn copy_into(&self, target: &mut Ledger) -> Result<CopySummary> {
        let rows = self.snapshot(true)?;
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

    /// Every row a sync moves, read in one transaction.
    pub(super) fn rows(&self) -> Result<Rows> {
        self.snapshot(false)
    }

    /// Every row a copy (`web`: with the web's own tables) or a sync moves, read in one
    /// transaction.
    fn snapshot(&self, web: bool) -> Result<Rows> {
        let what = || self.context("cannot read the ledger");
        match &self.store {
            Store::Sqlite(conn) => {
                let tx = conn.unchecked_transaction().with_context(what)?;
                let id = super::identity::read(&tx).with_context(what)?;
                let mut rows = transfer::read_sqlite(&tx, id).with_context(what)?;
                if web {
                    rows.web = super::web_copy::read_sqlite(&tx).with_context(what)?;
                }
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
                let mut rows = pg::copy::read(&mut tx).with_context(what)?;
                if web {
                    rows.web = pg::web_copy::read(&mut tx).with_context(what)?;
                }
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
        pending: rows.web.count("pending_action"),
        signups: rows.web.count("signup"),
        invites: rows.web.count("invite"),
    }
}
