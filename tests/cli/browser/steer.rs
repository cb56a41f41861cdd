//! The coordinator's work pages in a real browser: a report with one bad row uploaded (the
//! error shown, nothing written), then the good one; an action recorded; public actions of
//! one email domain listed and withdrawn (the counter down by exactly their actions). Each
//! page screenshotted and checked with axe-core.

use serde_json::json;

use marathon::ledger::Ledger;

use super::browser;
use crate::support::Workspace;
use crate::web::Server;
use crate::web::flood::public;
use crate::web::steer::{GOOD, ONE_BAD, PASSWORD, add_admin};

fn total(ws: &Workspace) -> u64 {
    let out = ws.ok(&["tally", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["actions"].as_u64().unwrap()
}

#[test]
fn a_coordinator_uploads_records_and_withdraws_from_the_work_pages() {
    let Some(b) = browser() else { return };
    let ws = Workspace::sample();
    add_admin(&ws);
    {
        let mut ledger = Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
        public(&mut ledger, 1, "a@flood.test", "198.51.100.7", 40);
        public(&mut ledger, 2, "b@flood.test", "198.51.100.9", 60);
        public(&mut ledger, 3, "c@example.org", "192.0.2.1", 5);
    }
    ws.write("week1-bad.csv", ONE_BAD);
    ws.write("week1.csv", GOOD);
    let server = Server::start(&ws, &[]);
    let base = format!("http://{}", server.addr);
    let before = total(&ws);

    b.goto(&format!("{base}/admin/upload?lang=en"));
    assert!(b.url().contains("/admin/login"), "{}", b.url());
    b.fill("#login-name", "anna");
    b.fill("#login-password", PASSWORD);
    b.submit("form button[type=submit]");

    // Upload: the bad file is refused with its line and field, nothing written.
    b.goto(&format!("{base}/admin/upload?lang=en"));
    b.assert_accessible("/admin/upload");
    b.screenshot("steer-upload-form");
    let input = b.find("#report");
    let path = ws.path().join("week1-bad.csv");
    b.must(
        "POST",
        &format!("/element/{input}/value"),
        Some(json!({ "text": path.display().to_string() })),
    );
    b.submit("form[enctype] button[type=submit]");
    let problem = b.text("[role=alert]");
    assert!(
        problem.contains("week1-bad.csv:3: field `count`"),
        "{problem}"
    );
    assert!(problem.contains("nothing was imported"), "{problem}");
    b.assert_accessible("/admin/upload (refused)");
    b.screenshot("steer-upload-refused");
    assert_eq!(total(&ws), before);
    let input = b.find("#report");
    let path = ws.path().join("week1.csv");
    b.must(
        "POST",
        &format!("/element/{input}/value"),
        Some(json!({ "text": path.display().to_string() })),
    );
    b.submit("form[enctype] button[type=submit]");
    assert!(
        b.text("[role=status]")
            .contains("Imported 2 rows (42 actions)")
    );
    b.screenshot("steer-upload-done");
    assert_eq!(total(&ws), before + 42);

    // Record one action.
    b.goto(&format!("{base}/admin/record?lang=en"));
    b.assert_accessible("/admin/record");
    b.screenshot("steer-record-form");
    b.select("#kind", "solidarity");
    b.fill("#count", "4");
    b.fill("#case", "defenders");
    b.fill("#country", "PL");
    b.submit("form.work button[type=submit]");
    assert!(b.text("[role=status]").contains("Recorded entry"));
    b.screenshot("steer-record-done");
    assert_eq!(total(&ws), before + 46);

    // Withdraw the flood from one domain.
    b.goto(&format!("{base}/admin/withdraw?lang=en"));
    b.fill("#domain", "flood.test");
    b.submit("form.work[method=get] button[type=submit]");
    assert!(b.text("h2").contains("2 public entries, 100 actions"));
    b.assert_accessible("/admin/withdraw (listed)");
    b.screenshot("steer-withdraw-list");
    b.fill("#reason", "one sender, many addresses");
    b.submit("form.work[method=post] button[type=submit]");
    assert!(
        b.text("[role=status]")
            .contains("Withdrew 2 public entries (100 actions)")
    );
    b.screenshot("steer-withdraw-done");
    assert_eq!(total(&ws), before + 46 - 100);
}
