//! Tests of the test SMTP server itself, driven by lettre as the `send` command drives it.

use std::time::Duration;

use lettre::message::MultiPart;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::{AsyncSmtpTransportBuilder, Error};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{MailServer, ServerOptions, TestCa};

fn letter(id: &str, to: &str) -> Message {
    Message::builder()
        .from("Harbour Town Group <group@example.org>".parse().unwrap())
        .reply_to("Ana Lima <ana.lima@example.org>".parse().unwrap())
        .to(to.parse().unwrap())
        .subject("Free Émile Durand")
        .message_id(Some(format!("<{id}@example.org>")))
        .multipart(MultiPart::alternative_plain_html(
            "Dear Minister,\n.a line starting with a dot\nplease release him.\n".to_owned(),
            "<p>Dear Minister,</p><p>please release him.</p>".to_owned(),
        ))
        .unwrap()
}

fn client(server: &MailServer) -> AsyncSmtpTransportBuilder {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(server.port())
        .timeout(Some(Duration::from_secs(10)))
}

fn trusting(ca: &TestCa) -> Tls {
    let params = TlsParameters::builder("localhost".to_owned())
        .add_root_certificate(Certificate::from_pem(&ca.ca_pem()).unwrap())
        .build_rustls()
        .unwrap();
    Tls::Required(params)
}

async fn send(builder: AsyncSmtpTransportBuilder, msg: Message) -> Result<(), Error> {
    builder.build::<Tokio1Executor>().send(msg).await.map(drop)
}

fn code(err: &Error) -> Option<u16> {
    err.status().map(u16::from)
}

#[tokio::test]
async fn plain_message_is_stored_and_parsed() {
    let server = MailServer::start(ServerOptions::new());
    send(
        client(&server),
        letter("m1", "Minister <minister@example.org>"),
    )
    .await
    .unwrap();

    let msgs = server.messages();
    assert_eq!(msgs.len(), 1, "{}", server.log());
    let m = &msgs[0];
    assert_eq!(m.envelope.mail_from, "group@example.org");
    assert_eq!(m.envelope.rcpt_tos, ["minister@example.org"]);
    assert!(!m.envelope.tls);
    assert_eq!(m.from.as_deref(), Some("group@example.org"));
    assert_eq!(m.from_name.as_deref(), Some("Harbour Town Group"));
    assert_eq!(m.reply_to.as_deref(), Some("ana.lima@example.org"));
    assert_eq!(m.to, ["minister@example.org"]);
    assert_eq!(m.subject.as_deref(), Some("Free Émile Durand"));
    assert_eq!(m.message_id.as_deref(), Some("m1@example.org"));
    assert!(m.date.is_some());
    let text = m.text.as_deref().unwrap();
    assert!(text.contains("\n.a line starting with a dot\n"), "{text:?}");
    assert!(m.html.as_deref().unwrap().contains("<p>Dear Minister,</p>"));
    assert!(m.raw_text().starts_with("From: ") || m.raw_text().contains("\r\nFrom: "));
    assert_eq!(
        m.header("reply-to").as_deref(),
        Some("\"Ana Lima\" <ana.lima@example.org>")
    );
    assert_eq!(server.message_ids(), ["m1@example.org"]);
    assert_eq!(std::fs::read(&m.path).unwrap(), m.raw);
}

#[tokio::test]
async fn starttls_and_auth_with_the_test_ca() {
    let ca = TestCa::new();
    let server = MailServer::start(
        ServerOptions::new()
            .tls(&ca)
            .require_tls()
            .auth("group", "s3cret"),
    );
    for (id, mechanism) in [("plain", Mechanism::Plain), ("login", Mechanism::Login)] {
        let builder = client(&server)
            .tls(trusting(&ca))
            .credentials(Credentials::new("group".into(), "s3cret".into()))
            .authentication(vec![mechanism]);
        send(builder, letter(id, "minister@example.org"))
            .await
            .unwrap_or_else(|e| panic!("{mechanism:?}: {e}\n{}", server.log()));
    }
    let index = server.index();
    assert_eq!(index.len(), 2);
    assert!(
        index
            .iter()
            .all(|e| e.tls && e.auth.as_deref() == Some("group"))
    );
    assert_eq!(
        server.message_ids(),
        ["plain@example.org", "login@example.org"]
    );

    // Without STARTTLS the server refuses the mail.
    let err = send(client(&server), letter("m2", "minister@example.org"))
        .await
        .unwrap_err();
    assert_eq!(code(&err), Some(530), "{err}");
}

#[tokio::test]
async fn wrong_password_is_535() {
    let ca = TestCa::new();
    let server = MailServer::start(ServerOptions::new().tls(&ca).auth("group", "s3cret"));
    let builder = client(&server)
        .tls(trusting(&ca))
        .credentials(Credentials::new("group".into(), "wrong".into()));
    let err = send(builder, letter("m1", "minister@example.org"))
        .await
        .unwrap_err();
    assert!(err.is_permanent(), "{err}");
    assert_eq!(code(&err), Some(535), "{err}");
    assert!(server.messages().is_empty());
}

#[tokio::test]
async fn server_without_starttls_fails_a_client_requiring_tls() {
    let ca = TestCa::new();
    let server = MailServer::start(ServerOptions::new().tls(&ca).no_starttls());
    let err = send(
        client(&server).tls(trusting(&ca)),
        letter("m1", "x@example.org"),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("STARTTLS"), "{err}");
    assert!(server.messages().is_empty());
}

#[tokio::test]
async fn temp_fail_rate_one_is_451() {
    let server = MailServer::start(ServerOptions::new().temp_fail_rate(1.0));
    let err = send(client(&server), letter("m1", "minister@example.org"))
        .await
        .unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert_eq!(code(&err), Some(451), "{err}");
    assert!(server.messages().is_empty());
}

#[tokio::test]
async fn reject_is_550_for_matching_recipients_only() {
    let server = MailServer::start(ServerOptions::new().reject(r"^closed\."));
    let err = send(client(&server), letter("m1", "closed.office@example.org"))
        .await
        .unwrap_err();
    assert!(err.is_permanent(), "{err}");
    assert_eq!(code(&err), Some(550), "{err}");
    send(client(&server), letter("m2", "open.office@example.org"))
        .await
        .unwrap();
    assert_eq!(server.message_ids(), ["m2@example.org"]);
}

#[tokio::test]
async fn drop_rate_one_is_a_connection_error() {
    let server = MailServer::start(ServerOptions::new().drop_rate(1.0));
    let err = send(client(&server), letter("m1", "minister@example.org"))
        .await
        .unwrap_err();
    assert_eq!(code(&err), None, "{err}");
    assert!(!err.is_transient() && !err.is_permanent(), "{err}");
    assert!(server.messages().is_empty());

    // The reply is lost but the message arrived: the case that makes a blind retry a duplicate.
    let server = MailServer::start(ServerOptions::new().drop_rate(1.0).drop_after_store());
    let err = send(client(&server), letter("m2", "minister@example.org"))
        .await
        .unwrap_err();
    assert_eq!(code(&err), None, "{err}");
    assert_eq!(server.message_ids(), ["m2@example.org"]);
}
