//! Messages stored by the test SMTP server: its `index.jsonl` and the parsed `.eml` files.

use std::path::{Path, PathBuf};

use mail_parser::{MessageParser, PartType};
use serde::Deserialize;

/// One line of the server's `index.jsonl`: the SMTP envelope of a stored message.
#[derive(Debug, Clone, Deserialize)]
pub struct IndexEntry {
    /// Order of storage, from 1.
    pub seq: u64,
    /// The envelope sender (MAIL FROM).
    pub mail_from: String,
    /// The accepted envelope recipients (RCPT TO).
    pub rcpt_tos: Vec<String>,
    /// The `Message-ID` header without angle brackets, if any.
    pub message_id: Option<String>,
    /// File name inside the store folder.
    pub file: String,
    /// Whether the message came over STARTTLS.
    pub tls: bool,
    /// The AUTH login used, if any.
    pub auth: Option<String>,
}

/// A stored message: its envelope and the headers and bodies a test checks.
#[derive(Debug, Clone)]
pub struct StoredMessage {
    /// The envelope and storage details.
    pub envelope: IndexEntry,
    /// The `.eml` file.
    pub path: PathBuf,
    /// `From` address.
    pub from: Option<String>,
    /// `From` display name.
    pub from_name: Option<String>,
    /// First `Reply-To` address.
    pub reply_to: Option<String>,
    /// `To` addresses.
    pub to: Vec<String>,
    /// Decoded `Subject`.
    pub subject: Option<String>,
    /// `Message-ID` without angle brackets.
    pub message_id: Option<String>,
    /// `Date` as RFC 3339.
    pub date: Option<String>,
    /// The first text/plain body part, decoded, line ends turned from CRLF into `\n`.
    pub text: Option<String>,
    /// The first text/html body part, decoded, line ends turned from CRLF into `\n`.
    pub html: Option<String>,
    /// The bytes received after DATA, headers included.
    pub raw: Vec<u8>,
}

impl StoredMessage {
    /// Reads and parses the message `entry` names inside `dir`.
    pub fn load(dir: &Path, entry: IndexEntry) -> Self {
        let path = dir.join(&entry.file);
        let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let msg = MessageParser::default()
            .parse(&raw)
            .unwrap_or_else(|| panic!("{}: not a parsable message", path.display()));
        let first = |a: Option<&mail_parser::Address>| {
            a.and_then(|a| a.first())
                .and_then(|a| a.address())
                .map(str::to_owned)
        };
        // mail-parser converts between text and HTML when a kind is missing; a test wants to
        // know what was actually sent, so take only parts of the right kind.
        let text = (0..msg.text_body_count() as u32)
            .filter_map(|i| msg.text_part(i))
            .find_map(|p| match &p.body {
                PartType::Text(t) => Some(t.replace("\r\n", "\n")),
                _ => None,
            });
        let html = (0..msg.html_body_count() as u32)
            .filter_map(|i| msg.html_part(i))
            .find_map(|p| match &p.body {
                PartType::Html(t) => Some(t.replace("\r\n", "\n")),
                _ => None,
            });
        StoredMessage {
            from: first(msg.from()),
            from_name: msg
                .from()
                .and_then(|a| a.first())
                .and_then(|a| a.name())
                .map(str::to_owned),
            reply_to: first(msg.reply_to()),
            to: msg
                .to()
                .map(|a| {
                    a.iter()
                        .filter_map(|a| a.address().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            subject: msg.subject().map(str::to_owned),
            message_id: msg.message_id().map(str::to_owned),
            date: msg.date().map(|d| d.to_rfc3339()),
            text,
            html,
            envelope: entry,
            path,
            raw: raw.clone(),
        }
    }

    /// The first header called `name` (any case), unfolded and trimmed but not decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let msg = MessageParser::default().parse(&self.raw)?;
        let value = msg.header_raw(name)?;
        Some(
            value
                .replace("\r\n", "")
                .replace('\n', "")
                .trim()
                .to_owned(),
        )
    }

    /// The raw message as text (lossy), for assertions on exact bytes.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

/// Reads the complete lines of `dir/index.jsonl`; a last line still being written (no
/// newline yet) is left for the next read.
pub fn read_index(dir: &Path) -> Vec<IndexEntry> {
    let path = dir.join("index.jsonl");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => panic!("{}: {e}", path.display()),
    };
    let complete = text.rfind('\n').map_or("", |end| &text[..end]);
    complete
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}: bad line {line:?}: {e}", path.display()))
        })
        .collect()
}
