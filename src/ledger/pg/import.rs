//! Importing a report file into a PostgreSQL ledger, all rows or none.

use anyhow::Result;

use super::{PgStore, unavailable};
use crate::action::Action;
use crate::ledger::audit::Actor;
use crate::ledger::{Duplicate, ImportSummary};

/// An import in progress on PostgreSQL.
pub struct PgImporter<'a> {
    _pg: &'a mut PgStore,
}

impl<'a> PgImporter<'a> {
    /// Starts the import's transaction.
    pub fn begin(_pg: &'a mut PgStore, _file: &str, _actor: Option<&Actor>) -> Result<Self> {
        Err(unavailable("an import"))
    }

    /// Takes one checked row.
    pub fn add(&mut self, _line: u64, _key: i64, _content: i64, _action: Action) -> Result<()> {
        Err(unavailable("an import"))
    }

    /// Sends the rows taken so far to the server, uncommitted.
    pub fn spill(&mut self) -> Result<()> {
        Err(unavailable("an import"))
    }

    /// Rows of this file sharing a key.
    pub fn duplicates(&mut self) -> Result<Vec<Duplicate>> {
        Err(unavailable("an import"))
    }

    /// Commits.
    pub fn finish(self) -> Result<ImportSummary> {
        Err(unavailable("an import"))
    }
}
