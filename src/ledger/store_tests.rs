//! Behaviour tests of the ledger run on both stores: each test is a function taking an open
//! [`Ledger`], called once with an SQLite file and once with a fresh PostgreSQL database
//! (when `MARATHON_TEST_PG` names a cluster; see `pg::testdb`).

use super::pg::testdb::TestDb;
use super::*;
use crate::action::ActionKind;
use time::macros::date;

/// Runs `check` on an SQLite ledger, then on a PostgreSQL one when a cluster is given.
pub(super) fn on_both(test: &str, check: impl Fn(&mut Ledger, &Path)) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ledger.sqlite");
    check(&mut Ledger::open(&file).unwrap(), &file);
    if let Some(db) = TestDb::create(test) {
        let url = PathBuf::from(&db.url);
        check(&mut Ledger::open(&url).unwrap(), &url);
    }
}

fn action(kind: ActionKind, count: u64, country: &str) -> Action {
    Action {
        kind,
        count,
        case: "alpha".into(),
        prisoner: Some("ales".into()),
        recipient: None,
        volunteer: Some("anna".into()),
        group: Some("Köln\ttab\\slash".into()),
        country: country.into(),
        channel: kind.default_channel(),
        day: date!(2026 - 12 - 10),
        note: Some("line\nbreak".into()),
    }
}

#[test]
fn record_correct_and_read_entries_on_both_stores() {
    on_both("record_correct", |l, _| {
        let a = action(ActionKind::Solidarity, 12, "DE");
        let id = l.record_action(&a).unwrap();
        let e = l.entry(id).unwrap().unwrap();
        assert_eq!((e.action.clone(), e.origin.as_str()), (a.clone(), "record"));
        assert_eq!(e.corrected_by, None);
        let mut fixed = a.clone();
        fixed.count = 10;
        let c = l.record_correction(id, &fixed).unwrap();
        assert_eq!(l.entry(id).unwrap().unwrap().corrected_by, Some(c));
        assert_eq!(l.entry(c).unwrap().unwrap().corrects, Some(id));
        let again = l.record_correction(id, &fixed).unwrap_err();
        assert!(
            format!("{again:#}").contains("already corrected"),
            "{again:#}"
        );
        assert!(l.record_correction(9999, &fixed).is_err());
        assert!(l.entry(9999).unwrap().is_none());
        let web = Actor::Coordinator("lena".into());
        let w = l
            .record_action_by(&action(ActionKind::Appeal, 3, "PL"), &web)
            .unwrap();
        assert_eq!(
            l.entry(w).unwrap().unwrap().by.as_deref(),
            Some("coordinator lena")
        );
        let f = l.figures(&Filter::default()).unwrap();
        assert_eq!(f.actions, 13);
        assert_eq!(f.by_country, vec![("DE".into(), 10), ("PL".into(), 3)]);
        assert_eq!(f.corrections, 1);
        assert_eq!(f.volunteers, 1);
        assert_eq!(l.letters_per_prisoner().unwrap()["ales"].sent, 10);
        let only = Filter {
            from: Some(date!(2026 - 12 - 11)),
            ..Filter::default()
        };
        assert_eq!(l.figures(&only).unwrap().actions, 0);
        // Withdrawing with a count of 0 takes the entry out of every figure.
        let mut none = fixed.clone();
        none.count = 0;
        l.record_correction(c, &none).unwrap();
        assert_eq!(l.figures(&Filter::default()).unwrap().actions, 3);
        let before = l.figures(&Filter::default()).unwrap();
        l.rebuild_summary().unwrap();
        assert_eq!(l.figures(&Filter::default()).unwrap(), before);
    });
}

#[test]
fn an_import_twice_adds_nothing_and_reports_changed_rows_on_both_stores() {
    on_both("import_twice", |l, _| {
        let a = action(ActionKind::Solidarity, 230, "DE");
        let mut imp = l.import("one.csv").unwrap();
        for i in 0..1000 {
            imp.add(2 + i, i as i64, 10, a.clone()).unwrap();
        }
        let s = imp.finish().unwrap();
        assert_eq!((s.added, s.actions, s.unchanged), (1000, 230_000, 0));
        let mut imp = l.import("two.csv").unwrap();
        for i in 0..1000 {
            imp.add(2 + i, i as i64, 10, a.clone()).unwrap();
        }
        imp.add(1002, 5, 11, a.clone()).unwrap();
        imp.add(1003, 5000, 10, a.clone()).unwrap();
        let s = imp.finish().unwrap();
        assert_eq!((s.added, s.actions, s.unchanged), (1, 230, 1000));
        assert_eq!(s.changed.len(), 1);
        assert_eq!(
            (s.changed[0].line, s.changed[0].earlier.as_str()),
            (1002, "one.csv:7")
        );
        let e = l.entry(s.changed[0].entry).unwrap().unwrap();
        assert_eq!(e.origin, "one.csv:7");
        assert_eq!(l.figures(&Filter::default()).unwrap().actions, 230_230);
    });
}

#[test]
fn a_bad_or_dropped_import_writes_nothing_on_both_stores() {
    on_both("bad_import", |l, _| {
        let a = action(ActionKind::Appeal, 5, "DE");
        {
            let mut imp = l.import("dropped.csv").unwrap();
            for i in 0..20_000 {
                imp.add(2 + i, i as i64, 10, a.clone()).unwrap();
            }
            imp.spill().unwrap();
        }
        {
            let mut imp = l.import("dups.csv").unwrap();
            imp.add(2, 1, 10, a.clone()).unwrap();
            imp.add(3, 7, 10, a.clone()).unwrap();
            imp.add(4, 1, 10, a.clone()).unwrap();
            let d = imp.duplicates().unwrap();
            assert_eq!(
                d,
                vec![Duplicate {
                    first: 2,
                    second: 4
                }]
            );
            let e = imp.finish().unwrap_err();
            assert!(
                format!("{e:#}").contains("line 4 has the same key as line 2"),
                "{e:#}"
            );
        }
        {
            let mut imp = l.import("zero.csv").unwrap();
            let mut zero = a.clone();
            zero.count = 0;
            assert!(imp.add(2, 1, 10, zero).is_err());
        }
        assert_eq!(l.figures(&Filter::default()).unwrap().actions, 0);
        let mut imp = l.import("good.csv").unwrap();
        imp.add(2, 1, 10, a.clone()).unwrap();
        assert_eq!(imp.finish().unwrap().added, 1);
        assert_eq!(l.figures(&Filter::default()).unwrap().actions, 5);
    });
}

#[test]
fn the_change_marker_moves_with_writes_from_other_connections_on_both_stores() {
    on_both("change_marker", |l, at| {
        let m0 = l.change_marker().unwrap();
        assert_eq!(l.change_marker().unwrap(), m0);
        l.record_action(&action(ActionKind::Appeal, 1, "DE"))
            .unwrap();
        let m1 = l.change_marker().unwrap();
        assert_ne!(m1, m0);
        let mut other = Ledger::open(at).unwrap();
        assert_eq!(l.change_marker().unwrap(), m1);
        other
            .record_action(&action(ActionKind::Appeal, 1, "DE"))
            .unwrap();
        assert_ne!(l.change_marker().unwrap(), m1);
    });
}

// A volunteer's saved edit did not move the marker on PostgreSQL, so their page, kept until
// it moves, showed the text from before the save.
#[test]
fn a_saved_letter_edit_moves_the_change_marker_on_both_stores() {
    on_both("edit_marker", |l, at| {
        let m0 = l.change_marker().unwrap();
        l.save_letter_edit("L1", "v1", Some("edited")).unwrap();
        let m1 = l.change_marker().unwrap();
        assert_ne!(m1, m0);
        // Seen from another connection too, as the page of another server process is.
        let watcher = Ledger::open(at).unwrap();
        let seen = watcher.change_marker().unwrap();
        l.save_letter_edit("L1", "v1", None).unwrap();
        assert_ne!(watcher.change_marker().unwrap(), seen);
        assert_ne!(l.change_marker().unwrap(), m1);
    });
}

#[test]
fn eight_writers_at_once_give_exact_totals_on_both_stores() {
    on_both("eight_writers", |l, at| {
        std::thread::scope(|s| {
            for w in 0..8i64 {
                s.spawn(move || {
                    let mut own = Ledger::open(at).unwrap();
                    for i in 0..20 {
                        own.record_action(&action(ActionKind::Appeal, 1, "DE"))
                            .unwrap();
                        if i % 10 == 0 {
                            let mut imp = own.import(&format!("w{w}-{i}.csv")).unwrap();
                            for r in 0..50 {
                                imp.add(
                                    2 + r,
                                    w * 1_000_000 + i * 1000 + r as i64,
                                    1,
                                    action(ActionKind::Solidarity, 2, "PL"),
                                )
                                .unwrap();
                            }
                            imp.finish().unwrap();
                        }
                    }
                });
            }
        });
        let f = l.figures(&Filter::default()).unwrap();
        assert_eq!(f.by_country, vec![("DE".into(), 160), ("PL".into(), 1600)]);
        assert_eq!(f.actions, 1760);
    });
}

#[test]
fn a_postgresql_ledger_refuses_changes_to_written_rows() {
    let Some(db) = TestDb::create("append_only") else {
        return;
    };
    let mut l = Ledger::open(Path::new(&db.url)).unwrap();
    l.record_action(&action(ActionKind::Appeal, 1, "DE"))
        .unwrap();
    let mut c = db.client();
    for sql in [
        "UPDATE entry SET count = 5",
        "DELETE FROM entry",
        "DELETE FROM batch",
        "TRUNCATE entry CASCADE",
    ] {
        let e = c.batch_execute(sql).unwrap_err();
        assert!(format!("{e:?}").contains("append-only"), "{sql}: {e:?}");
    }
}

// Each save of a volunteer's letter is a new row and the latest wins; a revert brings back
// the generated text, one volunteer never sees another's edits, and a save cannot be changed.
#[test]
fn the_latest_letter_edit_wins_and_a_revert_removes_it_on_both_stores() {
    on_both("letter_edits", |l, _| {
        l.save_letter_edit("L1", "v1", Some("first")).unwrap();
        l.save_letter_edit("L1", "v1", Some("second")).unwrap();
        l.save_letter_edit("L2", "v1", Some("other")).unwrap();
        l.save_letter_edit("L3", "v2", Some("not yours")).unwrap();
        let e = l.letter_edits("v1").unwrap();
        assert_eq!(e["L1"].text, "second");
        assert_eq!(e["L2"].text, "other");
        assert!(!e.contains_key("L3"));
        l.save_letter_edit("L1", "v1", None).unwrap();
        let e = l.letter_edits("v1").unwrap();
        assert!(!e.contains_key("L1"));
        assert_eq!(e.len(), 1);
        // Every volunteer's at once (for `pack`): the same as one volunteer's.
        let all = l.all_letter_edits().unwrap();
        assert_eq!(all["v1"], e);
        assert_eq!(all["v2"]["L3"].text, "not yours");
        assert_eq!(all["v2"]["L3"].volunteer, "v2");
        assert_eq!(all.len(), 2);
        let changed = match &l.store {
            Store::Sqlite(c) => c
                .execute("UPDATE letter_edit SET text = 'x'", [])
                .map(drop)
                .map_err(|e| e.to_string()),
            Store::Pg(pg) => pg
                .client()
                .execute("UPDATE letter_edit SET text = 'x'", &[])
                .map(drop)
                .map_err(|e| format!("{e:?}")),
        };
        assert!(changed.unwrap_err().contains("append-only"));
    });
}

#[test]
fn a_tally_during_an_import_sees_it_whole_or_not_at_all_on_both_stores() {
    on_both("tally_during_import", |l, at| {
        let reader = Ledger::open(at).unwrap();
        l.record_action(&action(ActionKind::Appeal, 1, "DE"))
            .unwrap();
        let mut imp = l.import("big.csv").unwrap();
        for i in 0..30_000 {
            imp.add(2 + i, i as i64, 1, action(ActionKind::Appeal, 2, "PL"))
                .unwrap();
        }
        // The rows and their summary cells are written, not committed.
        assert!(imp.duplicates().unwrap().is_empty());
        assert_eq!(reader.figures(&Filter::default()).unwrap().actions, 1);
        imp.finish().unwrap();
        assert_eq!(reader.figures(&Filter::default()).unwrap().actions, 60_001);
    });
}

// The coordinators' overview reads the same per-day breakdown and active volunteers from
// either store, corrections applied.
#[test]
fn the_overview_reads_actions_per_day_and_active_volunteers_on_both_stores() {
    on_both("overview", |l, _| {
        l.record_action(&action(ActionKind::Solidarity, 4, "DE"))
            .unwrap();
        let mut other = action(ActionKind::Appeal, 2, "PL");
        other.day = date!(2026 - 12 - 09);
        other.volunteer = Some("boris".into());
        let wrong = l.record_action(&other).unwrap();
        let mut zofia = action(ActionKind::Appeal, 3, "PL");
        zofia.volunteer = Some("zofia".into());
        l.record_action(&zofia).unwrap();
        let mut gone = other.clone();
        gone.count = 0;
        l.record_correction(wrong, &gone).unwrap();
        assert_eq!(
            l.actions_by_day_and_kind(&Filter::default()).unwrap(),
            vec![
                ("2026-12-10".into(), "appeal".into(), 3),
                ("2026-12-10".into(), "solidarity".into(), 4),
            ]
        );
        let mut active: Vec<String> = l.volunteers_with_actions().unwrap().into_iter().collect();
        active.sort();
        assert_eq!(active, ["anna", "zofia"]);
    });
}
