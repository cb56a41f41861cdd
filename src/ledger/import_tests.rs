//! Tests of the import's paths over several chunks of rows, on both stores: a first import
//! copied straight in, files mixing new rows with rows already there, changed rows, rows
//! repeated across chunks, and (PostgreSQL) two importers taking the same keys at once.

use super::pg::import::CHUNK;
use super::pg::testdb::TestDb;
use super::*;
use crate::action::ActionKind;
use time::macros::date;

/// Runs `check` on an SQLite ledger, then on a PostgreSQL one when a cluster is given.
fn on_both(test: &str, check: impl Fn(&mut Ledger)) {
    let dir = tempfile::tempdir().unwrap();
    check(&mut Ledger::open(&dir.path().join("ledger.sqlite")).unwrap());
    if let Some(db) = TestDb::create(test) {
        check(&mut Ledger::open(&PathBuf::from(&db.url)).unwrap());
    }
}

/// The action of row `i`: counts, volunteers, groups, countries and days vary with it, so
/// that the rows add to many summary cells.
fn action(i: u64) -> Action {
    Action {
        kind: if i.is_multiple_of(3) {
            ActionKind::Solidarity
        } else {
            ActionKind::Appeal
        },
        count: 1 + i % 4,
        case: format!("case-{}", i % 5),
        prisoner: Some(format!("p{}", i % 7)),
        recipient: None,
        volunteer: i.is_multiple_of(4).then(|| format!("v{}", i % 1000)),
        group: (i % 6 == 1).then(|| format!("g\t{}", i % 50)),
        country: ["DE", "PL", "BY", "Côte"][(i % 4) as usize].into(),
        channel: ActionKind::Appeal.default_channel(),
        day: date!(2026 - 08 - 01) + time::Duration::days((i % 20) as i64),
        note: None,
    }
}

/// Imports rows `keys` of [`action`] (key `k` on line `k + 2`, content 10) as `file`.
fn import(l: &mut Ledger, file: &str, keys: std::ops::Range<u64>) -> ImportSummary {
    let mut imp = l.import(file).unwrap();
    for k in keys {
        imp.add(k + 2, k as i64, 10, action(k)).unwrap();
    }
    imp.finish().unwrap()
}

/// The actions rows `keys` count.
fn actions(keys: std::ops::Range<u64>) -> u64 {
    keys.map(|k| action(k).count).sum()
}

/// Checks that the summary cells are those a rebuild from the entries adds up.
fn assert_cells_add_up(l: &mut Ledger) {
    let filters = [
        Filter::default(),
        Filter {
            case: Some("case-2".into()),
            from: Some(date!(2026 - 08 - 03)),
            to: Some(date!(2026 - 08 - 09)),
        },
    ];
    let before: Vec<Figures> = filters.iter().map(|f| l.figures(f).unwrap()).collect();
    l.rebuild_summary().unwrap();
    let after: Vec<Figures> = filters.iter().map(|f| l.figures(f).unwrap()).collect();
    assert_eq!(before, after);
}

#[test]
fn a_first_import_of_several_chunks_adds_every_row_and_its_cells_on_both_stores() {
    on_both("first_import_chunks", |l| {
        let n = 2 * CHUNK as u64 + 7;
        let s = import(l, "big.csv", 0..n);
        assert_eq!((s.added, s.actions, s.unchanged), (n, actions(0..n), 0));
        assert!(s.changed.is_empty());
        assert_eq!(
            l.figures(&Filter::default()).unwrap().actions,
            actions(0..n)
        );
        assert_cells_add_up(l);
        // Again: every row is there, nothing is written.
        let s = import(l, "big.csv", 0..n);
        assert_eq!((s.added, s.actions, s.unchanged), (0, 0, n));
        assert_eq!(
            l.figures(&Filter::default()).unwrap().actions,
            actions(0..n)
        );
    });
}

#[test]
fn a_file_whose_first_rows_are_new_and_later_rows_already_there_on_both_stores() {
    on_both("new_then_known", |l| {
        let n = 2 * CHUNK as u64 + 500;
        // The later rows were imported before, from another file.
        import(l, "later.csv", CHUNK as u64 + 100..n);
        let s = import(l, "all.csv", 0..n);
        assert_eq!(
            (s.added, s.actions, s.unchanged),
            (
                CHUNK as u64 + 100,
                actions(0..CHUNK as u64 + 100),
                n - CHUNK as u64 - 100
            )
        );
        assert_eq!(
            l.figures(&Filter::default()).unwrap().actions,
            actions(0..n)
        );
        assert_cells_add_up(l);
        // And the other way round: rows already there first, new rows after.
        let s = import(l, "more.csv", 0..n + 3 * CHUNK as u64);
        assert_eq!((s.added, s.unchanged), (3 * CHUNK as u64, n));
        assert_eq!(
            l.figures(&Filter::default()).unwrap().actions,
            actions(0..n + 3 * CHUNK as u64)
        );
        assert_cells_add_up(l);
    });
}

#[test]
fn a_changed_row_in_the_middle_is_reported_and_nothing_is_written_on_both_stores() {
    on_both("changed_middle", |l| {
        let n = 2 * CHUNK as u64;
        import(l, "one.csv", 0..n);
        let middle = CHUNK as u64 + 17;
        let mut imp = l.import("two.csv").unwrap();
        for k in 0..n {
            let content = if k == middle { 11 } else { 10 };
            imp.add(k + 2, k as i64, content, action(k)).unwrap();
        }
        let s = imp.finish().unwrap();
        assert_eq!((s.added, s.actions, s.unchanged), (0, 0, n - 1));
        assert_eq!(s.changed.len(), 1);
        let c = &s.changed[0];
        let earlier = format!("one.csv:{}", middle + 2);
        assert_eq!((c.line, c.earlier.as_str()), (middle + 2, earlier.as_str()));
        assert_eq!(l.entry(c.entry).unwrap().unwrap().origin, earlier);
        // Nothing was written: the next entry recorded is the one after the first file's.
        let next = l.record_action(&action(1)).unwrap();
        assert_eq!(next, n as i64 + 1);
        assert_eq!(
            l.figures(&Filter::default()).unwrap().actions,
            actions(0..n) + action(1).count
        );
    });
}

#[test]
fn rows_repeating_a_key_across_chunks_are_reported_on_both_stores() {
    on_both("repeated_across_chunks", |l| {
        let mut imp = l.import("dups.csv").unwrap();
        let n = CHUNK as u64 + 10;
        for k in 0..n {
            imp.add(k + 2, k as i64, 10, action(k)).unwrap();
        }
        // Line n + 2 repeats line 7 (an earlier chunk), n + 4 repeats n + 3 (its own
        // chunk), n + 5 repeats line 5 with another content.
        imp.add(n + 2, 5, 10, action(5)).unwrap();
        imp.add(n + 3, -1, 10, action(5)).unwrap();
        imp.add(n + 4, -1, 10, action(5)).unwrap();
        imp.add(n + 5, 3, 12, action(3)).unwrap();
        let d = imp.duplicates().unwrap();
        let pairs: Vec<(u64, u64)> = d.iter().map(|d| (d.first, d.second)).collect();
        assert_eq!(pairs, [(7, n + 2), (n + 3, n + 4), (5, n + 5)]);
        let e = imp.finish().unwrap_err();
        assert!(
            format!("{e:#}").contains(&format!("line {} has the same key as line 7", n + 2)),
            "{e:#}"
        );
        assert_eq!(l.figures(&Filter::default()).unwrap().actions, 0);
    });
}

// Two importers of the same rows at once: the second waits for the first, then counts its
// rows as already there; no row counts twice.
#[test]
fn two_importers_taking_the_same_keys_count_each_row_once_on_postgresql() {
    let Some(db) = TestDb::create("two_importers") else {
        return;
    };
    let url = PathBuf::from(&db.url);
    let mut first = Ledger::open(&url).unwrap();
    let n = CHUNK as u64 + 1000;
    let mut imp = first.import("first.csv").unwrap();
    for k in 0..n {
        imp.add(k + 2, k as i64, 10, action(k)).unwrap();
    }
    // Written, not committed: the second importer's copy of the same keys waits for it.
    assert!(imp.duplicates().unwrap().is_empty());
    let second = std::thread::spawn({
        let url = url.clone();
        move || import(&mut Ledger::open(&url).unwrap(), "second.csv", 0..n + 500)
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(
        !second.is_finished(),
        "the second import waits for the first"
    );
    let s = imp.finish().unwrap();
    assert_eq!(s.added, n);
    let s = second.join().unwrap();
    assert_eq!((s.added, s.unchanged), (500, n));
    assert_eq!(
        first.figures(&Filter::default()).unwrap().actions,
        actions(0..n + 500)
    );
    assert_cells_add_up(&mut first);
}

// A re-import sorted out by the ledger's keys read at once still finds a new row repeated in
// the file.
#[test]
fn a_new_row_repeated_in_a_re_import_is_reported_on_both_stores() {
    on_both("repeated_in_reimport", |l| {
        let n = 2 * CHUNK as u64;
        import(l, "one.csv", 0..n);
        let mut imp = l.import("two.csv").unwrap();
        for k in 0..n {
            imp.add(k + 2, k as i64, 10, action(k)).unwrap();
        }
        imp.add(n + 2, -5, 10, action(5)).unwrap();
        imp.add(n + 3, -5, 10, action(5)).unwrap();
        let d = imp.duplicates().unwrap();
        let pairs: Vec<(u64, u64)> = d.iter().map(|d| (d.first, d.second)).collect();
        assert_eq!(pairs, [(n + 2, n + 3)]);
        assert!(imp.finish().is_err());
        assert_eq!(
            l.figures(&Filter::default()).unwrap().actions,
            actions(0..n)
        );
    });
}

// Rows already there that the sample of a chunk misses are copied straight in, then taken out
// when the import ends: counted unchanged, or reported changed, never counted twice.
#[test]
fn rows_already_there_that_the_sample_misses_are_taken_out_on_both_stores() {
    on_both("sample_misses", |l| {
        // Rows 1,001 and 1,003 of the next file's first chunk: after the first thousand and
        // not one in fifty, so that no sample looks them up.
        let mut imp = l.import("before.csv").unwrap();
        imp.add(2, 1001, 10, action(1001)).unwrap();
        imp.add(3, 1003, 10, action(1003)).unwrap();
        imp.finish().unwrap();
        let n = CHUNK as u64 + 10;
        let mut imp = l.import("after.csv").unwrap();
        for k in 0..n {
            let content = if k == 1003 { 11 } else { 10 };
            imp.add(k + 2, k as i64, content, action(k)).unwrap();
        }
        let s = imp.finish().unwrap();
        let both = action(1001).count + action(1003).count;
        assert_eq!(
            (s.added, s.actions, s.unchanged),
            (n - 2, actions(0..n) - both, 1)
        );
        assert_eq!(s.changed.len(), 1);
        let c = &s.changed[0];
        assert_eq!(
            (c.line, c.entry, c.earlier.as_str()),
            (1005, 2, "before.csv:3")
        );
        assert_eq!(
            l.figures(&Filter::default()).unwrap().actions,
            actions(0..n)
        );
        assert_cells_add_up(l);
        // Every row is there once: a third import adds nothing.
        let s = import(l, "again.csv", 0..n);
        assert_eq!((s.added, s.unchanged), (0, n));
    });
}

// An import adding many summary cells (one volunteer per row here) writes them in bulk on
// PostgreSQL: into an empty summary, then growing cells already there beside new ones.
#[test]
fn an_import_of_many_cells_adds_them_up_exactly_on_both_stores() {
    on_both("many_cells", |l| {
        let own = |k: u64| Action {
            volunteer: Some(format!("u{}", k % 15_000)),
            ..action(k)
        };
        let mut imp = l.import("one.csv").unwrap();
        for k in 0..12_000 {
            imp.add(k + 2, k as i64, 10, own(k)).unwrap();
        }
        imp.finish().unwrap();
        assert_cells_add_up(l);
        // Rows 12,000 to 29,999: their volunteers are the first file's again (cells grow)
        // and 3,000 new ones.
        let mut imp = l.import("two.csv").unwrap();
        for k in 12_000..30_000 {
            imp.add(k + 2, k as i64, 10, own(k)).unwrap();
        }
        let s = imp.finish().unwrap();
        assert_eq!(s.added, 18_000);
        let want: u64 = (0..30_000).map(|k| own(k).count).sum();
        assert_eq!(l.figures(&Filter::default()).unwrap().actions, want);
        assert_eq!(l.volunteers_with_actions().unwrap().len(), 15_000);
        assert_cells_add_up(l);
    });
}
