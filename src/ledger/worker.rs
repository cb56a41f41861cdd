//! The import's second thread: it adds up the summary cells of the entries written and
//! gathers and sorts their keys, so that the writing thread spends its time in SQLite.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::{Result, anyhow, bail};

use super::cells::{CellDeltas, CellRows};
use crate::action::Action;

/// An imported row's key, content fingerprint and entry id (a row of `import_key`).
pub(super) type KeyRow = (i64, i64, i64);

/// Entries just written, with their keys.
pub(super) struct Written {
    pub actions: Vec<Action>,
    pub keys: Vec<KeyRow>,
}

/// The thread, fed [`Written`] chunks in order.
pub(super) struct ImportWorker {
    tx: Option<SyncSender<Written>>,
    keys: Receiver<Vec<KeyRow>>,
    handle: Option<JoinHandle<CellRows>>,
}

impl ImportWorker {
    /// Starts the thread.
    pub(super) fn start() -> Self {
        let (tx, rx) = sync_channel::<Written>(1024);
        let (keys_tx, keys) = sync_channel::<Vec<KeyRow>>(1);
        let handle = std::thread::spawn(move || {
            let mut deltas = CellDeltas::default();
            let mut keys = Vec::new();
            for chunk in rx {
                for a in &chunk.actions {
                    deltas.entry(a, 1);
                }
                keys.extend(chunk.keys);
            }
            // Sorted keys are appended to their table in one walk. They go first: the
            // writing thread writes them while the cells are sorted here.
            keys.sort_unstable();
            // A closed channel means the import was dropped; the cells are then unused.
            let _ = keys_tx.send(keys);
            deltas.sorted()
        });
        Self {
            tx: Some(tx),
            keys,
            handle: Some(handle),
        }
    }

    /// Hands over entries written.
    pub(super) fn add(&mut self, written: Written) -> Result<()> {
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(written).is_ok());
        if !sent {
            bail!("the import's summary thread stopped");
        }
        Ok(())
    }

    /// Ends the input and returns the keys of everything added, sorted; the summary cells
    /// follow from [`ImportWorker::cells`].
    pub(super) fn keys(&mut self) -> Result<Vec<KeyRow>> {
        drop(self.tx.take());
        self.keys
            .recv()
            .map_err(|_| anyhow!("the import's summary thread failed"))
    }

    /// The summary cells of everything added, sorted; after [`ImportWorker::keys`].
    pub(super) fn cells(mut self) -> Result<CellRows> {
        drop(self.tx.take());
        self.handle
            .take()
            .and_then(|h| h.join().ok())
            .ok_or_else(|| anyhow!("the import's summary thread failed"))
    }
}
