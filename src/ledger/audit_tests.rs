//! Tests of the web audit trail and bulk withdrawals on real SQLite files.

use super::*;
use crate::action::{ActionKind, Channel};
use time::macros::{date, datetime};

const WEEK: time::Duration = time::Duration::days(7);

fn ledger() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let l = Ledger::open(&dir.path().join("ledger.sqlite")).unwrap();
    (dir, l)
}

/// Submits and confirms one public action of `count` from `ip` and `email` at `at`.
fn public(l: &mut Ledger, token: u8, email: &str, ip: &str, count: u64, at: OffsetDateTime) -> i64 {
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
        ip_prefix: Some(crate::act::origin::ip_prefix(ip.parse().unwrap())),
    };
    l.submit_pending(&p, 50).unwrap();
    match l.confirm_pending(&[token; 32], at, WEEK).unwrap() {
        Confirmation::Recorded { entry, .. } => entry,
        other => panic!("{other:?}"),
    }
}

fn total(l: &Ledger) -> u64 {
    l.figures(&Filter::default()).unwrap().actions
}

fn coordinator() -> Actor {
    Actor::Coordinator("ann".into())
}

#[test]
fn a_web_entry_keeps_only_the_network_and_the_domain() {
    let (_d, mut l) = ledger();
    public(
        &mut l,
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
}

#[test]
fn a_bulk_withdrawal_takes_back_exactly_the_selected_actions() {
    let (_d, mut l) = ledger();
    let at = datetime!(2026-12-10 09:00 UTC);
    let a = public(&mut l, 1, "a@flood.test", "198.51.100.1", 5, at);
    let b = public(&mut l, 2, "b@flood.test", "198.51.100.2", 7, at);
    let c = public(&mut l, 3, "c@example.org", "198.51.100.3", 11, at);
    let d = public(
        &mut l,
        4,
        "d@flood.test",
        "192.0.2.9",
        13,
        at + time::Duration::hours(5),
    );
    assert_eq!(total(&l), 36);
    // By domain, within a window: a and b, not d (later) nor c (another domain).
    let sel = WebSelection {
        from: Some(at - time::Duration::hours(1)),
        until: Some(at + time::Duration::hours(1)),
        email_domain: Some("flood.test".into()),
        ..WebSelection::default()
    };
    let listed: Vec<i64> = l
        .web_actions(&sel)
        .unwrap()
        .iter()
        .map(|w| w.entry)
        .collect();
    assert_eq!(listed, vec![a, b]);
    let done = l
        .withdraw_web_actions(&sel, "one sender, many addresses", &coordinator())
        .unwrap();
    assert_eq!(
        done,
        Withdrawal {
            entries: 2,
            actions: 12
        }
    );
    assert_eq!(total(&l), 36 - 12);
    let e = l.entry(a).unwrap().unwrap();
    let fix = l.entry(e.corrected_by.unwrap()).unwrap().unwrap();
    assert_eq!(fix.action.count, 0);
    assert_eq!(
        fix.action.note.as_deref(),
        Some("one sender, many addresses")
    );
    assert_eq!(fix.by.as_deref(), Some("coordinator ann"));
    assert_eq!(fix.origin, "web");
    // Withdrawn entries are listed no more; a second withdrawal finds nothing.
    assert!(l.web_actions(&sel).unwrap().is_empty());
    assert_eq!(
        l.withdraw_web_actions(&sel, "again", &coordinator())
            .unwrap(),
        Withdrawal::default()
    );
    // By IP prefix: c only (a and b are gone, d is another network).
    let by_ip = WebSelection {
        ip_prefix: Some("198.51.100.0/24".into()),
        ..WebSelection::default()
    };
    let done = l
        .withdraw_web_actions(&by_ip, "test run", &coordinator())
        .unwrap();
    assert_eq!(
        done,
        Withdrawal {
            entries: 1,
            actions: 11
        }
    );
    assert_eq!(total(&l), 13);
    assert!(l.entry(d).unwrap().unwrap().corrected_by.is_none());
    assert!(l.entry(c).unwrap().unwrap().corrected_by.is_some());
    // The summary cells agree with the entries.
    l.rebuild_summary().unwrap();
    assert_eq!(total(&l), 13);
}

#[test]
fn a_withdrawal_stops_at_what_was_listed_and_needs_a_condition_and_a_reason() {
    let (_d, mut l) = ledger();
    let at = datetime!(2026-12-10 09:00 UTC);
    let a = public(&mut l, 1, "a@flood.test", "198.51.100.1", 5, at);
    public(&mut l, 2, "b@flood.test", "198.51.100.2", 7, at);
    let sel = WebSelection {
        email_domain: Some("flood.test".into()),
        upto: Some(a),
        ..WebSelection::default()
    };
    let done = l
        .withdraw_web_actions(&sel, "spam", &coordinator())
        .unwrap();
    assert_eq!(
        done,
        Withdrawal {
            entries: 1,
            actions: 5
        }
    );
    assert_eq!(total(&l), 7);
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
    assert_eq!(total(&l), 7);
}

#[test]
fn a_change_on_the_web_names_who_made_it_and_the_cli_names_nobody() {
    let (_d, mut l) = ledger();
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
    assert_eq!(total(&l), 7);
    // An import uploaded on the web names its coordinator too.
    let importer = l.import_by("report.csv", &coordinator()).unwrap();
    importer.finish().unwrap();
    let actor: Option<String> = l
        .conn()
        .query_row("SELECT actor FROM batch WHERE origin = 'import'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(actor.as_deref(), Some("coordinator ann"));
}
