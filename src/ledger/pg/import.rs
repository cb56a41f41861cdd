//! Importing a report file into a PostgreSQL ledger, all rows or none, in one transaction.
//! The rows go in chunks of [`CHUNK`] straight into `entry` through `COPY ... FROM STDIN`, in
//! file order, while the import finds none of a sample of their keys in the ledger (a first
//! import). A chunk whose sampled keys are there (an earlier import, or a re-import) is
//! sorted out by its keys first: they are looked up in `import_key`, the rows imported
//! before are counted unchanged or reported changed, and only the new ones are copied. A
//! re-import of a file already there writes no entry.
//!
//! The keys of the rows added are written when the file ends, sorted, into `import_key`,
//! whose primary key refuses a row counted twice, even by two importers at once; rows the
//! sample missed, or that another import added meanwhile, are taken out of the import then
//! (see `import_settle`). The summary cells are added up here and written before the commit.
//!
//! The chunks are sent from a thread of their own, which holds the connection meanwhile:
//! the server writes one chunk while this thread reads the next rows of the file.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::{Context, Result, anyhow, bail};

use super::PgStore;
pub use super::import_chunk::CHUNK;
use super::import_chunk::Chunks;
use super::import_settle::ENTRIES;
use super::write::new_batch;
use crate::action::Action;
use crate::ledger::audit::Actor;
use crate::ledger::worker::Row;
use crate::ledger::write::check_count;
use crate::ledger::{Duplicate, ImportSummary};

/// Entries added from which an import refreshes the planner's statistics.
const ANALYZE_AFTER: u64 = 10_000;

/// Work for the sending thread.
enum Job {
    /// Rows to send.
    Rows(Vec<Row>),
    /// Answered once everything before was sent.
    Sync(SyncSender<()>),
}

/// Where the import's connection is.
enum Conn {
    /// Here, between chunks sent.
    Here(Box<Chunks>),
    /// On the sending thread, which hands it back when its jobs end (or one fails).
    Away {
        jobs: SyncSender<Job>,
        thread: JoinHandle<(Box<Chunks>, Result<()>)>,
    },
    /// The sending thread panicked with it: the connection is closed, and the server rolls
    /// the transaction back.
    Lost,
}

/// An import in progress on PostgreSQL: one open transaction, rolled back when dropped
/// without [`PgImporter::finish`].
pub struct PgImporter<'a> {
    /// The store the connection is taken from, and given back to when the import ends.
    store: &'a mut PgStore,
    conn: Conn,
    /// Rows not handed to the sending thread yet.
    waiting: Vec<Row>,
    /// Vectors of chunks sent, to be emptied here and to take the next rows.
    spare: Receiver<Vec<Row>>,
    /// True once the last rows were sent: no row can be added after.
    settled: bool,
    open: bool,
}

impl<'a> PgImporter<'a> {
    /// Opens the import's transaction and its batch.
    pub fn begin(pg: &'a mut PgStore, file: &str, actor: Option<&Actor>) -> Result<Self> {
        let url = pg.shown().to_string();
        let client = pg.client_mut();
        // The look-ups of a chunk's keys read the index of keys, a block of the table for
        // each key found: the planner would otherwise read the whole table once its
        // statistics say that a chunk is a few percent of it (measured on 1,200,000 entries:
        // 72 ms a chunk of 50,000 keys instead of 140 ms). Only for this transaction.
        // Nor does a look-up gain from compiling its plan (at a cost of 20 ms each).
        client.batch_execute("BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL jit = off")?;
        let started = new_batch(client, "import", Some(file), actor).and_then(|batch| {
            // Rows another import added meanwhile are taken out by rolling back to here.
            client.batch_execute(&format!("SAVEPOINT {ENTRIES}"))?;
            Ok((batch, Chunks::prepare(client)?))
        });
        let (batch, prepared) = match started {
            Ok(b) => b,
            Err(e) => {
                // Before the importer exists nothing else rolls back: do it here.
                let _ = client.batch_execute("ROLLBACK");
                return Err(e);
            }
        };
        // Given back by `Drop`; `PgStore::client_mut` just found it there.
        let client = pg
            .client
            .get_mut()
            .take()
            .ok_or_else(|| anyhow!("the ledger's connection is closed"))?;
        let (give_back, spare) = sync_channel(2);
        Ok(PgImporter {
            store: pg,
            conn: Conn::Here(Box::new(Chunks::new(
                client, batch, prepared, give_back, &url,
            ))),
            waiting: Vec::with_capacity(CHUNK),
            spare,
            settled: false,
            open: true,
        })
    }

    /// Takes one checked row (from line `line`, with its row key and content fingerprint).
    pub fn add(&mut self, line: u64, key: i64, content: i64, action: Action) -> Result<()> {
        if self.settled {
            bail!("no row can be added once the import's duplicates were looked for");
        }
        check_count(&action, false)?;
        self.waiting.push(Row {
            line,
            key,
            content,
            action,
        });
        if self.waiting.len() >= CHUNK {
            let next = match self.spare.try_recv() {
                Ok(mut rows) => {
                    rows.clear();
                    rows
                }
                Err(_) => Vec::with_capacity(CHUNK),
            };
            let rows = std::mem::replace(&mut self.waiting, next);
            self.hand(Job::Rows(rows))?;
        }
        Ok(())
    }

    /// Hands `job` to the sending thread, started if needed.
    fn hand(&mut self, job: Job) -> Result<()> {
        self.conn = match std::mem::replace(&mut self.conn, Conn::Lost) {
            Conn::Here(chunks) => Self::start(chunks),
            other => other,
        };
        let handed = match &self.conn {
            Conn::Away { jobs, .. } => jobs.send(job).is_ok(),
            _ => false,
        };
        if !handed {
            // The thread stopped on an error: take the connection and its error back.
            self.chunks()?;
            bail!("the import's sending thread stopped");
        }
        Ok(())
    }

    /// Starts the sending thread with the connection.
    fn start(mut chunks: Box<Chunks>) -> Conn {
        // One chunk waits while the thread sends another: two in memory at most.
        let (jobs, rx) = sync_channel::<Job>(1);
        let thread = std::thread::spawn(move || {
            for job in rx {
                match job {
                    Job::Rows(rows) => {
                        if let Err(e) = chunks.send(rows) {
                            return (chunks, Err(e));
                        }
                    }
                    Job::Sync(done) => {
                        // The receiver only goes when the import is dropped.
                        let _ = done.send(());
                    }
                }
            }
            (chunks, Ok(()))
        });
        Conn::Away { jobs, thread }
    }

    /// The connection and what the chunks came to, once the sending thread has sent every
    /// chunk handed to it; its error if one failed.
    fn chunks(&mut self) -> Result<&mut Chunks> {
        match std::mem::replace(&mut self.conn, Conn::Lost) {
            Conn::Away { jobs, thread } => {
                drop(jobs);
                let (chunks, sent) = thread
                    .join()
                    .map_err(|_| anyhow!("the import's sending thread failed"))?;
                self.conn = Conn::Here(chunks);
                sent?;
            }
            other => self.conn = other,
        }
        match &mut self.conn {
            Conn::Here(chunks) => Ok(chunks),
            _ => bail!("the import's connection was lost"),
        }
    }

    /// Sends the rows taken so far to the server, still uncommitted.
    pub fn spill(&mut self) -> Result<()> {
        let rows = std::mem::take(&mut self.waiting);
        self.hand(Job::Rows(rows))?;
        let (done, sent) = sync_channel(1);
        self.hand(Job::Sync(done))?;
        if sent.recv().is_err() {
            self.chunks()?;
            bail!("the import's sending thread stopped");
        }
        Ok(())
    }

    /// Sends the last rows and returns the rows of the file repeating an earlier row's key,
    /// by line; the import cannot be committed while there are any. Without, the summary
    /// cells are written too (uncommitted).
    pub fn duplicates(&mut self) -> Result<Vec<Duplicate>> {
        let rows = std::mem::take(&mut self.waiting);
        let settled = self.settled;
        self.settled = true;
        let chunks = self.chunks()?;
        if !settled {
            chunks.send(rows)?;
            // The cells are made ready on their thread while the keys are written.
            chunks.cells.make_ready()?;
            chunks.settle()?;
            if chunks.duplicates.is_empty() {
                let started = std::time::Instant::now();
                let cells = chunks.cells.finish()?;
                super::import_cells::flush(&mut chunks.client, cells)?;
                tracing::debug!(
                    "import: summary cells written in {:.2} s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        Ok(chunks.duplicates.clone())
    }

    /// Commits. Fails (and rolls back) when two rows share a key.
    pub fn finish(mut self) -> Result<ImportSummary> {
        let dups = self.duplicates()?;
        if let Some(d) = dups.first() {
            bail!(
                "line {} has the same key as line {} (add a `ref` column to tell such rows apart)",
                d.second,
                d.first
            );
        }
        let chunks = self.chunks()?;
        chunks.summary.changed.sort_by_key(|c| c.line);
        tracing::debug!(
            "import: {:.2} s sending rows to the server",
            chunks.waited.as_secs_f64()
        );
        chunks
            .client
            .batch_execute("COMMIT")
            .context("cannot commit the import")?;
        let summary = std::mem::take(&mut chunks.summary);
        if summary.added >= ANALYZE_AFTER {
            // The new keys marked visible to all, so that the next import's look-ups read
            // them from their index and pages in order instead of checking each row's
            // transaction (measured with `psql` on a table of keys of the same shape,
            // 1,000,000 keys looked up right after they were written: 4.7 s without, 1.8 s
            // with); and fresh statistics, so that the next tally's
            // plans fit the tables as they are now (measured on 1,000,000 rows: a tally in
            // 0.2 s instead of 0.5 s). The import is committed: a failure here only leaves
            // this to autovacuum.
            let started = std::time::Instant::now();
            // One statement each: a VACUUM cannot run in the transaction that statements
            // sent together make.
            let refreshed = [
                "VACUUM (ANALYZE) import_key",
                "ANALYZE entry",
                "ANALYZE cell",
            ]
            .iter()
            .try_for_each(|sql| chunks.client.batch_execute(sql));
            if let Err(e) = refreshed {
                tracing::debug!("import: statistics not refreshed: {e}");
            }
            tracing::debug!(
                "import: keys vacuumed and statistics refreshed in {:.2} s",
                started.elapsed().as_secs_f64()
            );
        }
        self.open = false;
        Ok(summary)
    }
}

impl Drop for PgImporter<'_> {
    fn drop(&mut self) {
        // An error of the sending thread is already reported, or the import abandoned.
        let _ = self.chunks();
        if let Conn::Here(chunks) = std::mem::replace(&mut self.conn, Conn::Lost) {
            let mut client = chunks.client;
            if self.open {
                // A failed rollback leaves nothing committed either: the server rolls the
                // transaction back when the connection closes.
                let _ = client.batch_execute("ROLLBACK");
            }
            *self.store.client.get_mut() = Some(client);
        }
    }
}
