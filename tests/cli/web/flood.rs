//! Public actions from a flood of the form "I took action": confirmed as the form's link
//! confirms them, listed on `/admin/withdraw` by network or email domain and withdrawn in one
//! step, the public counter taken down by exactly their actions; what a confirmation keeps
//! of its sender for that (the network and the domain, nothing more).

use std::time::Duration;

use marathon::act::origin::ip_prefix;
use marathon::action::ActionKind;
use marathon::ledger::{Confirmation, Ledger, NewPending};
use time::OffsetDateTime;

use super::steer::{Coordinator, add_admin, log_in, total};
use super::{Server, within};
use crate::support::Workspace;

/// Confirms a public action of `count` from `ip` by `email`, as the `/act` link would.
pub fn public(ledger: &mut Ledger, token: u8, email: &str, ip: &str, count: u64) {
    let now = OffsetDateTime::now_utc();
    let p = NewPending {
        token_hash: [token; 32],
        nonce: vec![token; 16],
        email: email.into(),
        address_hash: format!("hash-{token}"),
        kind: ActionKind::Appeal,
        count,
        case: "defenders".into(),
        country: "PL".into(),
        group: None,
        lang: "en".into(),
        submitted_at: now,
        ip_prefix: Some(ip_prefix(ip.parse().unwrap())),
    };
    ledger.submit_pending(&p, 50).unwrap();
    let done = ledger
        .confirm_pending(&[token; 32], now, time::Duration::days(7))
        .unwrap();
    assert!(matches!(done, Confirmation::Recorded { .. }), "{done:?}");
}

/// The `/admin/withdraw` list of `domain` (flood.test, however written) as `anna` sees it:
/// a@ and b@flood.test's two entries, 100 actions, under their network; the page.
pub(super) fn flood_list(server: &Server, anna: &Coordinator, domain: &str) -> String {
    let list = anna.get(server, &format!("/admin/withdraw?domain={domain}"));
    assert_eq!(list.status, 200, "{}", list.text());
    let page = list.text();
    assert!(page.contains("2 public entries, 100 actions"), "{page}");
    assert!(page.contains("198.51.100.0/24"), "{page}");
    page
}

/// The `upto` a `/admin/withdraw` list offers: the last entry it listed.
pub(super) fn upto_in(page: &str) -> String {
    let at = page.find("name=\"upto\" value=\"").unwrap() + 19;
    page[at..].split('"').next().unwrap().to_string()
}

/// Withdraws flood.test's public actions listed up to `upto` (a@ and b@flood.test's 100) as
/// `anna`, and sees the counter, from `start`, and the tally go down by exactly those 100.
pub(super) fn withdraw_flood(
    server: &Server,
    ws: &Workspace,
    anna: &Coordinator,
    upto: &str,
    start: u64,
) {
    let r = anna.post_form(
        server,
        "/admin/withdraw",
        &format!(
            "csrf={}&domain=flood.test&from=&until=&ip=&upto={upto}&reason=one+sender",
            anna.token
        ),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.text().contains("Withdrew 2 public entries (100 actions)"),
        "{}",
        r.text()
    );
    let seen = within(Duration::from_secs(10), || {
        let c = counter(server);
        (c != start).then_some(c)
    });
    assert_eq!(seen, Some(start - 100));
    assert_eq!(total(ws), start - 100);
}

pub(super) fn counter(server: &Server) -> u64 {
    server.get("/api/v1/tally.json").json()["actions"]
        .as_u64()
        .unwrap()
}

#[test]
fn a_bulk_withdrawal_takes_the_counter_down_by_exactly_its_actions() {
    let ws = Workspace::sample();
    add_admin(&ws);
    {
        let mut ledger = Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
        public(&mut ledger, 1, "a@flood.test", "198.51.100.7", 40);
        public(&mut ledger, 2, "b@flood.test", "198.51.100.9", 60);
        public(&mut ledger, 3, "c@example.org", "198.51.100.20", 5);
        public(&mut ledger, 4, "d@example.org", "192.0.2.1", 3);
    }
    let server = Server::start(&ws, &[]);
    let anna = log_in(&server);
    let start = counter(&server);
    assert_eq!(start, total(&ws));

    // By domain: the list shows both entries and nothing of the addresses or full IPs.
    let page = flood_list(&server, &anna, "Flood.test");
    assert!(
        !page.contains("a@flood") && !page.contains("198.51.100.7"),
        "{page}"
    );
    withdraw_flood(&server, &ws, &anna, &upto_in(&page), start);

    // By IP prefix: only what is left of that network (c), not d.
    let r = anna.post_form(
        &server,
        "/admin/withdraw",
        &format!(
            "csrf={}&ip=198.51.100.0%2F24&upto=999999&reason=test+run",
            anna.token
        ),
    );
    assert!(
        r.text().contains("Withdrew 1 public entry (5 actions)"),
        "{}",
        r.text()
    );
    assert_eq!(total(&ws), start - 105);
    // Without any condition nothing is withdrawn.
    let r = anna.post_form(
        &server,
        "/admin/withdraw",
        &format!("csrf={}&upto=999999&reason=all", anna.token),
    );
    assert_eq!(r.status, 422);
    assert_eq!(total(&ws), start - 105);
}

// The network and domain must come from the real form's request and address, and only
// those: the full IP and the address leave with the confirmed submission.
#[test]
fn an_act_confirmation_keeps_only_the_network_and_domain_for_a_withdrawal() {
    use crate::mailserver::{MailServer, ServerOptions};
    let ws = Workspace::sample();
    add_admin(&ws);
    let mail = MailServer::start(ServerOptions::new());
    super::act::with_smtp(&ws, &ws.read("campaign.toml"), mail.port());
    let server = Server::start(&ws, &[]);
    assert_eq!(
        super::act_post(&server, "203.0.113.77", "Ann@Flood.Example").status,
        303
    );
    let link = crate::browser::mailed_link(&mail, "Ann@Flood.Example", "/act/confirm/");
    let confirmed = super::confirm_link(&server, &link, "203.0.113.77");
    assert!(
        confirmed.status < 400,
        "{} {}",
        confirmed.status,
        confirmed.text()
    );
    let before = total(&ws);

    let anna = log_in(&server);
    let list = anna.get(&server, "/admin/withdraw?ip=203.0.113.5");
    let page = list.text();
    assert!(page.contains("1 public entry, 3 actions"), "{page}");
    assert!(
        page.contains("203.0.113.0/24") && page.contains("flood.example"),
        "{page}"
    );
    assert!(
        !page.contains("203.0.113.77") && !page.to_lowercase().contains("ann@"),
        "{page}"
    );
    let r = anna.post_form(
        &server,
        "/admin/withdraw",
        &format!(
            "csrf={}&ip=203.0.113.0%2F24&upto=999999&reason=test",
            anna.token
        ),
    );
    assert!(
        r.text().contains("Withdrew 1 public entry (3 actions)"),
        "{}",
        r.text()
    );
    assert_eq!(total(&ws), before - 3);
    // No table of the ledger holds the full IP or the address.
    let dump = every_text(&ws.path().join("ledger.sqlite")).to_lowercase();
    assert!(
        dump.contains("flood.example"),
        "the dump holds no web entry"
    );
    assert!(!dump.contains("203.0.113.77") && !dump.contains("ann@flood"));
}

/// Every text value of every table of the SQLite file at `path`, joined.
fn every_text(path: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut all = String::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                if let Ok(rusqlite::types::ValueRef::Text(b)) = r.get_ref(i) {
                    all.push_str(&String::from_utf8_lossy(b));
                    all.push('\n');
                }
            }
        }
    }
    all
}
