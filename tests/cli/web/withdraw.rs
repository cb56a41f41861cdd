//! `/admin/withdraw` on a PostgreSQL ledger: the public actions of one domain listed and
//! withdrawn in one step, the counter taken down by exactly their actions.

use std::path::Path;
use std::time::Duration;

use marathon::act::origin::{email_domain, ip_prefix};
use marathon::action::{Action, ActionKind, Channel};
use marathon::ledger::Ledger;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::Server;
use super::flood::{counter, flood_list, upto_in, withdraw_flood};
use super::steer::{add_admin, log_in, total};
use crate::support::Workspace;
use crate::support::pg::{TestDb, use_ledger};

/// One public action of `count` from `email` and `ip`, confirmed now: recorded through the
/// ledger's API, its web origin written beside it as a confirmation writes it.
fn public(ledger: &mut Ledger, db: &TestDb, email: &str, ip: &str, count: u64) -> i64 {
    let now = OffsetDateTime::now_utc();
    let entry = ledger
        .record_action(&Action {
            kind: ActionKind::Appeal,
            count,
            case: "defenders".into(),
            prisoner: None,
            recipient: None,
            volunteer: None,
            group: None,
            country: "PL".into(),
            channel: Channel::Online,
            day: now.date(),
            note: None,
        })
        .unwrap();
    db.client()
        .execute(
            "INSERT INTO web_entry (entry, address_hash, confirmed_at, ip_prefix, email_domain)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &entry,
                &format!("hash-{email}"),
                &now.format(&Rfc3339).unwrap(),
                &ip_prefix(ip.parse().unwrap()),
                &email_domain(email),
            ],
        )
        .unwrap();
    entry
}

// The list and the bulk withdrawal of public actions answered "not available on a
// PostgreSQL ledger yet"; now they read and write the shared ledger.
#[test]
fn a_bulk_withdrawal_on_a_postgresql_ledger_takes_the_counter_down_by_its_actions() {
    let Some(db) = TestDb::create("serve_withdraw") else {
        return;
    };
    let ws = Workspace::sample();
    use_ledger(&ws, &db.url);
    add_admin(&ws);
    let (a, b, c) = {
        let mut ledger = Ledger::open(Path::new(&db.url)).unwrap();
        (
            public(&mut ledger, &db, "a@flood.test", "198.51.100.7", 40),
            public(&mut ledger, &db, "b@flood.test", "198.51.100.9", 60),
            public(&mut ledger, &db, "c@example.org", "198.51.100.20", 5),
        )
    };
    assert!(!ws.path().join("ledger.sqlite").exists());
    let server = Server::start(&ws, &[]);
    let anna = log_in(&server);
    let start = counter(&server);
    assert_eq!(start, total(&ws));

    let page = flood_list(&server, &anna, "flood.test");
    let upto = upto_in(&page);
    assert_eq!(upto, b.to_string());
    withdraw_flood(&server, &ws, &anna, &upto, start);
    // In the database: a and b corrected to 0 in one write naming anna and the reason; c
    // untouched.
    let rows = db
        .client()
        .query(
            "SELECT e.corrects, e.count, e.note, b.actor, b.origin, e.batch FROM entry e
             JOIN batch b ON b.id = e.batch WHERE e.corrects IS NOT NULL ORDER BY e.corrects",
            &[],
        )
        .unwrap();
    let got: Vec<(i64, i64, String, String, String)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    let fix = |id: i64| {
        (
            id,
            0,
            "one sender".to_string(),
            "coordinator anna".to_string(),
            "web".to_string(),
        )
    };
    assert_eq!(got, vec![fix(a), fix(b)]);
    assert_eq!(rows[0].get::<_, i64>(5), rows[1].get::<_, i64>(5));
    assert!(!got.iter().any(|g| g.0 == c));
    server.signal("TERM");
    let (code, err) = server.wait_exit(Duration::from_secs(15));
    assert_eq!(code, Some(0), "{err}");
}
