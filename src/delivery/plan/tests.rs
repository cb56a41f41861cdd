use std::collections::BTreeMap;
use std::num::NonZeroU32;

use super::*;
use crate::manifest::{Channel, LetterKind, Party, Role};

fn letter(id: &str, email: &str) -> ManifestEntry {
    let party = |id: &str, email: &str| Party {
        id: id.into(),
        role: Role::Authority,
        name: id.into(),
        email: Some(email.into()),
        country: "BY".into(),
    };
    ManifestEntry {
        id: id.into(),
        template: "appeal".into(),
        kind: LetterKind::Appeal,
        language: "ru".into(),
        case: "c".into(),
        prisoner: "p".into(),
        recipient: party("r", email),
        sender: party("v", "v@example.org"),
        channel: Channel::Email,
        subject: "s".into(),
        path: format!("{id}.txt"),
        html_path: None,
        translation_path: None,
    }
}

fn unlimited() -> Limits {
    Limits {
        rate: None,
        burst: NonZeroU32::MIN,
        per_domain: BTreeMap::new(),
    }
}

fn known(pairs: &[(&str, LetterStatus)]) -> HashMap<String, Known> {
    pairs
        .iter()
        .map(|(id, status)| {
            (
                id.to_string(),
                Known {
                    status: *status,
                    first_sent_at: None,
                },
            )
        })
        .collect()
}

/// The plan for `letters`, each letter's place standing for its index in the list.
fn plan_of(
    letters: &[ManifestEntry],
    known: &HashMap<String, Known>,
    choice: Choice,
    limits: &Limits,
) -> Plan {
    let mut planner = Planner::new(known, choice, limits);
    for (i, l) in letters.iter().enumerate() {
        let place = Place {
            offset: i as u64,
            len: 1,
        };
        planner.add(place, l).unwrap();
    }
    planner.finish().unwrap()
}

fn ids(plan: &Plan, letters: &[ManifestEntry]) -> Vec<String> {
    plan.send
        .iter()
        .map(|p| letters[p.offset as usize].id.clone())
        .collect()
}

#[test]
fn remaining_letters_are_new_and_deferred_ones() {
    let letters: Vec<_> = ["a", "b", "c", "d", "e", "f"]
        .iter()
        .map(|id| letter(id, &format!("{id}@example.org")))
        .collect();
    let k = known(&[
        ("b", LetterStatus::Delivered),
        ("c", LetterStatus::Deferred),
        ("d", LetterStatus::Sent),
        ("e", LetterStatus::Failed),
        ("f", LetterStatus::Received),
    ]);
    let plan = plan_of(&letters, &k, Choice::default(), &unlimited());
    assert_eq!(ids(&plan, &letters), ["a", "c"]);
    assert_eq!((plan.new, plan.deferred, plan.delivered), (1, 1, 2));
    assert_eq!((plan.in_doubt, plan.failed), (1, 1));
    assert_eq!(plan.in_doubt_listed[0].id, "d");

    let both = Choice {
        resend_in_doubt: true,
        retry_failed: true,
        limit: None,
    };
    let plan = plan_of(&letters, &k, both, &unlimited());
    assert_eq!(ids(&plan, &letters), ["a", "c", "d", "e"]);
    assert_eq!(
        (plan.new, plan.deferred, plan.resent, plan.retried),
        (1, 1, 1, 1)
    );
}

#[test]
fn limit_holds_back_the_rest_and_recipients_are_distinct() {
    let letters = vec![
        letter("a", "Office@Example.org"),
        letter("b", "office@example.org"),
        letter("c", "other@example.org"),
        letter("d", "more@example.org"),
    ];
    let choice = Choice {
        limit: Some(3),
        ..Choice::default()
    };
    let plan = plan_of(&letters, &HashMap::new(), choice, &unlimited());
    assert_eq!(ids(&plan, &letters), ["a", "b", "c"]);
    assert_eq!((plan.new, plan.held_back), (3, 1));
    assert_eq!(plan.recipients, 2);
    assert_eq!(plan.estimate, None);
}

#[test]
fn estimate_takes_the_slowest_limit() {
    let letters: Vec<_> = (0..15)
        .map(|i| letter(&i.to_string(), &format!("x{i}@example.net")))
        .collect();
    let mut limits = unlimited();
    limits.rate = Some("14 per second".parse().unwrap());
    let plan = plan_of(&letters, &HashMap::new(), Choice::default(), &limits);
    let secs = plan.estimate.unwrap().as_secs_f64();
    assert!((secs - 1.0).abs() < 0.01, "{secs}");

    limits.burst = NonZeroU32::new(20).unwrap();
    let plan = plan_of(&letters, &HashMap::new(), Choice::default(), &limits);
    assert_eq!(plan.estimate, Some(Duration::ZERO));

    limits
        .per_domain
        .insert("example.net".into(), "50 per 5 minutes".parse().unwrap());
    let plan = plan_of(&letters, &HashMap::new(), Choice::default(), &limits);
    assert_eq!(plan.estimate, Some(Duration::from_secs(14 * 6)));
}

#[test]
fn domains_are_lowercase() {
    assert_eq!(domain_of("A@Example.ORG"), "example.org");
    assert_eq!(domain_of("nobody"), "");
}

#[test]
fn an_id_twice_among_the_letters_to_send_is_refused() {
    let letters = [
        letter("0123456789abcdef", "a@example.org"),
        letter("x", "b@example.org"),
        letter("0123456789abcdef", "c@example.org"),
    ];
    let empty: HashMap<String, Known> = HashMap::new();
    let limits = unlimited();
    let place = Place { offset: 0, len: 1 };
    let mut planner = Planner::new(&empty, Choice::default(), &limits);
    planner.add(place, &letters[0]).unwrap();
    planner.add(place, &letters[1]).unwrap();
    assert_eq!(planner.add(place, &letters[1]), Err(Twice("x".into())));
    // Hex ids are compared once the manifest has been read.
    planner.add(place, &letters[2]).unwrap();
    assert_eq!(
        planner.finish().unwrap_err(),
        Twice("0123456789abcdef".into())
    );
}

#[test]
fn first_sends_of_earlier_runs_date_the_letters_to_send() {
    let letters = vec![letter("a", "a@example.org"), letter("b", "b@example.org")];
    let at = time::macros::datetime!(2026-12-10 10:00 UTC);
    let known: HashMap<String, Known> = [(
        "b".to_string(),
        Known {
            status: LetterStatus::Deferred,
            first_sent_at: Some(at),
        },
    )]
    .into();
    let plan = plan_of(&letters, &known, Choice::default(), &unlimited());
    assert_eq!(plan.first_sent, HashMap::from([(1, at)]));
}

#[test]
fn domain_quotas_are_matched_whatever_the_case() {
    let letters = vec![
        letter("a", "x@Slow.Example"),
        letter("b", "y@fast.example"),
        letter("c", "z@slow.example "),
    ];
    let mut limits = unlimited();
    limits
        .per_domain
        .insert("slow.example".into(), "1 per minute".parse().unwrap());
    let plan = plan_of(&letters, &HashMap::new(), Choice::default(), &limits);
    assert_eq!(plan.domains, vec![1, 0, 1]);
    assert_eq!(plan.estimate, Some(Duration::from_secs(60)));
}

/// The plan as `send` builds it: letters the ledger knows as delivered counted by id only,
/// the others given whole.
fn plan_settled_first(
    letters: &[ManifestEntry],
    known: &HashMap<String, Known>,
    choice: Choice,
) -> Plan {
    let limits = unlimited();
    let mut planner = Planner::new(known, choice, &limits);
    for (i, l) in letters.iter().enumerate() {
        if planner.add_settled(&l.id) {
            continue;
        }
        let place = Place {
            offset: i as u64,
            len: 1,
        };
        planner.add(place, l).unwrap();
    }
    planner.finish().unwrap()
}

proptest::proptest! {
    // Counting delivered letters by id alone must give the plan of reading every letter whole:
    // the same letters to send, in the same order, and the same counts.
    #[test]
    fn counting_settled_letters_by_id_gives_the_same_plan(
        states in proptest::collection::vec(
            proptest::option::of(proptest::sample::select(LetterStatus::ALL.to_vec())),
            0..40,
        ),
        resend_in_doubt in proptest::bool::ANY,
        retry_failed in proptest::bool::ANY,
        limit in proptest::option::of(0usize..30),
    ) {
        let letters: Vec<ManifestEntry> = (0..states.len())
            .map(|i| letter(&format!("{i:016x}"), &format!("o{}@example.org", i % 7)))
            .collect();
        let pairs: Vec<(String, LetterStatus)> = states
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (format!("{i:016x}"), s)))
            .collect();
        let pairs: Vec<(&str, LetterStatus)> =
            pairs.iter().map(|(id, s)| (id.as_str(), *s)).collect();
        let known = known(&pairs);
        let choice = Choice { resend_in_doubt, retry_failed, limit };
        let whole = plan_of(&letters, &known, choice, &unlimited());
        let settled = plan_settled_first(&letters, &known, choice);
        proptest::prop_assert_eq!(
            serde_json::to_value(&whole).unwrap(),
            serde_json::to_value(&settled).unwrap()
        );
        proptest::prop_assert_eq!(whole.send, settled.send);
        proptest::prop_assert_eq!(whole.first_sent, settled.first_sent);
        proptest::prop_assert_eq!(whole.in_doubt_listed, settled.in_doubt_listed);
    }
}
