//! A volunteer's evening on both stores: `marathon invite` mails the link, the link opens
//! `/me` on a `serve` over the ledger, the volunteer edits a letter and reports it posted,
//! `status` shows it posted and `pack` prints the edited text, as the print view does. The
//! same run on SQLite and on PostgreSQL prints and writes the same.

use serde_json::Value;

use super::Server;
use super::volunteer::{
    invite, juergen_session, letter_after, link_in, mail_to, me, open_link, report, workspace_on,
};
use super::volunteer_edit::{CLEAN, post};
use crate::mailserver::{MailServer, ServerOptions};
use crate::support::pg::{Seen, TestDb, same_on_both_stores};

const EDITED: &str = "Весной у нас зацвели яблони.";

/// One run on the ledger `ledger` (SQLite in the workspace when `None`).
fn evening(ledger: Option<&str>) -> Seen {
    let mut seen = Seen::new();
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace_on(&mail, ledger);
    let server = Server::start(&ws, &[]);
    let out = invite(&ws, &server, &["juergen-hoffmann"]);
    assert!(out.contains("1 link mailed"), "{out}");
    let cookie = open_link(
        &server,
        &link_in(&mail_to(&mail, "juergen.hoffmann@example.org")),
    );
    let (page, csrf, token) = me(&server, &cookie);
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    assert!(html.contains("Hallo, Jürgen"), "{html}");
    let letter = letter_after(&html, "<h3>An Tamara");
    let cookies = format!("{cookie}; {csrf}");

    // Before any edit the pack prints the generated text and says nothing of edits.
    let only = ["pack", "--volunteer", "juergen-hoffmann"];
    let out = ws.ok(&only);
    assert!(!out.contains("saved on the web page"), "{out}");
    let file = "letters/packs/jurgen-hoffmann.html";
    let generated = ws.read(file);
    assert!(!generated.contains(EDITED));

    let r = post(&server, &cookies, &token, &letter, "edit", CLEAN, "save");
    assert_eq!(r.status, 303, "{}", r.text());
    let r = report(&server, &cookies, &token, &letter, "posted");
    assert_eq!(r.status, 303, "{}", r.text());
    let html = me(&server, &cookie).0.text();
    assert!(
        html.contains("Stand: <strong>abgeschickt</strong>"),
        "{html}"
    );

    // `pack` prints the volunteer's text, as their print view does, and says so.
    let out = ws.ok(&only);
    assert!(
        out.contains("1 letter is printed with the volunteer's own text, saved on the web page."),
        "{out}"
    );
    let packed = ws.read(file);
    assert!(packed.contains(EDITED), "{packed}");
    let print = server
        .request("GET", "/me/print", &[("Cookie", &cookie)], b"")
        .text();
    assert!(print.contains(EDITED), "{print}");
    let json: Value = serde_json::from_str(&ws.ok(&["pack", "--json"])).unwrap();
    let packs = json["packs"].as_array().unwrap();
    for p in packs {
        let edited = if p["volunteer"] == "juergen-hoffmann" {
            vec![Value::from(letter.as_str())]
        } else {
            vec![]
        };
        assert_eq!(p["edited"], Value::Array(edited), "{p}");
    }
    seen.insert("pack --json".into(), json.to_string());
    seen.insert("pack file".into(), ws.read(file));

    // The letter posted on the page shows in `status` and in the entry it became.
    let status: Value = serde_json::from_str(&ws.ok(&["status", "--json"])).unwrap();
    assert_eq!(status["post"]["posted"], 1, "{status}");
    assert_eq!(status["actions"], 1, "{status}");
    seen.insert("status post".into(), status["post"].to_string());
    let entry = ws.ok(&["tally", "--entry", "1"]);
    assert!(entry.contains("by: volunteer juergen-hoffmann"), "{entry}");
    assert!(entry.contains(&letter), "{entry}");

    // Reverted on the page, the pack prints the generated text again.
    let r = post(&server, &cookies, &token, &letter, "edit", "", "revert");
    assert_eq!(r.status, 303, "{}", r.text());
    let out = ws.ok(&only);
    assert!(!out.contains("saved on the web page"), "{out}");
    assert_eq!(ws.read(file), generated);
    seen.insert("letter".into(), letter);
    seen
}

// `pack` printed the generated text of a letter its volunteer had edited on `/me`, while
// their print view showed the edit.
#[test]
fn pack_prints_a_volunteers_edit_from_their_page_on_both_stores() {
    same_on_both_stores("pack_edits", evening);
}

// On PostgreSQL a saved edit did not move the ledger's change marker, so `/me`, kept since
// the last request, went on showing the text from before the save.
#[test]
fn the_volunteers_page_shows_a_saved_edit_at_once_on_both_stores() {
    let check = |ledger: Option<&str>| {
        let mail = MailServer::start(ServerOptions::new());
        let ws = workspace_on(&mail, ledger);
        let server = Server::start(&ws, &[]);
        let cookie = juergen_session(&ws, &server, &mail);
        let (page, csrf, token) = me(&server, &cookie);
        let letter = letter_after(&page.text(), "<h3>An Tamara");
        // Asked twice, so that the page is kept.
        assert!(!me(&server, &cookie).0.text().contains(EDITED));
        let cookies = format!("{cookie}; {csrf}");
        let r = post(&server, &cookies, &token, &letter, "edit", CLEAN, "save");
        assert_eq!(r.status, 303, "{}", r.text());
        let html = me(&server, &cookie).0.text();
        assert!(html.contains(EDITED), "{ledger:?}: {html}");
        let r = post(&server, &cookies, &token, &letter, "edit", "", "revert");
        assert_eq!(r.status, 303, "{}", r.text());
        assert!(!me(&server, &cookie).0.text().contains(EDITED));
    };
    check(None);
    if let Some(db) = TestDb::create("me_kept_edit") {
        check(Some(&db.url));
    }
}
