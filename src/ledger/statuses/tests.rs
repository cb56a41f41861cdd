use proptest::prelude::*;
use time::macros::datetime;

use super::*;
use crate::ledger::{Ledger, LetterEvent};
use crate::manifest::{Channel, LetterKind, ManifestEntry, Party, Role};

#[test]
fn hex_numbers_keep_the_order_of_the_ids() {
    assert_eq!(hex_number("00000000000000ff"), Some(255));
    assert_eq!(hex_number("00000000000000FF"), None);
    assert_eq!(hex_number("ff"), None);
    assert_eq!(hex_number("+000000000000000"), None);
    assert!(hex_number("0fffffffffffffff") < hex_number("f000000000000000"));
}

#[test]
fn lookups_find_both_kinds_of_id_and_the_latest_wins() {
    let mut s = LetterStatuses::default();
    s.set("00000000000000aa", LetterStatus::Sent);
    s.set("a", LetterStatus::Sent);
    s.set("00000000000000aa", LetterStatus::Delivered);
    s.set("a", LetterStatus::Failed);
    s.set("0000000000000001", LetterStatus::Deferred);
    assert_eq!(s.status("00000000000000aa"), Some(LetterStatus::Delivered));
    assert_eq!(s.status("0000000000000001"), Some(LetterStatus::Deferred));
    assert_eq!(s.status("a"), Some(LetterStatus::Failed));
    assert_eq!(s.status("00000000000000cc"), None);
    assert_eq!(s.len(), 3);
    assert_eq!(
        s.counts(),
        vec![
            (LetterStatus::Delivered, 1),
            (LetterStatus::Deferred, 1),
            (LetterStatus::Failed, 1)
        ]
    );
}

fn entry(id: &str) -> ManifestEntry {
    let party = |id: &str, role| Party {
        id: id.into(),
        role,
        name: "Name".into(),
        email: Some("a@example.org".into()),
        country: "pl".into(),
    };
    ManifestEntry {
        id: id.into(),
        template: "t".into(),
        kind: LetterKind::Appeal,
        language: "ru".into(),
        case: "alpha".into(),
        prisoner: "ales".into(),
        recipient: party("official", Role::Authority),
        sender: party("zofia", Role::Volunteer),
        channel: Channel::Email,
        subject: "s".into(),
        path: "p".into(),
        html_path: None,
        translation_path: None,
    }
}

/// A letter's history as `send` and `record` make it: send attempts (each `sent`, then maybe
/// an answer), and once accepted or posted, only later-life statuses.
fn history() -> impl Strategy<Value = Vec<LetterStatus>> {
    let answer = prop_oneof![
        Just(None),
        Just(Some(LetterStatus::Delivered)),
        Just(Some(LetterStatus::Deferred)),
        Just(Some(LetterStatus::Failed)),
    ];
    let later = prop::sample::select(vec![
        LetterStatus::Received,
        LetterStatus::Replied,
        LetterStatus::Returned,
        LetterStatus::Withheld,
    ]);
    (
        prop::collection::vec(answer, 0..4),
        prop::collection::vec(later, 0..3),
    )
        .prop_map(|(attempts, later)| {
            let mut out = Vec::new();
            for answer in attempts {
                if out.last() == Some(&LetterStatus::Delivered) {
                    break;
                }
                out.push(LetterStatus::Sent);
                out.extend(answer);
            }
            if out.last() == Some(&LetterStatus::Delivered) {
                out.extend(later);
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    // The compact statuses and the unfinished letters, both read in recording order, must
    // agree with the full fold in letter order, whatever the interleaving of the letters.
    #[test]
    fn compact_reads_agree_with_the_full_states(
        histories in prop::collection::vec(history(), 1..8),
        order in prop::collection::vec(0usize..8, 0..40),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(&dir.path().join("ledger.sqlite")).unwrap();
        let ids: Vec<String> = (0..histories.len())
            .map(|i| if i % 2 == 0 { format!("{:016x}", i * 7919) } else { format!("letter-{i}") })
            .collect();
        let mut next = vec![0usize; histories.len()];
        let mut at = datetime!(2026-12-10 10:00 UTC);
        // Interleave the histories in the given order, then finish them one by one.
        let picks = order.into_iter().chain((0..histories.len()).flat_map(|i| std::iter::repeat_n(i, 8)));
        for pick in picks {
            let i = pick % histories.len();
            let Some(&status) = histories[i].get(next[i]) else { continue };
            next[i] += 1;
            at += time::Duration::minutes(1);
            ledger.record_letter_events(&[LetterEvent {
                letter: std::borrow::Cow::Owned(entry(&ids[i])),
                status,
                detail: Some(format!("{status} at {at}")),
                origin: "send".into(),
                at,
            }]).unwrap();
        }
        let states = ledger.letter_states().unwrap();
        let compact = ledger.letter_statuses().unwrap();
        let open = ledger.unfinished_letters().unwrap();
        prop_assert_eq!(compact.len(), states.len());
        for id in &ids {
            let state = states.get(id);
            prop_assert_eq!(compact.status(id), state.map(|s| s.status));
            let unfinished = state.filter(|s| unfinished(s.status));
            prop_assert_eq!(compact.first_sent_at(id), unfinished.and_then(|s| s.first_sent_at));
            let expected = unfinished.map(|s| Unfinished {
                status: s.status,
                detail: s.detail.clone(),
                at: s.at,
            });
            prop_assert_eq!(open.get(id), expected.as_ref());
        }
    }
}
