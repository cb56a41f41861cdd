//! The import's second thread: it adds up the summary cells of the entries written and
//! gathers and sorts their keys, so that the writing thread spends its time in SQLite.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::{Result, anyhow, bail};

use super::cells::{CellDeltas, CellRows};
use super::keys;
use crate::action::Action;

/// An imported row's key, content fingerprint and entry id (a record of `import_run`).
pub(super) type KeyRow = (i64, i64, i64);

/// Keys by bucket (see [`keys::bucket`]).
pub(super) type Buckets = Vec<Vec<KeyRow>>;

/// One imported row: its line, key, content fingerprint and action.
pub(super) struct Row {
    pub line: u64,
    pub key: i64,
    pub content: i64,
    pub action: Action,
}

/// Rows just written as entries `first_id`, `first_id + 1`, ...
pub(super) struct Written {
    pub first_id: i64,
    pub rows: Vec<Row>,
}

/// The thread, fed [`Written`] chunks in order.
pub(super) struct ImportWorker {
    tx: Option<SyncSender<Written>>,
    keys: Receiver<Buckets>,
    handle: Option<JoinHandle<CellRows>>,
}

impl ImportWorker {
    /// Starts the thread.
    pub(super) fn start() -> Self {
        let (tx, rx) = sync_channel::<Written>(8);
        let (keys_tx, keys) = sync_channel::<Buckets>(1);
        let handle = std::thread::spawn(move || {
            let mut deltas = CellDeltas::default();
            let mut keys: Buckets = vec![Vec::new(); keys::BUCKETS];
            for chunk in rx {
                for (row, id) in chunk.rows.iter().zip(chunk.first_id..) {
                    deltas.entry(&row.action, 1);
                    keys[keys::bucket(row.key) as usize].push((row.key, row.content, id));
                }
            }
            // The keys go first: the writing thread sorts and writes them while the cells
            // are sorted here.
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

    /// Ends the input and returns the keys of everything added, by bucket; the summary
    /// cells follow from [`ImportWorker::cells`].
    pub(super) fn keys(&mut self) -> Result<Buckets> {
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
