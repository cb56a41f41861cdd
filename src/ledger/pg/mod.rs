//! The ledger on PostgreSQL: the connection and what every area of it shares. One file per
//! area, mirroring the SQLite files: `schema`, `write`, `import`, `read`.

pub mod audit;
pub mod connect;
pub mod copy;
pub mod edits;
pub mod import;
mod import_cells;
mod import_chunk;
mod import_lookup;
mod import_settle;
pub mod invites;
pub mod keys;
pub mod letters;
pub mod lock;
pub mod pending;
pub mod read;
pub mod schema;
pub mod signups;
pub mod statuses;
pub mod sync;
#[cfg(test)]
pub mod testdb;
pub mod web_copy;
pub mod web_mail;
pub mod write;

use std::cell::RefCell;

use anyhow::{Result, anyhow};
use postgres::Client;

/// An open PostgreSQL ledger.
pub struct PgStore {
    /// The connection. In a cell because the ledger's read methods take `&self`; nothing
    /// holds a borrow across a call, so a borrow never fails. `None` only while dropping,
    /// and while an import's sending thread holds it (the import borrows `self` mutably).
    client: RefCell<Option<Client>>,
    /// The URL for messages (it holds no password).
    shown: String,
    /// This ledger's id (`meta.ledger_id`).
    ledger_id: String,
}

impl PgStore {
    /// Connects to the database `url` names and brings its schema up to date.
    pub fn open(url: &str) -> Result<PgStore> {
        let (store, _) = Self::open_migrating(url)?;
        Ok(store)
    }

    /// Connects and brings the schema up to date; also returns the version found before.
    pub fn open_migrating(url: &str) -> Result<(PgStore, usize)> {
        off_runtime(|| Self::connect_migrating(url))
    }

    fn connect_migrating(url: &str) -> Result<(PgStore, usize)> {
        let settings = connect::Settings::from_url(url)
            .map_err(|e| anyhow!("the ledger URL `{url}`: {e:#}"))?;
        let mut client = settings
            .connect()
            .map_err(|e| anyhow!("cannot connect to the ledger `{url}`: {e:#}"))?;
        let before = schema::prepare(&mut client, url)?;
        let ledger_id: String = client
            .query_one("SELECT value FROM meta WHERE key = 'ledger_id'", &[])?
            .get(0);
        Ok((
            PgStore {
                client: RefCell::new(Some(client)),
                shown: url.to_string(),
                ledger_id,
            },
            before,
        ))
    }

    /// The URL, for messages.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// This ledger's id (a UUID).
    pub fn ledger_id(&self) -> &str {
        &self.ledger_id
    }

    /// The connection, for a write or a read.
    pub fn client(&self) -> std::cell::RefMut<'_, Client> {
        std::cell::RefMut::map(self.client.borrow_mut(), |c| {
            // Taken only by `drop`.
            c.as_mut()
                .expect("the connection is open until the store is dropped")
        })
    }

    /// The connection, held for as long as `self` is borrowed mutably (an import).
    pub fn client_mut(&mut self) -> &mut Client {
        // Taken only by `drop`.
        self.client
            .get_mut()
            .as_mut()
            .expect("the connection is open until the store is dropped")
    }
}

impl Drop for PgStore {
    /// Closes the connection where the client may block (see [`off_runtime`]).
    fn drop(&mut self) {
        if let Some(client) = self.client.get_mut().take() {
            off_runtime(move || drop(client));
        }
    }
}

/// Runs `f` where the synchronous PostgreSQL client may block on its own runtime: on this
/// thread, or on a thread of its own when this one drives an async runtime (the web
/// server's), where the client's runtime cannot nest. The server's ledger calls themselves
/// run on blocking threads; opening and closing a store is what happens on its own threads.
pub fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|s| match s.spawn(f).join() {
        Ok(v) => v,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

/// The error of a ledger operation not written for PostgreSQL yet.
pub fn unavailable(what: &str) -> anyhow::Error {
    anyhow!("{what} is not available on a PostgreSQL ledger yet")
}
