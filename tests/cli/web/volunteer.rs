//! The volunteer's pages over HTTP: `marathon invite` mails a personal link (a resumed run
//! mails nobody twice), the link sets the session and leaves the address bar, "posted" is
//! counted once in `marathon tally`, the print view carries the Cyrillic envelope, and every
//! volunteer URL answers a missing session, a forged one, another volunteer's letter and a
//! guessed id alike.

use std::time::Duration;

use super::{Response, Server, within};
use crate::mailserver::{MailServer, ServerOptions, StoredMessage};
use crate::support::Workspace;

/// The sample campaign mailing through `mail`, its letters assigned and generated.
pub fn workspace(mail: &MailServer) -> Workspace {
    workspace_on(mail, None)
}

/// [`workspace`] with its ledger at `ledger` (a `postgres://` URL) when given, from before
/// `assign` reads it.
pub fn workspace_on(mail: &MailServer, ledger: Option<&str>) -> Workspace {
    let ws = Workspace::sample();
    if let Some(url) = ledger {
        crate::support::pg::use_ledger(&ws, url);
    }
    // Links last until the report deadline: one ahead of today.
    let mut campaign = ws.read("campaign.toml").replace(
        "report_deadline = 2026-09-15",
        "report_deadline = 2099-01-15",
    );
    assert!(campaign.contains("2099-01-15"));
    campaign.push_str(&format!(
        "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"plain\"\nretry_delay = \"5ms\"\n\
         timeout = \"10s\"\n",
        mail.port()
    ));
    ws.write("campaign.toml", campaign);
    ws.ok(&["assign"]);
    ws.ok(&["generate"]);
    ws
}

/// The mail to `to`, waited for.
pub fn mail_to(mail: &MailServer, to: &str) -> StoredMessage {
    within(Duration::from_secs(15), || {
        mail.messages()
            .into_iter()
            .find(|m| m.to.iter().any(|t| t == to))
    })
    .unwrap_or_else(|| panic!("no invitation reached {to}:\n{}", mail.log()))
}

/// The personal link in a mail's text.
pub fn link_in(m: &StoredMessage) -> String {
    let text = m.text.clone().unwrap_or_default();
    text.split_whitespace()
        .find(|w| w.contains("/v/"))
        .unwrap_or_else(|| panic!("no link in:\n{text}"))
        .to_string()
}

/// The first `name=value` of the `Set-Cookie` starting with `name=`.
fn set_cookie<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
    r.all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
}

/// Opens `link` on `server` and returns the session cookie (`name=value`).
pub fn open_link(server: &Server, link: &str) -> String {
    let path = &link[link.find("/v/").unwrap()..];
    let r = server.request("GET", path, &[("X-Forwarded-For", "192.0.2.50")], b"");
    assert_eq!(r.status, 303, "{}", r.text());
    // The token leaves the address bar: the page it leads to has no token in it.
    assert_eq!(r.header("location"), Some("/me"));
    let c = set_cookie(&r, "marathon_volunteer").expect("a session cookie");
    assert!(c.contains("HttpOnly") && c.contains("SameSite"), "{c}");
    c.split(';').next().unwrap().to_string()
}

/// Invites `ids` for real, pointing the links at `server`.
pub fn invite(ws: &Workspace, server: &Server, ids: &[&str]) -> String {
    let url = format!("http://{}", server.addr);
    let mut args = vec!["invite", "--yes", "--url", &url];
    for id in ids {
        args.extend(["--volunteer", id]);
    }
    ws.ok(&args)
}

/// Invites juergen-hoffmann on `server` and opens the link mailed to him; his session
/// cookie (`name=value`).
pub fn juergen_session(ws: &Workspace, server: &Server, mail: &MailServer) -> String {
    invite(ws, server, &["juergen-hoffmann"]);
    open_link(
        server,
        &link_in(&mail_to(mail, "juergen.hoffmann@example.org")),
    )
}

/// `/me` as the holder of `cookie`: the page, its CSRF cookie and token.
pub fn me(server: &Server, cookie: &str) -> (Response, String, String) {
    let r = server.request("GET", "/me", &[("Cookie", cookie)], b"");
    let csrf = set_cookie(&r, "marathon_csrf")
        .map(|c| c.split(';').next().unwrap().to_string())
        .unwrap_or_default();
    let html = r.text();
    let token = html
        .find("name=\"csrf\" value=\"")
        .map(|at| html[at + 19..].split('"').next().unwrap().to_string())
        .unwrap_or_default();
    (r, csrf, token)
}

/// The id of the letter whose heading starts with `heading` (the first letter without one).
pub fn letter_after(html: &str, heading: &str) -> String {
    let from = html
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?} in {html}"));
    let at = html[from..].find("/me/letters/").expect("a letter") + from + 12;
    html[at..].split('/').next().unwrap().to_string()
}

/// Reports letter `letter` as `status` today from the volunteer's page.
pub fn report(server: &Server, cookies: &str, csrf: &str, letter: &str, status: &str) -> Response {
    let day = time::OffsetDateTime::now_utc().date().to_string();
    let body = format!("csrf={csrf}&status={status}&date={day}");
    server.request(
        "POST",
        &format!("/me/letters/{letter}/report"),
        &[
            ("Cookie", cookies),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    )
}

fn actions(ws: &Workspace) -> u64 {
    let out = ws.ok(&["tally", "--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&out).unwrap()["actions"]
        .as_u64()
        .unwrap()
}

#[test]
fn an_invitation_opens_the_volunteers_page_and_posted_is_counted_once_in_tally() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&mail);
    let server = Server::start(&ws, &[]);

    // Without --yes: the plan, and nothing mailed.
    let plan = ws.ok(&["invite", "--volunteer", "juergen-hoffmann"]);
    assert!(plan.contains("1 volunteer to mail now"), "{plan}");
    std::thread::sleep(Duration::from_millis(200));
    assert!(mail.messages().is_empty());

    let out = invite(&ws, &server, &["juergen-hoffmann"]);
    assert!(out.contains("1 link mailed"), "{out}");
    let m = mail_to(&mail, "juergen.hoffmann@example.org");
    // In the volunteer's language.
    assert!(
        m.subject
            .as_deref()
            .unwrap_or("")
            .starts_with("Deine Briefe"),
        "{m:?}"
    );
    let cookie = open_link(&server, &link_in(&m));

    let (page, csrf, token) = me(&server, &cookie);
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    assert!(html.contains("<html lang=\"de\""), "not in German");
    assert!(html.contains("Hallo, Jürgen"), "{html}");
    // The prisoner with the case summary, the letter in Russian beside its translation.
    assert!(html.contains("Tamara Viarbitskaya"));
    assert!(html.contains("human rights monitor from Homiel"));
    assert!(html.contains("<div class=\"version\" lang=\"ru\">"));
    assert!(html.contains("Deine Übersetzung"));
    assert!(html.contains("noch nichts gemeldet"));
    let letter = letter_after(&html, "<h3>An Tamara");
    assert_eq!(actions(&ws), 0);

    let cookies = format!("{cookie}; {csrf}");
    let r = report(&server, &cookies, &token, &letter, "posted");
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(actions(&ws), 1);
    // The entry the letter became names the volunteer who reported it, as the CLI shows it.
    let shown = ws.ok(&["tally", "--entry", "1"]);
    assert!(shown.contains("by: volunteer juergen-hoffmann"), "{shown}");
    assert!(shown.contains(&letter), "{shown}");
    // A second click records nothing more.
    let r = report(&server, &cookies, &token, &letter, "posted");
    assert_eq!(r.status, 303);
    assert_eq!(actions(&ws), 1);
    let html = me(&server, &cookie).0.text();
    assert!(
        html.contains("Stand: <strong>abgeschickt</strong>"),
        "{html}"
    );
    let history = &html[html.find("history-h").unwrap()..];
    assert_eq!(history.matches("abgeschickt").count(), 1, "{history}");

    // The print view: the envelope in Cyrillic as the rules require, the stylesheet linked.
    let p = server.request(
        "GET",
        &format!("/me/letters/{letter}/print"),
        &[("Cookie", &cookie)],
        b"",
    );
    assert_eq!(p.status, 200);
    let print = p.text();
    assert!(print.contains("246035, г. Гомель"), "{print}");
    assert!(print.contains("REPUBLIC OF BELARUS"));
    assert!(print.contains("href=\"/me/print.css\"") && !print.contains("<style>"));
    let css = server.get("/me/print.css");
    assert!(css.text().contains("@page"));

    // A run again mails nobody twice.
    let again = invite(&ws, &server, &["juergen-hoffmann"]);
    assert!(
        again.contains("1 volunteer already mailed their link"),
        "{again}"
    );
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(mail.messages().len(), 1);
}

#[test]
fn a_mail_handed_over_without_an_answer_is_never_sent_again() {
    // The server stores the mail and drops the connection before answering.
    let mail = MailServer::start(ServerOptions::new().drop_rate(1.0).drop_after_store());
    let ws = workspace(&mail);
    let server = Server::start(&ws, &[]);
    let url = format!("http://{}", server.addr);
    let first = ws.run(&[
        "invite",
        "--yes",
        "--url",
        &url,
        "--volunteer",
        "lukasz-wisniewski",
    ]);
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(text.contains("without an answer"), "{text}");
    within(Duration::from_secs(10), || {
        (!mail.messages().is_empty()).then_some(())
    });
    let again = ws.ok(&[
        "invite",
        "--yes",
        "--url",
        &url,
        "--volunteer",
        "lukasz-wisniewski",
    ]);
    assert!(
        again.contains("1 link handed to the server without an answer: not mailed again"),
        "{again}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(mail.messages().len(), 1);
    // The link in the one mail works.
    let m = mail_to(&mail, "lukasz.wisniewski@example.org");
    open_link(&server, &link_in(&m));
}

/// A server for the sample workspace with Jürgen and Łukasz invited through `mail`, each
/// with the session cookie their link set: `(workspace, server, juergen, lukasz)`.
pub fn two_volunteers(mail: &MailServer) -> (Workspace, Server, String, String) {
    let ws = workspace(mail);
    let server = Server::start(&ws, &[]);
    invite(&ws, &server, &["juergen-hoffmann", "lukasz-wisniewski"]);
    let juergen = open_link(
        &server,
        &link_in(&mail_to(mail, "juergen.hoffmann@example.org")),
    );
    let lukasz = open_link(
        &server,
        &link_in(&mail_to(mail, "lukasz.wisniewski@example.org")),
    );
    (ws, server, juergen, lukasz)
}

#[test]
fn every_volunteer_url_refuses_another_volunteer_a_forged_session_and_a_guess_alike() {
    let mail = MailServer::start(ServerOptions::new());
    let (ws, server, juergen, lukasz) = two_volunteers(&mail);
    let (page, csrf, token) = me(&server, &juergen);
    let his = letter_after(&page.text(), "<h3>An ");
    let (_, l_csrf, l_token) = me(&server, &lukasz);
    let lukasz_cookies = format!("{lukasz}; {l_csrf}");

    // The answer to a letter that does not exist, with a valid session.
    let missing = server.request(
        "GET",
        "/me/letters/0000000000000000/print",
        &[("Cookie", &lukasz)],
        b"",
    );
    assert_eq!(missing.status, 404);
    let answer = missing.text();

    // Another volunteer's letter: print and report.
    let r = server.request(
        "GET",
        &format!("/me/letters/{his}/print"),
        &[("Cookie", &lukasz)],
        b"",
    );
    assert_eq!((r.status, r.text()), (404, answer.clone()));
    let r = report(&server, &lukasz_cookies, &l_token, &his, "posted");
    assert_eq!((r.status, r.text()), (404, answer.clone()));
    let r = report(
        &server,
        &lukasz_cookies,
        &l_token,
        "0000000000000000",
        "posted",
    );
    assert_eq!((r.status, r.text()), (404, answer.clone()));

    // No session, a forged one (Jürgen's id with Łukasz's signature), an admin cookie.
    let (j_id, _) = juergen.split_once('.').unwrap();
    let (_, l_rest) = lukasz.split_once('.').unwrap();
    let forged = format!("{j_id}.{l_rest}");
    for cookie in ["", forged.as_str(), "marathon_admin=0123456789abcdef"] {
        for path in ["/me", "/me/print", &format!("/me/letters/{his}/print")] {
            let r = server.request("GET", path, &[("Cookie", cookie)], b"");
            assert_eq!(
                (r.status, r.text()),
                (404, answer.clone()),
                "{path} with {cookie:?}"
            );
        }
        let r = report(
            &server,
            &format!("{cookie}; {csrf}"),
            &token,
            &his,
            "posted",
        );
        assert_eq!(
            (r.status, r.text()),
            (404, answer.clone()),
            "report with {cookie:?}"
        );
    }
    // A guessed link and a malformed one: the same answer.
    let guess = server.request(
        "GET",
        &format!("/v/{}", "ab".repeat(32)),
        &[("X-Forwarded-For", "192.0.2.7")],
        b"",
    );
    let short = server.request("GET", "/v/abc", &[("X-Forwarded-For", "192.0.2.7")], b"");
    assert_eq!((guess.status, guess.text()), (404, answer.clone()));
    assert_eq!((short.status, short.text()), (404, answer));
    assert!(set_cookie(&guess, "marathon_volunteer").is_none());

    // Without its CSRF token the report is refused and nothing counted.
    let r = report(&server, &format!("{juergen}; {csrf}"), "", &his, "posted");
    assert_eq!(r.status, 403);
    assert_eq!(actions(&ws), 0);

    // Guessing links from one address meets the limit.
    let statuses: Vec<u16> = (0..40)
        .map(|i| {
            server
                .request(
                    "GET",
                    &format!("/v/{:064x}", i),
                    &[("X-Forwarded-For", "198.51.100.99")],
                    b"",
                )
                .status
        })
        .collect();
    assert!(statuses.contains(&429), "{statuses:?}");
}

/// Asks for the link of `email` again from client `ip`.
fn again(server: &Server, ip: &str, email: &str) -> Response {
    let r = server.request("GET", "/me/link?lang=en", &[("X-Forwarded-For", ip)], b"");
    assert_eq!(r.status, 200);
    let cookie = set_cookie(&r, "marathon_csrf")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let html = r.text();
    let at = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    let token = html[at..].split('"').next().unwrap().to_string();
    let body = format!("csrf={token}&email={}", email.replace('@', "%40"));
    server.request(
        "POST",
        "/me/link?lang=en",
        &[
            ("X-Forwarded-For", ip),
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    )
}

#[test]
fn email_me_my_link_again_answers_the_same_whether_or_not_the_address_is_known() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&mail);
    let server = Server::start(&ws, &[]);

    let known = again(&server, "192.0.2.1", "Juergen.Hoffmann@example.org");
    let unknown = again(&server, "192.0.2.2", "nobody@example.org");
    assert_eq!(
        (known.status, known.text()),
        (unknown.status, unknown.text())
    );
    assert_eq!(known.status, 200);
    let m = mail_to(&mail, "juergen.hoffmann@example.org");
    let cookie = open_link(&server, &link_in(&m));
    assert_eq!(me(&server, &cookie).0.status, 200);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        mail.messages().len(),
        1,
        "a mail went to an unknown address"
    );

    // Without its CSRF token: refused, nothing mailed.
    let r = server.request(
        "POST",
        "/me/link",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"email=juergen.hoffmann%40example.org",
    );
    assert_eq!(r.status, 403);
    // One address is mailed once an hour, whatever the client.
    let r = again(&server, "192.0.2.3", "juergen.hoffmann@example.org");
    assert_eq!(r.status, 429);
    assert!(r.header("retry-after").is_some());
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(mail.messages().len(), 1);
}
