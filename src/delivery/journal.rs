//! The single writer of letter events: the ledger is one SQLite connection (not shareable
//! between threads), so one thread owns it and the workers talk to it over a channel. Requests
//! that arrive together are written in one transaction; each worker waits for its own events
//! to be durable before going on. The ledger syncs its WAL to disk at every commit
//! (`synchronous = FULL`), so a `sent` event survives a power cut before the message leaves:
//! after one, the letter is in doubt, never sent again as new.
//!
//! Group commit: a transaction costs about as much for one letter as for ten (the same pages
//! are written to the WAL), so the writer may wait a moment after the first request for the
//! others, unless every worker is already waiting on it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, TryRecvError};
use std::sync::{Arc, OnceLock};
use std::thread::{JoinHandle, Thread};
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use time::OffsetDateTime;
use tokio::sync::oneshot;

use super::letters::RunLetters;
use crate::ledger::{Ledger, LetterEvent};
use crate::manifest::LetterStatus;

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
    /// Writes `events` in one transaction, durable when this returns `Ok`: on disk, surviving
    /// a power cut (the ledger's commits sync its WAL).
    fn record(&mut self, events: &[Event]) -> Result<()>;

    /// Writes `events` as [`Journal::record`] does, leaving out a `sent` event whose letter
    /// another run sends (on a shared ledger); returns those letters.
    fn record_sending(&mut self, events: &[Event]) -> Result<Vec<usize>> {
        self.record(events).map(|()| Vec::new())
    }
}

/// The ledger as the journal of a run over `letters`.
pub struct LedgerJournal {
    /// The open ledger.
    pub ledger: Ledger,
    letters: Arc<RunLetters>,
}

impl LedgerJournal {
    /// Events name letters by their index in `letters`.
    pub fn new(ledger: Ledger, letters: Arc<RunLetters>) -> Self {
        Self { ledger, letters }
    }
}

impl Journal for LedgerJournal {
    fn record(&mut self, events: &[Event]) -> Result<()> {
        let skipped = self.record_sending(events)?;
        if let Some(&letter) = skipped.first() {
            anyhow::bail!(
                "letter `{}` is sent by another run",
                self.letters.get(letter)?.id
            );
        }
        Ok(())
    }

    fn record_sending(&mut self, events: &[Event]) -> Result<Vec<usize>> {
        let letters = events
            .iter()
            .map(|e| self.letters.get(e.letter))
            .collect::<Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(events.len());
        for (e, letter) in events.iter().zip(&letters) {
            out.push(LetterEvent {
                letter: std::borrow::Cow::Borrowed(&**letter),
                status: e.status,
                detail: e.detail.clone(),
                origin: "send".to_string(),
                at: e.at,
            });
        }
        let elsewhere = self.ledger.record_send_events(&out)?;
        for e in events {
            if matches!(e.status, LetterStatus::Delivered | LetterStatus::Failed) {
                self.letters.done(e.letter);
            }
        }
        let mut skipped = Vec::new();
        if !elsewhere.is_empty() {
            for (e, letter) in events.iter().zip(&letters) {
                if e.status == LetterStatus::Sent && elsewhere.contains(&letter.id) {
                    skipped.push(e.letter);
                }
            }
        }
        Ok(skipped)
    }
}

/// Most events written in one transaction.
const MAX_BATCH: usize = 4_096;

struct Request {
    events: Vec<Event>,
    /// When it was queued: the window of a transaction runs from its first request's.
    queued: Instant,
    /// A worker waits for this request before going on (see [`JournalHandle::record`]).
    waited: bool,
    /// Answered with the letters of this request another run sends (see
    /// [`Journal::record_sending`]).
    done: oneshot::Sender<Result<Vec<usize>, String>>,
}

/// A cheap handle workers use to record events.
#[derive(Clone)]
pub struct JournalHandle {
    tx: mpsc::Sender<Request>,
    waiting: Arc<Waiting>,
}

/// Requests workers wait for, queued and not yet taken into a transaction: the writer sleeps
/// through its window instead of waking for every request, and is woken when they are enough.
struct Waiting {
    count: AtomicUsize,
    enough: usize,
    writer: OnceLock<Thread>,
}

impl JournalHandle {
    /// Records `events` and waits until they are durable; returns the letters whose `sent`
    /// event was left out because another run sends them (on a shared ledger).
    pub async fn record(&self, events: Vec<Event>) -> Result<Vec<usize>> {
        self.queue(events, true)?.answer().await
    }

    /// Queues `events` without waiting. Requests are written in the order they are queued, so
    /// once a later request is acknowledged this one has been answered too.
    pub fn submit(&self, events: Vec<Event>) -> Result<Ack> {
        self.queue(events, false)
    }

    fn queue(&self, events: Vec<Event>, waited: bool) -> Result<Ack> {
        let (done, wait) = oneshot::channel();
        // Counted before it is queued: the writer subtracts the requests it takes, so the
        // count never goes below the number it can take.
        let queued = if waited {
            self.waiting.count.fetch_add(1, Ordering::AcqRel) + 1
        } else {
            0
        };
        // An unbounded std channel: sending never blocks, so it is fine on the runtime thread.
        let sent = self.tx.send(Request {
            events,
            queued: Instant::now(),
            waited,
            done,
        });
        if sent.is_err() {
            if waited {
                self.waiting.count.fetch_sub(1, Ordering::AcqRel);
            }
            return Err(anyhow!("the ledger writer has stopped"));
        }
        if queued == self.waiting.enough
            && let Some(writer) = self.waiting.writer.get()
        {
            writer.unpark();
        }
        Ok(Ack(wait))
    }
}

/// How long the writer gathers requests before a transaction.
#[derive(Debug, Clone, Copy)]
pub struct Gather {
    /// At most this long after the first request of a transaction was queued. Requests
    /// queued while the writer was busy with the transaction before (its sync to disk, most
    /// often) have waited long enough already: they are written at once.
    pub window: Duration,
    /// No longer once this many requests that workers wait for are in hand: with one per
    /// worker, no further request can come before this transaction is written.
    pub waiters: usize,
}

impl Gather {
    /// Write what is there at once.
    pub const NONE: Gather = Gather {
        window: Duration::ZERO,
        waiters: 1,
    };
}

/// The answer to a queued request.
pub struct Ack(oneshot::Receiver<Result<Vec<usize>, String>>);

impl Ack {
    /// Waits until the events are durable, or the write failed.
    pub async fn wait(self) -> Result<()> {
        self.answer().await.map(|_| ())
    }

    /// Waits until the events are durable; returns the letters left out (see
    /// [`JournalHandle::record`]).
    async fn answer(self) -> Result<Vec<usize>> {
        match self.0.await {
            Ok(Ok(skipped)) => Ok(skipped),
            Ok(Err(e)) => Err(anyhow!("cannot write to the ledger: {e}")),
            Err(_) => Err(anyhow!("the ledger writer has stopped")),
        }
    }
}

/// Starts the writer thread, writing what is there at once (see [`spawn_gathering`]).
pub fn spawn<J: Journal>(journal: J) -> (JournalHandle, JoinHandle<J>) {
    spawn_gathering(journal, Gather::NONE)
}

/// Starts the writer thread; it ends when every handle is dropped and gives the journal back.
/// After a failed write it writes nothing more: every later request gets the same error, so
/// no letter is marked sent once an earlier answer could not be recorded.
pub fn spawn_gathering<J: Journal>(
    mut journal: J,
    gather: Gather,
) -> (JournalHandle, JoinHandle<J>) {
    let (tx, rx) = mpsc::channel::<Request>();
    let waiting = Arc::new(Waiting {
        count: AtomicUsize::new(0),
        enough: gather.waiters.max(1),
        writer: OnceLock::new(),
    });
    let shared = waiting.clone();
    let thread = std::thread::spawn(move || {
        let mut failed: Option<String> = None;
        while let Ok(first) = rx.recv() {
            let mut batch = gather_batch(&rx, first, gather, &shared);
            let sizes: Vec<usize> = batch.iter().map(|r| r.events.len()).collect();
            let events: Vec<Event> = batch
                .iter_mut()
                .flat_map(|r| std::mem::take(&mut r.events))
                .collect();
            let result = match &failed {
                Some(e) => Err(e.clone()),
                None => journal
                    .record_sending(&events)
                    .map_err(|e| format!("{e:#}")),
            };
            if let Err(e) = &result {
                failed = Some(e.clone());
            }
            let mut from = 0;
            for (r, size) in batch.into_iter().zip(sizes) {
                // Each request hears of its own letters only.
                let own = &events[from..from + size];
                from += size;
                let answer = match &result {
                    Ok(skipped) if !skipped.is_empty() => Ok(skipped
                        .iter()
                        .copied()
                        .filter(|l| own.iter().any(|e| e.letter == *l))
                        .collect()),
                    Ok(_) => Ok(Vec::new()),
                    Err(e) => Err(e.clone()),
                };
                // A worker that gave up waiting no longer needs the answer.
                let _ = r.done.send(answer);
            }
        }
        journal
    });
    // Set before any request can be queued: the handle is returned only now.
    let _ = waiting.writer.set(thread.thread().clone());
    (JournalHandle { tx, waiting }, thread)
}

/// The requests of one transaction: `first`, whatever is queued behind it, and what arrives
/// within the window while fewer than `gather.waiters` of them are waited for.
fn gather_batch(
    rx: &mpsc::Receiver<Request>,
    first: Request,
    gather: Gather,
    waiting: &Waiting,
) -> Vec<Request> {
    let deadline = first.queued + gather.window;
    let mut waiters = usize::from(first.waited);
    let mut count = first.events.len();
    let mut batch = vec![first];
    loop {
        let mut disconnected = false;
        while count < MAX_BATCH {
            match rx.try_recv() {
                Ok(r) => {
                    waiters += usize::from(r.waited);
                    count += r.events.len();
                    batch.push(r);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    disconnected = true;
                    break;
                }
            }
        }
        let now = Instant::now();
        if disconnected || count >= MAX_BATCH || waiters >= gather.waiters || now >= deadline {
            break;
        }
        // Woken early by the request that makes them enough (see `JournalHandle::queue`).
        std::thread::park_timeout(deadline - now);
    }
    waiting.count.fetch_sub(waiters, Ordering::AcqRel);
    batch
}

/// Events kept in memory, for tests.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct MemoryJournal {
    /// Every event recorded, in order.
    pub events: Vec<Event>,
    /// Fail every write after this many events (simulates a full disk).
    pub fail_after: Option<usize>,
    /// Transactions written.
    pub writes: usize,
    /// How long each write takes (as a sync to disk would).
    pub delay: Duration,
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
        std::thread::sleep(self.delay);
        self.events.extend_from_slice(events);
        self.writes += 1;
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn requests_within_the_window_share_one_transaction() {
        let gather = Gather {
            window: Duration::from_millis(300),
            waiters: 3,
        };
        let (handle, thread) = spawn_gathering(MemoryJournal::default(), gather);
        let answer = handle.submit(vec![ev(0)]).unwrap();
        let (a, b) = (handle.clone(), handle.clone());
        let first = tokio::spawn(async move { a.record(vec![ev(1)]).await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        let second = tokio::spawn(async move { b.record(vec![ev(2)]).await });
        first.await.unwrap().unwrap();
        second.await.unwrap().unwrap();
        answer.wait().await.unwrap();
        drop(handle);
        let journal = thread.join().unwrap();
        assert_eq!(journal.events.len(), 3);
        assert_eq!(journal.writes, 1);
    }

    #[tokio::test]
    async fn a_request_every_worker_waits_for_does_not_wait_out_the_window() {
        let gather = Gather {
            window: Duration::from_secs(30),
            waiters: 1,
        };
        let (handle, _thread) = spawn_gathering(MemoryJournal::default(), gather);
        let started = Instant::now();
        for i in 0..3 {
            handle.record(vec![ev(i)]).await.unwrap();
        }
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    // The window ran from when the writer took a request, so one queued while the writer was
    // syncing the transaction before waited out a whole window more on top.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_request_queued_during_a_write_does_not_wait_out_a_window_after_it() {
        let gather = Gather {
            window: Duration::from_secs(1),
            waiters: 100,
        };
        let journal = MemoryJournal {
            delay: Duration::from_millis(1_500),
            ..Default::default()
        };
        let (handle, thread) = spawn_gathering(journal, gather);
        // Taken after its window (1 s), written until about 2.5 s.
        let first = handle.submit(vec![ev(0)]).unwrap();
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        // Queued during that write: its window is over when the write ends, so it is written
        // at once (done about 2.5 s after it was queued; 3.5 s if it waited a window more).
        let queued = Instant::now();
        handle.record(vec![ev(1)]).await.unwrap();
        let waited = queued.elapsed();
        assert!(waited < Duration::from_millis(3_000), "waited {waited:?}");
        first.wait().await.unwrap();
        drop(handle);
        assert_eq!(thread.join().unwrap().writes, 2);
    }

    /// Leaves out the `sent` events of even letters, as if another run had them.
    struct EvenElsewhere(MemoryJournal);

    impl Journal for EvenElsewhere {
        fn record(&mut self, events: &[Event]) -> Result<()> {
            self.0.record(events)
        }

        fn record_sending(&mut self, events: &[Event]) -> Result<Vec<usize>> {
            let (skipped, kept): (Vec<Event>, Vec<Event>) =
                events.iter().cloned().partition(|e| e.letter % 2 == 0);
            self.0.record(&kept)?;
            Ok(skipped.iter().map(|e| e.letter).collect())
        }
    }

    // Requests written in one transaction: each hears only of its own letters left out.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn each_request_hears_of_its_own_letters_another_run_has() {
        let gather = Gather {
            window: Duration::from_millis(300),
            waiters: 2,
        };
        let (handle, thread) = spawn_gathering(EvenElsewhere(MemoryJournal::default()), gather);
        let (a, b) = (handle.clone(), handle.clone());
        let odd = tokio::spawn(async move { a.record(vec![ev(1), ev(3)]).await });
        let mixed = tokio::spawn(async move { b.record(vec![ev(4), ev(5), ev(6)]).await });
        assert_eq!(odd.await.unwrap().unwrap(), Vec::<usize>::new());
        assert_eq!(mixed.await.unwrap().unwrap(), vec![4, 6]);
        drop(handle);
        let journal = thread.join().unwrap().0;
        assert_eq!(journal.writes, 1);
        let mut written: Vec<usize> = journal.events.iter().map(|e| e.letter).collect();
        written.sort_unstable();
        assert_eq!(written, vec![1, 3, 5]);
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
