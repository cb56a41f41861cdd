//! Tests of sign-ups, each run on an SQLite file and on a PostgreSQL database (see
//! `store_tests::on_both`): ids never given twice, even by two servers at once, the window,
//! the outbox, the daily cap shared with "I took action".

use super::pg::testdb::TestDb;
use super::store_tests::on_both;
use super::*;
use time::macros::datetime;

const WEEK: time::Duration = time::Duration::days(7);

fn signup(token: u8, name: &str, at: OffsetDateTime) -> NewSignup {
    NewSignup {
        token_hash: [token; 32],
        nonce: vec![token; 16],
        name: name.into(),
        email: format!("{token}@example.org"),
        address_hash: format!("hash-{token}"),
        city: "Gdańsk".into(),
        country: "PL".into(),
        languages: vec!["pl".into(), "ru".into()],
        lang: "pl".into(),
        submitted_at: at,
    }
}

#[test]
fn confirmation_gives_an_id_nobody_holds_and_a_second_click_the_same_one() {
    on_both("confirmation_gives_an_id_nobody_holds_an", |l, _| {
        let at = datetime!(2026-12-10 09:00 UTC);
        let later = at + time::Duration::hours(1);
        for t in 1..=3 {
            l.submit_signup(&signup(t, "Anna Nowak", at), 5).unwrap();
        }
        let book = |id: &str| id == "anna-nowak";
        let id = |j: Joined| match j {
            Joined::Confirmed(s) => s.volunteer.unwrap(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            id(l.confirm_signup(&[1; 32], later, WEEK, "anna-nowak", &book)
                .unwrap()),
            "anna-nowak-2"
        );
        assert_eq!(
            id(l.confirm_signup(&[2; 32], later, WEEK, "anna-nowak", &book)
                .unwrap()),
            "anna-nowak-3"
        );
        match l
            .confirm_signup(&[1; 32], later, WEEK, "anna-nowak", &book)
            .unwrap()
        {
            Joined::Already(s) => assert_eq!(s.volunteer.as_deref(), Some("anna-nowak-2")),
            other => panic!("{other:?}"),
        }
        let confirmed = l.signups(true).unwrap();
        assert_eq!(confirmed.len(), 2);
        assert_eq!(l.signups(false).unwrap().len(), 3);
        // A confirmed sign-up's mail is not sent any more; the pending one's still is.
        let waiting: Vec<i64> = l
            .signup_outbox(10, at)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(waiting, [3]);
    });
}

#[test]
fn an_expired_signup_is_deleted_and_not_mailed_and_the_daily_cap_is_shared() {
    on_both("an_expired_signup_is_deleted_and_not_mai", |l, _| {
        let at = datetime!(2026-12-10 09:00 UTC);
        l.submit_signup(&signup(1, "Late", at), 5).unwrap();
        let after = at + WEEK + time::Duration::seconds(1);
        assert!(l.signup_outbox(10, after - WEEK).unwrap().is_empty());
        assert_eq!(
            l.confirm_signup(&[1; 32], after, WEEK, "late", &|_| false)
                .unwrap(),
            Joined::Gone
        );
        assert!(l.signups(false).unwrap().is_empty());
        // Two mails a day for one address: the third sign-up is refused, nothing stored.
        let mut s = signup(2, "Cap", at);
        s.address_hash = "same".into();
        assert_eq!(l.submit_signup(&s, 2).unwrap(), Submitted::Queued(2));
        s.token_hash = [3; 32];
        assert!(matches!(
            l.submit_signup(&s, 2).unwrap(),
            Submitted::Queued(_)
        ));
        s.token_hash = [4; 32];
        assert_eq!(l.submit_signup(&s, 2).unwrap(), Submitted::DailyCapReached);
        assert_eq!(l.signups(false).unwrap().len(), 2);
    });
}

fn solidarity(
    id: &str,
    sender: &str,
    status: LetterStatus,
    at: OffsetDateTime,
) -> LetterEvent<'static> {
    use crate::manifest::{Channel as LetterChannel, LetterKind, ManifestEntry, Party, Role};
    let party = |id: &str, role| Party {
        id: id.into(),
        role,
        name: "Name".into(),
        email: None,
        country: "pl".into(),
    };
    LetterEvent {
        letter: std::borrow::Cow::Owned(ManifestEntry {
            id: id.into(),
            template: "t".into(),
            kind: LetterKind::Solidarity,
            language: "ru".into(),
            case: "alpha".into(),
            prisoner: "ales".into(),
            recipient: party("ales", Role::Prisoner),
            sender: party(sender, Role::Volunteer),
            channel: LetterChannel::Post,
            subject: "s".into(),
            path: "p".into(),
            html_path: None,
            translation_path: None,
        }),
        status,
        detail: None,
        origin: "record".into(),
        at,
    }
}

#[test]
fn only_pairs_whose_letter_counts_are_reported_as_counted() {
    on_both("only_pairs_whose_letter_counts_are_repor", |l, _| {
        let at = datetime!(2026-12-10 09:00 UTC);
        l.record_letter_events(&[
            solidarity("l1", "zofia", LetterStatus::Posted, at),
            solidarity("l2", "jan", LetterStatus::Sent, at),
        ])
        .unwrap();
        let counted = l.counted_solidarity_pairs().unwrap();
        assert_eq!(
            counted,
            [("zofia".to_string(), "ales".to_string())]
                .into_iter()
                .collect()
        );
    });
}

// Two servers confirming two sign-ups with one name at once both found the id free; the
// unique constraint makes the later one take the next id instead of failing or sharing it.
#[test]
fn two_servers_confirming_one_name_at_once_give_two_ids() {
    let Some(db) = TestDb::create("signup_race") else {
        return;
    };
    let url = std::path::PathBuf::from(&db.url);
    let at = datetime!(2026-12-10 09:00 UTC);
    let mut l = Ledger::open(&url).unwrap();
    for t in 1..=2 {
        l.submit_signup(&signup(t, "Anna Nowak", at), 5).unwrap();
    }
    // Both look the first id up before either writes it: each waits for the other in the
    // address book check.
    let both_looked = std::sync::Barrier::new(2);
    let ids: Vec<String> = std::thread::scope(|s| {
        let confirms: Vec<_> = (1..=2u8)
            .map(|t| {
                let (url, both_looked) = (&url, &both_looked);
                s.spawn(move || {
                    let mut own = Ledger::open(url).unwrap();
                    let first = std::cell::Cell::new(true);
                    let book = |_: &str| {
                        if first.replace(false) {
                            both_looked.wait();
                        }
                        false
                    };
                    match own
                        .confirm_signup(&[t; 32], at, WEEK, "anna-nowak", &book)
                        .unwrap()
                    {
                        Joined::Confirmed(s) => s.volunteer.unwrap(),
                        other => panic!("{other:?}"),
                    }
                })
            })
            .collect();
        confirms.into_iter().map(|c| c.join().unwrap()).collect()
    });
    let mut ids = ids;
    ids.sort();
    assert_eq!(ids, ["anna-nowak", "anna-nowak-2"]);
    let stored: Vec<_> = l
        .signups(true)
        .unwrap()
        .into_iter()
        .filter_map(|s| s.volunteer)
        .collect();
    assert_eq!(stored.len(), 2);
}
