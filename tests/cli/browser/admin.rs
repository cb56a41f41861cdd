//! `/admin` in a real browser: the login (a wrong password shown, the CSRF refusal), the
//! overview with its charts, its email figures moving while `send` runs in another process,
//! and the logout. Screenshots of every page; axe-core on each.

use std::process::Stdio;
use std::time::Duration;

use super::browser;
use crate::mailserver::{MailServer, ServerOptions};
use crate::web::Server;
use crate::web::admin::{NAME, PASSWORD, admin_workspace, birthday_in};

#[test]
fn a_coordinator_logs_in_watches_the_email_run_and_logs_out() {
    let Some(b) = browser() else { return };
    let mail = MailServer::start(ServerOptions::new());
    let ws = admin_workspace();
    let mut campaign = ws.read("campaign.toml");
    campaign.push_str(&format!(
        "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"plain\"\nconnections = 1\n",
        mail.port()
    ));
    ws.write("campaign.toml", campaign);
    birthday_in(&ws, 10);
    // Exit 1: some prisoners get no letter this time; the assignment is saved all the same.
    ws.run(&["assign"]);
    assert!(ws.path().join(".marathon/assignment.json").exists());
    ws.ok(&["generate"]);
    let server = Server::start(&ws, &[]);
    let base = format!("http://{}", server.addr);

    // Without a session the overview asks to log in.
    b.goto(&format!("{base}/admin?lang=en"));
    assert!(b.url().contains("/admin/login?next=/admin"), "{}", b.url());
    assert_eq!(b.title(), "Coordinators' login");
    b.assert_accessible("/admin/login");
    b.screenshot("admin-login");

    b.fill("#login-name", NAME);
    b.fill("#login-password", "not the password");
    b.submit("form.admin-login button[type=submit]");
    assert_eq!(b.text("#login-error"), "Wrong name or password.");
    assert_eq!(b.attr("#login-name", "value").as_deref(), Some(NAME));
    b.assert_accessible("/admin/login with an error");
    b.screenshot("admin-login-wrong");

    b.fill("#login-password", PASSWORD);
    b.submit("form.admin-login button[type=submit]");
    assert!(b.url().ends_with("/admin"), "{}", b.url());
    assert_eq!(b.text("p.headline"), "1,494 actions from 5 countries");
    assert!(b.exists("#days-chart-title"));
    let letters: u64 = server
        .request("GET", "/admin/progress.json", &[], b"")
        .status
        .into();
    assert_eq!(letters, 401, "the JSON needs the session too");
    assert_eq!(b.text("#email-progress dd[data-field=delivered]"), "0");
    assert!(
        b.text("#birthdays-h + table")
            .contains("Tamara Viarbitskaya")
    );
    assert!(b.text("#silent-h + table").contains("Łukasz Wiśniewski"));
    b.assert_accessible("/admin");
    b.screenshot("admin-overview");

    // `send` in another process: the open page's figures move without a reload.
    let mut send = ws
        .marathon()
        .args(["--quiet", "send", "--yes"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(send.wait().unwrap().success());
    let total = mail.messages().len().to_string();
    b.wait_for("the delivered figure", Duration::from_secs(10), |b| {
        b.text("#email-progress dd[data-field=delivered]") == total
    });
    assert_eq!(b.text("#email-progress dd[data-field=not_sent]"), "0");
    b.screenshot("admin-overview-sent");

    b.submit("nav.admin-nav button[type=submit]");
    assert!(b.url().contains("/admin/login?out=1"), "{}", b.url());
    assert_eq!(b.text("p.note"), "You are logged out.");
    b.goto(&format!("{base}/admin"));
    assert!(b.url().contains("/admin/login"), "{}", b.url());
}

#[test]
fn a_login_without_its_csrf_token_is_refused_in_the_browser() {
    let Some(b) = browser() else { return };
    let ws = admin_workspace();
    let server = Server::start(&ws, &[]);
    b.goto(&format!("http://{}/admin/login?lang=en", server.addr));
    b.fill("#login-name", NAME);
    b.fill("#login-password", PASSWORD);
    b.exec_on("input[name=csrf]", "arguments[0].remove();");
    b.submit("form.admin-login button[type=submit]");
    assert_eq!(
        b.text("#login-error"),
        "This form has expired. Please try again."
    );
    b.assert_accessible("the login's CSRF refusal");
    b.screenshot("admin-login-csrf");
    b.goto(&format!("http://{}/admin", server.addr));
    assert!(b.url().contains("/admin/login"), "{}", b.url());
}
