//! Letter states read in one pass over the events in letter order, without holding them:
//! each letter's latest state is handed on as soon as its last event is read, and the compact
//! table of latest statuses a `send` plan needs (a few bytes a letter).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use anyhow::{Result, anyhow};
use rusqlite::Connection;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::LetterState;
use crate::ids::hex_number;
use crate::manifest::LetterStatus;

/// One letter's events folded so far; times stay text until somebody needs them.
#[derive(Default)]
struct Fold {
    id: String,
    status: Option<LetterStatus>,
    detail: Option<String>,
    at: String,
    attempts: u32,
    first_sent: Option<String>,
}

/// A letter's latest state as read, its times still text (parsed by [`Latest::state`]).
pub struct Latest<'a> {
    /// The letter id.
    pub id: &'a str,
    /// The latest status.
    pub status: LetterStatus,
    fold: &'a Fold,
}

impl Latest<'_> {
    /// When the letter was first handed to a mail server.
    pub fn first_sent_at(&self) -> Result<Option<OffsetDateTime>> {
        self.fold
            .first_sent
            .as_deref()
            .map(|t| parse_time(self.id, t))
            .transpose()
    }

    /// The full state, times parsed.
    pub fn state(&self) -> Result<LetterState> {
        Ok(LetterState {
            status: self.status,
            detail: self.fold.detail.clone(),
            at: parse_time(self.id, &self.fold.at)?,
            attempts: self.fold.attempts,
            first_sent_at: self.first_sent_at()?,
        })
    }
}

pub(super) fn parse_time(letter: &str, text: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|e| anyhow!("letter `{letter}`: time `{text}`: {e}"))
}

/// Calls `f` with every letter's latest state, in letter id order, holding one letter at a
/// time. With `details`, the latest event's detail is read too.
pub(super) fn each(
    conn: &Connection,
    details: bool,
    mut f: impl FnMut(&Latest<'_>) -> Result<()>,
) -> Result<()> {
    let sql = if details {
        "SELECT letter, status, detail, at FROM letter_event ORDER BY letter, id"
    } else {
        "SELECT letter, status, NULL, at FROM letter_event ORDER BY letter, id"
    };
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut fold = Fold::default();
    let flush = |fold: &Fold, f: &mut dyn FnMut(&Latest<'_>) -> Result<()>| match fold.status {
        Some(status) => f(&Latest {
            id: &fold.id,
            status,
            fold,
        }),
        None => Ok(()),
    };
    while let Some(r) = rows.next()? {
        let letter = r.get_ref(0)?.as_str()?;
        if fold.status.is_none() || fold.id != letter {
            flush(&fold, &mut f)?;
            fold.id.clear();
            fold.id.push_str(letter);
            fold.attempts = 0;
            fold.first_sent = None;
        }
        let status_text = r.get_ref(1)?.as_str()?;
        let status: LetterStatus = status_text
            .parse()
            .map_err(|e: String| anyhow!("letter `{}`: {e}", fold.id))?;
        fold.status = Some(status);
        let at = r.get_ref(3)?.as_str()?;
        fold.at.clear();
        fold.at.push_str(at);
        if details {
            fold.detail = r.get_ref(2)?.as_str_or_null()?.map(str::to_string);
        }
        if status == LetterStatus::Sent {
            fold.attempts += 1;
            if fold.first_sent.is_none() {
                fold.first_sent = Some(at.to_string());
            }
        }
    }
    flush(&fold, &mut f)
}

/// True for the statuses of a letter not yet accepted by a mail server nor posted.
fn unfinished(status: LetterStatus) -> bool {
    matches!(
        status,
        LetterStatus::Sent | LetterStatus::Deferred | LetterStatus::Failed
    )
}

/// The time of a `sent` event as recorded (RFC 3339 text), kept in place: an event's time is
/// at most 35 bytes as the ledger writes it; a longer one is kept on the heap.
enum SentAt {
    Inline(u8, [u8; SentAt::INLINE]),
    Heap(String),
}

impl SentAt {
    const INLINE: usize = 40;

    fn new(text: &str) -> Self {
        let b = text.as_bytes();
        if b.len() <= Self::INLINE {
            let mut buf = [0u8; Self::INLINE];
            buf[..b.len()].copy_from_slice(b);
            // At most INLINE (40) bytes: the length fits a byte.
            SentAt::Inline(b.len() as u8, buf)
        } else {
            SentAt::Heap(text.to_string())
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Copied whole from a `str` (the length cuts at its end): valid UTF-8.
            SentAt::Inline(len, buf) => {
                std::str::from_utf8(&buf[..usize::from(*len)]).unwrap_or("")
            }
            SentAt::Heap(s) => s,
        }
    }
}

/// Hashes a letter id's number by one multiplication: generated ids are already uniformly
/// random (a SHA-256 prefix), and the product spreads any others.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The latest status of every letter with events, in a few bytes a letter: ids made of 16
/// lowercase hex digits (every generated letter's) are kept as numbers, other ids as text;
/// the first hand-over time only for letters not yet accepted or posted.
#[derive(Debug, Default)]
pub struct LetterStatuses {
    hex: HashMap<u64, LetterStatus, BuildHasherDefault<IdHasher>>,
    other: HashMap<String, LetterStatus>,
    first_sent: HashMap<String, OffsetDateTime>,
}

impl LetterStatuses {
    /// Reads them in one pass over the events in the order they were recorded (the table's
    /// own order: no sorting, no index), the latest event of a letter replacing the others.
    /// Nothing is allocated for a letter with a 16-digit hex id, so that a million letters
    /// read in about as many hash-table writes as they have events.
    pub(super) fn read(conn: &Connection) -> Result<Self> {
        let mut out = LetterStatuses::default();
        // Every letter with an event has its row in `letter`: sized once, the table is not
        // grown (and copied) while a million letters are read.
        let letters: i64 = conn.query_row("SELECT COUNT(*) FROM letter", [], |r| r.get(0))?;
        out.hex.reserve(usize::try_from(letters).unwrap_or(0));
        let mut stmt = conn.prepare("SELECT letter, status, at FROM letter_event ORDER BY id")?;
        let mut rows = stmt.query([])?;
        // The first `sent` time of letters not (yet) accepted or posted, as read so far: a
        // letter's events are recorded close together, so these stay small.
        let mut hex_first: HashMap<u64, SentAt, BuildHasherDefault<IdHasher>> = HashMap::default();
        let mut other_first: HashMap<String, SentAt> = HashMap::new();
        let mut last: Option<LetterStatus> = None;
        while let Some(r) = rows.next()? {
            let letter = r.get_ref(0)?.as_str()?;
            let text = r.get_ref(1)?.as_str()?;
            // Events come in runs of one status: parse the text only when it changes.
            let status = match last {
                Some(st) if st.as_str() == text => st,
                _ => {
                    let st: LetterStatus = text
                        .parse()
                        .map_err(|e: String| anyhow!("letter `{letter}`: {e}"))?;
                    last = Some(st);
                    st
                }
            };
            let hex = hex_number(letter);
            match hex {
                Some(n) => {
                    out.hex.insert(n, status);
                }
                None => out.set_other(letter, status),
            }
            if status == LetterStatus::Sent {
                let at = || -> Result<SentAt> { Ok(SentAt::new(r.get_ref(2)?.as_str()?)) };
                match hex {
                    Some(n) => {
                        if let std::collections::hash_map::Entry::Vacant(v) = hex_first.entry(n) {
                            v.insert(at()?);
                        }
                    }
                    None => {
                        if !other_first.contains_key(letter) {
                            other_first.insert(letter.to_string(), at()?);
                        }
                    }
                }
            } else if !unfinished(status) {
                match hex {
                    Some(n) if !hex_first.is_empty() => {
                        hex_first.remove(&n);
                    }
                    None if !other_first.is_empty() => {
                        other_first.remove(letter);
                    }
                    _ => {}
                }
            }
        }
        let hex_first = hex_first
            .into_iter()
            .map(|(n, at)| (format!("{n:016x}"), at));
        for (letter, at) in hex_first.chain(other_first) {
            let at = parse_time(&letter, at.as_str())?;
            out.first_sent.insert(letter, at);
        }
        Ok(out)
    }

    fn set_other(&mut self, id: &str, status: LetterStatus) {
        match self.other.get_mut(id) {
            Some(s) => *s = status,
            None => {
                self.other.insert(id.to_string(), status);
            }
        }
    }

    /// Adds letter `id`'s latest status, and its first hand-over time for a letter not yet
    /// accepted or posted (for a store that folds the events itself).
    pub(super) fn add_latest(
        &mut self,
        id: &str,
        status: LetterStatus,
        first_sent: Option<OffsetDateTime>,
    ) {
        self.set(id, status);
        if let Some(at) = first_sent.filter(|_| unfinished(status)) {
            self.first_sent.insert(id.to_string(), at);
        }
    }

    fn set(&mut self, id: &str, status: LetterStatus) {
        match hex_number(id) {
            Some(n) => {
                self.hex.insert(n, status);
            }
            None => self.set_other(id, status),
        }
    }

    /// The latest status of letter `id`, `None` when it has no events.
    pub fn status(&self, id: &str) -> Option<LetterStatus> {
        match hex_number(id) {
            Some(n) => self.hex.get(&n).copied(),
            None => self.other.get(id).copied(),
        }
    }

    /// When letter `id` was first handed to a mail server, for a letter whose latest status
    /// is `sent`, `deferred` or `failed`.
    pub fn first_sent_at(&self, id: &str) -> Option<OffsetDateTime> {
        self.first_sent.get(id).copied()
    }

    /// Letters with at least one event.
    pub fn len(&self) -> usize {
        self.hex.len() + self.other.len()
    }

    /// True when no letter has an event.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many letters have each latest status (statuses no letter has are left out).
    pub fn counts(&self) -> Vec<(LetterStatus, usize)> {
        let mut counts = [0usize; LetterStatus::ALL.len()];
        for &s in self.hex.values().chain(self.other.values()) {
            if let Some(i) = LetterStatus::ALL.iter().position(|&a| a == s) {
                counts[i] += 1;
            }
        }
        LetterStatus::ALL
            .into_iter()
            .zip(counts)
            .filter(|&(_, n)| n > 0)
            .collect()
    }
}

/// The latest event of a letter not yet accepted by a mail server nor posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfinished {
    /// `sent` (in doubt), `deferred` or `failed`.
    pub status: LetterStatus,
    /// The server's reply or the reason.
    pub detail: Option<String>,
    /// When it happened.
    pub at: OffsetDateTime,
}

/// Every letter whose latest status is `sent`, `deferred` or `failed`, with that event, in
/// one pass over the events in the order they were recorded; holds only such letters.
pub(super) fn unfinished_letters(conn: &Connection) -> Result<HashMap<String, Unfinished>> {
    let mut stmt =
        conn.prepare("SELECT letter, status, detail, at FROM letter_event ORDER BY id")?;
    let mut rows = stmt.query([])?;
    // Times stay text until the end: most letters here are accepted a moment later.
    let mut open: HashMap<String, (LetterStatus, Option<String>, String)> = HashMap::new();
    while let Some(r) = rows.next()? {
        let letter = r.get_ref(0)?.as_str()?;
        let status: LetterStatus = r
            .get_ref(1)?
            .as_str()?
            .parse()
            .map_err(|e: String| anyhow!("letter `{letter}`: {e}"))?;
        if !unfinished(status) {
            if !open.is_empty() {
                open.remove(letter);
            }
            continue;
        }
        let detail = r.get_ref(2)?.as_str_or_null()?.map(str::to_string);
        let at = r.get_ref(3)?.as_str()?.to_string();
        match open.get_mut(letter) {
            Some(o) => *o = (status, detail, at),
            None => {
                open.insert(letter.to_string(), (status, detail, at));
            }
        }
    }
    open.into_iter()
        .map(|(letter, (status, detail, at))| {
            let at = parse_time(&letter, &at)?;
            Ok((letter, Unfinished { status, detail, at }))
        })
        .collect()
}

#[cfg(test)]
mod tests;
