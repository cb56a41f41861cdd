//! Checking a report's rows on a thread of their own and keying them for the ledger.

use sha2::{Digest, Sha256};

use super::{ReportReader, ReportRow, RowProblem};
use crate::action::{Action, Rules};

/// A row read and checked, with its key: ready for the ledger.
#[derive(Debug, Clone)]
pub struct CheckedRow {
    /// 1-based line.
    pub line: u64,
    /// Row key (see the module docs).
    pub key: i64,
    /// Content fingerprint.
    pub content: i64,
    /// The action.
    pub action: Action,
}

/// A row that cannot be imported, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// 1-based line.
    pub line: u64,
    /// One message per problem, naming the field where there is one.
    pub problems: Vec<String>,
}

/// Rows handed over together, with how far into the file reading had got.
pub struct Chunk {
    /// The rows, in file order.
    pub rows: Vec<Result<CheckedRow, BadRow>>,
    /// Bytes read so far.
    pub progress: u64,
}

/// Rows per [`Chunk`].
const CHUNK_ROWS: usize = 8192;

/// The chunks of a report in file order, read and checked on a thread of their own so that
/// reading overlaps with writing the ledger (see [`read_checked`]).
pub struct CheckedChunks {
    chunks: std::sync::mpsc::IntoIter<Chunk>,
    /// Joined when the chunks end: they end early, without an error, if the thread dies.
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Reads and checks the rows of `reader` on a thread of its own. The chunks arrive in file
/// order; the last item is an error, not the end, if the thread stopped before the end of
/// the file, so that a caller never takes part of a file for all of it.
pub fn read_checked(mut reader: ReportReader, rules: Rules) -> CheckedChunks {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
    let thread = std::thread::spawn(move || {
        let mut rows = Vec::with_capacity(CHUNK_ROWS);
        while let Some(row) = reader.next() {
            #[cfg(feature = "failpoints")]
            fail::fail_point!("import::check-row");
            rows.push(check_row(row, &rules));
            if rows.len() == CHUNK_ROWS {
                let chunk = Chunk {
                    rows: std::mem::replace(&mut rows, Vec::with_capacity(CHUNK_ROWS)),
                    progress: reader.bytes_read(),
                };
                if tx.send(chunk).is_err() {
                    // The importer stopped listening; nothing is left to do.
                    return;
                }
            }
        }
        let progress = reader.bytes_read();
        let _ = tx.send(Chunk { rows, progress });
    });
    CheckedChunks {
        chunks: rx.into_iter(),
        thread: Some(thread),
    }
}

impl Iterator for CheckedChunks {
    type Item = anyhow::Result<Chunk>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(chunk) = self.chunks.next() {
            return Some(Ok(chunk));
        }
        // The channel ends when the thread returns: after the last chunk, or early if it
        // panicked. Only the join tells the two apart.
        let panic = self.thread.take()?.join().err()?;
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no reason given".to_string());
        Some(Err(anyhow::anyhow!(
            "reading the rows stopped before the end of the file ({why})"
        )))
    }
}

fn check_row(row: Result<ReportRow, RowProblem>, rules: &Rules) -> Result<CheckedRow, BadRow> {
    let row = row.map_err(|p| BadRow {
        line: p.line,
        problems: vec![p.message],
    })?;
    let line = row.line;
    let reference = row.reference;
    let action = rules.check(row.raw).map_err(|problems| BadRow {
        line,
        problems: problems
            .into_iter()
            .map(|p| format!("field `{}`: {}", p.field, p.message))
            .collect(),
    })?;
    let (key, content) = fingerprint(reference.as_deref(), &action);
    Ok(CheckedRow {
        line,
        key,
        content,
        action,
    })
}

/// The row key and the content fingerprint of a checked row (see the module docs), each the
/// first 8 bytes of a SHA-256 digest read as a signed integer (SQLite's integer type).
pub fn fingerprint(reference: Option<&str>, a: &Action) -> (i64, i64) {
    let who: [&[u8]; 2] = [
        a.group.as_deref().unwrap_or("").as_bytes(),
        a.volunteer.as_deref().unwrap_or("").as_bytes(),
    ];
    let mut day = [0u8; 10];
    let identity: [&[u8]; 7] = [
        crate::action::day_text(a.day, &mut day).as_bytes(),
        a.kind.as_str().as_bytes(),
        a.case.as_bytes(),
        a.prisoner.as_deref().unwrap_or("").as_bytes(),
        a.recipient.as_deref().unwrap_or("").as_bytes(),
        a.country.as_bytes(),
        a.channel.as_str().as_bytes(),
    ];
    let reference = reference.map(str::as_bytes);
    let mut message = Vec::with_capacity(256);
    let key = match reference {
        Some(r) => digest(&mut message, &[&[b"ref"], &who[..], &[r]]),
        None => digest(&mut message, &[&[b"row"], &identity[..], &who[..]]),
    };
    let mut count = [0u8; 20];
    let rest: [&[u8]; 3] = [
        decimal(a.count, &mut count),
        a.note.as_deref().unwrap_or("").as_bytes(),
        reference.unwrap_or(b""),
    ];
    let content = digest(&mut message, &[&identity[..], &who[..], &rest[..]]);
    (key, content)
}

/// `n` in decimal digits, written into `buf` without allocating (as `n.to_string()`).
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[at..];
        }
    }
}

/// SHA-256 over the parts, each followed by a 0xFF byte (never part of UTF-8 text, so
/// `("ab", "c")` and `("a", "bc")` differ). The parts are gathered first and hashed in one
/// call: a call per part cost more than the hashing.
fn digest(message: &mut Vec<u8>, groups: &[&[&[u8]]]) -> i64 {
    message.clear();
    for part in groups.iter().flat_map(|g| g.iter()) {
        message.extend_from_slice(part);
        message.push(0xff);
    }
    let d = Sha256::digest(&*message);
    let mut first = [0u8; 8];
    first.copy_from_slice(&d[..8]);
    i64::from_be_bytes(first)
}

#[cfg(test)]
mod tests {
    use super::{decimal, digest};
    use sha2::{Digest, Sha256};

    // Keys are stored in ledgers: the way they are computed must never change.
    #[test]
    fn a_digest_is_the_sha256_of_the_parts_each_ended_by_0xff() {
        let d = Sha256::digest(b"row\xff2026-12-10\xffappeal\xff\xff");
        let mut first = [0u8; 8];
        first.copy_from_slice(&d[..8]);
        let parts: [&[u8]; 3] = [b"2026-12-10", b"appeal", b""];
        assert_eq!(
            digest(&mut Vec::new(), &[&[b"row"], &parts[..]]),
            i64::from_be_bytes(first)
        );
    }

    #[test]
    fn decimal_digits_are_those_of_to_string() {
        for n in [0, 1, 9, 10, 230, 10_000_000, u64::MAX] {
            let mut buf = [0u8; 20];
            assert_eq!(decimal(n, &mut buf), n.to_string().as_bytes());
        }
    }
}
