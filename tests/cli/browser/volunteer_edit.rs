//! Editing a letter in a real browser: the invitation's link opened, a withheld word typed
//! and the warning shown live, a text in the wrong script refused live and again by the
//! server with the same words, a clean text saved and seen after a reload, and the print
//! view printed to PDF by Chromium with the edited text and the Cyrillic envelope intact.

use std::time::Duration;

use super::{Browser, browser};
use crate::mailserver::{MailServer, ServerOptions};
use crate::web::Server;
use crate::web::volunteer::{link_in, mail_to, workspace};

const RISKY: &str = "Дорогая Тамара!\nМы ждём, когда вы выйдете на свободу.\nОбнимаем, Юрген";
const CLEAN: &str =
    "Дорогая Тамара!\nВесной у нас зацвели яблони, и мы думаем о вас.\nОбнимаем, Юрген";
const LATIN: &str = "Dear Tamara, we think of you every day and hope you are keeping well.";

/// Waits until the live verdict of `letter` holds `css` (`ul.warn`, `ul.refuse`, `p.ok`) and
/// returns its text.
fn live(b: &Browser, letter: &str, css: &str) -> String {
    let sel = format!("#verdict-{letter} {css}");
    b.wait_for(&sel, Duration::from_secs(10), |b| b.exists(&sel));
    b.text(&sel)
}

#[test]
fn a_volunteer_edits_a_letter_sees_the_rules_live_and_prints_the_edit() {
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
    b.goto(&link_in(&mail_to(&mail, "juergen.hoffmann@example.org")));
    assert_eq!(b.url(), format!("{base}/me"));
    let article = b.exec(
        "return [...document.querySelectorAll('article.letter')]\
         .find(a => a.querySelector('h3').textContent.includes('Tamara')).id;",
        vec![],
    );
    let article = article.as_str().expect("a letter to Tamara").to_string();
    let letter = article.trim_start_matches("letter-").to_string();
    let area = format!("#text-{letter}");

    // A withheld word: the warning shows as it is typed.
    b.click(&format!("#{article} details.edit summary"));
    b.fill(&area, RISKY);
    let warned = live(&b, &letter, "ul.warn");
    assert!(
        warned.contains("свободу") && warned.contains("freedom"),
        "{warned}"
    );
    b.assert_accessible("the letter editor with a warning");
    b.screenshot("volunteer-edit-warning");

    // Latin letters to Belarus: refused live, then by the server in the same words.
    b.fill(&area, LATIN);
    let refused_live = live(&b, &letter, "ul.refuse");
    assert!(refused_live.contains("Cyrillic"), "{refused_live}");
    b.screenshot("volunteer-edit-refused-live");
    b.submit(&format!("#{article} button[value=save]"));
    assert_eq!(b.title(), "Ihr Text wurde nicht gespeichert");
    assert_eq!(b.text("ul.refuse"), refused_live);
    let kept = b.exec(
        &format!("return document.querySelector('{area}').value;"),
        vec![],
    );
    assert_eq!(kept.as_str(), Some(LATIN), "the text is given back");
    b.assert_accessible("the refused edit");
    b.screenshot("volunteer-edit-refused");

    // The withheld word saved: kept, and the page warns as the live check did.
    b.goto(&format!("{base}/me"));
    b.click(&format!("#{article} details.edit summary"));
    b.fill(&area, RISKY);
    live(&b, &letter, "ul.warn");
    b.submit(&format!("#{article} button[value=save]"));
    assert!(
        b.url().ends_with(&format!("/me?saved=1#{article}")),
        "{}",
        b.url()
    );
    assert_eq!(b.text(&format!("#verdict-{letter} ul.warn")), warned);

    // A clean text: saved, and there after a reload.
    b.fill(&area, CLEAN);
    assert_eq!(
        live(&b, &letter, "p.ok"),
        "Die Regeln des Landes finden kein Problem."
    );
    b.submit(&format!("#{article} button[value=save]"));
    b.goto(&format!("{base}/me"));
    let shown = b.text(&format!("#{article} div.version[lang=ru]"));
    assert!(shown.contains("Весной у нас зацвели яблони"), "{shown}");
    assert!(b.exists(&format!("#{article} button[value=revert]")));
    b.assert_accessible("the volunteer's page with an edited letter");
    b.screenshot("volunteer-edit-saved");

    // Printed through Chromium: the edited text and the Cyrillic envelope.
    b.goto(&format!("{base}/me/letters/{letter}/print"));
    let text = b.print_pdf_text("volunteer-edit-print");
    for line in [
        "Весной у нас зацвели яблони",
        "ИК №4",
        "246035, г. Гомель",
        "REPUBLIC OF BELARUS",
    ] {
        assert!(
            text.contains(line),
            "{line:?} not in the printed PDF:\n{text}"
        );
    }
    assert!(!text.contains("свободу"));

    // Revert: the generated letter is back.
    b.goto(&format!("{base}/me"));
    b.submit(&format!("#{article} button[value=revert]"));
    assert!(!b.exists(&format!("#{article} button[value=revert]")));
    let shown = b.text(&format!("#{article} div.version[lang=ru]"));
    assert!(!shown.contains("яблони"), "{shown}");
}
