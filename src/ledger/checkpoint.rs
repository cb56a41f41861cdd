//! Checkpoints from a thread of their own: while one connection commits small transactions
//! one after another (a `send`), copying the WAL back into the ledger file and waiting for
//! the disk happen beside it instead of inside one of its commits.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags};

/// How often the thread checkpoints: the WAL holds at most about this much of the writer's
/// commits (20, 100 and 500 ms measured alike on bench/send.sh; fewer runs copy a page
/// rewritten meanwhile fewer times).
const EVERY: Duration = Duration::from_millis(100);

/// WAL frames (pages) past which the thread starts the WAL over. The WAL only starts over by
/// itself when a commit finds it wholly copied back, which a writer committing every few
/// milliseconds never does: over a million letters it grew past 1.6 GB, and every page read
/// searched the index of all of it.
const RESTART_FRAMES: i64 = 16_384;

/// Longest wait of a restart for another process's reader or the writer; new commits wait
/// behind it meanwhile, so it gives up soon and tries again at the next round.
const RESTART_WAIT: Duration = Duration::from_millis(100);

/// The checkpointing thread; stopped (after one last checkpoint) when dropped.
pub(super) struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts checkpointing the ledger at `path` on a connection of its own. The caller's
    /// connection should leave checkpoints to it (`PRAGMA wal_autocheckpoint = 0`).
    pub(super) fn start(path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("cannot open the ledger `{}`", path.display()))?;
        // Only a restart ever waits (PASSIVE never does), and only briefly.
        conn.busy_timeout(RESTART_WAIT)?;
        conn.execute_batch("PRAGMA synchronous = NORMAL")?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            loop {
                let last = !matches!(stopped.recv_timeout(EVERY), Err(RecvTimeoutError::Timeout));
                // PASSIVE copies what no reader still needs and never waits for the writer.
                // A failure here loses nothing: the frames stay in the WAL for the next
                // checkpoint (the writer's own, at the latest when it closes).
                let frames =
                    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(1));
                match frames {
                    // Nearly everything is copied by now: RESTART copies the rest, then has
                    // the next commit write the WAL from its start.
                    Ok(frames) if frames > RESTART_FRAMES => {
                        let restart =
                            conn.query_row("PRAGMA wal_checkpoint(RESTART)", [], |_| Ok(()));
                        if let Err(e) = restart {
                            tracing::debug!("background checkpoint restart failed: {e}");
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::debug!("background checkpoint failed: {e}"),
                }
                if last {
                    break;
                }
            }
        });
        Ok(Self {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            // A panicked checkpoint thread has nothing left to clean up.
            let _ = t.join();
        }
    }
}
