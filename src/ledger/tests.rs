//! Tests of the ledger on real SQLite files.

use super::*;
use crate::action::{ActionKind, Channel};
use crate::manifest::{Channel as LetterChannel, LetterKind, Party, Role};
use time::macros::{date, datetime};

fn ledger() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let l = Ledger::open(&dir.path().join("ledger.sqlite")).unwrap();
    (dir, l)
}

pub(super) fn action(kind: ActionKind, count: u64, country: &str) -> Action {
    Action {
        kind,
        count,
        case: "alpha".into(),
        prisoner: None,
        recipient: None,
        volunteer: Some("anna".into()),
        group: Some("Köln".into()),
        country: country.into(),
        channel: kind.default_channel(),
        day: date!(2026 - 12 - 10),
        note: None,
    }
}

fn letter(id: &str, kind: LetterKind) -> ManifestEntry {
    let party = |id: &str, role| Party {
        id: id.into(),
        role,
        name: "Name".into(),
        email: None,
        country: "pl".into(),
    };
    ManifestEntry {
        id: id.into(),
        template: "t".into(),
        kind,
        language: "ru".into(),
        case: "alpha".into(),
        prisoner: "ales".into(),
        recipient: party("ales", Role::Prisoner),
        sender: party("zofia", Role::Volunteer),
        channel: LetterChannel::Email,
        subject: "s".into(),
        path: "p".into(),
        html_path: None,
        translation_path: None,
    }
}

pub(super) fn event(id: &str, status: LetterStatus, at: OffsetDateTime) -> LetterEvent<'static> {
    LetterEvent {
        letter: std::borrow::Cow::Owned(letter(id, LetterKind::Solidarity)),
        status,
        detail: None,
        origin: "send".into(),
        at,
    }
}

#[test]
fn reopening_keeps_entries() {
    let (dir, mut l) = ledger();
    let id = l
        .record_action(&action(ActionKind::Appeal, 3, "DE"))
        .unwrap();
    drop(l);
    let l = Ledger::open(&dir.path().join("ledger.sqlite")).unwrap();
    assert_eq!(l.entry(id).unwrap().unwrap().action.count, 3);
    assert_eq!(l.figures(&Filter::default()).unwrap().actions, 3);
}

#[test]
fn foreign_and_corrupt_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "x".repeat(5000)).unwrap();
    let err = format!("{:#}", Ledger::open(&text).err().unwrap());
    assert!(err.contains("notes.txt` is not a marathon ledger"), "{err}");
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE songs (title TEXT)")
        .unwrap();
    let err = format!("{:#}", Ledger::open(&other).err().unwrap());
    assert!(err.contains("another program (tables: songs)"), "{err}");
}

#[test]
fn append_only_is_enforced_by_the_file() {
    let (dir, mut l) = ledger();
    l.record_action(&action(ActionKind::Appeal, 3, "DE"))
        .unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("ledger.sqlite")).unwrap();
    let err = conn
        .execute("UPDATE entry_row SET count = 5", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(conn.execute("DELETE FROM entry_row", []).is_err());
}

#[test]
fn a_letter_counts_once_from_its_first_counting_event() {
    let (_dir, mut l) = ledger();
    let t0 = datetime!(2026-12-10 10:00 +03:00);
    l.record_letter_events(&[event("a", LetterStatus::Sent, t0)])
        .unwrap();
    assert_eq!(l.figures(&Filter::default()).unwrap().actions, 0);
    l.record_letter_events(&[
        event("a", LetterStatus::Deferred, t0),
        event("a", LetterStatus::Sent, t0 + time::Duration::minutes(5)),
        event(
            "a",
            LetterStatus::Delivered,
            t0 + time::Duration::minutes(6),
        ),
        event("b", LetterStatus::Sent, t0),
        event("b", LetterStatus::Failed, t0),
    ])
    .unwrap();
    l.record_letter_events(&[
        event("a", LetterStatus::Received, t0 + time::Duration::days(3)),
        event("a", LetterStatus::Replied, t0 + time::Duration::days(9)),
    ])
    .unwrap();
    let f = l.figures(&Filter::default()).unwrap();
    assert_eq!(f.actions, 1);
    assert_eq!(f.by_country, vec![("PL".to_string(), 1)]);
    assert_eq!(f.by_channel, vec![("email".to_string(), 1)]);
    let per = l.letters_per_prisoner().unwrap();
    assert_eq!(
        per["ales"],
        PrisonerLetters {
            sent: 1,
            received: 1
        }
    );
    let states = l.letter_states().unwrap();
    assert_eq!(states["a"].status, LetterStatus::Replied);
    assert_eq!(states["a"].attempts, 2);
    assert_eq!(states["a"].first_sent_at, Some(t0));
    assert_eq!(states["b"].status, LetterStatus::Failed);
}

#[test]
fn returned_letters_count_and_are_listed() {
    let (_dir, mut l) = ledger();
    let t0 = datetime!(2026-12-10 10:00 UTC);
    l.record_letter_events(&[
        event("a", LetterStatus::Posted, t0),
        event("a", LetterStatus::Returned, t0 + time::Duration::days(20)),
    ])
    .unwrap();
    let f = l.figures(&Filter::default()).unwrap();
    assert_eq!(f.actions, 1);
    assert_eq!(f.undelivered.len(), 1);
    assert_eq!(f.undelivered[0].status, "returned");
    assert_eq!(f.undelivered[0].day, "2026-12-30");
}

#[test]
fn corrections_replace_and_chain() {
    let (_dir, mut l) = ledger();
    let a = l
        .record_action(&action(ActionKind::Solidarity, 230, "DE"))
        .unwrap();
    let b = l
        .record_correction(a, &action(ActionKind::Solidarity, 200, "AT"))
        .unwrap();
    let err = format!(
        "{:#}",
        l.record_correction(a, &action(ActionKind::Solidarity, 1, "AT"))
            .unwrap_err()
    );
    assert!(
        err.contains(&format!("already corrected by entry {b}")),
        "{err}"
    );
    let f = l.figures(&Filter::default()).unwrap();
    assert_eq!(f.actions, 200);
    assert_eq!(f.by_country, vec![("AT".to_string(), 200)]);
    l.record_correction(b, &action(ActionKind::Solidarity, 0, "AT"))
        .unwrap();
    let f = l.figures(&Filter::default()).unwrap();
    assert_eq!(f.actions, 0);
    assert_eq!(f.volunteers, 0);
    assert_eq!(f.corrections, 2);
    assert!(
        l.record_correction(999, &action(ActionKind::Other, 1, "AT"))
            .is_err()
    );
}

#[test]
fn filters_and_rebuild_agree() {
    let (_dir, mut l) = ledger();
    let mut x = action(ActionKind::Petition, 7, "FR");
    x.day = date!(2026 - 12 - 12);
    x.case = "beta".into();
    l.record_action(&x).unwrap();
    let a = l
        .record_action(&action(ActionKind::Appeal, 3, "DE"))
        .unwrap();
    l.record_correction(a, &action(ActionKind::Appeal, 4, "DE"))
        .unwrap();
    let all = l.figures(&Filter::default()).unwrap();
    assert_eq!(all.actions, 11);
    let only_beta = Filter {
        case: Some("beta".into()),
        ..Filter::default()
    };
    assert_eq!(l.figures(&only_beta).unwrap().actions, 7);
    let early = Filter {
        to: Some(date!(2026 - 12 - 11)),
        ..Filter::default()
    };
    assert_eq!(
        l.figures(&early).unwrap().by_kind,
        vec![("appeal".to_string(), 4)]
    );
    l.rebuild_summary().unwrap();
    assert_eq!(l.figures(&Filter::default()).unwrap(), all);
}

#[test]
fn import_skips_known_rows_and_reports_changed_ones() {
    let (_dir, mut l) = ledger();
    let a = action(ActionKind::Solidarity, 230, "DE");
    let mut imp = l.import("one.csv").unwrap();
    imp.add(2, 1, 10, a.clone()).unwrap();
    assert_eq!(imp.finish().unwrap().added, 1);
    let mut imp = l.import("two.csv").unwrap();
    imp.add(5, 1, 10, a.clone()).unwrap();
    imp.add(6, 1, 11, a.clone()).unwrap();
    imp.add(7, 2, 10, a.clone()).unwrap();
    let s = imp.finish().unwrap();
    assert_eq!((s.added, s.actions, s.unchanged), (1, 230, 1));
    assert_eq!(
        s.changed,
        vec![Changed {
            line: 6,
            entry: 1,
            earlier: "one.csv:2".into()
        }]
    );
    assert_eq!(l.figures(&Filter::default()).unwrap().actions, 460);
}

#[test]
fn an_unfinished_or_duplicated_import_leaves_nothing() {
    let (_dir, mut l) = ledger();
    let a = action(ActionKind::Solidarity, 5, "DE");
    {
        let mut imp = l.import("one.csv").unwrap();
        // More than one lookup chunk, so that rows reach the file before the rollback.
        for i in 0..LOOKUP_CHUNK as i64 + 10 {
            imp.add(2 + i as u64, i, 10, a.clone()).unwrap();
        }
    }
    {
        let mut imp = l.import("two.csv").unwrap();
        imp.add(2, 1, 10, a.clone()).unwrap();
        imp.add(3, 7, 10, a.clone()).unwrap();
        imp.add(4, 1, 10, a.clone()).unwrap();
        assert_eq!(
            imp.duplicates().unwrap(),
            vec![Duplicate {
                first: 2,
                second: 4
            }]
        );
        assert!(imp.finish().is_err());
    }
    assert_eq!(l.figures(&Filter::default()).unwrap().actions, 0);
    let mut imp = l.import("three.csv").unwrap();
    imp.add(2, 1, 10, a).unwrap();
    assert_eq!(imp.finish().unwrap().added, 1);
    let _ = Channel::Post;
}

#[test]
fn several_connections_record_letter_events_at_once() {
    let (dir, _l) = ledger();
    let path = dir.path().join("ledger.sqlite");
    std::thread::scope(|s| {
        for t in 0..4 {
            let path = &path;
            s.spawn(move || {
                let mut l = Ledger::open(path).unwrap();
                let at = datetime!(2026-12-10 10:00 UTC);
                for batch in 0..50 {
                    let mut events = Vec::new();
                    for i in 0..4 {
                        let id = format!("t{t}-{batch}-{i}");
                        events.push(event(&id, LetterStatus::Sent, at));
                        events.push(event(&id, LetterStatus::Delivered, at));
                    }
                    l.record_letter_events(&events).unwrap();
                }
            });
        }
    });
    let l = Ledger::open(&path).unwrap();
    let states = l.letter_states().unwrap();
    assert_eq!(states.len(), 800);
    assert!(
        states
            .values()
            .all(|s| s.status == LetterStatus::Delivered && s.attempts == 1)
    );
    assert_eq!(l.figures(&Filter::default()).unwrap().actions, 800);
    assert_eq!(l.letters_per_prisoner().unwrap()["ales"].sent, 800);
}

// A ledger of version 1 keeps its entries (read back through the view `entry` after they
// became numbered rows) and its keys: rows imported then are still recognised, and the
// tables stay append-only.
#[test]
fn a_version_1_ledger_is_upgraded_with_its_import_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(schema::V1).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA user_version = 1; PRAGMA application_id = {};
             INSERT INTO batch VALUES (1, 'import', 'one.csv', '2026-12-10T10:00:00Z');
             INSERT INTO entry (id, batch, line, kind, count, case_id, volunteer, grp,
                                country, channel, day)
                 VALUES (1, 1, 2, 'solidarity', 230, 'alpha', 'anna', 'Köln', 'DE', 'post',
                         '2026-12-10');
             INSERT INTO batch VALUES (2, 'record', NULL, '2026-12-11T10:00:00Z');
             INSERT INTO entry (id, batch, kind, count, case_id, country, channel, day, corrects)
                 VALUES (2, 2, 'solidarity', 200, 'alpha', 'DE', 'post', '2026-12-10', 1);
             INSERT INTO import_key VALUES (-5, 10, 1), (7, 11, 1);",
            schema::APPLICATION_ID
        ))
        .unwrap();
    }
    let mut l = Ledger::open(&path).unwrap();
    let version: i64 = l
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema::VERSION as i64);
    let old = l.entry(1).unwrap().unwrap();
    assert_eq!(old.origin, "one.csv:2");
    assert_eq!(old.corrected_by, Some(2));
    assert_eq!(l.entry(2).unwrap().unwrap().corrects, Some(1));
    assert_eq!(
        (old.action.kind, old.action.count, old.action.case.as_str()),
        (ActionKind::Solidarity, 230, "alpha")
    );
    assert_eq!(old.action.day.to_string(), "2026-12-10");
    assert_eq!(old.action.channel, crate::action::Channel::Post);
    assert_eq!(
        (old.action.volunteer.as_deref(), old.action.group.as_deref()),
        (Some("anna"), Some("Köln"))
    );
    assert!(l.conn().execute("DELETE FROM entry_row", []).is_err());
    assert_eq!(
        super::keys::all(l.conn()).unwrap(),
        [(-5, 10, 1), (7, 11, 1)]
    );
    let tables: i64 = l
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'import_key'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "the keys moved out of `import_key`");
    let a = action(ActionKind::Solidarity, 230, "DE");
    let mut imp = l.import("two.csv").unwrap();
    imp.add(2, -5, 10, a.clone()).unwrap();
    imp.add(3, 7, 12, a.clone()).unwrap();
    imp.add(4, 8, 10, a).unwrap();
    let s = imp.finish().unwrap();
    assert_eq!((s.added, s.unchanged), (1, 1));
    assert_eq!(s.changed[0].earlier, "one.csv:2");
    assert_eq!(
        super::keys::all(l.conn()).unwrap(),
        [(-5, 10, 1), (7, 11, 1), (8, 10, 3)]
    );
}

// Many small imports into the same bucket: its runs are merged into one before a lookup
// has to read many, and every key is still found (re-imports add nothing, changes are
// reported with the entry that first imported them).
#[test]
fn the_runs_of_a_bucket_are_merged_and_every_key_is_still_found() {
    let (_dir, mut l) = ledger();
    let a = action(ActionKind::Petition, 1, "DE");
    // Keys 0..40 share bucket 0: one run per import until they are merged.
    for i in 0..40i64 {
        let mut imp = l.import(&format!("{i}.csv")).unwrap();
        imp.add(2, i, 100 + i, a.clone()).unwrap();
        assert_eq!(imp.finish().unwrap().added, 1);
    }
    let runs: i64 = l
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM import_run WHERE bucket = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(runs < 16, "{runs} runs in one bucket");
    let stored = super::keys::all(l.conn()).unwrap();
    assert_eq!(stored.len(), 40);
    assert!(
        stored
            .iter()
            .zip(0..)
            .all(|(&(k, c, _), i)| k == i && c == 100 + i)
    );
    let mut imp = l.import("again.csv").unwrap();
    for i in 0..40i64 {
        let content = if i == 17 { 0 } else { 100 + i };
        imp.add(2 + i as u64, i, content, a.clone()).unwrap();
    }
    let s = imp.finish().unwrap();
    assert_eq!((s.added, s.unchanged, s.changed.len()), (0, 39, 1));
    assert_eq!(s.changed[0].earlier, "17.csv:2");
    assert_eq!(l.figures(&Filter::default()).unwrap().actions, 40);
}

// Two ledgers take the same small commits and stay open. The writer never checkpoints a few
// hundred WAL frames by itself (its threshold is 1,000 pages), so only the ledger with
// checkpoints aside has its commits copied into the ledger file meanwhile.
#[test]
fn checkpoints_aside_copy_commits_into_the_ledger_file_while_it_is_open() {
    let (aside_dir, mut aside) = ledger();
    let (plain_dir, mut plain) = ledger();
    aside.checkpoint_aside().unwrap();
    let size = |dir: &tempfile::TempDir| {
        std::fs::metadata(dir.path().join("ledger.sqlite"))
            .unwrap()
            .len()
    };
    let before = (size(&aside_dir), size(&plain_dir));
    let t0 = OffsetDateTime::now_utc();
    for l in [&mut aside, &mut plain] {
        for i in 0..20 {
            let id = format!("letter-{i}");
            l.record_letter_events(&[event(&id, LetterStatus::Sent, t0)])
                .unwrap();
            l.record_letter_events(&[event(&id, LetterStatus::Delivered, t0)])
                .unwrap();
        }
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while size(&aside_dir) <= before.0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(size(&aside_dir) > before.0, "the thread copied the commits");
    assert_eq!(size(&plain_dir), before.1, "nothing checkpointed the other");
    for l in [&aside, &plain] {
        assert_eq!(l.figures(&Filter::default()).unwrap().actions, 20);
    }
    drop(aside);
    let reopened = Ledger::open(&aside_dir.path().join("ledger.sqlite")).unwrap();
    assert_eq!(reopened.letter_states().unwrap().len(), 20);
}

// With `synchronous = NORMAL` a commit stayed in the page cache until the next checkpoint: a
// power cut could lose a `sent` event that `send` had gone on from, and the letter then went
// out again as new.
#[test]
fn every_commit_a_send_waits_on_is_synced_to_disk() {
    let (_dir, mut l) = ledger();
    l.checkpoint_aside().unwrap();
    let at = OffsetDateTime::now_utc();
    l.record_letter_events(&[event("a", LetterStatus::Sent, at)])
        .unwrap();
    let level: i64 = l
        .conn()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(level, 2, "2 is FULL: the WAL is synced at every commit");
}
