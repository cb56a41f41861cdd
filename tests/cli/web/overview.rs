//! The coordinators' overview is kept between requests while nothing it reads changes:
//! each test changes one thing it reads (the ledger from another process or from the web,
//! the address book) and expects the next request to show it.

use super::Server;
use super::admin::{admin_workspace, birthday_in, logged_in};

fn get(server: &Server, path: &str, cookie: &str) -> String {
    let r = server.request("GET", path, &[("Cookie", cookie)], b"");
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.text()
}

fn csrf_token(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

// A kept overview must never show a figure older than the ledger: an action recorded by the
// CLI (another process) or on the web (the server's own connection) shows at the next request.
#[test]
fn the_overview_shows_an_action_at_the_next_request_after_it_is_recorded() {
    let ws = admin_workspace();
    let server = Server::start(&ws, &[]);
    let cookie = logged_in(&server, "198.51.100.80");
    let page = get(&server, "/admin?lang=en", &cookie);
    assert!(page.contains("1,494 actions from 5 countries"), "{page}");
    // Asked again with nothing changed: the same figures.
    let again = get(&server, "/admin?lang=en", &cookie);
    assert!(again.contains("1,494 actions from 5 countries"), "{again}");
    ws.ok(&[
        "record",
        "--kind",
        "petition",
        "--case",
        "defenders",
        "--country",
        "DE",
    ]);
    let page = get(&server, "/admin?lang=en", &cookie);
    assert!(page.contains("1,495 actions from 5 countries"), "{page}");
    let csv = get(&server, "/admin/csv/kind.csv", &cookie);
    let petitions: Vec<&str> = csv.lines().filter(|l| l.starts_with("petition,")).collect();
    assert_eq!(petitions.len(), 1, "{csv}");
    let token = csrf_token(&page);
    let r = server.request(
        "POST",
        "/admin/record",
        &[
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        format!("csrf={token}&kind=petition&count=5&case=defenders&country=DE").as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let page = get(&server, "/admin?lang=en", &cookie);
    assert!(page.contains("1,500 actions from 5 countries"), "{page}");
    let after = get(&server, "/admin/csv/kind.csv", &cookie);
    assert_ne!(
        after, csv,
        "the CSV still has the figures from before the web's action"
    );
}

// The address book is read from files, not the ledger: a birthday moved into the next 30
// days shows at the next request although the ledger did not change.
#[test]
fn the_overview_follows_the_address_book_without_a_ledger_change() {
    let ws = admin_workspace();
    let server = Server::start(&ws, &[]);
    let cookie = logged_in(&server, "198.51.100.81");
    let before = get(&server, "/admin/csv/birthdays.csv", &cookie);
    assert!(!before.contains("tamara-viarbitskaya"), "{before}");
    let day = birthday_in(&ws, 3);
    let after = get(&server, "/admin/csv/birthdays.csv", &cookie);
    assert!(
        after.contains(&format!(
            "tamara-viarbitskaya,Tamara Viarbitskaya,defenders,{day},"
        )),
        "{after}"
    );
}
