//! Behaviour of `ledger copy` and of ledger identities, written as functions of opened
//! ledgers so that every store runs the same checks.

use super::tests::{action, event};
use super::*;
use crate::action::ActionKind;
use time::macros::datetime;

/// Writes a little of everything into `l`: records, an import, a correction, letters.
pub(crate) fn an_evening(l: &mut Ledger) {
    let a = action(ActionKind::Solidarity, 230, "DE");
    let first = l.record_action(&a).unwrap();
    l.record_action(&action(ActionKind::Appeal, 3, "PL"))
        .unwrap();
    let mut imp = l.import("week1.csv").unwrap();
    imp.add(2, 1, 10, action(ActionKind::Petition, 40, "AT"))
        .unwrap();
    imp.add(3, 2, 11, action(ActionKind::Email, 5, "AT"))
        .unwrap();
    assert_eq!(imp.finish().unwrap().added, 2);
    let mut fewer = a.clone();
    fewer.count = 200;
    l.record_correction(first, &fewer).unwrap();
    let at = datetime!(2026-12-10 20:00 +01:00);
    l.record_letter_events(&[
        event("00000000000000a1", LetterStatus::Sent, at),
        event("00000000000000a1", LetterStatus::Delivered, at),
        event("00000000000000a2", LetterStatus::Sent, at),
    ])
    .unwrap();
    l.record_letter_events(&[event("00000000000000a1", LetterStatus::Received, at)])
        .unwrap();
}

/// A copy of `from` into the empty `to` has the same entries, letter states, figures and
/// import keys, and its own ledger id; copying into it again is refused.
pub(crate) fn a_copy_keeps_ids_history_and_tally(from: &mut Ledger, to: &mut Ledger) {
    an_evening(from);
    let summary = from.copy_into(to).unwrap();
    assert_eq!(summary.entries, 6, "{summary:?}");
    assert_eq!(summary.copy_of, from.ledger_id().unwrap());
    assert_ne!(to.ledger_id().unwrap(), from.ledger_id().unwrap());
    assert_eq!(
        to.figures(&Filter::default()).unwrap(),
        from.figures(&Filter::default()).unwrap()
    );
    for id in 1..=6 {
        assert_eq!(to.entry(id).unwrap(), from.entry(id).unwrap(), "entry {id}");
    }
    assert_eq!(to.letter_states().unwrap(), from.letter_states().unwrap());
    assert_eq!(
        to.letters_per_prisoner().unwrap(),
        from.letters_per_prisoner().unwrap()
    );
    // The keys came along: the same rows imported into the copy add nothing.
    let mut imp = to.import("week1-again.csv").unwrap();
    imp.add(2, 1, 10, action(ActionKind::Petition, 40, "AT"))
        .unwrap();
    let s = imp.finish().unwrap();
    assert_eq!((s.added, s.unchanged), (0, 1));
    // New writes in the copy take ids after the copied ones.
    let next = to.record_action(&action(ActionKind::Fax, 1, "DE")).unwrap();
    assert_eq!(next, 7);
    let err = format!("{:#}", from.copy_into(to).unwrap_err());
    assert!(err.contains("not empty"), "{err}");
}

#[test]
fn a_copy_between_sqlite_files_keeps_ids_history_and_tally() {
    let dir = tempfile::tempdir().unwrap();
    let mut from = Ledger::open(&dir.path().join("a.sqlite")).unwrap();
    let mut to = Ledger::open(&dir.path().join("b.sqlite")).unwrap();
    assert_ne!(from.ledger_id().unwrap(), to.ledger_id().unwrap());
    a_copy_keeps_ids_history_and_tally(&mut from, &mut to);
}
