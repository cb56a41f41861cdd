//! `/admin/volunteers` in a real browser: reached from the coordinators' navigation, the
//! address book and the sign-ups in one table, axe-core clean, and a screenshot.

use super::browser;
use crate::web::Server;
use crate::web::admin::{NAME, PASSWORD, admin_workspace};
use crate::web::volunteer_admin::sign_up;

#[test]
fn a_coordinator_opens_the_volunteers_and_signups_from_the_navigation() {
    let Some(b) = browser() else { return };
    let ws = admin_workspace();
    // Exit 1: some prisoners get no letter this time; the assignment is saved all the same.
    ws.run(&["assign"]);
    sign_up(&ws, "Jan Kowal", "jan.kowal@example.org", "jan-kowal", true);
    sign_up(&ws, "Olga Wartet", "olga@example.net", "olga-wartet", false);
    let server = Server::start(&ws, &[]);
    let base = format!("http://{}", server.addr);

    b.goto(&format!("{base}/admin/volunteers?lang=en"));
    assert!(b.url().contains("/admin/login"), "{}", b.url());
    b.fill("#login-name", NAME);
    b.fill("#login-password", PASSWORD);
    b.submit("form.admin-login button[type=submit]");
    b.goto(&format!("{base}/admin?lang=en"));
    b.submit("nav.admin-nav a[href='/admin/volunteers']");
    assert_eq!(b.title(), "Volunteers and sign-ups");
    let table = b.text("table.volunteers");
    assert!(table.contains("Jan Kowal"), "{table}");
    assert!(
        table.contains("web sign-up, waiting for the link"),
        "{table}"
    );
    assert!(!table.contains("jan.kowal@example.org"));
    b.assert_accessible("/admin/volunteers");
    b.screenshot("admin-volunteers");
}
