//! Which letter goes next, and when: the queue of letters still to hand over, letters waiting
//! to be retried, the overall rate and the per-domain quotas (governor). A worker takes a
//! letter only when it is ready to send it at once, so rate tokens are never spent on letters
//! that then wait for a connection.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, RateLimiter};
use rand::Rng;
use time::OffsetDateTime;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::settings::Limits;

/// One letter to hand over.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Job {
    /// Index of the letter in the run's list.
    pub letter: usize,
    /// Attempts already made in this run.
    pub attempts: u32,
    /// When the letter was first handed over (this run or an earlier one); dates the message.
    pub first_sent: Option<OffsetDateTime>,
    /// Which queue: 0 for unlimited domains, then one per limited domain.
    class: usize,
}

/// The queue and the limits of one run.
pub struct Schedule {
    state: Mutex<State>,
    picker: tokio::sync::Mutex<()>,
    changed: Notify,
    clock: DefaultClock,
    global: Option<DefaultDirectRateLimiter>,
    /// The limiter of each queue (`None` for queue 0).
    limiters: Vec<Option<DefaultDirectRateLimiter>>,
    class_of: HashMap<String, usize>,
    stopped: AtomicBool,
}

/// One queue: letters handed back (put back, or due for a retry) go first, then letters never
/// handed out, kept as bare indices: four bytes a letter for a queue of a million.
#[derive(Default, Clone)]
struct Queue {
    again: VecDeque<Job>,
    fresh: VecDeque<u32>,
}

impl Queue {
    fn is_empty(&self) -> bool {
        self.again.is_empty() && self.fresh.is_empty()
    }
}

#[derive(Default)]
struct State {
    queues: Vec<Queue>,
    /// When letters still in `fresh` were first handed over by an earlier run.
    first_sent: HashMap<usize, OffsetDateTime>,
    cursor: usize,
    delayed: BinaryHeap<Reverse<(Instant, u64, Job)>>,
    seq: u64,
    in_flight: usize,
}

enum Pick {
    Job(Job),
    WaitUntil(Option<Instant>),
    Done,
}

impl Schedule {
    /// An empty schedule with `limits`.
    pub fn new(limits: &Limits) -> Self {
        let clock = DefaultClock::default();
        let global = limits
            .rate
            .map(|r| RateLimiter::direct_with_clock(r.quota(limits.burst), clock.clone()));
        let mut limiters = vec![None];
        let mut class_of = HashMap::new();
        for (domain, rate) in &limits.per_domain {
            class_of.insert(domain.clone(), limiters.len());
            limiters.push(Some(RateLimiter::direct_with_clock(
                rate.quota(std::num::NonZeroU32::MIN),
                clock.clone(),
            )));
        }
        let state = State {
            queues: vec![Queue::default(); limiters.len()],
            ..State::default()
        };
        Self {
            state: Mutex::new(state),
            picker: tokio::sync::Mutex::new(()),
            changed: Notify::new(),
            clock,
            global,
            limiters,
            class_of,
            stopped: AtomicBool::new(false),
        }
    }

    /// Adds a letter to the back of the queue; `domain` is the recipient's (any case).
    pub fn push(&self, letter: usize, domain: &str, first_sent: Option<OffsetDateTime>) {
        let class = self
            .class_of
            .get(&domain.to_ascii_lowercase())
            .copied()
            .unwrap_or(0);
        let mut st = self.lock();
        match u32::try_from(letter) {
            Ok(compact) => {
                if let Some(at) = first_sent {
                    st.first_sent.insert(letter, at);
                }
                st.queues[class].fresh.push_back(compact);
            }
            Err(_) => st.queues[class].again.push_back(Job {
                letter,
                attempts: 0,
                first_sent,
                class,
            }),
        }
        drop(st);
        self.changed.notify_one();
    }

    /// The next letter to hand over now, or `None` when there is nothing left (or the run was
    /// stopped). The caller must end every job with [`Schedule::finish`],
    /// [`Schedule::retry`] or [`Schedule::put_back`].
    pub async fn next(&self) -> Option<Job> {
        let _picking = self.picker.lock().await;
        loop {
            if self.is_stopped() {
                return None;
            }
            let changed = self.changed.notified();
            match self.pick() {
                Pick::Job(job) => {
                    self.wait_global().await;
                    if self.is_stopped() {
                        self.put_back(job);
                        return None;
                    }
                    return Some(job);
                }
                Pick::Done => return None,
                Pick::WaitUntil(None) => changed.await,
                Pick::WaitUntil(Some(at)) => {
                    tokio::select! {
                        () = changed => {}
                        () = tokio::time::sleep_until(at) => {}
                    }
                }
            }
        }
    }

    fn pick(&self) -> Pick {
        let mut st = self.lock();
        let now = Instant::now();
        while st
            .delayed
            .peek()
            .is_some_and(|Reverse((due, _, _))| *due <= now)
        {
            if let Some(Reverse((_, _, job))) = st.delayed.pop() {
                let class = job.class;
                st.queues[class].again.push_front(job);
            }
        }
        let mut wake = st.delayed.peek().map(|Reverse((due, _, _))| *due);
        let n = st.queues.len();
        for step in 0..n {
            let class = (st.cursor + step) % n;
            if st.queues[class].is_empty() {
                continue;
            }
            if let Some(Some(limiter)) = self.limiters.get(class)
                && let Err(not_until) = limiter.check()
            {
                let at = now + not_until.wait_time_from(self.clock.now());
                wake = Some(wake.map_or(at, |w| w.min(at)));
                continue;
            }
            if let Some(job) = st.pop(class) {
                st.cursor = (class + 1) % n;
                st.in_flight += 1;
                return Pick::Job(job);
            }
        }
        if wake.is_none() && st.in_flight == 0 && st.queues.iter().all(Queue::is_empty) {
            Pick::Done
        } else {
            Pick::WaitUntil(wake)
        }
    }

    async fn wait_global(&self) {
        let Some(limiter) = &self.global else { return };
        while let Err(not_until) = limiter.check() {
            tokio::time::sleep(not_until.wait_time_from(self.clock.now())).await;
        }
    }

    /// The job is over for this run.
    pub fn finish(&self, _job: Job) {
        self.lock().in_flight -= 1;
        self.changed.notify_one();
    }

    /// The job was refused for now: try again after `delay`.
    pub fn retry(&self, mut job: Job, delay: Duration) {
        job.attempts += 1;
        let mut st = self.lock();
        st.in_flight -= 1;
        st.seq += 1;
        let seq = st.seq;
        st.delayed.push(Reverse((Instant::now() + delay, seq, job)));
        drop(st);
        self.changed.notify_one();
    }

    /// The job was not attempted (its connection failed first): put it back in front.
    pub fn put_back(&self, job: Job) {
        let mut st = self.lock();
        st.in_flight -= 1;
        st.queues[job.class].again.push_front(job);
        drop(st);
        self.changed.notify_one();
    }

    /// Hands out no more letters.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.changed.notify_one();
    }

    /// True after [`Schedule::stop`].
    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Letters never handed out or waiting for a retry, once every worker has ended.
    pub fn leftovers(&self) -> Vec<Job> {
        let mut st = self.lock();
        let mut out = Vec::new();
        for class in 0..st.queues.len() {
            while let Some(job) = st.pop(class) {
                out.push(job);
            }
        }
        out.extend(st.delayed.drain().map(|Reverse((_, _, job))| job));
        out.sort_by_key(|j| j.letter);
        out
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A worker that panicked while holding the lock left the state as consistent as any
        // single field update; carrying on is better than losing track of the run.
        self.state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

impl State {
    /// The next job of queue `class`: one handed back first, else one never handed out.
    fn pop(&mut self, class: usize) -> Option<Job> {
        if let Some(job) = self.queues[class].again.pop_front() {
            return Some(job);
        }
        let letter = usize::try_from(self.queues[class].fresh.pop_front()?).ok()?;
        Some(Job {
            letter,
            attempts: 0,
            first_sent: self.first_sent.remove(&letter),
            class,
        })
    }
}

/// The wait before retry number `attempt` (1 for the first retry): `base` doubled each time,
/// at most ten minutes, then a random share between half and all of it so that letters
/// refused together do not come back together.
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    let cap = Duration::from_secs(600);
    let full = base
        .checked_mul(1u32 << attempt.saturating_sub(1).min(20))
        .unwrap_or(cap)
        .min(cap);
    full.mul_f64(rand::rng().random_range(0.5..=1.0))
}

#[cfg(test)]
mod tests;
