//! Building the email for one letter with lettre's builder: From the campaign, Reply-To the
//! volunteer who signed, To the recipient, a Message-ID derived from the letter id and a Date
//! fixed at the first send. Text from data files only ever becomes header *values*.

use std::io::Read;
use std::path::{Component, Path};
use std::time::SystemTime;

use lettre::address::Envelope;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};
use time::OffsetDateTime;

use crate::dir::Handle;
use crate::manifest::ManifestEntry;

/// The campaign's side of every message.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The campaign id (part of every Message-ID).
    pub campaign: String,
    /// From: the campaign's name and address.
    pub from: Mailbox,
}

impl Identity {
    /// Checks the campaign's sender address once.
    pub fn new(campaign: &str, name: &str, email: &str) -> Result<Self, String> {
        let address: Address = email
            .trim()
            .parse()
            .map_err(|e| format!("the campaign sender address `{email}` is not valid: {e}"))?;
        Ok(Self {
            campaign: campaign.to_string(),
            from: Mailbox::new(Some(clean(name)), address),
        })
    }

    /// `<letter-id.campaign-id@sender-domain>`: the same for every send of a letter, so the
    /// receiving side can recognise a resend.
    pub fn message_id(&self, letter_id: &str) -> String {
        format!(
            "<{letter_id}.{}@{}>",
            self.campaign,
            self.from.email.domain()
        )
    }
}

/// A message ready for the wire.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// Envelope sender and recipient.
    pub envelope: lettre::address::Envelope,
    /// The whole message, headers and body, as sent after `DATA`.
    pub bytes: Vec<u8>,
}

impl Outgoing {
    /// True when an envelope address is not ASCII (the server must offer SMTPUTF8).
    pub fn needs_smtputf8(&self) -> bool {
        let from = self.envelope.from().map(AsRef::<str>::as_ref);
        from.into_iter()
            .chain(self.envelope.to().iter().map(AsRef::<str>::as_ref))
            .any(|a| !a.is_ascii())
    }
}

/// The letter's body text and optional HTML alternative.
#[derive(Debug, Clone)]
pub struct Body {
    /// UTF-8 text.
    pub text: String,
    /// UTF-8 HTML, where the template has one.
    pub html: Option<String>,
}

impl Body {
    /// Reads `entry.path` (and `entry.html_path`) in the open letters folder: one open
    /// relative to it (no path walked from the root), reads, one close.
    pub fn load(entry: &ManifestEntry, letters: &Handle) -> Result<Self, String> {
        let read = |rel: &str| -> Result<String, String> {
            let cannot = |e: std::io::Error| format!("cannot read `letters/{rel}`: {e}");
            let file = letters.open_file(inside(rel)?).map_err(cannot)?;
            // Through `Take`: a plain `File` would first ask the system for its size.
            std::io::read_to_string(file.take(u64::MAX)).map_err(cannot)
        };
        Ok(Body {
            text: read(&entry.path)?,
            html: entry.html_path.as_deref().map(read).transpose()?,
        })
    }
}

/// `rel` as a path inside the letters folder, refusing absolute paths and `..`.
fn inside(rel: &str) -> Result<&str, String> {
    let p = Path::new(rel);
    if p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!("`{rel}` is not a path inside `letters/`"));
    }
    Ok(rel)
}

/// Builds the message for `entry`, dated `date`. Errors are permanent for this letter (a bad
/// address, say) and name the field.
pub fn compose(
    entry: &ManifestEntry,
    identity: &Identity,
    body: Body,
    date: OffsetDateTime,
) -> Result<Outgoing, String> {
    let to_email = entry
        .recipient
        .email
        .as_deref()
        .ok_or_else(|| format!("recipient `{}` has no email address", entry.recipient.id))?;
    let to = mailbox(&entry.recipient.name, to_email)
        .map_err(|e| format!("recipient `{}`: {e}", entry.recipient.id))?;
    // Given rather than derived: lettre would parse the To header it just wrote back.
    let envelope = Envelope::new(Some(identity.from.email.clone()), vec![to.email.clone()])
        .map_err(|e| format!("cannot build the envelope: {e}"))?;
    let mut builder = Message::builder()
        .envelope(envelope)
        .message_id(Some(identity.message_id(&entry.id)))
        .date(SystemTime::from(date))
        .from(identity.from.clone())
        .to(to)
        .subject(clean(&entry.subject));
    if let Some(email) = entry.sender.email.as_deref() {
        let reply_to = mailbox(&entry.sender.name, email)
            .map_err(|e| format!("volunteer `{}`: {e}", entry.sender.id))?;
        builder = builder.reply_to(reply_to);
    }
    let message = match body.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(body.text, html)),
        None => builder.singlepart(SinglePart::plain(body.text)),
    }
    .map_err(|e| format!("cannot build the message: {e}"))?;
    Ok(Outgoing {
        envelope: message.envelope().clone(),
        bytes: message.formatted(),
    })
}

/// Builds a plain-text notice from the campaign to `to` (a confirmation mail, say), with
/// the Message-ID of `key`.
pub fn compose_notice(
    identity: &Identity,
    to: &str,
    key: &str,
    subject: &str,
    text: String,
    date: OffsetDateTime,
) -> Result<Outgoing, String> {
    let to = mailbox("", to)?;
    let envelope = Envelope::new(Some(identity.from.email.clone()), vec![to.email.clone()])
        .map_err(|e| format!("cannot build the envelope: {e}"))?;
    let message = Message::builder()
        .envelope(envelope)
        .message_id(Some(identity.message_id(key)))
        .date(SystemTime::from(date))
        .from(identity.from.clone())
        .to(to)
        .subject(clean(subject))
        .singlepart(SinglePart::plain(text))
        .map_err(|e| format!("cannot build the message: {e}"))?;
    Ok(Outgoing {
        envelope: message.envelope().clone(),
        bytes: message.formatted(),
    })
}

fn mailbox(name: &str, email: &str) -> Result<Mailbox, String> {
    let address: Address = email
        .trim()
        .parse()
        .map_err(|e| format!("`{email}` is not an email address: {e}"))?;
    let name = clean(name);
    Ok(Mailbox::new((!name.is_empty()).then_some(name), address))
}

/// One line of text for a header value: every control character (CR and LF above all) becomes
/// a space, runs of spaces shrink to one. lettre encodes what is left.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_control() { ' ' } else { c };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests;
