//! SMTP connections with lettre: a socket opened here with `TCP_NODELAY` (lettre never sets it
//! and every message would wait ~40 ms for a delayed ACK), STARTTLS or implicit TLS, login,
//! and one transaction per letter with replies classified for the ledger.

use std::fmt::Display;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::commands::{Data, Mail, Noop, Quit, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::response::Response;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use super::config::Security;
use super::message::Outgoing;
use super::secret::Secret;
use super::tls::Trust;
use super::transport::{Attempt, ConnectError, Transport};

/// Connections to one mail server.
pub struct Smtp {
    host: String,
    port: u16,
    security: Security,
    trust: Trust,
    login: Option<(String, Secret)>,
    hello: ClientId,
    timeout: Duration,
}

/// An open connection.
pub struct SmtpConn {
    inner: AsyncSmtpConnection,
}

impl Smtp {
    /// Connections to `host:port` with `security`, logging in with `login` when given.
    pub fn new(
        host: String,
        port: u16,
        security: Security,
        trust: Trust,
        login: Option<(String, Secret)>,
        timeout: Duration,
    ) -> Self {
        Self {
            host,
            port,
            security,
            trust,
            login,
            hello: ClientId::default(),
            timeout,
        }
    }

    fn server(&self) -> String {
        format!("`{}:{}`", self.host, self.port)
    }

    async fn open(&self) -> Result<AsyncSmtpConnection, ConnectError> {
        let temporary = |message: String| ConnectError {
            message,
            permanent: false,
        };
        let permanent = |message: String| ConnectError {
            message,
            permanent: true,
        };
        let tcp = tokio::time::timeout(
            self.timeout,
            TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|_| {
            temporary(format!(
                "cannot connect to {}: no answer within {:?}",
                self.server(),
                self.timeout
            ))
        })?
        .map_err(|e| temporary(format!("cannot connect to {}: {e}", self.server())))?;
        // Without this every message waits for the server's delayed ACK (see module docs).
        tcp.set_nodelay(true)
            .map_err(|e| temporary(format!("cannot configure the socket: {e}")))?;
        let stream: Box<dyn AsyncTokioStream> = match self.security {
            Security::Tls => {
                let tls = self
                    .trust
                    .connector
                    .connect(self.trust.server_name.clone(), tcp);
                let tls = tokio::time::timeout(self.timeout, tls)
                    .await
                    .map_err(|_| {
                        temporary(format!(
                            "no TLS handshake from {} within {:?}",
                            self.server(),
                            self.timeout
                        ))
                    })?
                    .map_err(|e| permanent(format!("TLS with {} failed: {e}", self.server())))?;
                Box::new(TlsStream(tls))
            }
            Security::Starttls | Security::Plain => Box::new(tcp),
        };
        let greet = AsyncSmtpConnection::connect_with_transport(stream, &self.hello);
        let mut conn = tokio::time::timeout(self.timeout, greet)
            .await
            .map_err(|_| {
                temporary(format!(
                    "no greeting from {} within {:?}",
                    self.server(),
                    self.timeout
                ))
            })?
            .map_err(|e| connect_error(&format!("{} refused the connection", self.server()), &e))?;
        if self.security == Security::Starttls {
            if !conn.can_starttls() {
                conn.abort().await;
                return Err(permanent(format!(
                    "{} does not offer STARTTLS, so nothing was sent; if this server really \
                     takes mail unencrypted, set `security = \"plain\"` in `[smtp]`",
                    self.server()
                )));
            }
            let upgrade = conn.starttls(self.trust.starttls.clone(), &self.hello);
            tokio::time::timeout(self.timeout, upgrade)
                .await
                .map_err(|_| temporary(format!("STARTTLS with {} timed out", self.server())))?
                .map_err(|e| ConnectError {
                    message: format!("STARTTLS with {} failed: {e}", self.server()),
                    permanent: !e.is_transient(),
                })?;
        }
        if let Some((user, password)) = &self.login {
            let creds = Credentials::new(user.clone(), password.expose().to_string());
            let auth = conn.auth(&[Mechanism::Plain, Mechanism::Login], &creds);
            let result = tokio::time::timeout(self.timeout, auth)
                .await
                .map_err(|_| temporary(format!("login at {} timed out", self.server())))?;
            if let Err(e) = result {
                conn.abort().await;
                return Err(connect_error(
                    &format!("{} refused the login for user `{user}`", self.server()),
                    &e,
                ));
            }
        }
        Ok(conn)
    }

    /// One command with the timeout; the reply, or what to record and whether the
    /// connection survives.
    async fn command<C: Display>(
        &self,
        conn: &mut SmtpConn,
        command: C,
        what: &str,
    ) -> Result<Response, (Attempt, bool)> {
        match tokio::time::timeout(self.timeout, conn.inner.command(command)).await {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(e)) => Err(self.refused(conn, &e, what, false).await),
            Err(_) => Err((
                Attempt::Deferred(format!("no reply to {what} within {:?}", self.timeout)),
                false,
            )),
        }
    }

    /// Classifies a refusal; after a 4xx/5xx reply the transaction is reset so the
    /// connection can carry the next letter.
    async fn refused(
        &self,
        conn: &mut SmtpConn,
        e: &lettre::transport::smtp::Error,
        what: &str,
        handed_over: bool,
    ) -> (Attempt, bool) {
        let Some(code) = e.status() else {
            let reason = format!("connection lost during {what}: {e}");
            let attempt = if handed_over {
                Attempt::InDoubt(reason)
            } else {
                Attempt::Deferred(reason)
            };
            return (attempt, false);
        };
        let reply = reply_text(e);
        let closing = code.to_string() == "421";
        let usable = !closing
            && matches!(
                tokio::time::timeout(self.timeout, conn.inner.command(Rset)).await,
                Ok(Ok(_))
            );
        let attempt = if e.is_permanent() {
            Attempt::Failed(reply)
        } else {
            Attempt::Deferred(reply)
        };
        (attempt, usable)
    }
}

impl Transport for Smtp {
    type Conn = SmtpConn;

    async fn connect(&self) -> Result<SmtpConn, ConnectError> {
        let inner = self.open().await?;
        Ok(SmtpConn { inner })
    }

    async fn send(&self, conn: &mut SmtpConn, message: &Outgoing) -> (Attempt, bool) {
        let info = conn.inner.server_info();
        let mut params = Vec::new();
        if message.needs_smtputf8() {
            if !info.supports_feature(Extension::SmtpUtfEight) {
                return (
                    Attempt::Failed(
                        "the address is not ASCII and the server does not accept such \
                         addresses (no SMTPUTF8)"
                            .into(),
                    ),
                    true,
                );
            }
            params.push(MailParameter::SmtpUtfEight);
        }
        if !message.bytes.is_ascii() {
            params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let from = message.envelope.from().cloned();
        if let Err(out) = self
            .command(conn, Mail::new(from, params), "MAIL FROM")
            .await
        {
            return out;
        }
        for to in message.envelope.to() {
            if let Err(out) = self
                .command(conn, Rcpt::new(to.clone(), vec![]), "RCPT TO")
                .await
            {
                return out;
            }
        }
        if let Err(out) = self.command(conn, Data, "DATA").await {
            return out;
        }
        // From here on the server holds the message: silence means "in doubt", not "refused".
        let result = tokio::time::timeout(self.timeout, conn.inner.message(&message.bytes)).await;
        match result {
            Ok(Ok(reply)) => (Attempt::Delivered(response_text(&reply)), true),
            Ok(Err(e)) => self.refused(conn, &e, "the message data", true).await,
            Err(_) => (
                Attempt::InDoubt(format!(
                    "no reply after the message data within {:?}",
                    self.timeout
                )),
                false,
            ),
        }
    }

    async fn probe(&self, conn: &mut SmtpConn) -> bool {
        matches!(
            tokio::time::timeout(self.timeout, conn.inner.command(Noop)).await,
            Ok(Ok(_))
        )
    }

    async fn close(&self, mut conn: SmtpConn) {
        let _ = tokio::time::timeout(Duration::from_secs(2), conn.inner.command(Quit)).await;
    }
}

/// A lettre connection error as a [`ConnectError`]: 5xx replies, TLS and protocol errors are
/// permanent, 4xx replies and network trouble temporary.
fn connect_error(context: &str, e: &lettre::transport::smtp::Error) -> ConnectError {
    let detail = if e.status().is_some() {
        reply_text(e)
    } else {
        e.to_string()
    };
    ConnectError {
        message: format!("{context}: {detail}"),
        permanent: e.is_permanent() || e.is_tls() || e.is_client(),
    }
}

/// `550 5.1.1 no such user` from a negative reply.
fn reply_text(e: &lettre::transport::smtp::Error) -> String {
    let code = e.status().map(|c| c.to_string()).unwrap_or_default();
    let text = std::error::Error::source(e)
        .map(|s| s.to_string())
        .unwrap_or_default();
    one_line(&format!("{code} {text}"))
}

/// `250 2.0.0 Ok: queued as 4F2` from a positive reply.
fn response_text(r: &Response) -> String {
    let lines: Vec<&str> = r.message().collect();
    one_line(&format!("{} {}", r.code(), lines.join(" ")))
}

fn one_line(s: &str) -> String {
    super::message::clean(s)
}

/// A TLS stream lettre can drive (lettre's trait wants `peer_addr`).
#[derive(Debug)]
struct TlsStream(tokio_rustls::client::TlsStream<TcpStream>);

impl AsyncTokioStream for TlsStream {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.0.get_ref().0.peer_addr()
    }
}

impl AsyncRead for TlsStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for TlsStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
