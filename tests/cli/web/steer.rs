//! The coordinator's work pages over HTTP: a report with one bad row refused whole, an
//! action and its withdrawal recorded on the web, a CSRF refusal on each form, and no session
//! (or another cookie) refused; every web change names its coordinator.

use std::io::Write;
use std::process::Stdio;

use marathon::ledger::Ledger;

use super::flood::public;
use super::{Response, Server};
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
