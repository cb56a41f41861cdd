//! The envelope of one transaction: MAIL FROM, RCPT TO and DATA, one command at a time, or all
//! in one write when the server offers PIPELINING (RFC 2920), which halves the round trips per
//! letter. Commands are lettre's own; only their order on the wire is decided here.

use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{Extension, MailBodyParameter, MailParameter};

use super::{Smtp, SmtpConn, classify, reusable};
use crate::delivery::message::Outgoing;
use crate::delivery::transport::Attempt;

/// What to record and whether the connection survives, when the envelope was refused.
type Refusal = (Attempt, bool);

impl Smtp {
    /// Sends the envelope; `Ok` when the server waits for the message data.
    pub(super) async fn envelope(
        &self,
        conn: &mut SmtpConn,
        message: &Outgoing,
    ) -> Result<(), Refusal> {
        let info = conn.inner.server_info();
        let mut params = Vec::new();
        if message.needs_smtputf8() {
            if !info.supports_feature(Extension::SmtpUtfEight) {
                let reason = "the address is not ASCII and the server does not accept such \
                              addresses (no SMTPUTF8)";
                return Err((Attempt::Failed(reason.into()), true));
            }
            params.push(MailParameter::SmtpUtfEight);
        }
        if !message.bytes.is_ascii() {
            params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let mail = Mail::new(message.envelope.from().cloned(), params);
        let rcpts: Vec<Rcpt> = message
            .envelope
            .to()
            .iter()
            .map(|to| Rcpt::new(to.clone(), vec![]))
            .collect();
        if conn.pipelining {
            self.pipelined(conn, mail, rcpts).await
        } else {
            self.one_by_one(conn, mail, rcpts).await
        }
    }

    async fn one_by_one(
        &self,
        conn: &mut SmtpConn,
        mail: Mail,
        rcpts: Vec<Rcpt>,
    ) -> Result<(), Refusal> {
        self.step(conn, mail, "MAIL FROM").await?;
        for rcpt in rcpts {
            self.step(conn, rcpt, "RCPT TO").await?;
        }
        self.step(conn, Data, "DATA").await
    }

    async fn step<C: std::fmt::Display>(
        &self,
        conn: &mut SmtpConn,
        command: C,
        what: &str,
    ) -> Result<(), Refusal> {
        match tokio::time::timeout(self.timeout, conn.inner.command(command)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => {
                let attempt = classify(&e, what, false);
                let usable = reusable(&e) && self.reset(conn).await;
                Err((attempt, usable))
            }
            Err(_) => Err((
                Attempt::Deferred(format!("no reply to {what} within {:?}", self.timeout)),
                false,
            )),
        }
    }

    async fn pipelined(
        &self,
        conn: &mut SmtpConn,
        mail: Mail,
        rcpts: Vec<Rcpt>,
    ) -> Result<(), Refusal> {
        let mut batch = mail.to_string();
        for rcpt in &rcpts {
            batch.push_str(&rcpt.to_string());
        }
        batch.push_str(&Data.to_string());
        let expected = rcpts.len() + 2;
        let inner = &mut conn.inner;
        let read_all = async {
            // Every reply is read, refusals included, so the connection stays in step.
            let mut replies = Vec::with_capacity(expected);
            replies.push(inner.command(batch).await);
            while replies.len() < expected {
                let lost = replies
                    .last()
                    .is_some_and(|r| r.as_ref().is_err_and(|e| e.status().is_none()));
                if lost {
                    break;
                }
                replies.push(inner.read_response().await);
            }
            replies
        };
        let Ok(replies) = tokio::time::timeout(self.timeout, read_all).await else {
            let what = "MAIL FROM, RCPT TO and DATA";
            return Err((
                Attempt::Deferred(format!("no reply to {what} within {:?}", self.timeout)),
                false,
            ));
        };
        let Some((index, e)) = replies
            .iter()
            .enumerate()
            .find_map(|(i, r)| r.as_ref().err().map(|e| (i, e)))
        else {
            return Ok(());
        };
        let what = match index {
            0 => "MAIL FROM",
            i if i + 1 == expected => "DATA",
            _ => "RCPT TO",
        };
        let attempt = classify(e, what, false);
        // A server that said 354 to DATA after refusing a recipient now reads message data:
        // a RSET would become part of it, so the connection is dropped instead.
        let waiting_for_data = replies.len() == expected && replies[expected - 1].is_ok();
        let usable = reusable(e) && !waiting_for_data && self.reset(conn).await;
        Err((attempt, usable))
    }
}
