//! `send` killed with SIGKILL at random moments, then run again: nothing lost, nothing sent
//! twice; a letter in doubt goes again only with `--resend-in-doubt`, under the same
//! Message-ID and Date.

use std::collections::{HashMap, HashSet};
use std::process::Stdio;
use std::time::Duration;

use marathon::manifest::LetterStatus;
use rand::{Rng, SeedableRng};

use super::fixture::{Fixture, plain_smtp};
use super::{ledger_states, server_counts};
use crate::mailserver::{MailServer, ServerOptions};

const N: usize = 300;

fn in_doubt(fx: &Fixture) -> HashSet<String> {
    ledger_states(&fx.ws)
        .into_iter()
        .filter(|(_, s)| *s == LetterStatus::Sent)
        .map(|(id, _)| format!("{id}.solidarity-2026@example.org"))
        .collect()
}

fn assert_no_duplicates(counts: &HashMap<String, usize>, when: &str) {
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "{when}: sent twice: {twice:?}");
}

#[test]
fn killed_at_random_moments_then_resumed_loses_and_repeats_nothing() {
    // Some replies are lost after the server stored the message: those letters are in doubt
    // and really at the server, so resending them must make exactly one duplicate each.
    let server = MailServer::start(
        ServerOptions::new()
            .seed(11)
            .delay_ms(3)
            .drop_rate(0.05)
            .drop_after_store(),
    );
    let fx = Fixture::new(N, &plain_smtp(server.port()));
    let mut rng = rand::rngs::StdRng::seed_from_u64(2026);
    for round in 0..5 {
        let mut child = fx
            .ws
            .marathon()
            .args(["send", "--yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(30..500)));
        child.kill().unwrap();
        child.wait().unwrap();
        assert_no_duplicates(&server_counts(&server), &format!("after kill {round}"));
    }

    let out = fx.ws.run(&["send", "--yes"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let states = ledger_states(&fx.ws);
    assert_eq!(states.len(), N);
    assert!(
        states
            .values()
            .all(|s| matches!(s, LetterStatus::Delivered | LetterStatus::Sent)),
        "{states:?}"
    );
    let mut counts = server_counts(&server);
    assert_no_duplicates(&counts, "after the resumed run");
    let plan = fx.ws.ok(&["send"]);
    let mut doubt = in_doubt(&fx);
    assert!(
        plan.contains(&format!("in doubt     {:>7}", doubt.len())),
        "{plan}"
    );
    // The first twenty in manifest order are listed by id.
    let listed: Vec<&str> = plan
        .lines()
        .filter_map(|l| l.trim().strip_prefix("in doubt: "))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    let mut expected: Vec<String> = doubt.iter().map(|id| id[..16].to_string()).collect();
    expected.sort();
    expected.truncate(20);
    assert_eq!(listed, expected, "{plan}");
    // Every letter is at the server exactly once, except those in doubt and not stored.
    for i in 0..N {
        let id = fx.message_id(i);
        let expected = usize::from(!doubt.contains(&id) || counts.contains_key(&id));
        assert_eq!(counts.get(&id).copied().unwrap_or(0), expected, "{id}");
    }

    let mut rounds = 0;
    while !doubt.is_empty() {
        fx.ws.run(&["send", "--yes", "--resend-in-doubt"]);
        let after = server_counts(&server);
        for i in 0..N {
            let id = fx.message_id(i);
            let before = counts.get(&id).copied().unwrap_or(0);
            let extra = usize::from(doubt.contains(&id));
            assert_eq!(after.get(&id).copied().unwrap_or(0), before + extra, "{id}");
        }
        counts = after;
        doubt = in_doubt(&fx);
        rounds += 1;
        assert!(rounds < 6, "still in doubt after {rounds} rounds");
    }
    assert!(
        ledger_states(&fx.ws)
            .values()
            .all(|s| *s == LetterStatus::Delivered)
    );
    assert_eq!(counts.len(), N);

    // A resent letter carries the first copy's Message-ID and Date.
    let mut dates: HashMap<String, HashSet<String>> = HashMap::new();
    for m in server.messages() {
        let id = m.message_id.clone().unwrap();
        dates.entry(id).or_default().insert(m.date.clone().unwrap());
    }
    assert!(dates.values().all(|d| d.len() == 1), "{dates:?}");
    assert!(
        counts.values().any(|&n| n == 2),
        "expected some resent letters"
    );
}
