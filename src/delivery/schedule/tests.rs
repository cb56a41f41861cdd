use std::collections::BTreeMap;
use std::num::NonZeroU32;

use super::*;

fn limits(rate: Option<&str>, burst: u32, per_domain: &[(&str, &str)]) -> Limits {
    Limits {
        rate: rate.map(|r| r.parse().unwrap()),
        burst: NonZeroU32::new(burst).unwrap(),
        per_domain: per_domain
            .iter()
            .map(|(d, r)| (d.to_string(), r.parse().unwrap()))
            .collect::<BTreeMap<_, _>>(),
    }
}

#[tokio::test]
async fn hands_out_every_letter_once_then_ends() {
    let s = Schedule::new(&limits(None, 1, &[]));
    for i in 0..5 {
        s.push(i, "example.org", None);
    }
    let mut seen = Vec::new();
    while let Some(job) = s.next().await {
        seen.push(job.letter);
        s.finish(job);
    }
    assert_eq!(seen, vec![0, 1, 2, 3, 4]);
    assert!(s.leftovers().is_empty());
}

#[tokio::test]
async fn a_retried_letter_comes_back_after_its_delay() {
    let s = Schedule::new(&limits(None, 1, &[]));
    s.push(7, "example.org", None);
    let job = s.next().await.unwrap();
    let start = Instant::now();
    s.retry(job, Duration::from_millis(60));
    let again = s.next().await.unwrap();
    assert!(start.elapsed() >= Duration::from_millis(60));
    assert_eq!((again.letter, again.attempts), (7, 1));
    s.finish(again);
    assert!(s.next().await.is_none());
}

#[tokio::test]
async fn waits_for_letters_in_flight_before_ending() {
    let s = std::sync::Arc::new(Schedule::new(&limits(None, 1, &[])));
    s.push(1, "example.org", None);
    let job = s.next().await.unwrap();
    let s2 = s.clone();
    let waiter = tokio::spawn(async move { s2.next().await.map(|j| j.letter) });
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(
        !waiter.is_finished(),
        "must wait: the letter in flight may come back"
    );
    s.retry(job, Duration::ZERO);
    assert_eq!(waiter.await.unwrap(), Some(1));
}

#[tokio::test]
async fn a_domain_quota_does_not_hold_up_other_domains() {
    let s = Schedule::new(&limits(None, 1, &[("slow.example.org", "20/s")]));
    for i in 0..4 {
        s.push(i, "Slow.Example.ORG", None);
    }
    for i in 4..8 {
        s.push(i, "example.net", None);
    }
    let start = Instant::now();
    let mut times = Vec::new();
    while let Some(job) = s.next().await {
        times.push((job.letter, start.elapsed()));
        s.finish(job);
    }
    let fast_done = times
        .iter()
        .filter(|(l, _)| *l >= 4)
        .map(|(_, t)| *t)
        .max()
        .unwrap();
    let slow_done = times
        .iter()
        .filter(|(l, _)| *l < 4)
        .map(|(_, t)| *t)
        .max()
        .unwrap();
    assert!(fast_done < Duration::from_millis(40), "{times:?}");
    // Four letters at 20 per second: the last leaves 150 ms after the first.
    assert!(slow_done >= Duration::from_millis(140), "{times:?}");
}

#[tokio::test]
async fn the_overall_rate_spaces_letters() {
    let s = Schedule::new(&limits(Some("100/s"), 1, &[]));
    for i in 0..11 {
        s.push(i, "example.org", None);
    }
    let start = Instant::now();
    while let Some(job) = s.next().await {
        s.finish(job);
    }
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(95), "{took:?}");
    assert!(took < Duration::from_millis(400), "{took:?}");
}

#[tokio::test]
async fn stop_hands_out_nothing_more_and_keeps_the_rest() {
    let s = Schedule::new(&limits(None, 1, &[]));
    for i in 0..3 {
        s.push(i, "example.org", None);
    }
    let job = s.next().await.unwrap();
    s.retry(job, Duration::from_secs(60));
    s.stop();
    assert!(s.next().await.is_none());
    let left: Vec<usize> = s.leftovers().iter().map(|j| j.letter).collect();
    assert_eq!(left, vec![0, 1, 2]);
}

#[test]
fn backoff_doubles_with_jitter_and_a_cap() {
    let base = Duration::from_secs(2);
    for _ in 0..100 {
        let first = backoff(base, 1);
        assert!(
            first >= Duration::from_secs(1) && first <= base,
            "{first:?}"
        );
        let third = backoff(base, 3);
        assert!(third >= Duration::from_secs(4) && third <= Duration::from_secs(8));
        assert!(backoff(base, 40) <= Duration::from_secs(600));
    }
}

// Letters wait as bare indices: the date of an earlier first send must still reach the job,
// and a letter put back must come out again before the ones never handed out.
#[tokio::test]
async fn compact_queues_keep_first_sends_and_put_back_letters_first() {
    let at = time::macros::datetime!(2026-12-10 10:00 UTC);
    let s = Schedule::new(&limits(None, 1, &[]));
    s.push(0, "example.org", None);
    s.push(1, "example.org", Some(at));
    s.push(2, "example.org", None);
    let first = s.next().await.unwrap();
    assert_eq!((first.letter, first.first_sent), (0, None));
    let second = s.next().await.unwrap();
    assert_eq!((second.letter, second.first_sent), (1, Some(at)));
    s.put_back(second);
    let again = s.next().await.unwrap();
    assert_eq!((again.letter, again.first_sent), (1, Some(at)));
    s.finish(first);
    s.finish(again);
    let last = s.next().await.unwrap();
    assert_eq!(last.letter, 2);
    s.put_back(last);
    let left: Vec<usize> = s.leftovers().iter().map(|j| j.letter).collect();
    assert_eq!(left, vec![2]);
}
