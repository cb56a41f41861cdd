//! Tests of the volunteers' total cells on real ledgers: they follow every write, a rebuild
//! and the migration that adds them, and count the same as the cells of each day and case.

use super::super::read::Filter;
use super::super::{Ledger, schema};
use crate::action::{Action, ActionKind};
use time::macros::date;

fn action(volunteer: &str, count: u64) -> Action {
    Action {
        kind: ActionKind::Appeal,
        count,
        case: "alpha".into(),
        prisoner: None,
        recipient: None,
        volunteer: Some(volunteer.into()),
        group: None,
        country: "DE".into(),
        channel: ActionKind::Appeal.default_channel(),
        day: date!(2026 - 12 - 10),
        note: None,
    }
}

/// A filter covering every day: it reads the cells of each day and case, not the totals.
fn every_day() -> Filter {
    Filter {
        from: Some(date!(1900 - 01 - 01)),
        ..Filter::default()
    }
}

/// The volunteers counted from their totals and from their cells of each day and case.
fn counted(l: &Ledger) -> (u64, u64) {
    let totals = l.figures(&Filter::default()).unwrap().volunteers;
    let cells = l.figures(&every_day()).unwrap().volunteers;
    (totals, cells)
}

fn totals(l: &Ledger) -> Vec<(String, i64)> {
    let mut stmt = l
        .conn()
        .prepare("SELECT value, actions FROM cell WHERE dim = 'volunteer-total' ORDER BY value")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

// A volunteer whose only action is corrected away no longer counts, over the whole ledger as
// within bounds; a rebuild gives the same totals.
#[test]
fn volunteer_totals_follow_corrections_and_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(&dir.path().join("ledger.sqlite")).unwrap();
    l.record_action(&action("anna", 2)).unwrap();
    let mut later = action("anna", 3);
    later.day = date!(2026 - 12 - 12);
    later.case = "beta".into();
    l.record_action(&later).unwrap();
    let boris = l.record_action(&action("boris", 1)).unwrap();
    assert_eq!(counted(&l), (2, 2));
    assert_eq!(totals(&l), [("anna".into(), 5), ("boris".into(), 1)]);
    // Boris's entry was Zofia's: he has nothing left, she has one action.
    l.record_correction(boris, &action("zofia", 1)).unwrap();
    assert_eq!(counted(&l), (2, 2));
    let zofia = l.figures(&Filter::default()).unwrap();
    // Then it was nobody's.
    let mut nobody = action("zofia", 0);
    nobody.volunteer = None;
    let id = l.entry(boris).unwrap().unwrap().corrected_by.unwrap();
    l.record_correction(id, &nobody).unwrap();
    assert_eq!(counted(&l), (1, 1));
    let before = totals(&l);
    assert_eq!(
        before,
        [("anna".into(), 5), ("boris".into(), 0), ("zofia".into(), 0)]
    );
    assert_eq!(zofia.volunteers, 2);
    l.rebuild_summary().unwrap();
    // A rebuild keeps no empty cell; the live ones are the same.
    assert_eq!(totals(&l), [("anna".into(), 5)]);
    assert_eq!(counted(&l), (1, 1));
}

// A ledger of version 9 (before the totals) gets them from its volunteers' cells when opened.
#[test]
fn a_version_9_ledger_gets_the_volunteer_totals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite");
    {
        let mut l = Ledger::open(&path).unwrap();
        l.record_action(&action("anna", 2)).unwrap();
        let mut other_day = action("anna", 4);
        other_day.day = date!(2026 - 12 - 11);
        l.record_action(&other_day).unwrap();
        l.record_action(&action("boris", 1)).unwrap();
        l.conn()
            .execute_batch(
                "DELETE FROM cell WHERE dim = 'volunteer-total';
                 DROP TABLE origin; DROP TABLE meta; PRAGMA user_version = 9;",
            )
            .unwrap();
        assert_eq!(l.figures(&Filter::default()).unwrap().volunteers, 0);
    }
    let l = Ledger::open(&path).unwrap();
    let version: i64 = l
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema::VERSION as i64);
    assert_eq!(totals(&l), [("anna".into(), 6), ("boris".into(), 1)]);
    assert_eq!(counted(&l), (2, 2));
}
