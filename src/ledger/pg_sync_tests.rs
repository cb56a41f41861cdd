//! Letters, claims, copies and syncs on a real PostgreSQL server (see [`TestDb`]: each test
//! makes its own database and drops it).

use std::path::Path;

use super::copy_tests::an_evening;
use super::pg::testdb::TestDb;
use super::tests::event;
use super::*;
use time::macros::datetime;

/// A fresh database, dropped with this.
struct Db(TestDb);

impl Db {
    fn create() -> Option<Db> {
        TestDb::create("pg_sync_tests").map(Db)
    }

    fn open(&self) -> Ledger {
        Ledger::open(Path::new(&self.0.url)).unwrap()
    }

    /// The summary cells, sorted, read with SQL.
    fn cells(&self) -> Vec<(String, String, String, String, i64)> {
        self.0
            .client()
            .query(
                "SELECT dim, value, day::text, case_id, actions FROM cell
                 WHERE actions <> 0 ORDER BY 1, 2, 3, 4",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
            .collect()
    }
}

/// The summary cells of an SQLite ledger, as [`Db::cells`] reads them: without the
/// per-volunteer totals, which only the SQLite file keeps (PostgreSQL counts volunteers from
/// their cells by day and case).
fn sqlite_cells(l: &Ledger) -> Vec<(String, String, String, String, i64)> {
    let mut stmt = l
        .conn()
        .prepare(
            "SELECT dim, value, day, case_id, actions FROM cell
             WHERE actions <> 0 AND dim <> 'volunteer-total'
             ORDER BY 1, 2, 3, 4",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Everything the SQLite ledger at `a` and `b` say the same about.
fn assert_same_sqlite(a: &Ledger, b: &Ledger) {
    assert_eq!(
        a.figures(&Filter::default()).unwrap(),
        b.figures(&Filter::default()).unwrap()
    );
    for id in 1..=10 {
        assert_eq!(a.entry(id).unwrap(), b.entry(id).unwrap(), "entry {id}");
    }
    assert_eq!(a.letter_states().unwrap(), b.letter_states().unwrap());
    assert_eq!(sqlite_cells(a), sqlite_cells(b));
}

// A copy into PostgreSQL and back keeps every id, the history, the keys and the tally; the
// cells PostgreSQL added up are SQLite's.
#[test]
fn a_copy_to_postgres_and_back_keeps_ids_history_and_tally() {
    let Some(db) = Db::create() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut local = Ledger::open(&dir.path().join("a.sqlite")).unwrap();
    an_evening(&mut local);
    let mut shared = db.open();
    let s = local.copy_into(&mut shared).unwrap();
    assert_eq!((s.entries, s.letters, s.events, s.keys), (6, 2, 4, 2));
    assert_ne!(shared.ledger_id().unwrap(), local.ledger_id().unwrap());
    assert_eq!(db.cells(), sqlite_cells(&local));
    assert_eq!(
        shared.letter_states().unwrap(),
        local.letter_states().unwrap()
    );
    let err = format!("{:#}", local.copy_into(&mut shared).unwrap_err());
    assert!(err.contains("not empty"), "{err}");

    let mut back = Ledger::open(&dir.path().join("b.sqlite")).unwrap();
    shared.copy_into(&mut back).unwrap();
    assert_same_sqlite(&local, &back);
    // New letter events in the PostgreSQL copy take ids after the copied ones.
    let at = datetime!(2026-12-11 10:00 UTC);
    shared
        .record_letter_events(&[event("00000000000000a2", LetterStatus::Delivered, at)])
        .unwrap();
    assert_eq!(
        shared.letter_states().unwrap()["00000000000000a2"].status,
        LetterStatus::Delivered
    );
}

// An evening synced twice, and a copy of it synced, counts once; an evening's later work is
// added alone.
#[test]
fn an_evening_synced_twice_and_from_a_copy_counts_once() {
    let Some(db) = Db::create() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut local = Ledger::open(&dir.path().join("evening.sqlite")).unwrap();
    an_evening(&mut local);
    let mut shared = db.open();
    let dry = shared.sync_from(&local, true).unwrap();
    assert!(db.cells().is_empty(), "a dry run writes nothing");
    let s = shared.sync_from(&local, false).unwrap();
    assert_eq!(s, dry);
    // 5 entries (one correction) and the letter's, counted with its first delivery.
    assert_eq!((s.entries, s.corrections, s.events), (6, 1, 4), "{s:?}");
    assert_eq!(s.actions, 230 + 3 + 40 + 5 + (200 - 230) + 1);
    assert_eq!(db.cells(), sqlite_cells(&local));

    let again = shared.sync_from(&local, false).unwrap();
    assert_eq!((again.entries, again.events, again.already), (0, 0, 5 + 4));
    let mut copy = Ledger::open(&dir.path().join("copy.sqlite")).unwrap();
    local.copy_into(&mut copy).unwrap();
    let from_copy = shared.sync_from(&copy, false).unwrap();
    assert_eq!((from_copy.entries, from_copy.events), (0, 0));
    assert_eq!(db.cells(), sqlite_cells(&local));

    // Later work offline: only it is added; a correction of an entry synced before applies.
    let later = local
        .record_correction(
            3,
            &super::tests::action(crate::action::ActionKind::Petition, 4, "AT"),
        )
        .unwrap();
    assert_eq!(later, 7);
    let s = shared.sync_from(&local, false).unwrap();
    assert_eq!((s.entries, s.corrections, s.actions), (1, 1, 4 - 40));
    assert_eq!(db.cells(), sqlite_cells(&local));

    // A copy of the shared ledger on a laptop, synced back: nothing new.
    let mut laptop = Ledger::open(&dir.path().join("laptop.sqlite")).unwrap();
    shared.copy_into(&mut laptop).unwrap();
    let back = shared.sync_from(&laptop, false).unwrap();
    assert_eq!((back.entries, back.events), (0, 0), "{back:?}");
    assert_eq!(db.cells(), sqlite_cells(&local));
}

// Two copies of one file written separately make different rows under one identity: the
// second is reported, never merged nor dropped silently; and a correction of an entry
// corrected meanwhile is refused.
#[test]
fn copies_written_separately_and_corrections_made_meanwhile_are_reported() {
    let Some(db) = Db::create() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut one = Ledger::open(&dir.path().join("one.sqlite")).unwrap();
    let a = super::tests::action(crate::action::ActionKind::Appeal, 10, "DE");
    one.record_action(&a).unwrap();
    let mut shared = db.open();
    shared.sync_from(&one, false).unwrap();
    // Two laptops with the same file (copied as a file) correct entry 1 differently.
    for end in ["", "-wal"] {
        let from = dir.path().join(format!("one.sqlite{end}"));
        std::fs::copy(from, dir.path().join(format!("two.sqlite{end}"))).unwrap();
    }
    let mut two = Ledger::open(&dir.path().join("two.sqlite")).unwrap();
    let mut fewer = a.clone();
    fewer.count = 8;
    one.record_correction(1, &fewer).unwrap();
    fewer.count = 7;
    two.record_correction(1, &fewer).unwrap();
    assert_eq!(shared.sync_from(&one, false).unwrap().corrections, 1);
    let s = shared.sync_from(&two, false).unwrap();
    assert_eq!(s.entries, 0);
    assert_eq!(s.refused.len(), 1, "{s:?}");
    assert!(s.refused[0].contains("with other content"), "{s:?}");
    assert_eq!(db.cells(), sqlite_cells(&one));

    // A `ledger copy` has its own identity for what it writes: its correction is its own
    // row, refused only because entry 1 was corrected meanwhile.
    let mut three = Ledger::open(&dir.path().join("three.sqlite")).unwrap();
    let mut four = Ledger::open(&dir.path().join("four.sqlite")).unwrap();
    one.copy_into(&mut three).unwrap();
    three.copy_into(&mut four).unwrap();
    fewer.count = 6;
    four.record_correction(2, &fewer).unwrap();
    four.record_action(&a).unwrap();
    let mut five = Ledger::open(&dir.path().join("five.sqlite")).unwrap();
    one.copy_into(&mut five).unwrap();
    fewer.count = 5;
    five.record_correction(2, &fewer).unwrap();
    let s = shared.sync_from(&four, false).unwrap();
    assert_eq!((s.entries, s.corrections, s.already), (2, 1, 2), "{s:?}");
    let s = shared.sync_from(&five, false).unwrap();
    assert_eq!(s.entries, 0);
    assert!(s.refused[0].contains("already corrected"), "{s:?}");
}

// Two sessions on one shared ledger: a letter claimed by a live session is not handed over
// by another; once that session has ended its claim passes on, and a delivered letter is
// never claimed again.
#[test]
fn a_letter_claimed_by_a_live_session_is_not_sent_by_another() {
    let Some(db) = Db::create() else { return };
    let at = datetime!(2026-12-10 20:00 +01:00);
    let sent = |id: &str| event(id, LetterStatus::Sent, at);
    let (b1, b2, b3) = ("00000000000000b1", "00000000000000b2", "00000000000000b3");
    let mut a = db.open();
    let mut b = db.open();
    a.record_letter_events(&[sent(b1), sent(b2)]).unwrap();
    assert_eq!(
        b.letters_sent_elsewhere().unwrap(),
        [b1.to_string(), b2.to_string()].into()
    );
    assert!(a.letters_sent_elsewhere().unwrap().is_empty());
    // A run's `sent` of a letter another live session claimed is left out, the rest of the
    // transaction written.
    assert_eq!(
        b.record_send_events(&[sent(b1), sent(b3)]).unwrap(),
        vec![b1.to_string()]
    );
    let states = b.letter_states().unwrap();
    assert_eq!((states[b1].attempts, states[b3].attempts), (1, 1));
    // Outside a run it is refused whole.
    let err = format!("{:#}", b.record_letter_events(&[sent(b1)]).unwrap_err());
    assert!(
        err.contains("being sent by another `marathon send`"),
        "{err}"
    );
    a.record_letter_events(&[event(b1, LetterStatus::Delivered, at)])
        .unwrap();
    drop(a);
    // The server ends a's session a moment after its connection closes.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while b.letters_sent_elsewhere().unwrap().contains(b2) {
        assert!(
            std::time::Instant::now() < deadline,
            "a's claims outlive it"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Delivered already: left out though its claim's session is gone; a write left out
    // whole leaves no empty batch behind.
    let batches = || -> i64 {
        db.0.client()
            .query_one("SELECT count(*) FROM batch", &[])
            .unwrap()
            .get(0)
    };
    let before = batches();
    assert_eq!(
        b.record_send_events(&[sent(b1)]).unwrap(),
        vec![b1.to_string()]
    );
    assert_eq!(batches(), before);
    // b2 is in doubt, its session gone: resending it (`--resend-in-doubt`) may go ahead.
    assert!(b.record_send_events(&[sent(b2)]).unwrap().is_empty());
    let states = b.letter_states().unwrap();
    assert_eq!((states[b1].attempts, states[b2].attempts), (1, 2));
    assert_eq!(
        b.unfinished_letters().unwrap()[b2].status,
        LetterStatus::Sent
    );
    // A session holding the send lock keeps a second one out until it is dropped.
    let lock = b.lock_sending().unwrap();
    let err = db.open().lock_sending().unwrap_err().to_string();
    assert!(err.contains("another `marathon send` is running"), "{err}");
    drop(lock);
    db.open().lock_sending().unwrap();
}

// The store-neutral copy checks, with PostgreSQL on either side and on both.
#[test]
fn copies_from_into_and_between_postgres_ledgers_keep_ids_history_and_tally() {
    let (Some(a), Some(b), Some(c)) = (Db::create(), Db::create(), Db::create()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = |name: &str| Ledger::open(&dir.path().join(name)).unwrap();
    super::copy_tests::a_copy_keeps_ids_history_and_tally(&mut sqlite("a.sqlite"), &mut a.open());
    super::copy_tests::a_copy_keeps_ids_history_and_tally(&mut b.open(), &mut sqlite("b.sqlite"));
    let Some(d) = Db::create() else { return };
    super::copy_tests::a_copy_keeps_ids_history_and_tally(&mut c.open(), &mut d.open());
}

// `marathon invite` on a shared ledger: links stored once, their mails' fate read back, a
// volunteer's letters listed, as on SQLite.
#[test]
fn invitations_behave_alike_on_both_stores() {
    let Some(db) = Db::create() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut sqlite = Ledger::open(&dir.path().join("a.sqlite")).unwrap();
    let mut shared = db.open();
    let expires = datetime!(2027-01-31 00:00 UTC);
    let at = datetime!(2026-12-10 20:00 +01:00);
    let mut seen = Vec::new();
    for l in [&mut sqlite, &mut shared] {
        let links = vec![
            ("anna".to_string(), vec![1, 2], [7u8; 32]),
            ("zofia".to_string(), vec![3], [8u8; 32]),
        ];
        l.add_invites(&links, expires).unwrap();
        // Again, with another nonce: the first link stays.
        l.add_invites(&[("anna".to_string(), vec![9], [9u8; 32])], expires)
            .unwrap();
        l.record_invite_mail(&[
            ("anna".to_string(), LetterStatus::Sent, None, at),
            (
                "anna".to_string(),
                LetterStatus::Delivered,
                Some("250 ok".into()),
                at,
            ),
        ])
        .unwrap();
        l.record_letter_events(&[event("00000000000000c1", LetterStatus::Posted, at)])
            .unwrap();
        let all = l.invites().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].nonce, vec![1, 2]);
        assert_eq!(all[0].mail, Some(LetterStatus::Delivered));
        assert_eq!(all[0].first_sent_at, Some(at));
        assert_eq!(
            l.invite_by_token(&[8u8; 32]).unwrap().unwrap().volunteer,
            "zofia"
        );
        assert!(l.invite_by_token(&[9u8; 32]).unwrap().is_none());
        assert_eq!(l.invite_of("zofia").unwrap().unwrap().mail, None);
        seen.push((all, l.volunteer_events("zofia").unwrap()));
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[1].1.len(), 1);
}
