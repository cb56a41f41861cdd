//! What the engine needs from a mail server connection, and what one attempt to hand a letter
//! over can come to. The SMTP implementation is in [`super::smtp`].

use std::fmt;
use std::future::Future;

use super::message::Outgoing;

/// The fate of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The server accepted the message; its reply.
    Delivered(String),
    /// Refused for now (4xx, lost connection or timeout before the message was handed over):
    /// certainly not accepted, safe to try again.
    Deferred(String),
    /// Refused for good (5xx, or the letter cannot be sent at all); the reason.
    Failed(String),
    /// The message was handed over but no reply came (connection lost or timeout after the
    /// data): the server may or may not have accepted it.
    InDoubt(String),
}

/// A connection could not be opened, or a login or TLS check failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectError {
    /// What went wrong, for people (never holds the password).
    pub message: String,
    /// True when trying again cannot help (login refused, certificate rejected, no STARTTLS).
    pub permanent: bool,
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConnectError {}

/// Opens connections and sends messages on them.
pub trait Transport: Send + Sync + 'static {
    /// One open, ready (encrypted, logged-in) connection.
    type Conn: Send + 'static;

    /// Opens a connection.
    fn connect(&self) -> impl Future<Output = Result<Self::Conn, ConnectError>> + Send;

    /// Sends one message. The flag is false when the connection can no longer be used.
    fn send(
        &self,
        conn: &mut Self::Conn,
        message: &Outgoing,
    ) -> impl Future<Output = (Attempt, bool)> + Send;

    /// True when a connection idle for a while still answers.
    fn probe(&self, conn: &mut Self::Conn) -> impl Future<Output = bool> + Send;

    /// Says goodbye politely.
    fn close(&self, conn: Self::Conn) -> impl Future<Output = ()> + Send;
}
