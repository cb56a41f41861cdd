use mail_parser::MessageParser;
use time::macros::datetime;

use super::*;
use crate::manifest::{Channel, LetterKind, Party, Role};

fn party(id: &str, role: Role, name: &str, email: Option<&str>) -> Party {
    Party {
        id: id.into(),
        role,
        name: name.into(),
        email: email.map(Into::into),
        country: "BY".into(),
    }
}

fn entry(recipient: &str, volunteer: &str, subject: &str) -> ManifestEntry {
    ManifestEntry {
        id: "0123456789abcdef".into(),
        template: "appeal".into(),
        kind: LetterKind::Appeal,
        language: "ru".into(),
        case: "bialiatski".into(),
        prisoner: "bialiatski".into(),
        recipient: party(
            "prosecutor",
            Role::Authority,
            recipient,
            Some("office@example.org"),
        ),
        sender: party(
            "v1",
            Role::Volunteer,
            volunteer,
            Some("zuzanna@example.org"),
        ),
        channel: Channel::Email,
        subject: subject.into(),
        path: "appeal/x.txt".into(),
        html_path: None,
        translation_path: None,
    }
}

fn identity() -> Identity {
    Identity::new(
        "solidarity-2026",
        "Letters for Belarus",
        "letters@example.org",
    )
    .unwrap()
}

fn body(text: &str) -> Body {
    Body {
        text: text.into(),
        html: None,
    }
}

const DATE: OffsetDateTime = datetime!(2026-08-04 10:15:30 UTC);

#[test]
fn headers_come_from_the_campaign_letter_and_volunteer() {
    let e = entry(
        "Генеральная прокуратура",
        "Zuzanna Łukasiewicz",
        "Освободите Алеся Беляцкого",
    );
    let out = compose(
        &e,
        &identity(),
        body("Уважаемый прокурор,\nтекст письма.\n"),
        DATE,
    )
    .unwrap();
    assert!(out.bytes.is_ascii(), "non-ASCII must be encoded by lettre");
    let m = MessageParser::default().parse(&out.bytes).unwrap();
    let from = m.from().unwrap().first().unwrap();
    assert_eq!(from.address(), Some("letters@example.org"));
    assert_eq!(from.name(), Some("Letters for Belarus"));
    let reply_to = m.reply_to().unwrap().first().unwrap();
    assert_eq!(reply_to.address(), Some("zuzanna@example.org"));
    assert_eq!(reply_to.name(), Some("Zuzanna Łukasiewicz"));
    let to = m.to().unwrap().first().unwrap();
    assert_eq!(to.address(), Some("office@example.org"));
    assert_eq!(to.name(), Some("Генеральная прокуратура"));
    assert_eq!(m.subject(), Some("Освободите Алеся Беляцкого"));
    assert_eq!(
        m.message_id(),
        Some("0123456789abcdef.solidarity-2026@example.org")
    );
    assert_eq!(m.date().unwrap().to_timestamp(), DATE.unix_timestamp());
    assert_eq!(
        m.body_text(0).unwrap().replace("\r\n", "\n").trim_end(),
        "Уважаемый прокурор,\nтекст письма."
    );
    assert_eq!(
        AsRef::<str>::as_ref(&out.envelope.to()[0]),
        "office@example.org"
    );
    assert_eq!(
        AsRef::<str>::as_ref(out.envelope.from().unwrap()),
        "letters@example.org"
    );
    assert!(!out.needs_smtputf8());
}

#[test]
fn html_alternative_is_attached() {
    let e = entry("Office", "Volunteer", "Subject");
    let b = Body {
        text: "plain".into(),
        html: Some("<p>rich</p>".into()),
    };
    let out = compose(&e, &identity(), b, DATE).unwrap();
    let m = MessageParser::default().parse(&out.bytes).unwrap();
    assert_eq!(m.body_text(0).unwrap().trim(), "plain");
    assert_eq!(m.body_html(0).unwrap().trim(), "<p>rich</p>");
}

// A name or subject with CR/LF in a data file must not add a header.
#[test]
fn crlf_in_names_and_subjects_adds_no_header() {
    let e = entry(
        "Office\r\nBcc: victim@example.net",
        "Volunteer\nX-Injected: yes",
        "Hello\r\nBcc: victim@example.net\r\n\r\nfake body",
    );
    let out = compose(&e, &identity(), body("text"), DATE).unwrap();
    let m = MessageParser::default().parse(&out.bytes).unwrap();
    let names: Vec<String> = m
        .headers()
        .iter()
        .map(|h| h.name().to_ascii_lowercase())
        .collect();
    for bad in ["bcc", "x-injected"] {
        assert!(!names.iter().any(|n| n == bad), "{names:?}");
    }
    assert_eq!(m.subject(), Some("Hello Bcc: victim@example.net fake body"));
    assert_eq!(
        m.to().unwrap().first().unwrap().address(),
        Some("office@example.org")
    );
    assert_eq!(out.envelope.to().len(), 1);
    assert_eq!(m.body_text(0).unwrap().trim(), "text");
}

#[test]
fn crlf_in_an_address_is_refused() {
    let mut e = entry("Office", "Volunteer", "S");
    e.recipient.email = Some("office@example.org\r\nBcc: victim@example.net".into());
    let err = compose(&e, &identity(), body("t"), DATE).unwrap_err();
    assert!(err.contains("recipient `prosecutor`"), "{err}");
    e.recipient.email = None;
    assert!(
        compose(&e, &identity(), body("t"), DATE)
            .unwrap_err()
            .contains("no email address")
    );
}

#[test]
fn the_same_letter_gives_the_same_message() {
    let e = entry("Office", "Volunteer", "S");
    let a = compose(&e, &identity(), body("t"), DATE).unwrap();
    let b = compose(&e, &identity(), body("t"), DATE).unwrap();
    let parse = |o: &Outgoing| {
        let m = MessageParser::default().parse(&o.bytes).unwrap();
        (
            m.message_id().map(String::from),
            m.date().map(|d| d.to_timestamp()),
        )
    };
    assert_eq!(parse(&a), parse(&b));
}

#[test]
fn letter_paths_stay_inside_letters() {
    assert!(inside("../campaign.toml").is_err());
    assert!(inside("a/../../campaign.toml").is_err());
    assert!(inside("/etc/passwd").is_err());
    assert_eq!(inside("a/b.txt").unwrap(), "a/b.txt");
}

#[test]
fn bodies_are_read_from_the_open_letters_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("appeal")).unwrap();
    std::fs::write(tmp.path().join("appeal/1.txt"), "Уважаемый прокурор").unwrap();
    std::fs::write(tmp.path().join("appeal/1.html"), "<p>Уважаемый</p>").unwrap();
    std::fs::write(tmp.path().join("appeal/bad.txt"), b"\xff\xfe").unwrap();
    let letters = Handle::open(tmp.path()).unwrap();
    let mut e = entry("official@example.org", "vol@example.org", "Subject");
    e.path = "appeal/1.txt".into();
    e.html_path = Some("appeal/1.html".into());
    let body = Body::load(&e, &letters).unwrap();
    assert_eq!(body.text, "Уважаемый прокурор");
    assert_eq!(body.html.as_deref(), Some("<p>Уважаемый</p>"));
    for (path, says) in [
        (
            "appeal/missing.txt",
            "cannot read `letters/appeal/missing.txt`",
        ),
        ("appeal/bad.txt", "valid UTF-8"),
        ("../outside.txt", "not a path inside"),
    ] {
        e.path = path.into();
        e.html_path = None;
        let err = Body::load(&e, &letters).unwrap_err();
        assert!(err.contains(says), "{path}: {err}");
    }
}

#[test]
fn clean_makes_one_line() {
    assert_eq!(clean("  a\r\n\tb  \x00c "), "a b c");
    assert_eq!(clean(""), "");
}
