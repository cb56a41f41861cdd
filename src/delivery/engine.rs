//! The sending engine: a worker per connection takes letters from the [`Schedule`], records
//! each as `sent` (durably) before handing it to the server, then records the server's answer:
//! `delivered`, `deferred` (retried with backoff, a bounded number of times) or `failed`.
//! A letter handed over without an answer stays `sent`: in doubt, never silently resent.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::anyhow;
use indicatif::ProgressBar;
use time::OffsetDateTime;
use tokio::time::Instant;

use super::journal::{Ack, Event, JournalHandle};
use super::message::Outgoing;
use super::schedule::{Job, Schedule, backoff};
use super::transport::{Attempt, ConnectError, Transport};
use crate::manifest::LetterStatus;

/// Builds the message of letter `index` dated `date`; an error is permanent for the letter.
pub type Compose = dyn Fn(usize, OffsetDateTime) -> Result<Outgoing, String> + Send + Sync;

/// How the engine behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// Connections (workers) at once.
    pub connections: usize,
    /// Retries of a temporarily refused letter in this run.
    pub retries: u32,
    /// Wait before the first retry (doubling, with jitter).
    pub retry_delay: Duration,
    /// A connection idle this long is checked with NOOP before use.
    pub probe_after: Duration,
}

/// What became of the letters of one run (indices into the run's list).
#[derive(Debug, Default)]
pub struct Report {
    /// Accepted by the server.
    pub delivered: usize,
    /// Refused for good, with the reason.
    pub failed: Vec<(usize, String)>,
    /// Still refused for now when the run ended, with the last reason.
    pub deferred: Vec<(usize, String)>,
    /// Handed over without an answer.
    pub in_doubt: Vec<(usize, String)>,
    /// Never handed over (the run stopped first).
    pub not_attempted: Vec<usize>,
    /// Left to another run on the same shared ledger: it had claimed them, or the ledger
    /// already had them as accepted.
    pub by_other_run: Vec<usize>,
    /// Why the run stopped before the end, if it did.
    pub stopped: Option<anyhow::Error>,
}

struct Shared<T: Transport> {
    transport: Arc<T>,
    schedule: Arc<Schedule>,
    journal: JournalHandle,
    compose: Arc<Compose>,
    options: Options,
    progress: ProgressBar,
    results: Mutex<Results>,
}

/// The report as it fills, and what it needs at the end.
#[derive(Default)]
struct Results {
    report: Report,
    /// The latest reason each letter was refused for now.
    last_deferral: HashMap<usize, String>,
    /// Why a worker could not (re)connect, if one could not.
    connect_error: Option<ConnectError>,
}

/// Sends every letter in `schedule`; `first` is an already open connection to reuse.
pub async fn run<T: Transport>(
    transport: Arc<T>,
    first: Option<T::Conn>,
    schedule: Arc<Schedule>,
    journal: JournalHandle,
    compose: Arc<Compose>,
    options: Options,
    progress: ProgressBar,
) -> Report {
    let workers = options.connections.max(1);
    let shared = Arc::new(Shared {
        transport,
        schedule,
        journal,
        compose,
        options,
        progress,
        results: Mutex::new(Results::default()),
    });
    let mut first = first;
    let mut tasks = Vec::with_capacity(workers);
    for _ in 0..workers {
        tasks.push(tokio::spawn(worker(shared.clone(), first.take())));
    }
    for task in tasks {
        if let Err(e) = task.await {
            shared.fatal(anyhow!("a sending task ended abnormally: {e}"));
        }
    }
    shared.report()
}

async fn worker<T: Transport>(sh: Arc<Shared<T>>, mut conn: Option<T::Conn>) {
    let mut last_used = Instant::now();
    // The last answer recorded without waiting (see `Pending`).
    let mut pending: Option<Pending> = None;
    loop {
        if sh.schedule.is_stopped() {
            break;
        }
        let mut c = match conn.take() {
            Some(c) => c,
            None => match sh.connect().await {
                Ok(c) => {
                    last_used = Instant::now();
                    c
                }
                Err(e) => {
                    sh.results().connect_error = Some(e);
                    break;
                }
            },
        };
        let Some(job) = sh.schedule.next().await else {
            conn = Some(c);
            break;
        };
        if last_used.elapsed() >= sh.options.probe_after && !sh.transport.probe(&mut c).await {
            // The server dropped the idle connection: reconnect before spending an attempt.
            sh.schedule.put_back(job);
            continue;
        }
        let usable = sh.handle(job, &mut c, &mut pending).await;
        last_used = Instant::now();
        if usable {
            conn = Some(c);
        }
    }
    if let Some(p) = pending {
        sh.settle(p).await;
    }
    if let Some(c) = conn {
        sh.transport.close(c).await;
    }
}

/// A letter's final answer (or a deferral), queued for the ledger without waiting: the next
/// `sent` event of the same worker is queued after it, so by the time that one is durable
/// this one is too, and each letter costs one wait for the disk instead of two.
struct Pending {
    ack: Ack,
    letter: usize,
    status: LetterStatus,
    detail: String,
    /// For a deferral: whether the letter stays deferred at the end of this run.
    last_try: bool,
}

impl<T: Transport> Shared<T> {
    fn results(&self) -> std::sync::MutexGuard<'_, Results> {
        // Results are plain counters and lists; a panic elsewhere cannot leave them half-made.
        self.results
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    fn fatal(&self, e: anyhow::Error) {
        let mut r = self.results();
        if r.report.stopped.is_none() {
            r.report.stopped = Some(e);
        }
        drop(r);
        self.schedule.stop();
    }

    /// Opens a connection, retrying temporary failures with backoff.
    async fn connect(&self) -> Result<T::Conn, ConnectError> {
        let mut attempt = 0;
        loop {
            match self.transport.connect().await {
                Ok(c) => return Ok(c),
                Err(e) if e.permanent || attempt >= self.options.retries => return Err(e),
                Err(e) => {
                    tracing::debug!("connection failed, will retry: {e}");
                    attempt += 1;
                    if self.schedule.is_stopped() {
                        return Err(e);
                    }
                    tokio::time::sleep(backoff(self.options.retry_delay, attempt)).await;
                }
            }
        }
    }

    /// One attempt at one letter; false when the connection is no longer usable.
    async fn handle(
        &self,
        mut job: Job,
        conn: &mut T::Conn,
        pending: &mut Option<Pending>,
    ) -> bool {
        let letter = job.letter;
        let at = OffsetDateTime::now_utc();
        let date = *job.first_sent.get_or_insert(at);
        let message = match (self.compose)(letter, date) {
            Ok(m) => m,
            Err(reason) => {
                self.answer(job, LetterStatus::Failed, reason, pending)
                    .await;
                return true;
            }
        };
        let sent = Event {
            at,
            ..event(letter, LetterStatus::Sent, None)
        };
        let elsewhere = match self.journal.record(vec![sent]).await {
            Ok(skipped) => !skipped.is_empty(),
            Err(e) => {
                self.schedule.put_back(job);
                self.fatal(e);
                return true;
            }
        };
        // Queued before the `sent` just acknowledged, so already answered: no wait.
        if let Some(p) = pending.take() {
            self.settle(p).await;
        }
        if elsewhere {
            // Another run on the shared ledger has it: not handed over here.
            self.results().report.by_other_run.push(letter);
            self.schedule.finish(job);
            self.progress.inc(1);
            return true;
        }
        let (attempt, usable) = self.transport.send(conn, &message).await;
        match attempt {
            Attempt::Delivered(reply) => {
                self.answer(job, LetterStatus::Delivered, reply, pending)
                    .await;
            }
            Attempt::Failed(reason) => {
                self.answer(job, LetterStatus::Failed, reason, pending)
                    .await;
            }
            Attempt::Deferred(reason) => {
                self.answer(job, LetterStatus::Deferred, reason, pending)
                    .await;
            }
            Attempt::InDoubt(reason) => {
                self.results().report.in_doubt.push((letter, reason));
                self.schedule.finish(job);
                self.progress.inc(1);
            }
        }
        usable
    }

    /// Queues the server's answer (or the reason a letter cannot go) and moves the letter on:
    /// done, or back in the schedule after a backoff when refused for now.
    async fn answer(
        &self,
        job: Job,
        status: LetterStatus,
        detail: String,
        pending: &mut Option<Pending>,
    ) {
        if let Some(p) = pending.take() {
            self.settle(p).await;
        }
        let letter = job.letter;
        let ack = match self
            .journal
            .submit(vec![event(letter, status, Some(detail.clone()))])
        {
            Ok(ack) => ack,
            Err(e) => {
                self.unrecorded(letter, status, &detail, e);
                self.schedule.finish(job);
                return;
            }
        };
        let retry = status == LetterStatus::Deferred
            && job.attempts < self.options.retries
            && !self.schedule.is_stopped();
        if retry {
            let wait = backoff(self.options.retry_delay, job.attempts + 1);
            self.schedule.retry(job, wait);
        } else {
            self.schedule.finish(job);
            self.progress.inc(1);
        }
        *pending = Some(Pending {
            ack,
            letter,
            status,
            detail,
            last_try: !retry,
        });
    }

    /// Waits for a queued answer to be durable and counts the letter.
    async fn settle(&self, p: Pending) {
        if let Err(e) = p.ack.wait().await {
            self.unrecorded(p.letter, p.status, &p.detail, e);
            return;
        }
        let mut r = self.results();
        match p.status {
            LetterStatus::Delivered => r.report.delivered += 1,
            LetterStatus::Deferred => {
                r.last_deferral.insert(p.letter, p.detail.clone());
                if p.last_try {
                    r.report.deferred.push((p.letter, p.detail));
                }
            }
            _ => r.report.failed.push((p.letter, p.detail)),
        }
    }

    /// The answer could not be recorded: the letter stays `sent` in the ledger (in doubt) and
    /// the run stops.
    fn unrecorded(&self, letter: usize, status: LetterStatus, detail: &str, e: anyhow::Error) {
        self.results()
            .report
            .in_doubt
            .push((letter, format!("{status} ({detail}) but not recorded")));
        self.fatal(e);
    }

    fn report(&self) -> Report {
        let leftovers = self.schedule.leftovers();
        let mut r = self.results();
        let mut report = std::mem::take(&mut r.report);
        for job in &leftovers {
            match r.last_deferral.get(&job.letter) {
                Some(reason) => report.deferred.push((job.letter, reason.clone())),
                None => report.not_attempted.push(job.letter),
            }
        }
        if report.stopped.is_none()
            && !leftovers.is_empty()
            && let Some(e) = r.connect_error.take()
        {
            report.stopped = Some(anyhow!("stopped sending: {e}"));
        }
        for list in [
            &mut report.failed,
            &mut report.deferred,
            &mut report.in_doubt,
        ] {
            list.sort_by_key(|(letter, _)| *letter);
        }
        report.by_other_run.sort_unstable();
        report
    }
}

/// An event for `letter` happening now.
fn event(letter: usize, status: LetterStatus, detail: Option<String>) -> Event {
    Event {
        letter,
        status,
        detail,
        at: OffsetDateTime::now_utc(),
    }
}

#[cfg(test)]
mod tests;
