//! Tests of the web audit trail and bulk withdrawals, on a real SQLite file and on a real
//! PostgreSQL database.

use super::pg::testdb::TestDb;
use super::*;
use crate::action::{ActionKind, Channel};
use std::path::Path;
use time::macros::{date, datetime};

const WEEK: time::Duration = time::Duration::days(7);

/// Runs `check` on a fresh SQLite ledger, then on a fresh PostgreSQL one when the test
/// cluster is there (its database passed along, for looking behind the API).
fn on_both(test: &str, check: impl Fn(&mut Ledger, Option<&TestDb>)) {
    let dir = tempfile::tempdir().unwrap();
    check(
        &mut Ledger::open(&dir.path().join("ledger.sqlite")).unwrap(),
        None,
    );
    if let Some(db) = TestDb::create(test) {
        check(&mut Ledger::open(Path::new(&db.url)).unwrap(), Some(&db));
    }
}

/// One public action of `count` from `ip` and `email`, confirmed at `at`: on SQLite
/// submitted and confirmed through the web's API; on PostgreSQL recorded, with its web
/// origin written beside it by SQL as a confirmation writes it.
fn public(
    l: &mut Ledger,
    db: Option<&TestDb>,
    token: u8,
    email: &str,
    ip: &str,
    count: u64,
    at: OffsetDateTime,
) -> i64 {
    let ip_prefix = crate::act::origin::ip_prefix(ip.parse().unwrap());
    let Some(db) = db else {
        let p = NewPending {
            token_hash: [token; 32],
            nonce: vec![token; 16],
            email: email.into(),
            address_hash: format!("hash-{email}"),
            kind: ActionKind::Appeal,
            count,
            case: "alpha".into(),
            country: "de".into(),
            group: None,
            lang: "en".into(),
            submitted_at: at,
            ip_prefix: Some(ip_prefix),
        };
        l.submit_pending(&p, 50).unwrap();
        return match l.confirm_pending(&[token; 32], at, WEEK).unwrap() {
            Confirmation::Recorded { entry, .. } => entry,
            other => panic!("{other:?}"),
        };
    };
    let entry = l
        .record_action(&Action {
            kind: ActionKind::Appeal,
            count,
            case: "alpha".into(),
            prisoner: None,
            recipient: None,
            volunteer: None,
            group: None,
            country: "de".into(),
            channel: Channel::Online,
            day: at.date(),
            note: None,
        })
        .unwrap();
    let confirmed_at = at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    db.client()
        .execute(
            "INSERT INTO web_entry (entry, address_hash, confirmed_at, ip_prefix, email_domain)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &entry,
                &format!("hash-{email}"),
                &confirmed_at,
                &ip_prefix,
                &crate::act::origin::email_domain(email),
            ],
        )
        .unwrap();
    entry
}

/// Two public actions from flood.test confirmed at `at`: 5 from a@ (198.51.100.1), then 7
/// from b@ (198.51.100.2); their entries.
fn two_from_flood(l: &mut Ledger, db: Option<&TestDb>, at: OffsetDateTime) -> (i64, i64) {
    (
        public(l, db, 1, "a@flood.test", "198.51.100.1", 5, at),
        public(l, db, 2, "b@flood.test", "198.51.100.2", 7, at),
    )
}

/// The public actions from addresses at flood.test.
fn from_flood() -> WebSelection {
    WebSelection {
        email_domain: Some("flood.test".into()),
        ..WebSelection::default()
    }
}

/// Withdraws `sel` for `reason` as coordinator ann; what it took back.
fn withdraw(l: &mut Ledger, sel: &WebSelection, reason: &str) -> Withdrawal {
    l.withdraw_web_actions(sel, reason, &coordinator()).unwrap()
}

/// A withdrawal of `entries` entries counting `actions` actions.
fn withdrawn(entries: u64, actions: u64) -> Withdrawal {
    Withdrawal { entries, actions }
}

fn total(l: &Ledger) -> u64 {
    l.figures(&Filter::default()).unwrap().actions
}

fn coordinator() -> Actor {
    Actor::Coordinator("ann".into())
}

#[test]
fn a_web_entry_keeps_only_the_network_and_the_domain() {
    on_both("audit_network_domain", |l, db| {
        public(
            l,
            db,
            1,
            "Bob@Example.ORG",
            "203.0.113.77",
            2,
            datetime!(2026-12-10 09:00 UTC),
        );
        let all = l
            .web_actions(&WebSelection {
                email_domain: Some("example.org".into()),
                ..WebSelection::default()
            })
            .unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].ip_prefix.as_deref(), Some("203.0.113.0/24"));
        assert_eq!(all[0].email_domain.as_deref(), Some("example.org"));
        assert_eq!(all[0].action.count, 2);
        if db.is_some() {
            // What a confirmation keeps is written by SQL above on PostgreSQL.
            return;
        }
        let kept: String = l
            .conn()
            .query_row(
                "SELECT group_concat(ip_prefix || email_domain) FROM web_entry",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            !kept.contains("77") && !kept.to_lowercase().contains("bob"),
            "{kept}"
        );
    });
}

#[test]
fn a_bulk_withdrawal_takes_back_exactly_the_selected_actions() {
    on_both("audit_bulk_withdrawal", |l, db| {
        let at = datetime!(2026-12-10 09:00 UTC);
        let (a, b) = two_from_flood(l, db, at);
        let c = public(l, db, 3, "c@example.org", "198.51.100.3", 11, at);
        let d = public(
            l,
            db,
            4,
            "d@flood.test",
            "192.0.2.9",
            13,
            at + time::Duration::hours(5),
        );
        assert_eq!(total(l), 36);
        // By domain, within a window: a and b, not d (later) nor c (another domain).
        let sel = WebSelection {
            from: Some(at - time::Duration::hours(1)),
            until: Some(at + time::Duration::hours(1)),
            ..from_flood()
        };
        let listed: Vec<i64> = l
            .web_actions(&sel)
            .unwrap()
            .iter()
            .map(|w| w.entry)
            .collect();
        assert_eq!(listed, vec![a, b]);
        assert_eq!(
            withdraw(l, &sel, "one sender, many addresses"),
            withdrawn(2, 12)
        );
        assert_eq!(total(l), 36 - 12);
        let e = l.entry(a).unwrap().unwrap();
        let fix = l.entry(e.corrected_by.unwrap()).unwrap().unwrap();
        assert_eq!(fix.action.count, 0);
        assert_eq!(
            fix.action.note.as_deref(),
            Some("one sender, many addresses")
        );
        assert_eq!(
            (fix.action.kind, fix.action.day, fix.action.case.as_str()),
            (e.action.kind, e.action.day, "alpha")
        );
        assert_eq!(fix.by.as_deref(), Some("coordinator ann"));
        assert_eq!(fix.origin, "web");
        // Both corrections are one write.
        let other = l.entry(b).unwrap().unwrap().corrected_by.unwrap();
        assert_eq!(
            fix.recorded_at,
            l.entry(other).unwrap().unwrap().recorded_at
        );
        // Withdrawn entries are listed no more; a second withdrawal finds nothing.
        assert!(l.web_actions(&sel).unwrap().is_empty());
        assert_eq!(withdraw(l, &sel, "again"), Withdrawal::default());
        // By IP prefix: c only (a and b are gone, d is another network).
        let by_ip = WebSelection {
            ip_prefix: Some("198.51.100.0/24".into()),
            ..WebSelection::default()
        };
        assert_eq!(withdraw(l, &by_ip, "test run"), withdrawn(1, 11));
        assert_eq!(total(l), 13);
        assert!(l.entry(d).unwrap().unwrap().corrected_by.is_none());
        assert!(l.entry(c).unwrap().unwrap().corrected_by.is_some());
        // The summary cells agree with the entries.
        l.rebuild_summary().unwrap();
        assert_eq!(total(l), 13);
    });
}

#[test]
fn a_time_window_includes_its_start_and_excludes_its_end() {
    on_both("audit_window", |l, db| {
        let at = datetime!(2026-12-10 09:00 UTC);
        let first = public(l, db, 1, "a@x.test", "198.51.100.1", 1, at);
        let last = public(
            l,
            db,
            2,
            "b@x.test",
            "198.51.100.2",
            2,
            at + time::Duration::hours(1),
        );
        let window = |from, until| WebSelection {
            from: Some(from),
            until: Some(until),
            ..WebSelection::default()
        };
        let ids = |sel: &WebSelection| -> Vec<i64> {
            l.web_actions(sel)
                .unwrap()
                .iter()
                .map(|w| w.entry)
                .collect()
        };
        assert_eq!(ids(&window(at, at + time::Duration::hours(1))), vec![first]);
        assert_eq!(
            ids(&window(
                at + time::Duration::seconds(1),
                at + time::Duration::hours(2)
            )),
            vec![last]
        );
        // The same instant written with another offset.
        let berlin = time::UtcOffset::from_hms(1, 0, 0).unwrap();
        assert_eq!(
            ids(&window(
                at.to_offset(berlin),
                (at + time::Duration::minutes(1)).to_offset(berlin)
            )),
            vec![first]
        );
    });
}

#[test]
fn a_withdrawal_stops_at_what_was_listed_and_needs_a_condition_and_a_reason() {
    on_both("audit_upto", |l, db| {
        let at = datetime!(2026-12-10 09:00 UTC);
        let (a, _) = two_from_flood(l, db, at);
        let sel = WebSelection {
            upto: Some(a),
            ..from_flood()
        };
        assert_eq!(withdraw(l, &sel, "spam"), withdrawn(1, 5));
        assert_eq!(total(l), 7);
        let open = WebSelection::default();
        let err = l
            .withdraw_web_actions(&open, "spam", &coordinator())
            .unwrap_err();
        assert!(
            format!("{err:#}").contains("needs a time window"),
            "{err:#}"
        );
        let err = l
            .withdraw_web_actions(&sel, "  ", &coordinator())
            .unwrap_err();
        assert!(format!("{err:#}").contains("needs a reason"), "{err:#}");
        assert_eq!(total(l), 7);
    });
}

#[test]
fn a_withdrawal_passes_over_an_entry_already_corrected() {
    on_both("audit_already_corrected", |l, db| {
        let at = datetime!(2026-12-10 09:00 UTC);
        let (a, b) = two_from_flood(l, db, at);
        let mut fewer = l.entry(a).unwrap().unwrap().action;
        fewer.count = 4;
        l.record_correction(a, &fewer).unwrap();
        assert_eq!(withdraw(l, &from_flood(), "spam"), withdrawn(1, 7));
        assert!(l.entry(b).unwrap().unwrap().corrected_by.is_some());
        assert_eq!(total(l), 4);
        l.rebuild_summary().unwrap();
        assert_eq!(total(l), 4);
    });
}

// Two writers run at once on PostgreSQL: an entry another writer corrects after the
// withdrawal read its list must be left to that correction, not corrected twice (which the
// database refuses, failing the whole withdrawal) nor taken off the counts twice.
#[test]
fn a_withdrawal_leaves_an_entry_corrected_meanwhile_to_its_correction() {
    let Some(db) = TestDb::create("audit_corrected_meanwhile") else {
        return;
    };
    let mut l = Ledger::open(Path::new(&db.url)).unwrap();
    let at = datetime!(2026-12-10 09:00 UTC);
    let (a, b) = two_from_flood(&mut l, Some(&db), at);
    let mut other = db.client();
    let mut watch = db.client();
    let (inserted, wait_inserted) = std::sync::mpsc::channel();
    let writer = std::thread::spawn(move || {
        // A correction keeping the count: the summary cells stay as they are.
        let mut tx = other.transaction().unwrap();
        let batch: i64 = tx
            .query_one(
                "INSERT INTO batch (origin, recorded_at) VALUES ('record', 'now') RETURNING id",
                &[],
            )
            .unwrap()
            .get(0);
        tx.execute(
            "INSERT INTO entry (batch, kind, count, case_id, country, channel, day, corrects)
             SELECT $1, kind, count, case_id, country, channel, day, id FROM entry WHERE id = $2",
            &[&batch, &a],
        )
        .unwrap();
        inserted.send(()).unwrap();
        // Commits once the withdrawal waits for this transaction.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let waiting: i64 = watch
                .query_one("SELECT count(*) FROM pg_locks WHERE NOT granted", &[])
                .unwrap()
                .get(0);
            if waiting > 0 {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "nobody waited");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        tx.commit().unwrap();
    });
    // Listed before the other correction commits: both entries.
    wait_inserted.recv().unwrap();
    let done = withdraw(&mut l, &from_flood(), "spam");
    writer.join().unwrap();
    assert_eq!(done, withdrawn(1, 7));
    let fix = l.entry(a).unwrap().unwrap().corrected_by.unwrap();
    assert_eq!(l.entry(fix).unwrap().unwrap().action.count, 5);
    assert!(l.entry(b).unwrap().unwrap().corrected_by.is_some());
    assert_eq!(total(&l), 5);
    l.rebuild_summary().unwrap();
    assert_eq!(total(&l), 5);
}

#[test]
fn a_change_on_the_web_names_who_made_it_and_the_cli_names_nobody() {
    on_both("audit_actor", |l, db| {
        let action = Action {
            kind: ActionKind::Solidarity,
            count: 4,
            case: "alpha".into(),
            prisoner: None,
            recipient: None,
            volunteer: None,
            group: Some("Köln".into()),
            country: "de".into(),
            channel: Channel::Post,
            day: date!(2026 - 12 - 10),
            note: None,
        };
        let cli = l.record_action(&action).unwrap();
        let web = l
            .record_action_by(&action, &Actor::Volunteer("v7".into()))
            .unwrap();
        let fix = l
            .record_correction_by(
                cli,
                &Action {
                    count: 3,
                    ..action.clone()
                },
                &coordinator(),
            )
            .unwrap();
        let cli = l.entry(cli).unwrap().unwrap();
        assert_eq!((cli.origin.as_str(), cli.by), ("record", None));
        let web = l.entry(web).unwrap().unwrap();
        assert_eq!(
            (web.origin.as_str(), web.by.as_deref()),
            ("web", Some("volunteer v7"))
        );
        let fix = l.entry(fix).unwrap().unwrap();
        assert_eq!(fix.by.as_deref(), Some("coordinator ann"));
        assert_eq!(total(l), 7);
        // An import uploaded on the web names its coordinator too.
        let importer = l.import_by("report.csv", &coordinator()).unwrap();
        importer.finish().unwrap();
        let sql = "SELECT actor FROM batch WHERE origin = 'import'";
        let actor: Option<String> = match db {
            None => l.conn().query_row(sql, [], |r| r.get(0)).unwrap(),
            Some(db) => db.client().query_one(sql, &[]).unwrap().get(0),
        };
        assert_eq!(actor.as_deref(), Some("coordinator ann"));
    });
}
