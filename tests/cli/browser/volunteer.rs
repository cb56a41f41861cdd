//! The volunteer's page in a real browser: the invitation read from the test mail server,
//! its link opened, "posted" clicked and seen in `marathon tally`, the print view printed to
//! PDF by Chromium and read back with `pdftotext`, the Cyrillic envelope intact.

use super::browser;
use crate::mailserver::{MailServer, ServerOptions};
use crate::support::Workspace;
use crate::web::Server;
use crate::web::volunteer::{link_in, mail_to, workspace};

fn actions(ws: &Workspace) -> u64 {
    let out = ws.ok(&["tally", "--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&out).unwrap()["actions"]
        .as_u64()
        .unwrap()
}

#[test]
fn without_a_session_the_volunteer_page_points_to_the_link_again() {
    let Some(b) = browser() else { return };
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&mail);
    let server = Server::start(&ws, &[]);
    b.goto(&format!("http://{}/me?lang=en", server.addr));
    assert_eq!(b.text("h1"), "Nothing here");
    b.assert_accessible("the volunteer page without a session");
    b.screenshot("volunteer-no-session");
    b.submit("main a[href='/me/link']");
    assert_eq!(b.title(), "Email me my link again");
}

#[test]
fn an_invited_volunteer_posts_a_letter_and_prints_its_cyrillic_envelope() {
    let Some(b) = browser() else { return };
    let mail = MailServer::start(ServerOptions::new());
    let ws = workspace(&mail);
    let server = Server::start(&ws, &[]);
    let base = format!("http://{}", server.addr);
    ws.ok(&[
        "invite",
        "--yes",
        "--url",
        &base,
        "--volunteer",
        "juergen-hoffmann",
    ]);
    let link = link_in(&mail_to(&mail, "juergen.hoffmann@example.org"));

    b.goto(&link);
    // The token has left the address bar.
    assert_eq!(b.url(), format!("{base}/me"));
    assert_eq!(b.title(), "Deine Briefe");
    assert_eq!(b.text("h1"), "Hallo, Jürgen Hoffmann!");
    b.assert_accessible("the volunteer's page");
    b.screenshot("volunteer-me");

    let article = b.exec(
        "return [...document.querySelectorAll('article.letter')]\
         .find(a => a.querySelector('h3').textContent.includes('Tamara')).id;",
        vec![],
    );
    let article = article.as_str().expect("a letter to Tamara").to_string();
    let letter = article.trim_start_matches("letter-").to_string();
    assert_eq!(actions(&ws), 0);
    b.submit(&format!("#{article} button[value=posted]"));
    assert_eq!(b.text("p.thanks"), "Erfasst. Danke!");
    assert!(
        b.text(&format!("#{article} p strong"))
            .contains("abgeschickt")
    );
    b.assert_accessible("the volunteer's page after a report");
    b.screenshot("volunteer-recorded");
    assert_eq!(actions(&ws), 1);

    // "Email me my link again".
    b.goto(&format!("{base}/me/link?lang=en"));
    assert_eq!(b.title(), "Email me my link again");
    b.assert_accessible("email me my link again");
    b.screenshot("volunteer-link-again");
    b.fill("#again-email", "nobody@example.org");
    b.submit("form.act button[type=submit]");
    assert!(b.text("p.thanks").starts_with("If this address belongs"));
    b.assert_accessible("the answer to email me my link again");
    b.screenshot("volunteer-link-again-sent");

    b.goto(&format!("{base}/me/letters/{letter}/print"));
    b.screenshot("volunteer-print");
    let text = b.print_pdf_text("volunteer-print");
    for line in [
        "ИК №4",
        "ул. Антошкина, 3",
        "246035, г. Гомель",
        "REPUBLIC OF BELARUS",
    ] {
        assert!(
            text.contains(line),
            "{line:?} not in the printed PDF:\n{text}"
        );
    }
}
