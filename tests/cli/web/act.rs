//! "I took action" over HTTP: a helper that sends the form as a browser would (CSRF cookie
//! and token from the form page), and the limits that need distinct client addresses.

use std::time::Duration;

use super::{Response, Server, within};
use crate::browser::mailed_link;
use crate::mailserver::{MailServer, ServerOptions};
use crate::support::Workspace;

/// Gets `/act` as client `ip` (through the trusted proxy) and returns its CSRF cookie and
/// token.
pub fn form_token(server: &Server, ip: &str) -> (String, String) {
    super::csrf_of(&server.request("GET", "/act?lang=en", &[("X-Forwarded-For", ip)], b""))
}

/// Sends the form as client `ip`: 3 solidarity cards for `defenders` from Poland by `email`.
pub fn act_post(server: &Server, ip: &str, email: &str) -> Response {
    let (cookie, token) = form_token(server, ip);
    let body = format!(
        "csrf={token}&kind=solidarity&count=3&case=defenders&country=PL&group=&email={}&website=",
        email.replace('@', "%40").replace('+', "%2B")
    );
    server.request(
        "POST",
        "/act?lang=en",
        &[
            ("X-Forwarded-For", ip),
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    )
}

#[test]
fn the_daily_cap_stops_confirmation_mails_to_one_address_whatever_the_ip() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = Workspace::sample();
    let mut campaign = ws.read("campaign.toml");
    campaign.push_str(&format!(
        "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"plain\"\n\n[web]\n\
         mails_per_address_per_day = 2\n",
        mail.port()
    ));
    ws.write("campaign.toml", campaign);
    let server = Server::start(&ws, &[]);
    // Gmail aliases of one inbox, from three networks.
    let sent = [
        act_post(&server, "198.51.100.1", "Target.Person@gmail.com"),
        act_post(&server, "198.51.100.2", "targetperson+x@gmail.com"),
        act_post(&server, "198.51.100.3", "target.person+y@googlemail.com"),
    ];
    let statuses: Vec<u16> = sent.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [303, 303, 429]);
    assert!(sent[2].header("retry-after").is_some());
    assert!(sent[2].text().contains("as many confirmation mails today"));
    within(Duration::from_secs(15), || {
        (mail.messages().len() >= 2).then_some(())
    })
    .expect("two confirmation mails");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(mail.messages().len(), 2);
}

#[test]
fn a_malformed_submission_is_shown_again_with_its_errors_and_stores_nothing() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = Workspace::sample();
    let mut campaign = ws.read("campaign.toml");
    campaign.push_str(&format!(
        "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"plain\"\n",
        mail.port()
    ));
    ws.write("campaign.toml", campaign);
    let server = Server::start(&ws, &[]);
    let (cookie, token) = form_token(&server, "192.0.2.1");
    let body =
        format!("csrf={token}&kind=dance&count=100000&case=nobody&country=XX&email=not-an-address");
    let r = server.request(
        "POST",
        "/act?lang=en",
        &[
            ("X-Forwarded-For", "192.0.2.1"),
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 422);
    let html = r.text();
    for message in [
        "Choose what you did.",
        "Enter a whole number within the allowed range.",
        "Choose one of the campaign",
        "Choose your country.",
        "Enter an email address",
    ] {
        assert!(html.contains(message), "{message} missing");
    }
    assert!(
        html.contains("value=\"not-an-address\""),
        "the typed value is kept"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(mail.messages().is_empty());
}

/// The campaign file `original` with `[smtp]` on `port`, written into `ws`.
pub(super) fn with_smtp(ws: &Workspace, original: &str, port: u16) {
    ws.write(
        "campaign.toml",
        format!(
            "{original}\n[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"plain\"\n\
             retries = 1\nretry_delay = \"5ms\"\ntimeout = \"5s\"\n"
        ),
    );
}

/// The sample campaign mailing through `mail`, with `web` (lines of its `[web]` table).
fn mailing_with(mail: &MailServer, web: &str) -> Workspace {
    let ws = Workspace::sample();
    let original = ws.read("campaign.toml");
    with_smtp(&ws, &original, mail.port());
    let mut campaign = ws.read("campaign.toml");
    campaign.push_str(&format!("\n[web]\n{web}\n"));
    ws.write("campaign.toml", campaign);
    ws
}

// A confirmation mail queued while the mail server was down must go out after a restart,
// once, and a later restart must not send it again.
#[test]
fn a_queued_confirmation_mail_survives_a_restart_and_goes_out_once() {
    let ws = Workspace::sample();
    let original = ws.read("campaign.toml");
    let down = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_port = down.local_addr().unwrap().port();
    drop(down);
    with_smtp(&ws, &original, dead_port);
    let server = Server::start(&ws, &[]);
    assert_eq!(
        act_post(&server, "192.0.2.7", "queued@example.org").status,
        303
    );
    std::thread::sleep(Duration::from_millis(500));
    server.signal("TERM");
    let (code, _) = server.wait_exit(Duration::from_secs(15));
    assert_eq!(code, Some(0));
    let ledger = marathon::ledger::Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
    let queued = ledger
        .confirmation_outbox(10, time::OffsetDateTime::UNIX_EPOCH)
        .unwrap();
    assert_eq!(
        queued.len(),
        1,
        "the mail was lost while the server was down"
    );

    let mail = MailServer::start(ServerOptions::new());
    with_smtp(&ws, &original, mail.port());
    let server = Server::start(&ws, &[]);
    within(Duration::from_secs(15), || {
        (!mail.messages().is_empty()).then_some(())
    })
    .expect("the queued mail after the restart");
    let state = within(Duration::from_secs(5), || {
        let s = ledger.confirmation_mail_state(queued[0].id).unwrap()?;
        (s.0 == "delivered").then_some(s)
    });
    assert_eq!(state, Some(("delivered".to_string(), 1)));
    drop(server);
    let server = Server::start(&ws, &[]);
    std::thread::sleep(Duration::from_millis(800));
    drop(server);
    let to: Vec<String> = mail.messages().into_iter().flat_map(|m| m.to).collect();
    assert_eq!(to, ["queued@example.org"]);
}

#[test]
fn one_address_is_limited_per_hour_from_any_network() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = mailing_with(&mail, "per_address_per_hour = 1");
    let server = Server::start(&ws, &[]);
    assert_eq!(
        act_post(&server, "198.51.100.20", "one@example.org").status,
        303
    );
    let again = act_post(&server, "198.51.100.21", "ONE+again@example.org");
    assert_eq!(again.status, 429);
    assert!(again.text().contains("for this email address"));
    let wait: u64 = again.header("retry-after").unwrap().parse().unwrap();
    assert!(wait > 60, "{wait}");
    // Another address from the same network is not held back.
    assert_eq!(
        act_post(&server, "198.51.100.21", "two@example.org").status,
        303
    );
}

#[test]
fn without_a_mail_server_the_form_says_it_is_closed_and_keeps_nothing() {
    let ws = Workspace::sample();
    let server = Server::start(&ws, &[]);
    let page = server.get("/act?lang=en");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("This form is closed for now"));
    assert!(!page.text().contains("<form class=\"act\""));
}

#[test]
fn a_zero_limit_in_the_web_table_stops_the_server_naming_the_field() {
    let ws = Workspace::sample();
    let mut campaign = ws.read("campaign.toml");
    campaign.push_str("\n[web]\nmax_count = 0\n");
    ws.write("campaign.toml", campaign);
    let err = ws.fails(&["serve", "--listen", "127.0.0.1:0"], 2);
    assert!(
        err.contains("`[web] max_count` must be at least 1"),
        "{err}"
    );
}

// `ledger copy` refused a ledger holding submissions waiting for their link; now it moves
// them, and a link mailed before the copy confirms on the copy, whose daily mail counts came
// along too.
#[test]
fn a_link_mailed_before_a_ledger_copy_confirms_on_the_copy() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = mailing_with(&mail, "mails_per_address_per_day = 1");
    let campaign = ws.read("campaign.toml");
    let server = Server::start(&ws, &[]);
    assert_eq!(
        act_post(&server, "192.0.2.8", "early@example.org").status,
        303
    );
    let link = mailed_link(&mail, "early@example.org", "/act/confirm/");
    server.signal("TERM");
    let (code, _) = server.wait_exit(Duration::from_secs(15));
    assert_eq!(code, Some(0));

    let out = ws.ok(&["ledger", "copy", "ledger.sqlite", "copy.sqlite"]);
    assert!(out.contains("1 submission waiting for its link"), "{out}");
    for end in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(ws.path().join(format!("ledger.sqlite{end}")));
    }
    let copy = ws.path().join("copy.sqlite");
    ws.write(
        "campaign.toml",
        format!("ledger = \"{}\"\n{campaign}", copy.display()),
    );
    let before = super::steer::total(&ws);
    let server = Server::start(&ws, &[]);
    let confirmed = super::confirm_link(&server, &link, "192.0.2.8");
    assert!(
        confirmed.status < 400,
        "{} {}",
        confirmed.status,
        confirmed.text()
    );
    assert_eq!(super::steer::total(&ws), before + 3);
    // The address had its one mail today before the copy: the copy knows it.
    assert_eq!(
        act_post(&server, "192.0.2.9", "early@example.org").status,
        429
    );
    assert!(!ws.path().join("ledger.sqlite").exists());
}
