//! `/admin/volunteers` over HTTP: the address book's volunteers and the web sign-ups side by
//! side (confirmed or waiting, with their assigned prisoners), no email address in full, and
//! nothing shown without a coordinator's session.

use marathon::act::key::ActKey;
use marathon::ledger::{Joined, Ledger, NewSignup};
use time::OffsetDateTime;

use super::Server;
use super::admin::{admin_workspace, logged_in};
use crate::support::Workspace;

/// Stores a sign-up as `/join` would; confirms it (as volunteer `slug`) when `confirm`.
pub fn sign_up(ws: &Workspace, name: &str, email: &str, slug: &str, confirm: bool) {
    let key = ActKey::load_or_create(ws.path()).unwrap();
    let link = key.new_link();
    let mut ledger = Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
    let now = OffsetDateTime::now_utc();
    ledger
        .submit_signup(
            &NewSignup {
                token_hash: link.token_hash,
                nonce: link.nonce.clone(),
                name: name.into(),
                email: email.into(),
                address_hash: key.address_hash(email),
                city: "Lublin".into(),
                country: "PL".into(),
                languages: vec!["ru".into(), "pl".into()],
                lang: "pl".into(),
                submitted_at: now,
            },
            5,
        )
        .unwrap();
    if confirm {
        let joined = ledger
            .confirm_signup(
                &link.token_hash,
                now,
                time::Duration::days(7),
                slug,
                &|_| false,
            )
            .unwrap();
        assert!(matches!(joined, Joined::Confirmed(_)), "{joined:?}");
    }
}

#[test]
fn coordinators_see_the_address_book_and_the_signups_side_by_side_without_full_addresses() {
    let ws = admin_workspace();
    // `assign` exits 1 for the prisoners left without a letter, but writes the assignment.
    ws.run(&["assign"]);
    assert!(ws.path().join(".marathon/assignment.json").exists());
    sign_up(&ws, "Jan Kowal", "jan.kowal@example.org", "jan-kowal", true);
    sign_up(&ws, "Olga Wartet", "olga@example.net", "olga-wartet", false);
    let server = Server::start(&ws, &[]);

    // Without a session, or with a volunteer's cookie: the login, nothing listed.
    for cookie in ["", "marathon_volunteer=0123456789abcdef0123456789abcdef"] {
        let r = server.request("GET", "/admin/volunteers", &[("Cookie", cookie)], b"");
        assert_eq!(r.status, 303, "{cookie:?}");
        assert!(!r.text().contains("Jan Kowal"));
    }

    let cookie = logged_in(&server, "192.0.2.80");
    let overview = server.request("GET", "/admin?lang=en", &[("Cookie", &cookie)], b"");
    assert!(overview.text().contains("href=\"/admin/volunteers\""));
    let r = server.request(
        "GET",
        "/admin/volunteers?lang=en",
        &[("Cookie", &cookie)],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let html = r.text();
    let row = |name: &str| -> String {
        let at = html
            .find(&format!("<th scope=\"row\">{name}</th>"))
            .unwrap_or_else(|| panic!("no row for {name}: {html}"));
        html[at..].split("</tr>").next().unwrap().to_string()
    };
    let jan = row("Jan Kowal");
    assert!(jan.contains("web sign-up, confirmed"), "{jan}");
    assert!(
        jan.contains("j…@example.org") && jan.contains("ru, pl"),
        "{jan}"
    );
    let olga = row("Olga Wartet");
    assert!(olga.contains("web sign-up, waiting for the link"), "{olga}");
    // A volunteer of the address book with the prisoners `assign` gave them, by name.
    let juergen = row("Jürgen Hoffmann");
    assert!(juergen.contains("address book"), "{juergen}");
    let a: serde_json::Value = serde_json::from_str(&ws.read(".marathon/assignment.json")).unwrap();
    let prisoners = ws.read("recipients/prisoners.csv");
    let mut given = 0;
    for p in a["pairs"].as_array().unwrap() {
        if p["volunteer"] != "juergen-hoffmann" {
            continue;
        }
        let id = p["prisoner"].as_str().unwrap();
        let line = prisoners
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap();
        let name = line.split(',').nth(1).unwrap();
        assert!(juergen.contains(name), "{name} not in {juergen}");
        given += 1;
    }
    assert!(given > 0);
    assert!(juergen.contains("j…@example.org"), "{juergen}");
    assert!(
        html.contains("Web sign-ups: 2 (waiting for their link: 1)"),
        "{html}"
    );
    // No address in full.
    for full in [
        "jan.kowal@example.org",
        "olga@example.net",
        "juergen.hoffmann@example.org",
    ] {
        assert!(!html.contains(full), "{full} shown in full");
    }
}
