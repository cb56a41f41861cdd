//! Editing a letter before printing, over HTTP: the country rules checked on the server
//! whatever the page's script did (a text in the wrong script refused, a withheld word
//! warned), the verdict of the live check equal to the one on saving, the edit kept in the
//! ledger and printed, and the same refusals as every volunteer URL: no CSRF token, another
//! volunteer's session, a guessed letter id.

use super::volunteer::{juergen_session, letter_after, me, two_volunteers, workspace};
use super::{Response, Server};
use crate::mailserver::{MailServer, ServerOptions};

/// `s` encoded for a form body.
fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// POSTs `text` to `/me/letters/LETTER/WHAT` (`edit` or `check`).
pub fn post(
    server: &Server,
    cookies: &str,
    csrf: &str,
    letter: &str,
    what: &str,
    text: &str,
    action: &str,
) -> Response {
    let body = format!("csrf={csrf}&action={action}&text={}", form_encode(text));
    server.request(
        "POST",
        &format!("/me/letters/{letter}/{what}"),
        &[
            ("Cookie", cookies),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    )
}

const RISKY: &str = "Дорогая Тамара!\nМы думаем о вас каждый день и ждём, когда вы выйдете на свободу.\nОбнимаем, Юрген";
/// A letter text the rules of Belarus accept.
pub const CLEAN: &str =
    "Дорогая Тамара!\nМы думаем о вас каждый день. Весной у нас зацвели яблони.\nОбнимаем, Юрген";
const LATIN: &str = "Dear Tamara, we think of you every day and hope you are keeping well.";

#[test]
fn an_edited_letter_is_checked_on_the_server_kept_and_printed() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&mail);
    let server = Server::start(&ws, &[]);
    let cookie = juergen_session(&ws, &server, &mail);
    let (page, csrf, token) = me(&server, &cookie);
    let html = page.text();
    let letter = letter_after(&html, "<h3>An Tamara");
    assert!(html.contains(&format!("action=\"/me/letters/{letter}/edit\"")));
    let script = html
        .split("src=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .find(|s| s.starts_with("/me/edit-"))
        .expect("the editor's script");
    let js = server.get(script);
    assert!(js.text().contains("data-check"), "{script}");
    let cookies = format!("{cookie}; {csrf}");

    // A text in Latin letters to a Belarusian prison: the live check and the save refuse it
    // with the same reasons, and nothing is kept.
    let live = post(&server, &cookies, &token, &letter, "check", LATIN, "");
    assert_eq!(live.status, 200, "{}", live.text());
    let verdict = live.json();
    let refuse: Vec<String> = verdict["refuse"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect();
    assert_eq!(refuse.len(), 1, "{verdict}");
    assert!(refuse[0].contains("Cyrillic"), "{refuse:?}");
    let saved = post(&server, &cookies, &token, &letter, "edit", LATIN, "save");
    assert_eq!(saved.status, 422, "{}", saved.text());
    let refusal = saved.text();
    let shown = refuse[0].replace('`', "&#96;");
    assert!(
        refusal.contains(&refuse[0]) || refusal.contains(&shown),
        "{refusal}"
    );
    assert!(refusal.contains("Dear Tamara"), "the text is given back");
    assert!(!me(&server, &cookie).0.text().contains("Dear Tamara"));

    // A withheld word: a warning, live and on the page after saving, and the text kept.
    let live = post(&server, &cookies, &token, &letter, "check", RISKY, "").json();
    assert_eq!(live["refuse"].as_array().unwrap().len(), 0, "{live}");
    let warn = live["warn"][0].as_str().unwrap().to_string();
    assert!(
        warn.contains("свободу") && warn.contains("freedom"),
        "{warn}"
    );
    let r = post(&server, &cookies, &token, &letter, "edit", RISKY, "save");
    assert_eq!(r.status, 303, "{}", r.text());
    let html = me(&server, &cookie).0.text();
    assert!(
        html.contains("ждём, когда вы выйдете на свободу."),
        "{html}"
    );
    assert!(html.contains(&warn), "the page warns as the live check did");

    // A clean text replaces it and prints.
    let r = post(&server, &cookies, &token, &letter, "edit", CLEAN, "save");
    assert_eq!(r.status, 303);
    let print = server
        .request(
            "GET",
            &format!("/me/letters/{letter}/print"),
            &[("Cookie", &cookie)],
            b"",
        )
        .text();
    assert!(print.contains("Весной у нас зацвели яблони."), "{print}");
    assert!(!print.contains("свободу"));
    assert!(print.contains("246035, г. Гомель"), "{print}");

    // Revert: the generated text is back, in the page and the print view.
    let r = post(&server, &cookies, &token, &letter, "edit", "", "revert");
    assert_eq!(r.status, 303);
    assert!(!me(&server, &cookie).0.text().contains("яблони"));
}

#[test]
fn an_edit_is_refused_without_csrf_from_another_volunteer_and_for_a_guessed_letter() {
    let mail = MailServer::start(ServerOptions::new());
    let (_ws, server, juergen, lukasz) = two_volunteers(&mail);
    let (page, csrf, _) = me(&server, &juergen);
    let his = letter_after(&page.text(), "<h3>An Tamara");
    let (_, l_csrf, l_token) = me(&server, &lukasz);
    let lukasz_cookies = format!("{lukasz}; {l_csrf}");

    let missing = server.request(
        "GET",
        "/me/letters/0000000000000000/print",
        &[("Cookie", &lukasz)],
        b"",
    );
    assert_eq!(missing.status, 404);
    let answer = missing.text();

    // Another volunteer's letter and a guessed id: the same answer, for saving and checking.
    for letter in [his.as_str(), "0000000000000000"] {
        for what in ["edit", "check"] {
            let r = post(
                &server,
                &lukasz_cookies,
                &l_token,
                letter,
                what,
                CLEAN,
                "save",
            );
            assert_eq!(
                (r.status, r.text()),
                (404, answer.clone()),
                "{what} {letter}"
            );
        }
    }
    // Without its CSRF token: refused.
    let r = post(
        &server,
        &format!("{juergen}; {csrf}"),
        "",
        &his,
        "edit",
        CLEAN,
        "save",
    );
    assert_eq!(r.status, 403);
    let r = post(
        &server,
        &format!("{juergen}; {csrf}"),
        "",
        &his,
        "check",
        CLEAN,
        "",
    );
    assert_eq!(r.status, 403);
    // Nothing was kept by any of these.
    assert!(!me(&server, &juergen).0.text().contains("яблони"));

    // Saving again and again meets the volunteer's limit.
    let (_, csrf, token) = me(&server, &juergen);
    let cookies = format!("{juergen}; {csrf}");
    let statuses: Vec<u16> = (0..25)
        .map(|_| post(&server, &cookies, &token, &his, "edit", CLEAN, "save").status)
        .collect();
    assert_eq!(statuses[0], 303);
    assert!(statuses.contains(&429), "{statuses:?}");
}

// The page's sections are kept between requests: a letter recorded by the CLI (another
// process) after they were kept shows at the next request all the same.
#[test]
fn the_kept_page_follows_a_letter_recorded_from_the_cli() {
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&mail);
    let server = Server::start(&ws, &[]);
    let cookie = juergen_session(&ws, &server, &mail);
    let html = me(&server, &cookie).0.text();
    let letter = letter_after(&html, "<h3>An Tamara");
    // Twice, so that the second is served from what was kept.
    let again = me(&server, &cookie).0.text();
    assert!(!again.contains("Stand: <strong>abgeschickt</strong>"));
    ws.ok(&["record", "--letter", &letter, "--status", "posted"]);
    let after = me(&server, &cookie).0.text();
    assert!(
        after.contains("Stand: <strong>abgeschickt</strong>"),
        "{after}"
    );
    // Each request carries its own CSRF token in every form, never the slot.
    assert!(!after.contains("&lt;csrf&gt;") && !after.contains("<csrf>"));
}
