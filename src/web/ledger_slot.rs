//! A ledger connection that one web area shares between its requests: each call runs on a
//! blocking thread, one at a time, and no request holds the connection across an `.await`.

use std::sync::{Arc, Mutex};

use anyhow::{Result, anyhow};

use crate::ledger::Ledger;

/// One open ledger connection, shared by the handlers of one area of the site.
pub struct LedgerSlot(Arc<Mutex<Ledger>>);

impl LedgerSlot {
    /// Shares `ledger`.
    pub fn new(ledger: Ledger) -> Self {
        Self(Arc::new(Mutex::new(ledger)))
    }

    /// Runs `f` with the connection on a blocking thread, after any call already running.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Ledger) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let slot = self.0.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while writing leaves no transaction open (rusqlite rolls back on drop).
            let mut ledger = slot.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut ledger)
        })
        .await
        .map_err(|e| anyhow!("a ledger task ended abnormally: {e}"))?
    }
}
