//! Tests of pending web submissions, each run on an SQLite file and on a PostgreSQL
//! database (see `store_tests::on_both`).

use super::store_tests::on_both;
use super::*;
use crate::action::ActionKind;
use time::macros::datetime;

/// How long a confirmation link holds (as `act::CONFIRM_WINDOW`).
const CONFIRM_WINDOW: time::Duration = time::Duration::days(7);

const WEEK: time::Duration = time::Duration::days(7);

/// The rows of `table`, read behind the API.
fn rows(l: &Ledger, table: &str) -> i64 {
    let sql = format!("SELECT count(*) FROM {table}");
    match &l.store {
        Store::Sqlite(c) => c.query_row(&sql, [], |r| r.get(0)).unwrap(),
        Store::Pg(pg) => pg.client().query_one(&sql, &[]).unwrap().get(0),
    }
}

/// The error of `sql` run behind the API.
fn refused(l: &Ledger, sql: &str) -> String {
    match &l.store {
        Store::Sqlite(c) => c.execute(sql, []).unwrap_err().to_string(),
        Store::Pg(pg) => format!("{:?}", pg.client().batch_execute(sql).unwrap_err()),
    }
}

fn submission(token: u8, address: &str, at: OffsetDateTime) -> NewPending {
    NewPending {
        token_hash: [token; 32],
        nonce: vec![token; 16],
        email: format!("{address}@example.org"),
        address_hash: format!("hash-{address}"),
        kind: ActionKind::Solidarity,
        count: 3,
        case: "alpha".into(),
        country: "de".into(),
        group: Some("Köln".into()),
        lang: "de".into(),
        submitted_at: at,
        ip_prefix: Some(format!("203.0.{token}.0/24")),
    }
}

fn total(l: &Ledger) -> u64 {
    l.figures(&Filter::default()).unwrap().actions
}

#[test]
fn a_confirmed_submission_becomes_an_online_entry_and_leaves_no_address() {
    on_both("a_confirmed_submission_becomes_an_online", |l, _| {
        let at = datetime!(2026-12-10 09:00 UTC);
        assert!(matches!(
            l.submit_pending(&submission(1, "ann", at), 5).unwrap(),
            Submitted::Queued(_)
        ));
        assert_eq!(total(l), 0, "counted before confirmation");
        let shown = l.pending_action(&[1; 32]).unwrap().unwrap();
        assert_eq!((shown.count, shown.case.as_str()), (3, "alpha"));
        let done = l
            .confirm_pending(&[1; 32], at + time::Duration::hours(2), WEEK)
            .unwrap();
        let Confirmation::Recorded { entry, count } = done else {
            panic!("{done:?}")
        };
        assert_eq!(count, 3);
        assert_eq!(total(l), 3);
        let e = l.entry(entry).unwrap().unwrap();
        assert_eq!(e.action.channel, crate::action::Channel::Online);
        assert_eq!(e.action.country, "de");
        assert_eq!(e.action.group.as_deref(), Some("Köln"));
        assert_eq!(e.action.day, time::macros::date!(2026 - 12 - 10));
        assert_eq!(e.origin, "web");
        assert_eq!(l.web_entries("hash-ann").unwrap(), vec![entry]);
        // Only the network and the address's domain stay beside the entry.
        let kept = "SELECT ip_prefix || ' ' || email_domain FROM web_entry";
        let kept: String = match &l.store {
            Store::Sqlite(c) => c.query_row(kept, [], |r| r.get(0)).unwrap(),
            Store::Pg(pg) => pg.client().query_one(kept, &[]).unwrap().get(0),
        };
        assert_eq!(kept, "203.0.1.0/24 example.org");
        assert_eq!(l.figures(&Filter::default()).unwrap().by_country[0].1, 3);
        let emails = rows(l, "pending_action");
        assert_eq!(emails, 0, "the address stayed after confirmation");
        // A second click on the same link counts nothing.
        let again = l
            .confirm_pending(&[1; 32], at + time::Duration::hours(3), WEEK)
            .unwrap();
        assert_eq!(again, Confirmation::Unknown);
        assert_eq!(total(l), 3);
    });
}

#[test]
fn a_link_older_than_the_window_counts_nothing_and_is_deleted() {
    on_both("a_link_older_than_the_window_counts_noth", |l, _| {
        let at = datetime!(2026-12-01 09:00 UTC);
        l.submit_pending(&submission(2, "bob", at), 5).unwrap();
        let late = at + WEEK + time::Duration::seconds(1);
        assert_eq!(
            l.confirm_pending(&[2; 32], late, WEEK).unwrap(),
            Confirmation::Expired
        );
        assert_eq!(total(l), 0);
        assert!(l.pending_action(&[2; 32]).unwrap().is_none());
    });
}

#[test]
fn expiry_deletes_only_submissions_past_the_window() {
    on_both("expiry_deletes_only_submissions_past_the", |l, _| {
        let now = datetime!(2026-12-10 12:00 UTC);
        l.submit_pending(&submission(3, "old", now - time::Duration::days(8)), 5)
            .unwrap();
        l.submit_pending(&submission(4, "new", now - time::Duration::days(6)), 5)
            .unwrap();
        assert_eq!(l.expire_pending(now, WEEK).unwrap(), 1);
        assert!(l.pending_action(&[3; 32]).unwrap().is_none());
        assert!(l.pending_action(&[4; 32]).unwrap().is_some());
    });
}

#[test]
fn the_daily_cap_stops_mails_to_one_address_until_the_next_day() {
    on_both("the_daily_cap_stops_mails_to_one_address", |l, _| {
        let at = datetime!(2026-12-10 09:00 UTC);
        for t in 0..3 {
            let s = submission(10 + t, "cap", at + time::Duration::minutes(t.into()));
            assert!(matches!(
                l.submit_pending(&s, 3).unwrap(),
                Submitted::Queued(_)
            ));
        }
        let fourth = submission(20, "cap", at + time::Duration::hours(1));
        assert_eq!(
            l.submit_pending(&fourth, 3).unwrap(),
            Submitted::DailyCapReached
        );
        assert!(l.pending_action(&[20; 32]).unwrap().is_none());
        // Another address is not affected; the next UTC day the address may ask again.
        assert!(matches!(
            l.submit_pending(&submission(21, "other", at), 3).unwrap(),
            Submitted::Queued(_)
        ));
        let tomorrow = submission(22, "cap", datetime!(2026-12-11 00:00:01 UTC));
        assert!(matches!(
            l.submit_pending(&tomorrow, 3).unwrap(),
            Submitted::Queued(_)
        ));
    });
}

#[test]
fn the_outbox_holds_queued_and_deferred_mails_never_one_in_doubt() {
    on_both("the_outbox_holds_queued_and_deferred_mai", |l, _| {
        let at = datetime!(2026-12-10 09:00 UTC);
        let mut ids = Vec::new();
        for t in 0..4 {
            match l
                .submit_pending(&submission(30 + t, &format!("o{t}"), at), 5)
                .unwrap()
            {
                Submitted::Queued(id) => ids.push(id),
                other => panic!("{other:?}"),
            }
        }
        let sent = |id| (id, LetterStatus::Sent, None, at);
        l.record_confirmation_mail(&[sent(ids[0]), sent(ids[1]), sent(ids[2])])
            .unwrap();
        l.record_confirmation_mail(&[
            (ids[0], LetterStatus::Delivered, Some("250 ok".into()), at),
            (ids[1], LetterStatus::Deferred, Some("451 later".into()), at),
        ])
        .unwrap();
        // ids[2] was handed over without an answer: in doubt, not sent again.
        let waiting: Vec<i64> = l
            .confirmation_outbox(100, at - CONFIRM_WINDOW)
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(waiting, vec![ids[1], ids[3]]);
        // A submission older than the window is not mailed: its link could no longer be used.
        let later = at + CONFIRM_WINDOW + time::Duration::seconds(1);
        assert!(
            l.confirmation_outbox(100, later - CONFIRM_WINDOW)
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            l.confirmation_mail_state(ids[2]).unwrap(),
            Some(("sent".to_string(), 1))
        );
        let posted = l.record_confirmation_mail(&[(ids[3], LetterStatus::Posted, None, at)]);
        assert!(posted.is_err());
    });
}

#[test]
fn web_entries_are_append_only() {
    on_both("web_entries_are_append_only", |l, _| {
        let at = datetime!(2026-12-10 09:00 UTC);
        l.submit_pending(&submission(40, "ro", at), 5).unwrap();
        l.confirm_pending(&[40; 32], at, WEEK).unwrap();
        let err = refused(l, "DELETE FROM web_entry");
        assert!(err.to_string().contains("append-only"), "{err}");
    });
}

// A reused row id would let a late mail event of a confirmed submission land on a new one.
#[test]
fn submission_ids_are_never_reused_after_a_deletion() {
    on_both("submission_ids_are_never_reused_after_a_", |l, _| {
        let at = datetime!(2026-12-10 09:00 UTC);
        let Submitted::Queued(first) = l.submit_pending(&submission(50, "a", at), 5).unwrap()
        else {
            panic!("not queued")
        };
        l.confirm_pending(&[50; 32], at, WEEK).unwrap();
        let Submitted::Queued(second) = l.submit_pending(&submission(51, "b", at), 5).unwrap()
        else {
            panic!("not queued")
        };
        assert!(second > first, "{second} after {first}");
    });
}

// The daily cap read and raised in two statements let two writers both pass it; it is now
// counted in one statement, so connections racing on one address never exceed it.
#[test]
fn two_connections_racing_on_one_address_never_pass_the_daily_cap() {
    on_both("cap_race", |l, path| {
        let at = datetime!(2026-12-10 09:00 UTC);
        let start = std::sync::Barrier::new(2);
        let queued: Vec<Vec<i64>> = std::thread::scope(|s| {
            let writers: Vec<_> = (0..2u8)
                .map(|w| {
                    let start = &start;
                    s.spawn(move || {
                        let mut own = Ledger::open(path).unwrap();
                        start.wait();
                        let mut ids = Vec::new();
                        // Each address asked for twice by each connection, with a cap of 2.
                        for a in 0..30u8 {
                            for k in 0..2u8 {
                                let mut p = submission(0, &format!("race{a}"), at);
                                p.token_hash = [w, a, k, 1].repeat(8).try_into().unwrap();
                                if let Submitted::Queued(id) = own.submit_pending(&p, 2).unwrap() {
                                    ids.push(id);
                                }
                            }
                        }
                        ids
                    })
                })
                .collect();
            writers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let stored: usize = queued.iter().map(Vec::len).sum();
        assert_eq!(stored, 60, "2 of the 4 asks for each of 30 addresses");
        assert_eq!(rows(l, "pending_action"), 60);
        let over: i64 = match &l.store {
            Store::Sqlite(c) => c
                .query_row(
                    "SELECT count(*) FROM confirm_mail_day WHERE mails <> 2",
                    [],
                    |r| r.get(0),
                )
                .unwrap(),
            Store::Pg(pg) => pg
                .client()
                .query_one(
                    "SELECT count(*) FROM confirm_mail_day WHERE mails <> 2",
                    &[],
                )
                .unwrap()
                .get(0),
        };
        assert_eq!(over, 0);
    });
}

#[test]
fn two_clicks_at_once_on_one_link_count_it_once() {
    on_both("double_click", |l, path| {
        let at = datetime!(2026-12-10 09:00 UTC);
        for t in 0..10u8 {
            l.submit_pending(&submission(60 + t, &format!("click{t}"), at), 5)
                .unwrap();
        }
        let both = std::sync::Barrier::new(2);
        let recorded: usize = std::thread::scope(|s| {
            let clicks: Vec<_> = (0..2)
                .map(|_| {
                    let both = &both;
                    s.spawn(move || {
                        let mut own = Ledger::open(path).unwrap();
                        let mut n = 0;
                        for t in 0..10u8 {
                            both.wait();
                            let done = own.confirm_pending(&[60 + t; 32], at, WEEK).unwrap();
                            n += usize::from(matches!(done, Confirmation::Recorded { .. }));
                        }
                        n
                    })
                })
                .collect();
            clicks.into_iter().map(|c| c.join().unwrap()).sum()
        });
        assert_eq!(recorded, 10);
        assert_eq!(total(l), 30);
        assert_eq!(rows(l, "web_entry"), 10);
    });
}
