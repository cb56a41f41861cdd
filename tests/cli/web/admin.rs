//! `/admin` over HTTP, and `marathon admin`: accounts, the login with its CSRF check and
//! lockout, sessions and their refusals, the overview's figures, the live email progress
//! and the CSV downloads, each read back against what the CLI says.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use super::{Response, Server, sample_with_report, within};
use crate::mailserver::{MailServer, ServerOptions};
use crate::support::Workspace;

pub const NAME: &str = "anna";
pub const PASSWORD: &str = "correct horse battery";

/// Runs `marathon admin add NAME` with `password` on stdin; returns the output.
pub fn add_account(ws: &Workspace, name: &str, password: &str) -> std::process::Output {
    let mut child = ws
        .marathon()
        .args(["admin", "add", name])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The first `name=value` of a `Set-Cookie` for `name`.
fn set_cookie<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
    r.all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
}

/// Gets the login page as client `ip`: its CSRF cookie and token.
pub fn login_form(server: &Server, ip: &str) -> (String, String) {
    super::csrf_of(&server.request(
        "GET",
        "/admin/login?lang=en",
        &[("X-Forwarded-For", ip)],
        b"",
    ))
}

/// Posts the login form as client `ip`.
pub fn login_as(server: &Server, ip: &str, name: &str, password: &str) -> Response {
    let (cookie, token) = login_form(server, ip);
    let body = format!(
        "csrf={token}&next=%2Fadmin&name={name}&password={}",
        password.replace(' ', "+")
    );
    server.request(
        "POST",
        "/admin/login",
        &[
            ("X-Forwarded-For", ip),
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    )
}

/// Logs in and returns the `Cookie` header a browser would send afterwards (CSRF and
/// session).
pub fn logged_in(server: &Server, ip: &str) -> String {
    let (csrf, token) = login_form(server, ip);
    let body = format!(
        "csrf={token}&next=%2Fadmin&name={NAME}&password={}",
        PASSWORD.replace(' ', "+")
    );
    let r = server.request(
        "POST",
        "/admin/login",
        &[
            ("X-Forwarded-For", ip),
            ("Cookie", &csrf),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let session = set_cookie(&r, "marathon_admin")
        .expect("a session cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    format!("{csrf}; {session}")
}

fn get_as(server: &Server, path: &str, cookie: &str) -> Response {
    server.request("GET", path, &[("Cookie", cookie)], b"")
}

/// The sample workspace with the test report imported and one account.
pub fn admin_workspace() -> Workspace {
    let ws = sample_with_report();
    let out = add_account(&ws, NAME, PASSWORD);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    ws
}

#[test]
fn admin_add_keeps_only_a_private_hash_and_list_and_remove_follow_it() {
    let ws = Workspace::sample();
    let out = add_account(&ws, NAME, PASSWORD);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = ws.read(".marathon/admins.toml");
    assert!(file.contains("$argon2id$"), "{file}");
    assert!(!file.contains("horse"), "the password is in the file");
    assert!(!ws.read("campaign.toml").contains("argon2"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(ws.path().join(".marathon/admins.toml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A second add of the same name, and a short password, change nothing.
    let again = add_account(&ws, NAME, "another long password");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--replace"));
    let short = add_account(&ws, "boris", "short");
    assert_eq!(short.status.code(), Some(2));
    assert_eq!(ws.read(".marathon/admins.toml"), file);
    let list: serde_json::Value =
        serde_json::from_str(&ws.ok(&["admin", "list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], NAME);
    assert!(list[0].get("hash").is_none());
    ws.ok(&["admin", "remove", NAME]);
    let err = ws.fails(&["admin", "remove", NAME], 2);
    assert!(err.contains("no account is called `anna`"), "{err}");
}

#[test]
fn login_sets_a_strict_session_and_the_overview_shows_the_ledger_figures() {
    let ws = admin_workspace();
    let server = Server::start(&ws, &[]);
    let r = login_as(&server, "198.51.100.10", NAME, PASSWORD);
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/admin"));
    let c = set_cookie(&r, "marathon_admin").unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/admin"] {
        assert!(c.contains(part), "{c}");
    }
    assert!(!c.contains("Secure"), "plain HTTP: {c}");
    let cookie = logged_in(&server, "198.51.100.10");
    let page = get_as(&server, "/admin?lang=en", &cookie);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let html = page.text();
    let tally: serde_json::Value =
        serde_json::from_str(&ws.ok(&["tally", "--format", "json"])).unwrap();
    let actions = tally["actions"].as_u64().unwrap();
    assert_eq!(actions, 1494);
    assert!(html.contains("1,494 actions from 5 countries"), "{html}");
    assert!(html.contains("Logged in as anna"));
    for chart in [
        "days-chart-title",
        "kind-chart-title",
        "country-chart-title",
        "case-chart-title",
    ] {
        assert!(html.contains(chart), "no {chart}");
    }
    // Over HTTPS (as the trusted proxy says) the cookie is Secure.
    let (csrf, token) = login_form(&server, "198.51.100.11");
    let body = format!("csrf={token}&next=%2Fadmin&name={NAME}&password=correct+horse+battery");
    let https = server.request(
        "POST",
        "/admin/login",
        &[
            ("X-Forwarded-For", "198.51.100.11"),
            ("X-Forwarded-Proto", "https"),
            ("Cookie", &csrf),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    );
    assert!(
        set_cookie(&https, "marathon_admin")
            .unwrap()
            .contains("; Secure")
    );
}

#[test]
fn no_session_a_volunteer_cookie_or_a_forged_one_is_asked_to_log_in() {
    let ws = admin_workspace();
    let server = Server::start(&ws, &[]);
    let none = server.get("/admin");
    assert_eq!(none.status, 303);
    assert_eq!(none.header("location"), Some("/admin/login?next=/admin"));
    // A volunteer's session cookie is another cookie: it opens nothing here.
    let volunteer = get_as(
        &server,
        "/admin",
        "marathon_volunteer=0123456789abcdef0123456789abcdef",
    );
    assert_eq!(volunteer.status, 303);
    let forged = get_as(
        &server,
        "/admin/csv/country.csv",
        &format!("marathon_admin={}", "a".repeat(64)),
    );
    assert_eq!(forged.status, 303);
    assert_eq!(
        forged.header("location"),
        Some("/admin/login?next=/admin/csv/country.csv&expired=1")
    );
    assert!(
        set_cookie(&forged, "marathon_admin")
            .unwrap()
            .contains("Max-Age=0")
    );
    let json = server.get("/admin/progress.json");
    assert_eq!(json.status, 401);
    // The login page says why it asks again.
    let again = server.get("/admin/login?next=/admin&expired=1&lang=en");
    assert!(again.text().contains("Your session has ended"));
}

#[test]
fn login_and_logout_without_their_csrf_token_are_refused() {
    let ws = admin_workspace();
    let server = Server::start(&ws, &[]);
    let (cookie, _) = login_form(&server, "198.51.100.20");
    let body = format!("csrf=00&next=%2Fadmin&name={NAME}&password=correct+horse+battery");
    let r = server.request(
        "POST",
        "/admin/login",
        &[
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403);
    assert!(set_cookie(&r, "marathon_admin").is_none());
    let session = logged_in(&server, "198.51.100.20");
    let out = server.request(
        "POST",
        "/admin/logout",
        &[
            ("Cookie", &session),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        b"csrf=",
    );
    assert_eq!(out.status, 403);
    assert_eq!(get_as(&server, "/admin", &session).status, 200);
}

#[test]
fn logout_ends_the_session() {
    let ws = admin_workspace();
    let server = Server::start(&ws, &[]);
    let session = logged_in(&server, "198.51.100.30");
    let page = get_as(&server, "/admin?lang=en", &session).text();
    let at = page.find("name=\"csrf\" value=\"").unwrap() + 19;
    let token = page[at..].split('"').next().unwrap();
    let out = server.request(
        "POST",
        "/admin/logout",
        &[
            ("Cookie", &session),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        format!("csrf={token}").as_bytes(),
    );
    assert_eq!(out.status, 303);
    assert_eq!(out.header("location"), Some("/admin/login?out=1"));
    assert_eq!(get_as(&server, "/admin", &session).status, 303);
}

#[test]
fn a_removed_account_loses_its_session_at_the_next_request() {
    let ws = admin_workspace();
    let server = Server::start(&ws, &[]);
    let session = logged_in(&server, "198.51.100.40");
    assert_eq!(get_as(&server, "/admin", &session).status, 200);
    ws.ok(&["admin", "remove", NAME]);
    assert_eq!(get_as(&server, "/admin", &session).status, 303);
}

#[test]
fn five_wrong_passwords_lock_the_account_and_the_address_even_for_the_right_one() {
    let ws = admin_workspace();
    let out = add_account(&ws, "boris", "boris has a long password");
    assert!(out.status.success());
    let server = Server::start(&ws, &[]);
    for _ in 0..5 {
        let r = login_as(&server, "203.0.113.1", NAME, "wrong password!");
        assert_eq!(r.status, 401);
        assert!(r.text().contains("Wrong name or password"));
    }
    // The right password now waits too, from that address...
    let locked = login_as(&server, "203.0.113.1", NAME, PASSWORD);
    assert_eq!(locked.status, 429);
    let wait: u64 = locked.header("retry-after").unwrap().parse().unwrap();
    assert!((25..=31).contains(&wait), "{wait}");
    assert!(set_cookie(&locked, "marathon_admin").is_none());
    // ...from another address for the same account...
    assert_eq!(login_as(&server, "203.0.113.2", NAME, PASSWORD).status, 429);
    // ...and for another account from the same address.
    let other = login_as(&server, "203.0.113.1", "boris", "boris has a long password");
    assert_eq!(other.status, 429);
    // Another account from another address is let in.
    let fine = login_as(&server, "203.0.113.3", "boris", "boris has a long password");
    assert_eq!(fine.status, 303);
}

#[test]
fn each_breakdown_downloads_as_csv_with_the_figures_of_tally() {
    let ws = admin_workspace();
    let server = Server::start(&ws, &[]);
    let session = logged_in(&server, "198.51.100.50");
    let tally: serde_json::Value =
        serde_json::from_str(&ws.ok(&["tally", "--format", "json"])).unwrap();
    let r = get_as(&server, "/admin/csv/country.csv", &session);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(
        r.header("content-disposition")
            .unwrap()
            .starts_with("attachment;")
    );
    let mut rows = csv::Reader::from_reader(r.body.as_slice());
    let got: Vec<(String, u64)> = rows
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[2].parse().unwrap())
        })
        .collect();
    let want: Vec<(String, u64)> = tally["by_country"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_string(),
                l["actions"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, want);
    let days = get_as(&server, "/admin/csv/day-kind.csv", &session).text();
    let sum: u64 = days
        .lines()
        .skip(1)
        .flat_map(|l| {
            l.split(',')
                .skip(1)
                .map(|n| n.parse::<u64>().unwrap())
                .collect::<Vec<_>>()
        })
        .sum();
    assert_eq!(sum, 1494);
    for name in [
        "day",
        "kind",
        "case",
        "channel",
        "group",
        "fewest",
        "none-received",
        "birthdays",
        "silent",
    ] {
        let r = get_as(&server, &format!("/admin/csv/{name}.csv"), &session);
        assert_eq!(r.status, 200, "{name}");
    }
    assert_eq!(
        get_as(&server, "/admin/csv/secrets.csv", &session).status,
        404
    );
}

#[test]
fn the_email_progress_moves_while_send_runs_in_another_process() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = admin_workspace();
    let mut campaign = ws.read("campaign.toml");
    campaign.push_str(&format!(
        "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"plain\"\nconnections = 1\n",
        mail.port()
    ));
    ws.write("campaign.toml", campaign);
    ws.ok(&["generate"]);
    let server = Server::start(&ws, &[]);
    let session = logged_in(&server, "198.51.100.60");
    let progress = || get_as(&server, "/admin/progress.json", &session).json();
    let before = progress();
    let letters = before["letters"].as_u64().unwrap();
    assert!(letters > 10, "{before}");
    assert_eq!(before["delivered"], 0);
    assert_eq!(before["not_sent"].as_u64(), Some(letters));
    let mut send = ws
        .marathon()
        .args(["--quiet", "send", "--yes"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = vec![0u64];
    let done = within(Duration::from_secs(120), || {
        let p = progress();
        let d = p["delivered"].as_u64().unwrap();
        if d != *seen.last().unwrap() {
            seen.push(d);
        }
        (d == letters).then_some(p)
    })
    .expect("every letter delivered");
    assert!(send.wait().unwrap().success());
    assert_eq!(done["not_sent"], 0);
    assert_eq!(done["failed"], 0);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    assert_eq!(mail.messages().len() as u64, letters);
}

/// Moves the birthday of Tamara Viarbitskaya (sample prisoner) to `days` from today.
pub fn birthday_in(ws: &Workspace, days: i64) -> String {
    let day = time::OffsetDateTime::now_utc().date() + time::Duration::days(days);
    let born = format!("1979-{:02}-{:02}", u8::from(day.month()), day.day());
    let csv = ws.read("recipients/prisoners.csv");
    assert!(csv.contains(",1979-05-21,"));
    ws.write(
        "recipients/prisoners.csv",
        csv.replace(",1979-05-21,", &format!(",{born},")),
    );
    day.to_string()
}

#[test]
fn birthdays_and_silent_volunteers_follow_the_address_book_and_the_ledger() {
    let ws = admin_workspace();
    let day = birthday_in(&ws, 10);
    // Exit 1: some prisoners get no letter this time; the assignment is saved all the same.
    ws.run(&["assign"]);
    assert!(ws.path().join(".marathon/assignment.json").exists());
    let server = Server::start(&ws, &[]);
    let session = logged_in(&server, "198.51.100.70");
    let birthdays = get_as(&server, "/admin/csv/birthdays.csv", &session).text();
    assert!(
        birthdays.contains(&format!(
            "tamara-viarbitskaya,Tamara Viarbitskaya,defenders,{day},230,0"
        )),
        "{birthdays}"
    );
    assert_eq!(birthdays.lines().count(), 2, "{birthdays}");
    let silent = |server: &Server| get_as(server, "/admin/csv/silent.csv", &session).text();
    let before = silent(&server);
    assert!(before.contains("\nlukasz-wisniewski,"), "{before}");
    let rows = before.lines().count();
    // Łukasz reports one letter: he is no longer silent, and nobody else moves.
    ws.ok(&[
        "record",
        "--kind",
        "solidarity",
        "--volunteer",
        "lukasz-wisniewski",
        "--case",
        "defenders",
    ]);
    let after = silent(&server);
    assert!(!after.contains("lukasz-wisniewski"), "{after}");
    assert_eq!(after.lines().count(), rows - 1);
}
