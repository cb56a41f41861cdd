//! The engine against an in-memory journal and a scripted server. The server checks, at the
//! moment each message reaches it, that the journal already holds the letter's `sent` event.

use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};

use lettre::Address;
use lettre::address::Envelope;

use super::*;
use crate::delivery::journal::{Journal, spawn};
use crate::delivery::settings::Limits;

type Events = Arc<Mutex<Vec<Event>>>;

struct SharedJournal {
    events: Events,
    fail_after: Option<usize>,
    /// Letters another run on the same ledger has: their `sent` events are left out.
    others: Vec<usize>,
}

impl Journal for SharedJournal {
    fn record(&mut self, events: &[Event]) -> anyhow::Result<()> {
        let mut all = self.events.lock().unwrap();
        if self
            .fail_after
            .is_some_and(|n| all.len() + events.len() > n)
        {
            anyhow::bail!("disk full");
        }
        all.extend_from_slice(events);
        Ok(())
    }

    fn record_sending(&mut self, events: &[Event]) -> anyhow::Result<Vec<usize>> {
        let (skipped, kept): (Vec<Event>, Vec<Event>) = events
            .iter()
            .cloned()
            .partition(|e| e.status == Sent && self.others.contains(&e.letter));
        self.record(&kept)?;
        Ok(skipped.iter().map(|e| e.letter).collect())
    }
}

/// Decides each attempt from the letter index and how many times it was seen.
type Script = dyn Fn(usize, usize) -> Attempt + Send + Sync;

struct FakeServer {
    events: Events,
    script: Box<Script>,
    seen: Mutex<BTreeMap<usize, usize>>,
    violations: Mutex<Vec<String>>,
    refuse_connections: bool,
    connections: AtomicUsize,
}

impl Transport for FakeServer {
    type Conn = ();

    async fn connect(&self) -> Result<(), ConnectError> {
        self.connections.fetch_add(1, Ordering::SeqCst);
        if self.refuse_connections {
            return Err(ConnectError {
                message: "535 authentication failed".into(),
                permanent: true,
            });
        }
        Ok(())
    }

    async fn send(&self, _: &mut (), message: &Outgoing) -> (Attempt, bool) {
        let letter: usize = String::from_utf8_lossy(&message.bytes).parse().unwrap();
        let latest = self
            .events
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find(|e| e.letter == letter)
            .map(|e| e.status);
        if latest != Some(LetterStatus::Sent) {
            self.violations.lock().unwrap().push(format!(
                "letter {letter} reached the server while {latest:?}"
            ));
        }
        let n = {
            let mut seen = self.seen.lock().unwrap();
            let n = seen.entry(letter).or_default();
            *n += 1;
            *n
        };
        tokio::task::yield_now().await;
        let attempt = (self.script)(letter, n);
        let usable = !matches!(attempt, Attempt::InDoubt(_));
        (attempt, usable)
    }

    async fn probe(&self, _: &mut ()) -> bool {
        true
    }

    async fn close(&self, _: ()) {}
}

struct Run {
    report: Report,
    events: Vec<Event>,
    server: Arc<FakeServer>,
}

async fn run_with(
    letters: usize,
    script: impl Fn(usize, usize) -> Attempt + Send + Sync + 'static,
    fail_after: Option<usize>,
    refuse_connections: bool,
) -> Run {
    run_beside(letters, script, fail_after, refuse_connections, Vec::new()).await
}

/// A run beside another one on the same ledger, which has the letters `others`.
async fn run_beside(
    letters: usize,
    script: impl Fn(usize, usize) -> Attempt + Send + Sync + 'static,
    fail_after: Option<usize>,
    refuse_connections: bool,
    others: Vec<usize>,
) -> Run {
    let events: Events = Arc::default();
    let server = Arc::new(FakeServer {
        events: events.clone(),
        script: Box::new(script),
        seen: Mutex::default(),
        violations: Mutex::default(),
        refuse_connections,
        connections: AtomicUsize::new(0),
    });
    let (journal, writer) = spawn(SharedJournal {
        events: events.clone(),
        fail_after,
        others,
    });
    let limits = Limits {
        rate: None,
        burst: NonZeroU32::MIN,
        per_domain: BTreeMap::new(),
    };
    let schedule = Arc::new(Schedule::new(&limits));
    for i in 0..letters {
        schedule.push(i, "example.org", None);
    }
    let compose: Arc<Compose> = Arc::new(|i, _date| {
        if i == 999 {
            return Err("recipient `x` has no email address".into());
        }
        let a: Address = "a@example.org".parse().unwrap();
        Ok(Outgoing {
            envelope: Envelope::new(Some(a.clone()), vec![a]).unwrap(),
            bytes: i.to_string().into_bytes(),
        })
    });
    let options = Options {
        connections: 4,
        retries: 3,
        retry_delay: Duration::from_millis(1),
        probe_after: Duration::from_secs(60),
    };
    let report = super::run(
        server.clone(),
        None,
        schedule,
        journal,
        compose,
        options,
        ProgressBar::hidden(),
    )
    .await;
    writer.join().unwrap();
    let events = events.lock().unwrap().clone();
    Run {
        report,
        events,
        server,
    }
}

fn statuses(events: &[Event], letter: usize) -> Vec<LetterStatus> {
    events
        .iter()
        .filter(|e| e.letter == letter)
        .map(|e| e.status)
        .collect()
}

use LetterStatus::{Deferred, Delivered, Failed, Sent};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_letter_is_recorded_sent_before_the_server_sees_it() {
    let run = run_with(200, |_, _| Attempt::Delivered("250 ok".into()), None, false).await;
    assert_eq!(run.report.delivered, 200);
    assert!(run.server.violations.lock().unwrap().is_empty());
    for i in 0..200 {
        assert_eq!(statuses(&run.events, i), vec![Sent, Delivered]);
    }
    let delivered = run.events.iter().find(|e| e.status == Delivered).unwrap();
    assert_eq!(delivered.detail.as_deref(), Some("250 ok"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn temporary_refusals_are_retried_until_delivered() {
    let run = run_with(
        50,
        |i, n| {
            if i % 3 == 0 && n <= 2 {
                Attempt::Deferred("451 try later".into())
            } else {
                Attempt::Delivered("250 ok".into())
            }
        },
        None,
        false,
    )
    .await;
    assert_eq!(run.report.delivered, 50);
    assert!(run.report.deferred.is_empty() && run.report.failed.is_empty());
    assert_eq!(
        statuses(&run.events, 3),
        vec![Sent, Deferred, Sent, Deferred, Sent, Delivered]
    );
    assert!(run.server.violations.lock().unwrap().is_empty());
}

#[tokio::test]
async fn retries_are_bounded_and_the_letter_stays_deferred() {
    let run = run_with(
        2,
        |i, _| match i {
            0 => Attempt::Deferred("454 throttled".into()),
            _ => Attempt::Delivered("250 ok".into()),
        },
        None,
        false,
    )
    .await;
    // One attempt and three retries.
    assert_eq!(run.server.seen.lock().unwrap()[&0], 4);
    assert_eq!(run.report.deferred, vec![(0, "454 throttled".to_string())]);
    assert_eq!(statuses(&run.events, 0).last(), Some(&Deferred));
    assert_eq!(run.report.delivered, 1);
}

#[tokio::test]
async fn a_permanent_refusal_is_recorded_and_the_run_goes_on() {
    let run = run_with(
        10,
        |i, _| match i {
            4 => Attempt::Failed("550 5.1.1 no such user".into()),
            _ => Attempt::Delivered("250 ok".into()),
        },
        None,
        false,
    )
    .await;
    assert_eq!(run.report.delivered, 9);
    assert_eq!(
        run.report.failed,
        vec![(4, "550 5.1.1 no such user".to_string())]
    );
    assert_eq!(statuses(&run.events, 4), vec![Sent, Failed]);
    assert_eq!(run.server.seen.lock().unwrap()[&4], 1);
}

#[tokio::test]
async fn a_letter_that_cannot_be_built_fails_without_being_sent() {
    let run = run_with(
        1000,
        |_, _| Attempt::Delivered("250 ok".into()),
        None,
        false,
    )
    .await;
    assert_eq!(statuses(&run.events, 999), vec![Failed]);
    assert!(!run.server.seen.lock().unwrap().contains_key(&999));
    assert_eq!(run.report.delivered, 999);
}

#[tokio::test]
async fn an_unanswered_letter_stays_sent_and_is_not_resent() {
    let run = run_with(
        5,
        |i, _| match i {
            2 => Attempt::InDoubt("connection lost during the message data".into()),
            _ => Attempt::Delivered("250 ok".into()),
        },
        None,
        false,
    )
    .await;
    assert_eq!(statuses(&run.events, 2), vec![Sent]);
    assert_eq!(run.server.seen.lock().unwrap()[&2], 1);
    assert_eq!(run.report.in_doubt.len(), 1);
    assert_eq!(run.report.delivered, 4);
}

#[tokio::test]
async fn a_ledger_failure_stops_before_anything_unrecorded_is_sent() {
    let run = run_with(
        20,
        |_, _| Attempt::Delivered("250 ok".into()),
        Some(6),
        false,
    )
    .await;
    let err = format!("{:#}", run.report.stopped.as_ref().unwrap());
    assert!(err.contains("disk full"), "{err}");
    assert!(run.server.violations.lock().unwrap().is_empty());
    let handed_over: usize = run.server.seen.lock().unwrap().values().sum();
    let sent = run.events.iter().filter(|e| e.status == Sent).count();
    assert_eq!(handed_over, sent);
    let r = &run.report;
    let accounted =
        r.delivered + r.failed.len() + r.deferred.len() + r.in_doubt.len() + r.not_attempted.len();
    assert_eq!(accounted, 20, "{r:?}");
}

#[tokio::test]
async fn a_refused_login_sends_nothing_and_says_why() {
    let run = run_with(5, |_, _| Attempt::Delivered("250 ok".into()), None, true).await;
    assert!(run.events.is_empty());
    assert_eq!(run.report.not_attempted, vec![0, 1, 2, 3, 4]);
    let err = format!("{:#}", run.report.stopped.unwrap());
    assert!(err.contains("535"), "{err}");
    assert_eq!(run.server.connections.load(Ordering::SeqCst), 4);
}

// Two runs on one shared ledger: a letter the other run has is neither handed over nor
// failed, the run goes on with the rest and says which it left.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_letter_another_run_has_is_left_to_it_and_the_run_goes_on() {
    let run = run_beside(
        12,
        |_, _| Attempt::Delivered("250 ok".into()),
        None,
        false,
        vec![3, 7, 8],
    )
    .await;
    assert!(run.report.stopped.is_none(), "{:?}", run.report.stopped);
    assert_eq!(run.report.delivered, 9);
    assert_eq!(run.report.by_other_run, vec![3, 7, 8]);
    assert!(run.report.failed.is_empty() && run.report.in_doubt.is_empty());
    assert!(run.report.not_attempted.is_empty());
    let seen = run.server.seen.lock().unwrap();
    for letter in [3, 7, 8] {
        assert!(
            !seen.contains_key(&letter),
            "letter {letter} was handed over"
        );
        assert!(statuses(&run.events, letter).is_empty(), "letter {letter}");
    }
    assert_eq!(seen.len(), 9);
    assert!(run.server.violations.lock().unwrap().is_empty());
}
