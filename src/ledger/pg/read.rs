//! Reading a PostgreSQL ledger: single entries, the figures of a tally from the summary
//! cells, and the change marker.

use std::collections::HashMap;

use anyhow::Result;

use super::{PgStore, unavailable};
use crate::ledger::{Entry, Figures, Filter, PrisonerLetters};

/// Reads entry `id`.
pub fn entry(_pg: &PgStore, _id: i64) -> Result<Option<Entry>> {
    Err(unavailable("reading an entry"))
}

/// Every figure of a tally.
pub fn figures(_pg: &PgStore, _filter: &Filter) -> Result<Figures> {
    Err(unavailable("a tally"))
}

/// Solidarity actions and confirmed receipts per prisoner.
pub fn letters_per_prisoner(
    _pg: &PgStore,
    _filter: &Filter,
) -> Result<HashMap<String, PrisonerLetters>> {
    Err(unavailable("reading letters per prisoner"))
}

/// A fingerprint of the server's current snapshot.
pub fn change_marker(_pg: &PgStore) -> Result<i64> {
    Err(unavailable("the change marker"))
}
