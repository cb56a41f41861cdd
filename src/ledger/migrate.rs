//! `marathon ledger migrate`: creating a ledger, or bringing its schema up to date, on either
//! store, and saying which version it was at.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use super::address::Address;
use super::{Ledger, pg, schema};

/// What a migration found and left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Migrated {
    /// `sqlite` or `postgresql`.
    pub store: &'static str,
    /// The ledger, as shown (a URL holds no password).
    pub ledger: String,
    /// The schema version before (0: the ledger was created).
    pub before: usize,
    /// The schema version now.
    pub after: usize,
}

/// Creates the ledger at `path` or upgrades its schema; refuses a foreign database or one
/// written by a newer marathon.
pub fn migrate(path: &Path) -> Result<Migrated> {
    let address = Address::of(path)?;
    let ledger = address.shown();
    match address {
        Address::Sqlite(file) => {
            let before = if file.exists() {
                let conn = rusqlite::Connection::open_with_flags(
                    &file,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                )
                .with_context(|| format!("cannot open the ledger `{ledger}`"))?;
                let v: i64 = conn
                    .query_row("PRAGMA user_version", [], |r| r.get(0))
                    .with_context(|| format!("`{ledger}` is not a marathon ledger"))?;
                usize::try_from(v).unwrap_or(0)
            } else {
                0
            };
            let opened = Ledger::open(&file)?;
            drop(opened);
            Ok(Migrated {
                store: "sqlite",
                ledger,
                before,
                after: schema::MIGRATIONS_APPLIED,
            })
        }
        Address::Postgres(url) => {
            let (store, before) = pg::PgStore::open_migrating(&url)?;
            drop(store);
            Ok(Migrated {
                store: "postgresql",
                ledger,
                before,
                after: pg::schema::VERSION,
            })
        }
    }
}
