//! `ledger copy` of the web's own tables: submissions waiting for their link, the daily mail
//! counts, sign-ups and invitations arrive as they were, and a link mailed before the copy
//! works on the copy; between SQLite files, and into PostgreSQL and back.

use std::path::Path;

use super::pg::testdb::TestDb;
use super::*;
use crate::action::ActionKind;
use time::macros::datetime;

const AT: OffsetDateTime = datetime!(2026-12-10 18:00 UTC);
const WEEK: time::Duration = time::Duration::days(7);
const CAP: u32 = 2;

fn pending(token: u8, address: &str) -> NewPending {
    NewPending {
        token_hash: [token; 32],
        nonce: vec![token, 0, token],
        email: format!("{address}@example.org"),
        address_hash: format!("hash-{address}"),
        kind: ActionKind::Appeal,
        count: u64::from(token),
        case: "alpha".into(),
        country: "DE".into(),
        group: Some("Köln".into()),
        lang: "de".into(),
        submitted_at: AT,
        ip_prefix: Some("198.51.100.0/24".into()),
    }
}

fn signup(token: u8, name: &str) -> NewSignup {
    NewSignup {
        token_hash: [token; 32],
        nonce: vec![token; 4],
        name: name.into(),
        email: format!("{name}@example.org"),
        address_hash: format!("hash-{name}"),
        city: "Kraków".into(),
        country: "PL".into(),
        languages: vec!["pl".into(), "en".into()],
        lang: "pl".into(),
        submitted_at: AT,
    }
}

/// An evening on the web, written through the SQLite ledger's API: three submissions (the
/// third confirmed, so its id is gone from the table), one address at its daily cap, mail
/// states, two sign-ups (one confirmed), two invitations with mail events.
fn web_evening(l: &mut Ledger) {
    for (token, address) in [(1, "ann"), (2, "ann"), (3, "bob")] {
        let queued = l.submit_pending(&pending(token, address), CAP).unwrap();
        assert_eq!(queued, Submitted::Queued(i64::from(token)));
    }
    let later = AT + time::Duration::hours(1);
    l.record_confirmation_mail(&[
        (1, LetterStatus::Sent, None, AT),
        (1, LetterStatus::Delivered, Some("250 ok".into()), later),
        (2, LetterStatus::Deferred, Some("451 later".into()), later),
    ])
    .unwrap();
    let done = l.confirm_pending(&[3; 32], later, WEEK).unwrap();
    assert!(matches!(done, Confirmation::Recorded { .. }), "{done:?}");
    l.submit_signup(&signup(11, "jan"), CAP).unwrap();
    l.submit_signup(&signup(12, "ewa"), CAP).unwrap();
    l.record_signup_mail(&[(1, LetterStatus::Sent, None, AT)])
        .unwrap();
    let joined = l
        .confirm_signup(&[12; 32], later, WEEK, "ewa", &|_| false)
        .unwrap();
    assert!(matches!(joined, Joined::Confirmed(_)), "{joined:?}");
    let expires = datetime!(2027-01-31 00:00 UTC);
    l.add_invites(
        &[
            ("anna".to_string(), vec![1, 2], [21u8; 32]),
            ("zofia".to_string(), vec![3], [22u8; 32]),
        ],
        expires,
    )
    .unwrap();
    l.record_invite_mail(&[
        ("anna".to_string(), LetterStatus::Sent, None, AT),
        (
            "anna".to_string(),
            LetterStatus::Delivered,
            Some("250 ok".into()),
            later,
        ),
    ])
    .unwrap();
}

/// Everything the SQLite ledgers `a` and `b` say about the web's tables is the same.
fn assert_same_web(a: &Ledger, b: &Ledger) {
    for token in [1u8, 2, 3] {
        assert_eq!(
            a.pending_action(&[token; 32]).unwrap(),
            b.pending_action(&[token; 32]).unwrap(),
            "submission {token}"
        );
    }
    for id in 1..=3 {
        assert_eq!(
            a.confirmation_mail_state(id).unwrap(),
            b.confirmation_mail_state(id).unwrap()
        );
    }
    let since = AT - WEEK;
    assert_eq!(
        a.confirmation_outbox(100, since).unwrap(),
        b.confirmation_outbox(100, since).unwrap()
    );
    assert_eq!(a.signups(false).unwrap(), b.signups(false).unwrap());
    assert_eq!(a.signup(&[11; 32]).unwrap(), b.signup(&[11; 32]).unwrap());
    assert_eq!(
        a.signup_outbox(100, since).unwrap(),
        b.signup_outbox(100, since).unwrap()
    );
    assert_eq!(a.invites().unwrap(), b.invites().unwrap());
    assert_eq!(
        a.web_entries("hash-bob").unwrap(),
        b.web_entries("hash-bob").unwrap()
    );
    assert_eq!(
        a.figures(&Filter::default()).unwrap(),
        b.figures(&Filter::default()).unwrap()
    );
}

/// On an SQLite copy of [`web_evening`]: the links mailed before the copy confirm, the
/// daily cap counts the mails sent before it, and new rows never take an id used before.
fn assert_links_work(copy: &mut Ledger) {
    assert_eq!(
        copy.submit_pending(&pending(4, "ann"), CAP).unwrap(),
        Submitted::DailyCapReached
    );
    assert_eq!(
        copy.submit_pending(&pending(5, "cem"), CAP).unwrap(),
        Submitted::Queued(4),
        "the id of the confirmed submission is not given again"
    );
    let later = AT + time::Duration::hours(2);
    assert_eq!(
        copy.confirm_pending(&[1; 32], later, WEEK).unwrap(),
        Confirmation::Recorded { entry: 2, count: 1 }
    );
    match copy
        .confirm_signup(&[11; 32], later, WEEK, "jan", &|_| false)
        .unwrap()
    {
        Joined::Confirmed(s) => assert_eq!((s.id, s.volunteer.as_deref()), (1, Some("jan"))),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        copy.confirm_signup(&[12; 32], later, WEEK, "ewa", &|_| false)
            .unwrap(),
        Joined::Already(_)
    ));
    assert_eq!(
        copy.submit_signup(&signup(13, "ida"), CAP).unwrap(),
        Submitted::Queued(3)
    );
    assert_eq!(
        copy.invite_by_token(&[22; 32]).unwrap().unwrap().volunteer,
        "zofia"
    );
}

#[test]
fn a_copy_between_sqlite_files_moves_the_web_tables_and_their_links_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut from = Ledger::open(&dir.path().join("a.sqlite")).unwrap();
    web_evening(&mut from);
    let mut to = Ledger::open(&dir.path().join("b.sqlite")).unwrap();
    let s = from.copy_into(&mut to).unwrap();
    assert_eq!((s.entries, s.pending, s.signups, s.invites), (1, 2, 2, 2));
    assert_same_web(&from, &to);
    assert_links_work(&mut to);
}

// `ledger copy` refused a ledger holding web submissions, sign-ups or invitations; now it
// moves them, into PostgreSQL, between PostgreSQL ledgers and back, as they were.
#[test]
fn the_web_tables_go_into_postgres_between_postgres_ledgers_and_back_intact() {
    let (Some(one), Some(two)) = (TestDb::create("web_copy_1"), TestDb::create("web_copy_2"))
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut local = Ledger::open(&dir.path().join("a.sqlite")).unwrap();
    web_evening(&mut local);
    let mut shared = Ledger::open(Path::new(&one.url)).unwrap();
    let s = local.copy_into(&mut shared).unwrap();
    assert_eq!((s.pending, s.signups, s.invites), (2, 2, 2));
    assert_eq!(shared.invites().unwrap(), local.invites().unwrap());
    let counted =
        |db: &TestDb, sql: &str| -> i64 { db.client().query_one(sql, &[]).unwrap().get(0) };
    assert_eq!(
        counted(
            &one,
            "SELECT mails FROM confirm_mail_day WHERE address_hash = 'hash-ann'"
        ),
        2
    );
    let mut other = Ledger::open(Path::new(&two.url)).unwrap();
    let s = shared.copy_into(&mut other).unwrap();
    assert_eq!((s.pending, s.signups, s.invites), (2, 2, 2));
    let mut back = Ledger::open(&dir.path().join("b.sqlite")).unwrap();
    other.copy_into(&mut back).unwrap();
    assert_same_web(&local, &back);
    assert_links_work(&mut back);

    // On the PostgreSQL copy new rows take ids after the copied ones, and after the
    // confirmed submission's id, which is never given again.
    other
        .record_invite_mail(&[("zofia".to_string(), LetterStatus::Sent, None, AT)])
        .unwrap();
    assert_eq!(
        other.invite_of("zofia").unwrap().unwrap().mail,
        Some(LetterStatus::Sent)
    );
    let id = |db: &TestDb, table: &str| -> i64 {
        db.client()
            .query_one(
                &format!(
                    "INSERT INTO {table} (token, nonce, email, address_hash, kind, count,
                         case_id, country, lang, submitted_at)
                     VALUES ('\\x09', '\\x09', 'x@example.org', 'h', 'appeal', 1, 'alpha',
                         'DE', 'de', 0) RETURNING id"
                ),
                &[],
            )
            .unwrap()
            .get(0)
    };
    assert_eq!(id(&two, "pending_action"), 4);
    assert_eq!(
        counted(&two, "SELECT count(*) FROM invite_event"),
        3,
        "two copied, one new"
    );
}
