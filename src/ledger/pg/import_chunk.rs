//! The chunks of rows of a PostgreSQL import, each copied straight into `entry` under a
//! savepoint while its keys are new, or sorted out by its keys alone (see `import`): the
//! import's connection and what it found so far, on the thread that sends the chunks.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io::Write;

use anyhow::{Result, bail};
use postgres::Client;

use super::write::is_unique_violation;
use crate::ledger::cells::{CellDeltas, FxHasher};
use crate::ledger::worker::Row;
use crate::ledger::{Changed, Duplicate, ImportSummary};

/// Rows sent together: one `COPY` (and one look-up of their keys, when needed) each.
pub const CHUNK: usize = 50_000;

/// The first keys of a chunk looked up before it is copied straight in (see
/// [`Chunks::any_known`]), and one in this many after them.
const SAMPLE: usize = 1_000;
const SAMPLE_EVERY: usize = 50;

/// The share of the ledger's entries (one in this many) found again by looking chunks up,
/// from which an import reads every key of the ledger at once instead (see
/// [`Chunks::load_snapshot`]).
const SNAPSHOT_FROM: u64 = 8;

/// Entry ids whose keys [`Chunks::load_snapshot`] reads with one statement (16 MB).
const SNAPSHOT_IDS: i64 = 1 << 20;

/// Import keys to their content fingerprints.
type KeyMap = HashMap<i64, i64, BuildHasherDefault<FxHasher>>;

/// The columns of `entry` an imported row fills, in the order of [`copy_line`].
const COPY_ENTRY: &str = "COPY entry (batch, line, kind, count, case_id, country, channel, day,
    volunteer, grp, prisoner, recipient, note, import_key, import_content)
    FROM STDIN (FORMAT text)";

/// The import's connection, inside its transaction, and what its chunks came to.
pub struct Chunks {
    /// The connection, inside the import's transaction.
    pub client: Client,
    /// The import's batch.
    pub batch: i64,
    /// True while the chunks go straight into `entry` after a sample of their keys was not
    /// found: until a chunk meets a key already there, and again after a chunk whose keys
    /// were all new.
    straight: bool,
    /// COPY text of the chunk being sent (kept to reuse its memory).
    buf: Vec<u8>,
    /// The summary cells of the rows added.
    pub cells: CellDeltas,
    /// Rows of this file whose key an earlier row of it has.
    pub duplicates: Vec<Duplicate>,
    /// What the rows sent came to.
    pub summary: ImportSummary,
    /// Time spent waiting for the server (copies, look-ups), logged at debug level.
    pub waited: std::time::Duration,
    /// The entries in the ledger when the import began, as the planner's statistics count
    /// them.
    ledger_rows: u64,
    /// Rows found in the ledger by looking their keys up.
    found: u64,
    /// The keys and content fingerprints of every row other imports added, once
    /// [`Chunks::load_snapshot`] read them: the rows are then sorted out here.
    snapshot: Option<KeyMap>,
}

/// Appends `text` to COPY text, escaped (backslash, tab, line breaks).
fn field(buf: &mut Vec<u8>, text: Option<&str>) {
    let Some(text) = text else {
        buf.extend_from_slice(b"\\N");
        return;
    };
    for b in text.bytes() {
        match b {
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\t' => buf.extend_from_slice(b"\\t"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            _ => buf.push(b),
        }
    }
}

/// Appends one row of [`COPY_ENTRY`].
fn copy_line(b: &mut Vec<u8>, batch: i64, row: &Row) -> Result<()> {
    let a = &row.action;
    write!(b, "{batch}\t{}\t", row.line)?;
    field(b, Some(a.kind.as_str()));
    write!(b, "\t{}\t", a.count)?;
    field(b, Some(&a.case));
    b.push(b'\t');
    field(b, Some(&a.country));
    b.push(b'\t');
    field(b, Some(a.channel.as_str()));
    write!(b, "\t{}", a.day)?;
    for f in [&a.volunteer, &a.group, &a.prisoner, &a.recipient, &a.note] {
        b.push(b'\t');
        field(b, f.as_deref());
    }
    writeln!(b, "\t{}\t{}", row.key, row.content)?;
    Ok(())
}

/// What became of a row whose key is in the ledger.
enum Known {
    /// Imported before with the same content.
    Unchanged,
    /// Imported before with another content.
    Changed,
    /// Added by this import from an earlier line of the file.
    Repeated(u64),
}

/// The entries in the ledger as the planner's statistics count them (0 before any).
pub fn ledger_rows(client: &mut Client) -> Result<u64> {
    // -1 for a table never analyzed.
    let rows: f32 = client
        .query_one(
            "SELECT reltuples FROM pg_class WHERE oid = 'entry'::regclass",
            &[],
        )?
        .get(0);
    Ok(rows.max(0.0) as u64)
}

impl Chunks {
    /// Starts with the connection of an open transaction, its batch and the entries in the
    /// ledger (see [`ledger_rows`]).
    pub fn new(client: Client, batch: i64, ledger_rows: u64) -> Self {
        Chunks {
            ledger_rows,
            found: 0,
            snapshot: None,
            client,
            batch,
            straight: true,
            buf: Vec::new(),
            cells: CellDeltas::default(),
            duplicates: Vec::new(),
            summary: ImportSummary::default(),
            waited: std::time::Duration::ZERO,
        }
    }

    /// Sends `rows`: straight into `entry`, or sorted out by their keys first.
    pub fn send(&mut self, rows: Vec<Row>) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let sent = self.send_rows(rows);
        self.waited += started.elapsed();
        sent
    }

    fn send_rows(&mut self, rows: Vec<Row>) -> Result<()> {
        if let Some(snapshot) = self.snapshot.take() {
            let sent = self.sort_out_by(&snapshot, rows);
            self.snapshot = Some(snapshot);
            return sent;
        }
        if self.found > 0 && self.found >= self.ledger_rows / SNAPSHOT_FROM {
            // A re-import of a large part of the ledger: reading every key once costs less
            // than looking the rest up chunk by chunk.
            let snapshot = self.load_snapshot()?;
            let sent = self.sort_out_by(&snapshot, rows);
            self.snapshot = Some(snapshot);
            return sent;
        }
        if self.straight && !self.any_known(&rows)? && self.copy_straight(&rows)? {
            return Ok(());
        }
        self.sort_out(rows)
    }

    /// Copies `rows` into `entry` under a savepoint: true when done, false (and rolled back)
    /// when a key of them is already there.
    fn copy_straight(&mut self, rows: &[Row]) -> Result<bool> {
        self.client.batch_execute("SAVEPOINT chunk")?;
        match self.copy(rows.iter()) {
            Ok(()) => {
                self.client.batch_execute("RELEASE SAVEPOINT chunk")?;
                self.added(rows.iter());
                Ok(true)
            }
            Err(e) if e.downcast_ref().is_some_and(is_unique_violation) => {
                self.client
                    .batch_execute("ROLLBACK TO SAVEPOINT chunk; RELEASE SAVEPOINT chunk")?;
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Reads the key and content fingerprint of every row other imports added (an import
    /// committed meanwhile is caught by the unique key: see [`Chunks::sort_out_by`]), one
    /// range of [`SNAPSHOT_IDS`] entry ids at a time, each range's keys in one value: about
    /// 300 MB of memory for 11,000,000 entries. A row a message, as `COPY ... TO STDOUT`
    /// sends them, kept the client busy 10 s for 10,000,000 entries: measured, a re-import of
    /// 10,000,000 rows took 22.9 s this way, 26.2 s that way.
    fn load_snapshot(&mut self) -> Result<KeyMap> {
        let started = std::time::Instant::now();
        // The statistics' count, but no more than 16 million ahead of any key read (it may be
        // out of date): the map grows as needed.
        let room = self.ledger_rows.min(1 << 24) as usize;
        let mut keys = KeyMap::with_capacity_and_hasher(room, <_>::default());
        let last: i64 = self
            .client
            .query_one("SELECT coalesce(max(id), 0) FROM entry", &[])?
            .get(0);
        let range = self.client.prepare(
            "SELECT string_agg(int8send(import_key) || int8send(import_content), ''::bytea)
             FROM entry
             WHERE id >= $1 AND id < $2 AND import_key IS NOT NULL AND batch <> $3",
        )?;
        let mut from = 0;
        while from <= last {
            let to = from + SNAPSHOT_IDS;
            let blob: Option<Vec<u8>> = self
                .client
                .query_one(&range, &[&from, &to, &self.batch])?
                .get(0);
            let blob = blob.unwrap_or_default();
            if !blob.len().is_multiple_of(16) {
                bail!("the ledger's import keys came back cut short");
            }
            for pair in blob.chunks_exact(16) {
                let (key, content) = pair.split_at(8);
                let int = |b: &[u8]| {
                    let mut x = [0u8; 8];
                    x.copy_from_slice(b);
                    i64::from_be_bytes(x)
                };
                keys.insert(int(key), int(content));
            }
            from = to;
        }
        tracing::debug!(
            "import: {} keys of the ledger read in {:.2} s",
            keys.len(),
            started.elapsed().as_secs_f64()
        );
        Ok(keys)
    }

    /// Sorts `rows` out by the ledger's keys read before: rows imported before are counted
    /// unchanged or reported changed; the others are copied straight in, or, when a key of
    /// them is there after all (this file repeating a row, or another import that
    /// committed since), sorted out by looking them up.
    fn sort_out_by(&mut self, keys: &KeyMap, rows: Vec<Row>) -> Result<()> {
        let mut new = Vec::with_capacity(rows.len());
        let mut changed = Vec::new();
        for row in rows {
            match keys.get(&row.key) {
                Some(&content) if content == row.content => self.summary.unchanged += 1,
                Some(_) => changed.push(row),
                None => new.push(row),
            }
        }
        if !changed.is_empty() {
            let earlier = self.earlier(&changed.iter().map(|r| r.key).collect::<Vec<_>>())?;
            for row in changed {
                self.changed(&earlier, row.key, row.line);
            }
        }
        if new.is_empty() || self.copy_straight(&new)? {
            return Ok(());
        }
        self.sort_out(new)
    }

    /// True when a sample of the keys of `rows` is in the ledger: the first [`SAMPLE`] and
    /// one in [`SAMPLE_EVERY`] after. A chunk copied straight in that fails on a key wastes
    /// the ids its rows took (a sequence is not rolled back): a re-import or a file mixing
    /// rows already there with new ones is sorted out by its keys from the first chunk.
    fn any_known(&mut self, rows: &[Row]) -> Result<bool> {
        let keys: Vec<i64> = rows
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < SAMPLE || i % SAMPLE_EVERY == 0)
            .map(|(_, r)| r.key)
            .collect();
        let row = self.client.query_one(
            "SELECT EXISTS (SELECT 1 FROM entry WHERE import_key = ANY($1))",
            &[&keys],
        )?;
        Ok(row.get(0))
    }

    /// Copies `rows` into `entry`.
    fn copy<'r>(&mut self, rows: impl Iterator<Item = &'r Row>) -> Result<()> {
        self.buf.clear();
        for row in rows {
            copy_line(&mut self.buf, self.batch, row)?;
        }
        let mut w = self.client.copy_in(COPY_ENTRY)?;
        w.write_all(&self.buf)?;
        w.finish()?;
        Ok(())
    }

    /// Counts rows just copied into `entry`.
    fn added<'r>(&mut self, rows: impl Iterator<Item = &'r Row>) {
        for row in rows {
            self.cells.entry(&row.action, 1);
            self.summary.added += 1;
            self.summary.actions += row.action.count;
        }
    }

    /// Looks the keys of `rows` up: the rows imported before are counted unchanged or
    /// reported changed, the rows repeating an earlier row of the file noted, and the new
    /// ones copied into `entry`.
    fn sort_out(&mut self, rows: Vec<Row>) -> Result<()> {
        let keys: Vec<i64> = rows.iter().map(|r| r.key).collect();
        let found = self.client.query(
            "SELECT import_key, import_content, batch, line FROM entry
             WHERE import_key = ANY($1)",
            &[&keys],
        )?;
        // Key to (content, batch, line) of the entry holding it.
        let there: HashMap<i64, (i64, i64, Option<i64>)> = found
            .iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3))))
            .collect();
        let known = |row: &Row| {
            there.get(&row.key).map(|&(content, batch, line)| {
                if batch == self.batch {
                    Known::Repeated(line.unwrap_or(0) as u64)
                } else if content == row.content {
                    Known::Unchanged
                } else {
                    Known::Changed
                }
            })
        };
        let known: Vec<Option<Known>> = rows.iter().map(known).collect();
        let changed: Vec<i64> = rows
            .iter()
            .zip(&known)
            .filter(|(_, k)| matches!(k, Some(Known::Changed)))
            .map(|(row, _)| row.key)
            .collect();
        let earlier = self.earlier(&changed)?;
        // The first line of each new key in this chunk.
        let mut first: HashMap<i64, u64> = HashMap::new();
        let mut new = Vec::with_capacity(rows.len().saturating_sub(there.len()));
        for (row, known) in rows.iter().zip(known) {
            match known {
                Some(Known::Repeated(line)) => self.duplicates.push(Duplicate {
                    first: line,
                    second: row.line,
                }),
                Some(Known::Unchanged) => self.summary.unchanged += 1,
                Some(Known::Changed) => self.changed(&earlier, row.key, row.line),
                None => match first.get(&row.key) {
                    Some(&line) => self.duplicates.push(Duplicate {
                        first: line,
                        second: row.line,
                    }),
                    None => {
                        first.insert(row.key, row.line);
                        new.push(row);
                    }
                },
            }
        }
        // The next chunk goes straight in again when none of these rows was there.
        self.straight = there.is_empty();
        self.found += there.len() as u64;
        if new.is_empty() {
            return Ok(());
        }
        match self.copy(new.iter().copied()) {
            Ok(()) => {
                self.added(new.into_iter());
                Ok(())
            }
            Err(e) if e.downcast_ref().is_some_and(is_unique_violation) => {
                bail!("another import added some of these rows meanwhile; run the import again")
            }
            Err(e) => Err(e),
        }
    }

    /// Reports the row at `line` with `key` as changed, naming the entry that holds its key
    /// and where that came from (as `earlier` found them).
    fn changed(&mut self, earlier: &HashMap<i64, (i64, String)>, key: i64, line: u64) {
        let (entry, earlier) = earlier
            .get(&key)
            .cloned()
            .unwrap_or_else(|| (0, String::new()));
        self.summary.changed.push(Changed {
            line,
            entry,
            earlier,
        });
    }

    /// The entry and origin (`FILE:LINE`) of each of `keys`.
    fn earlier(&mut self, keys: &[i64]) -> Result<HashMap<i64, (i64, String)>> {
        if keys.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self.client.query(
            "SELECT e.import_key, e.id, b.file, e.line, b.origin
             FROM entry e JOIN batch b ON b.id = e.batch
             WHERE e.import_key = ANY($1)",
            &[&keys],
        )?;
        Ok(rows
            .iter()
            .map(|r| {
                let (file, line): (Option<String>, Option<i64>) = (r.get(2), r.get(3));
                let earlier = match (file, line) {
                    (Some(f), Some(l)) => format!("{f}:{l}"),
                    _ => r.get(4),
                };
                (r.get(0), (r.get(1), earlier))
            })
            .collect())
    }
}
