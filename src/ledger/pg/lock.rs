//! The send lock of a PostgreSQL ledger: a session advisory lock, taken on a connection of
//! its own that the [`SendLock`] keeps open; the server drops it with the connection.

use anyhow::{Result, bail};
use postgres::Client;

use super::super::SendLock;

/// The advisory lock key of `send` ("MRTNsend"); advisory locks are per database, so each
/// ledger has its own.
const SEND_LOCK: i64 = 0x4d52_544e_7365_6e64;

/// Takes the send lock on `client`, or fails at once if another session holds it.
pub(in crate::ledger) fn take(mut client: Client, shown: &str) -> Result<SendLock> {
    let got: bool = client
        .query_one("SELECT pg_try_advisory_lock($1)", &[&SEND_LOCK])?
        .get(0);
    if !got {
        bail!(
            "another `marathon send` is running on the ledger `{shown}` (it holds the \
             database's send lock); wait for it to finish"
        );
    }
    Ok(SendLock::server(client, shown))
}
