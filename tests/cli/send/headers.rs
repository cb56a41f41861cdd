//! What arrives: headers, encodings, bodies, and that nothing in the data files can add a
//! header; over STARTTLS with a login whose password appears nowhere.

use super::fixture::{CAMPAIGN, Fixture, letter};
use super::ledger_states;
use crate::mailserver::{MailServer, ServerOptions, TestCa};
use marathon::manifest::LetterStatus;

pub(super) const PASSWORD: &str = "correct-horse-battery-5taple";

pub(super) fn tls_smtp(port: u16, ca: &TestCa) -> String {
    format!(
        "host = \"localhost\"\nport = {port}\nuser = \"coordinator\"\nca_file = \"{}\"\n\
         retry_delay = \"5ms\"\n",
        ca.ca_pem_path().display()
    )
}

#[test]
fn headers_are_right_encoded_and_cannot_be_injected() {
    let ca = TestCa::new();
    let server = MailServer::start(
        ServerOptions::new()
            .tls(&ca)
            .require_tls()
            .auth("coordinator", PASSWORD),
    );
    let mut plain = letter(0);
    plain.recipient.name = "Генеральная прокуратура Республики Беларусь".into();
    plain.sender.name = "Zuzanna Łukasiewicz".into();
    plain.subject = "Освободите Алеся Беляцкого".into();
    plain.html_path = Some("appeal/0.html".into());
    let mut evil = letter(1);
    evil.recipient.name = "Office\r\nBcc: victim@example.net".into();
    evil.sender.name = "Volunteer\nX-Injected: yes".into();
    evil.subject = "Hello\r\nBcc: victim@example.net\r\n\r\nforged body".into();
    let fx = Fixture::with_letters(vec![plain, evil], &tls_smtp(server.port(), &ca));

    let out = fx
        .ws
        .marathon()
        .args(["send", "--yes"])
        .env("MARATHON_SMTP_PASSWORD", PASSWORD)
        .env("MARATHON_LOG", "trace")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}\n{}", server.log());

    let msgs = server.messages();
    assert_eq!(msgs.len(), 2, "{}", server.log());
    let m = msgs
        .iter()
        .find(|m| m.message_id.as_deref() == Some(&*fx.message_id(0)))
        .unwrap();
    assert!(m.envelope.tls, "sent over STARTTLS");
    assert_eq!(m.envelope.auth.as_deref(), Some("coordinator"));
    assert_eq!(m.envelope.mail_from, "letters@example.org");
    assert_eq!(m.envelope.rcpt_tos, vec!["official0@example.org"]);
    assert_eq!(m.from.as_deref(), Some("letters@example.org"));
    assert_eq!(m.from_name.as_deref(), Some("Letters for Belarus"));
    assert_eq!(m.reply_to.as_deref(), Some("volunteer0@example.org"));
    assert_eq!(m.to, vec!["official0@example.org"]);
    assert_eq!(m.subject.as_deref(), Some("Освободите Алеся Беляцкого"));
    assert_eq!(
        m.message_id.as_deref(),
        Some(format!("{}.{CAMPAIGN}@example.org", fx.letters[0].id).as_str())
    );
    assert!(m.date.is_some());
    assert!(
        m.text
            .as_deref()
            .unwrap()
            .starts_with("Dear Генеральная прокуратура")
    );
    assert_eq!(
        m.html.as_deref(),
        Some("<p>Dear Генеральная прокуратура Республики Беларусь,</p>")
    );
    let raw = String::from_utf8_lossy(&m.raw);
    assert!(raw.is_ascii(), "non-ASCII must be encoded");
    let parsed = mail_parser::MessageParser::default().parse(&m.raw).unwrap();
    let reply_to = parsed.reply_to().unwrap().first().unwrap();
    assert_eq!(reply_to.name(), Some("Zuzanna Łukasiewicz"));
    let to = parsed.to().unwrap().first().unwrap();
    assert_eq!(
        to.name(),
        Some("Генеральная прокуратура Республики Беларусь")
    );

    let evil = msgs
        .iter()
        .find(|m| m.message_id.as_deref() == Some(&*fx.message_id(1)))
        .unwrap();
    assert_eq!(evil.envelope.rcpt_tos, vec!["official1@example.org"]);
    assert_eq!(
        evil.subject.as_deref(),
        Some("Hello Bcc: victim@example.net forged body")
    );
    let raw = String::from_utf8_lossy(&evil.raw).replace("\r\n", "\n");
    let headers = raw.split("\n\n").next().unwrap();
    for line in headers.lines() {
        let name = line.split(':').next().unwrap().to_ascii_lowercase();
        assert!(
            name != "bcc" && name != "x-injected",
            "injected header `{line}` in\n{headers}"
        );
    }
    // The body is the letter file as written: a line break there is text, not a header.
    assert!(
        evil.text
            .as_deref()
            .unwrap()
            .starts_with("Dear Office\nBcc: victim@example.net,")
    );

    // The password is nowhere: output, logs (trace level), ledger, failures file.
    let mut places = vec![stdout.into_owned(), stderr.into_owned()];
    for f in ["ledger.sqlite", "ledger.sqlite-wal"] {
        if let Ok(bytes) = std::fs::read(fx.ws.path().join(f)) {
            places.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    let plain_auth = base64(format!("\0coordinator\0{PASSWORD}").as_bytes());
    let login_auth = base64(PASSWORD.as_bytes());
    for text in &places {
        assert!(!text.contains(PASSWORD), "password leaked");
        assert!(
            !text.contains(&plain_auth) && !text.contains(&login_auth),
            "password leaked"
        );
    }
    assert!(
        ledger_states(&fx.ws)
            .values()
            .all(|s| *s == LetterStatus::Delivered)
    );
}

/// Standard base64, to look for an encoded password.
pub(super) fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

// mailmerge users asked for non-ASCII everywhere, addresses included: such an address needs
// SMTPUTF8, which the server offers.
#[test]
fn a_non_ascii_address_goes_with_smtputf8() {
    let server = MailServer::start(ServerOptions::new());
    let mut l = letter(0);
    l.recipient.email = Some("алесь@example.org".into());
    let fx = Fixture::with_letters(vec![l], &super::fixture::plain_smtp(server.port()));
    fx.ws.ok(&["send", "--yes"]);
    let msgs = server.messages();
    assert_eq!(msgs.len(), 1, "{}", server.log());
    assert_eq!(msgs[0].envelope.rcpt_tos, vec!["алесь@example.org"]);
    assert_eq!(msgs[0].to, vec!["алесь@example.org"]);
}
