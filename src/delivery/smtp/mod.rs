//! SMTP connections with lettre: a socket opened here with `TCP_NODELAY` (lettre never sets it
//! and every message would wait ~40 ms for a delayed ACK) whose writes go out together when a
//! reply is awaited, STARTTLS or implicit TLS, login, and one transaction per letter with
//! replies classified for the ledger.

mod envelope;
mod stream;

use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::commands::{Ehlo, Noop, Quit, Rset};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use tokio::net::TcpStream;

use stream::{TlsStream, WriteBehind};

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
    /// The server offers PIPELINING: the envelope goes in one write.
    pipelining: bool,
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

    async fn open(&self) -> Result<SmtpConn, ConnectError> {
        let temporary = |message: String| ConnectError {
            message,
            permanent: false,
        };
        let permanent = |message: String| ConnectError {
            message,
            permanent: true,
        };
        let silent = |what: &str| {
            temporary(format!(
                "no {what} from {} within {:?}",
                self.server(),
                self.timeout
            ))
        };
        let tcp = tokio::time::timeout(
            self.timeout,
            TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|_| silent("answer to the connection"))?
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
                    .map_err(|_| silent("TLS handshake"))?
                    .map_err(|e| permanent(format!("TLS with {} failed: {e}", self.server())))?;
                Box::new(TlsStream(tls))
            }
            Security::Starttls | Security::Plain => Box::new(tcp),
        };
        // The message data and its final dot in one segment (see `WriteBehind`).
        let stream: Box<dyn AsyncTokioStream> = Box::new(WriteBehind::new(stream));
        let greet = AsyncSmtpConnection::connect_with_transport(stream, &self.hello);
        let mut conn = tokio::time::timeout(self.timeout, greet)
            .await
            .map_err(|_| silent("greeting"))?
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
                .map_err(|_| silent("answer to STARTTLS"))?
                .map_err(|e| ConnectError {
                    message: format!("STARTTLS with {} failed: {e}", self.server()),
                    permanent: !e.is_transient(),
                })?;
        }
        // lettre keeps only the extensions it knows, so ask again to learn about PIPELINING
        // (before the login: a new EHLO resets the session).
        let ehlo = tokio::time::timeout(self.timeout, conn.command(Ehlo::new(self.hello.clone())))
            .await
            .map_err(|_| silent("answer to EHLO"))?
            .map_err(|e| connect_error(&format!("{} refused EHLO", self.server()), &e))?;
        let pipelining = ehlo
            .message()
            .any(|line| line.trim().eq_ignore_ascii_case("PIPELINING"));
        if let Some((user, password)) = &self.login {
            let creds = Credentials::new(user.clone(), password.expose().to_string());
            let auth = conn.auth(&[Mechanism::Plain, Mechanism::Login], &creds);
            let result = tokio::time::timeout(self.timeout, auth)
                .await
                .map_err(|_| silent("answer to the login"))?;
            if let Err(e) = result {
                conn.abort().await;
                return Err(connect_error(
                    &format!("{} refused the login for user `{user}`", self.server()),
                    &e,
                ));
            }
        }
        Ok(SmtpConn {
            inner: conn,
            pipelining,
        })
    }

    /// Resets the transaction after a refusal so the connection can carry the next letter;
    /// false when the connection is no longer usable.
    async fn reset(&self, conn: &mut SmtpConn) -> bool {
        matches!(
            tokio::time::timeout(self.timeout, conn.inner.command(Rset)).await,
            Ok(Ok(_))
        )
    }
}

impl Transport for Smtp {
    type Conn = SmtpConn;

    async fn connect(&self) -> Result<SmtpConn, ConnectError> {
        self.open().await
    }

    async fn send(&self, conn: &mut SmtpConn, message: &Outgoing) -> (Attempt, bool) {
        if let Err(out) = self.envelope(conn, message).await {
            return out;
        }
        // From here on the server holds the message: silence means "in doubt", not "refused".
        let result = tokio::time::timeout(self.timeout, conn.inner.message(&message.bytes)).await;
        match result {
            Ok(Ok(reply)) => (Attempt::Delivered(response_text(&reply)), true),
            Ok(Err(e)) => {
                let attempt = classify(&e, "the message data", true);
                let usable = reusable(&e) && self.reset(conn).await;
                (attempt, usable)
            }
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

/// What a failed command means for the letter: a 5xx reply is a refusal for good, a 4xx one
/// for now; silence or a lost connection is a refusal for now before the message was handed
/// over and leaves the letter in doubt after.
fn classify(e: &lettre::transport::smtp::Error, what: &str, handed_over: bool) -> Attempt {
    if e.status().is_none() {
        let reason = format!("connection lost during {what}: {e}");
        return if handed_over {
            Attempt::InDoubt(reason)
        } else {
            Attempt::Deferred(reason)
        };
    }
    let reply = reply_text(e);
    if e.is_permanent() {
        Attempt::Failed(reply)
    } else {
        Attempt::Deferred(reply)
    }
}

/// True when the connection may go on after `e`: a reply other than 421 (which announces the
/// server is closing it).
fn reusable(e: &lettre::transport::smtp::Error) -> bool {
    e.status().is_some_and(|code| code.to_string() != "421")
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
