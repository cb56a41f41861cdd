//! The coordinator's work pages over HTTP: a report with one bad row refused whole, a bulk
//! withdrawal taking the public counter down by exactly its actions, a CSRF refusal on each
//! form, and no session (or another cookie) refused; every web change names its coordinator.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use marathon::act::origin::ip_prefix;
use marathon::action::ActionKind;
use marathon::ledger::{Confirmation, Ledger, NewPending};
use time::OffsetDateTime;

use super::{Response, Server, within};
use crate::support::Workspace;

pub const PASSWORD: &str = "correct horse battery staple";

/// Adds the coordinator `anna` with [`PASSWORD`], given on stdin as a script would.
pub fn add_admin(ws: &Workspace) {
    let mut child = ws
        .marathon()
        .args(["admin", "add", "anna"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn cookie_of(r: &Response, name: &str) -> Option<String> {
    r.all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap().to_string())
}

/// The CSRF token of a page's form.
pub fn token_in(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

/// A logged-in coordinator: the cookies to send, and a CSRF token that goes with them.
pub struct Coordinator {
    /// The session's cookies.
    pub cookies: String,
    /// A CSRF token that goes with the cookies.
    pub token: String,
}

/// Logs `anna` in (see [`add_admin`]).
pub fn log_in(server: &Server) -> Coordinator {
    let (csrf, token) = super::csrf_of(&server.get("/admin/login"));
    let body = format!(
        "csrf={token}&name=anna&password={}&next=%2Fadmin",
        PASSWORD.replace(' ', "+")
    );
    let r = server.request(
        "POST",
        "/admin/login",
        &[
            ("Cookie", &csrf),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    );
    assert!(
        r.status == 303 || r.status == 302,
        "{} {}",
        r.status,
        r.text()
    );
    let session = cookie_of(&r, "marathon_admin").expect("a session cookie");
    Coordinator {
        cookies: format!("{csrf}; {session}"),
        token,
    }
}

impl Coordinator {
    /// GETs `path` in the session.
    pub fn get(&self, server: &Server, path: &str) -> Response {
        server.request("GET", path, &[("Cookie", &self.cookies)], b"")
    }

    /// POSTs the form `body` to `path` in the session.
    pub fn post_form(&self, server: &Server, path: &str, body: &str) -> Response {
        server.request(
            "POST",
            path,
            &[
                ("Cookie", &self.cookies),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            body.as_bytes(),
        )
    }

    /// Uploads the report `file` named `name` on `/admin/upload`.
    pub fn upload(&self, server: &Server, token: &str, name: &str, file: &str) -> Response {
        let boundary = "----steer-boundary-7c1d";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"report\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
        );
        server.request(
            "POST",
            "/admin/upload",
            &[
                ("Cookie", &self.cookies),
                (
                    "Content-Type",
                    &format!("multipart/form-data; boundary={boundary}"),
                ),
            ],
            body.as_bytes(),
        )
    }

    /// Records 7 solidarity actions for `defenders` from Poland on `/admin/record`; the
    /// entry's id, from the page that answered.
    pub fn record_seven(&self, server: &Server) -> i64 {
        let ok = self.post_form(
            server,
            "/admin/record",
            &format!(
                "csrf={}&kind=solidarity&count=7&case=defenders&country=PL&date=2026-12-01",
                self.token
            ),
        );
        assert_eq!(ok.status, 200, "{}", ok.text());
        let text = ok.text();
        let at = text.find("Recorded entry ").unwrap() + 15;
        text[at..].split(':').next().unwrap().parse().unwrap()
    }

    /// Withdraws `entry` on `/admin/record` with the note "typed twice".
    pub fn withdraw_typed_twice(&self, server: &Server, entry: i64) {
        let back = self.post_form(
            server,
            "/admin/record",
            &format!(
                "csrf={}&corrects={entry}&withdraw=1&note=typed+twice",
                self.token
            ),
        );
        assert_eq!(back.status, 200, "{}", back.text());
    }
}

pub(super) fn total(ws: &Workspace) -> u64 {
    let out = ws.ok(&["tally", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["actions"].as_u64().unwrap()
}

pub const GOOD: &str = "date,kind,count,case,country,group\n2026-12-01,solidarity,12,defenders,PL,Kraków\n2026-12-02,appeal,30,defenders,DE,Köln\n";
pub const ONE_BAD: &str = "date,kind,count,case,country,group\n2026-12-01,solidarity,12,defenders,PL,Kraków\n2026-12-02,appeal,lots,defenders,DE,Köln\n2026-12-03,appeal,5,defenders,DE,Köln\n";

#[test]
fn a_report_with_one_bad_row_is_refused_whole_and_a_good_one_names_its_coordinator() {
    let ws = Workspace::sample();
    add_admin(&ws);
    let server = Server::start(&ws, &[]);
    let anna = log_in(&server);
    let before = total(&ws);
    let form = anna.get(&server, "/admin/upload");
    assert_eq!(form.status, 200, "{}", form.text());
    let token = token_in(&form.text());

    let r = anna.upload(&server, &token, "week1.csv", ONE_BAD);
    assert_eq!(r.status, 422, "{}", r.text());
    let page = r.text();
    assert!(
        page.contains("week1.csv:3"),
        "the bad line is not named: {page}"
    );
    assert!(page.contains("count"), "the bad field is not named: {page}");
    assert!(page.contains("nothing was imported"), "{page}");
    assert_eq!(total(&ws), before, "a refused report wrote to the ledger");

    let r = anna.upload(&server, &token, "week1.csv", GOOD);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.text().contains("Imported 2 rows (42 actions)"),
        "{}",
        r.text()
    );
    assert_eq!(total(&ws), before + 42);
    // The audit trail: the import's batch names the coordinator.
    let ledger = Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
    let last = (1..10_000)
        .rev()
        .find_map(|id| ledger.entry(id).unwrap())
        .unwrap();
    assert_eq!(last.by.as_deref(), Some("coordinator anna"));
    assert_eq!(last.origin, "week1.csv:3");
}

#[test]
fn an_action_and_its_withdrawal_recorded_on_the_web_name_the_coordinator() {
    let ws = Workspace::sample();
    add_admin(&ws);
    let server = Server::start(&ws, &[]);
    let anna = log_in(&server);
    let before = total(&ws);
    let bad = anna.post_form(
        &server,
        "/admin/record",
        &format!(
            "csrf={}&kind=dance&count=3&case=defenders&country=PL",
            anna.token
        ),
    );
    assert_eq!(bad.status, 422);
    assert!(
        bad.text().contains("Nothing was recorded"),
        "{}",
        bad.text()
    );
    assert_eq!(total(&ws), before);
    let entry = anna.record_seven(&server);
    assert_eq!(total(&ws), before + 7);
    anna.withdraw_typed_twice(&server, entry);
    assert_eq!(total(&ws), before);
    let ledger = Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
    let e = ledger.entry(entry).unwrap().unwrap();
    assert_eq!(e.by.as_deref(), Some("coordinator anna"));
    let fix = ledger.entry(e.corrected_by.unwrap()).unwrap().unwrap();
    assert_eq!(
        (fix.action.count, fix.by.as_deref()),
        (0, Some("coordinator anna"))
    );
    assert_eq!(fix.action.note.as_deref(), Some("typed twice"));
    // The CLI shows the same audit trail.
    let shown = ws.ok(&["tally", "--entry", &fix.id.to_string()]);
    assert!(shown.contains("by: coordinator anna"), "{shown}");
    assert!(
        shown.contains(&format!("corrects: entry {entry}")),
        "{shown}"
    );
    assert!(shown.contains("note: typed twice"), "{shown}");
}

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

#[test]
fn every_work_form_refuses_a_missing_csrf_token_and_changes_nothing() {
    let ws = Workspace::sample();
    add_admin(&ws);
    {
        let mut ledger = Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
        public(&mut ledger, 1, "a@flood.test", "198.51.100.7", 40);
    }
    let server = Server::start(&ws, &[]);
    let anna = log_in(&server);
    let before = total(&ws);
    let r = anna.upload(&server, "forged", "week1.csv", GOOD);
    assert_eq!(r.status, 403, "{}", r.text());
    let r = anna.post_form(
        &server,
        "/admin/record",
        "csrf=forged&kind=solidarity&count=7&case=defenders&country=PL",
    );
    assert_eq!(r.status, 403, "{}", r.text());
    let r = anna.post_form(
        &server,
        "/admin/withdraw",
        "csrf=forged&domain=flood.test&upto=999999&reason=x",
    );
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(total(&ws), before);
}

#[test]
fn without_a_coordinator_session_the_work_pages_ask_to_log_in_and_change_nothing() {
    let ws = Workspace::sample();
    {
        let mut ledger = Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
        public(&mut ledger, 1, "a@flood.test", "198.51.100.7", 40);
    }
    let server = Server::start(&ws, &[]);
    let before = total(&ws);
    // No cookie at all, then a made-up session and a volunteer's cookie of the same shape.
    let fake = format!("marathon_admin={}", "ab".repeat(32));
    let volunteer = format!("marathon_volunteer={}", "cd".repeat(32));
    for cookies in ["", fake.as_str(), volunteer.as_str()] {
        for path in [
            "/admin/upload",
            "/admin/record",
            "/admin/withdraw?domain=flood.test",
        ] {
            let r = server.request("GET", path, &[("Cookie", cookies)], b"");
            assert_eq!(r.status, 303, "{path} with {cookies:?}");
            assert!(r.header("location").unwrap().starts_with("/admin/login"));
            assert!(!r.text().contains("flood.test"));
        }
        let r = server.request(
            "POST",
            "/admin/withdraw",
            &[
                ("Cookie", cookies),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            b"domain=flood.test&upto=999999&reason=x",
        );
        assert_eq!(r.status, 303, "POST with {cookies:?}");
    }
    assert_eq!(total(&ws), before);
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
