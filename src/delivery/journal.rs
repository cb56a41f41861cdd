//! The single writer of letter events: the ledger is one SQLite connection (not shareable
//! between threads), so one thread owns it and the workers talk to it over a channel. Requests
//! that arrive together are written in one transaction; each worker waits for its own events
//! to be durable before going on, so "sent" is on disk before the message leaves.

use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{Result, anyhow};
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

use crate::ledger::{Ledger, LetterEvent};
use crate::manifest::{LetterStatus, ManifestEntry};

/// One change in a letter's life, by its index in the run's letter list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Index of the letter in the list the run was given.
    pub letter: usize,
    /// The new status.
    pub status: LetterStatus,
    /// The server's reply or the reason.
    pub detail: Option<String>,
    /// When it happened.
    pub at: OffsetDateTime,
}

/// Where events are kept.
pub trait Journal: Send + 'static {
    /// Writes `events` in one transaction, durable when this returns `Ok`.
    fn record(&mut self, events: &[Event]) -> Result<()>;
}

/// The ledger as the journal of a run over `letters`.
pub struct LedgerJournal {
    /// The open ledger.
    pub ledger: Ledger,
    letters: Arc<[ManifestEntry]>,
}

impl LedgerJournal {
    /// Events name letters by their index in `letters`.
    pub fn new(ledger: Ledger, letters: Arc<[ManifestEntry]>) -> Self {
        Self { ledger, letters }
    }
}

impl Journal for LedgerJournal {
    fn record(&mut self, events: &[Event]) -> Result<()> {
        let mut out = Vec::with_capacity(events.len());
        for e in events {
            let letter = self
                .letters
                .get(e.letter)
                .ok_or_else(|| anyhow!("no letter number {} in this run", e.letter))?;
            out.push(LetterEvent {
                letter: letter.clone(),
                status: e.status,
                detail: e.detail.clone(),
                origin: "send".to_string(),
                at: e.at,
            });
        }
        self.ledger.record_letter_events(&out)
    }
}

/// Most events written in one transaction.
const MAX_BATCH: usize = 4_096;

struct Request {
    events: Vec<Event>,
    done: oneshot::Sender<Result<(), String>>,
}

/// A cheap handle workers use to record events.
#[derive(Clone)]
pub struct JournalHandle {
    tx: mpsc::UnboundedSender<Request>,
}

impl JournalHandle {
    /// Records `events` and waits until they are durable.
    pub async fn record(&self, events: Vec<Event>) -> Result<()> {
        self.submit(events)?.wait().await
    }

    /// Queues `events` without waiting. Requests are written in the order they are queued, so
    /// once a later request is acknowledged this one has been answered too.
    pub fn submit(&self, events: Vec<Event>) -> Result<Ack> {
        let (done, wait) = oneshot::channel();
        self.tx
            .send(Request { events, done })
            .map_err(|_| anyhow!("the ledger writer has stopped"))?;
        Ok(Ack(wait))
    }
}

/// The answer to a queued request.
pub struct Ack(oneshot::Receiver<Result<(), String>>);

impl Ack {
    /// Waits until the events are durable, or the write failed.
    pub async fn wait(self) -> Result<()> {
        match self.0.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(anyhow!("cannot write to the ledger: {e}")),
            Err(_) => Err(anyhow!("the ledger writer has stopped")),
        }
    }
}

/// Starts the writer thread; it ends when every handle is dropped and gives the journal back.
/// After a failed write it writes nothing more: every later request gets the same error, so
/// no letter is marked sent once an earlier answer could not be recorded.
pub fn spawn<J: Journal>(mut journal: J) -> (JournalHandle, JoinHandle<J>) {
    let (tx, mut rx) = mpsc::unbounded_channel::<Request>();
    let thread = std::thread::spawn(move || {
        let mut failed: Option<String> = None;
        while let Some(first) = rx.blocking_recv() {
            let mut batch = vec![first];
            let mut count = batch[0].events.len();
            while count < MAX_BATCH {
                match rx.try_recv() {
                    Ok(r) => {
                        count += r.events.len();
                        batch.push(r);
                    }
                    Err(_) => break,
                }
            }
            let result = match &failed {
                Some(e) => Err(e.clone()),
                None => {
                    let events: Vec<Event> = batch
                        .iter()
                        .flat_map(|r| r.events.iter().cloned())
                        .collect();
                    journal.record(&events).map_err(|e| format!("{e:#}"))
                }
            };
            if let Err(e) = &result {
                failed = Some(e.clone());
            }
            for r in batch {
                // A worker that gave up waiting no longer needs the answer.
                let _ = r.done.send(result.clone());
            }
        }
        journal
    });
    (JournalHandle { tx }, thread)
}

/// Events kept in memory, for tests.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct MemoryJournal {
    /// Every event recorded, in order.
    pub events: Vec<Event>,
    /// Fail every write after this many events (simulates a full disk).
    pub fail_after: Option<usize>,
}

#[cfg(test)]
impl Journal for MemoryJournal {
    fn record(&mut self, events: &[Event]) -> Result<()> {
        if self
            .fail_after
            .is_some_and(|n| self.events.len() + events.len() > n)
        {
            anyhow::bail!("disk full");
        }
        self.events.extend_from_slice(events);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(letter: usize) -> Event {
        Event {
            letter,
            status: LetterStatus::Sent,
            detail: None,
            at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writes_from_many_tasks_and_returns_the_journal() {
        let (handle, thread) = spawn(MemoryJournal::default());
        let mut tasks = Vec::new();
        for i in 0..50 {
            let h = handle.clone();
            tasks.push(tokio::spawn(async move { h.record(vec![ev(i)]).await }));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        drop(handle);
        let journal = thread.join().unwrap();
        let mut letters: Vec<usize> = journal.events.iter().map(|e| e.letter).collect();
        letters.sort();
        assert_eq!(letters, (0..50).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn a_failed_write_is_reported_to_the_writer() {
        let journal = MemoryJournal {
            fail_after: Some(1),
            ..Default::default()
        };
        let (handle, _thread) = spawn(journal);
        handle.record(vec![ev(0)]).await.unwrap();
        let err = handle.record(vec![ev(1)]).await.unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        // Nothing more is written once a write failed, however small.
        let err = handle.record(vec![]).await.unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
    }
}
