//! The chunks of rows of a PostgreSQL import, on the thread that sends them: each chunk is
//! copied straight into `entry` while a sample of its keys is new, or sorted out by its keys
//! first (see `import`). The rows added are kept as (key, content, entry), for their keys to
//! be written once, sorted, when the import ends (`import_settle`).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io::Write;

use anyhow::{Result, ensure};
use postgres::{Client, Statement};

use super::import_cells::Adder;
use super::import_lookup::Lookups;
use super::keys::{self, Key};
use crate::ledger::cells::FxHasher;
use crate::ledger::worker::Row;
use crate::ledger::{Changed, Duplicate, ImportSummary};

/// Rows sent together: one `COPY` (and one look-up of their keys, when needed) each.
pub const CHUNK: usize = 50_000;

/// The first keys of a chunk looked up before it is copied straight in (see
/// [`Chunks::any_known`]), and one in this many after them.
const SAMPLE: usize = 1_000;
const SAMPLE_EVERY: usize = 50;

/// The share of the ledger's keys (one in this many) found again by looking chunks up, from
/// which an import reads every key of the ledger at once instead (see
/// [`Chunks::load_snapshot`]).
const SNAPSHOT_FROM: u64 = 8;

/// The ranges of keys [`Chunks::load_snapshot`] reads one statement each (about 3 MB each
/// for 11,000,000 keys).
const SNAPSHOT_RANGES: i64 = 64;

/// The bytes of `COPY` data handed to the connection at a time: the server reads a chunk's
/// first rows while the last are written, and no buffer grows to a chunk's size (measured, a
/// chunk written whole spent a third of the importer's time having the kernel clear the
/// fresh pages of such buffers).
pub(super) const PIECE: usize = 1 << 16;

/// Import keys to their content fingerprints.
type KeyMap = HashMap<i64, i64, BuildHasherDefault<FxHasher>>;

/// The columns of `entry` an imported row fills, in the order of [`copy_line`].
pub(super) const ENTRY_COLUMNS: &str = "id, batch, line, kind, count, case_id, country, channel,
    day, volunteer, grp, prisoner, recipient, note";

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
    /// `COPY` data of the chunk being sent (kept to reuse its memory).
    buf: Vec<u8>,
    /// Adds up the summary cells of the rows added.
    pub cells: Adder,
    /// Rows of this file whose key an earlier row of it has.
    pub duplicates: Vec<Duplicate>,
    /// What the rows sent came to.
    pub summary: ImportSummary,
    /// Time spent waiting for the server (copies, look-ups), logged at debug level.
    pub waited: std::time::Duration,
    /// Every row added, by chunk, each chunk's sorted by key: merged when the import ends
    /// (see `import_settle`), while they are written. Measured on 10,000,000 keys, putting
    /// them in one vector and sorting it took 3.1 s, during which the server waited.
    pub runs: Vec<Vec<Key>>,
    /// The keys in the ledger when the import began, as the planner's statistics count them.
    ledger_keys: u64,
    /// Rows found in the ledger by looking their keys up.
    found: u64,
    /// The keys and content fingerprints of every row other imports added, once
    /// [`Chunks::load_snapshot`] read them: the rows are then sorted out here.
    snapshot: Option<KeyMap>,
    /// Takes entry ids for the rows of a chunk: `$1` of them, as one array.
    take_ids: Statement,
    /// Looks keys up, half of them through a second connection.
    lookups: Lookups,
}

/// What [`Chunks::prepare`] reads.
pub struct Prepared {
    ledger_keys: u64,
    take_ids: Statement,
}

/// Appends `text` to COPY text, escaped (backslash, tab, line breaks).
pub(super) fn field(buf: &mut Vec<u8>, text: Option<&str>) {
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

/// The header of a binary `COPY`: its signature, no flags, no extension.
pub(super) const BINARY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// The Julian day of 2000-01-01, from which PostgreSQL counts a binary `date`.
const PG_EPOCH_JULIAN: i32 = 2_451_545;

/// Appends one row of [`ENTRY_COLUMNS`] in `COPY`'s binary format: the server parses no
/// text (measured, 10,000,000 entries copied in 18.7 s instead of 21.8 s as text).
fn binary_row(b: &mut Vec<u8>, id: i64, batch: i64, row: &Row) {
    fn int(b: &mut Vec<u8>, v: i64) {
        b.extend_from_slice(&8i32.to_be_bytes());
        b.extend_from_slice(&v.to_be_bytes());
    }
    fn text(b: &mut Vec<u8>, v: Option<&str>) {
        match v {
            // Text fields of a checked row are far shorter than 2 GB.
            Some(t) => {
                b.extend_from_slice(&(t.len() as i32).to_be_bytes());
                b.extend_from_slice(t.as_bytes());
            }
            None => b.extend_from_slice(&(-1i32).to_be_bytes()),
        }
    }
    let a = &row.action;
    b.extend_from_slice(&14i16.to_be_bytes());
    int(b, id);
    int(b, batch);
    int(b, row.line as i64);
    text(b, Some(a.kind.as_str()));
    int(b, a.count as i64);
    text(b, Some(&a.case));
    text(b, Some(&a.country));
    text(b, Some(a.channel.as_str()));
    b.extend_from_slice(&4i32.to_be_bytes());
    b.extend_from_slice(&(a.day.to_julian_day() - PG_EPOCH_JULIAN).to_be_bytes());
    for f in [&a.volunteer, &a.group, &a.prisoner, &a.recipient, &a.note] {
        text(b, f.as_deref());
    }
}

/// `COPY` of [`ENTRY_COLUMNS`] into `entry`.
pub(super) fn copy_entry_sql() -> String {
    format!("COPY entry ({ENTRY_COLUMNS}) FROM STDIN (FORMAT text)")
}

impl Chunks {
    /// What an import needs from the ledger before its first chunk, read through the
    /// connection of its open transaction: the keys in the ledger and the statement taking
    /// entry ids.
    pub fn prepare(client: &mut Client) -> Result<Prepared> {
        let ledger_keys = keys::count(client)?;
        // The sequence's name, so that the statement names it as a constant: looked up per
        // row, it would cost a catalog search for each of ten million rows.
        let seq: String = client
            .query_one("SELECT pg_get_serial_sequence('entry', 'id')", &[])?
            .get(0);
        let take_ids = client.prepare(&format!(
            "SELECT array_agg(nextval('{}'::regclass)) FROM generate_series(1, $1::int8)",
            seq.replace('\'', "''")
        ))?;
        Ok(Prepared {
            ledger_keys,
            take_ids,
        })
    }

    /// Starts with the connection of an open transaction, its batch and what
    /// [`Chunks::prepare`] read; the vectors of chunks sent go back through `spare`.
    pub fn new(
        client: Client,
        batch: i64,
        p: Prepared,
        spare: std::sync::mpsc::SyncSender<Vec<Row>>,
        url: &str,
    ) -> Self {
        Chunks {
            ledger_keys: p.ledger_keys,
            found: 0,
            snapshot: None,
            client,
            batch,
            straight: true,
            buf: Vec::new(),
            cells: Adder::start(spare),
            lookups: Lookups::new(url),
            duplicates: Vec::new(),
            summary: ImportSummary::default(),
            waited: std::time::Duration::ZERO,
            runs: Vec::new(),
            take_ids: p.take_ids,
        }
    }

    /// Sends `rows`: straight into `entry`, or sorted out by their keys first.
    pub fn send(&mut self, rows: Vec<Row>) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let added = self.send_rows(&rows);
        self.waited += started.elapsed();
        self.cells.sent(rows, added?)
    }

    /// Sends `rows`; returns which were added (`None`: all of them).
    fn send_rows(&mut self, rows: &[Row]) -> Result<Option<Vec<bool>>> {
        if self.snapshot.is_none()
            && self.found > 0
            && self.found >= self.ledger_keys / SNAPSHOT_FROM
        {
            // A re-import of a large part of the ledger: reading every key once costs less
            // than looking the rest up chunk by chunk.
            self.snapshot = Some(self.load_snapshot()?);
        }
        if let Some(snapshot) = self.snapshot.take() {
            let sent = self.sort_out_by(rows, |key| snapshot.get(&key).copied());
            self.snapshot = Some(snapshot);
            return sent;
        }
        if self.straight && !self.any_known(rows)? {
            self.copy(&rows.iter().collect::<Vec<_>>())?;
            return Ok(None);
        }
        let wanted: Vec<i64> = rows.iter().map(|r| r.key).collect();
        let there: KeyMap = self
            .lookups
            .contents(&mut self.client, &wanted)?
            .into_iter()
            .collect();
        // The next chunk goes straight in again when none of these rows was there.
        self.straight = there.is_empty();
        self.found += there.len() as u64;
        self.sort_out_by(rows, |key| there.get(&key).copied())
    }

    /// Reads the key and content fingerprint of every row imported before, one range of keys
    /// at a time, each range in one value: about 300 MB of memory for 11,000,000 keys. A row
    /// a message, as `COPY ... TO STDOUT` sends them, kept the client busy 10 s for
    /// 10,000,000 keys.
    fn load_snapshot(&mut self) -> Result<KeyMap> {
        let started = std::time::Instant::now();
        // The statistics' count, but no more than 16 million ahead of any key read (it may be
        // out of date): the map grows as needed.
        let room = self.ledger_keys.min(1 << 24) as usize;
        let mut keys = KeyMap::with_capacity_and_hasher(room, <_>::default());
        let range = self.client.prepare(
            "SELECT string_agg(int8send(key) || int8send(content), ''::bytea)
             FROM import_key WHERE key >= $1 AND key <= $2",
        )?;
        // Equal ranges covering every key, the last one ending at `i64::MAX`.
        let step = (1i128 << 64) / SNAPSHOT_RANGES as i128;
        for i in 0..SNAPSHOT_RANGES as i128 {
            let from = (i64::MIN as i128 + i * step) as i64;
            let to = (i64::MIN as i128 + (i + 1) * step - 1) as i64;
            let blob: Option<Vec<u8>> = self.client.query_one(&range, &[&from, &to])?.get(0);
            keys.extend(keys::pairs(&blob.unwrap_or_default())?);
        }
        tracing::debug!(
            "import: {} keys of the ledger read in {:.2} s",
            keys.len(),
            started.elapsed().as_secs_f64()
        );
        Ok(keys)
    }

    /// Sorts `rows` out by the content fingerprint `there` gives for a key in the ledger:
    /// rows imported before are counted unchanged or reported changed, the others copied in.
    /// A row repeated in this file is found when the import ends (see `import_settle`).
    fn sort_out_by(
        &mut self,
        rows: &[Row],
        there: impl Fn(i64) -> Option<i64>,
    ) -> Result<Option<Vec<bool>>> {
        let mut new = Vec::with_capacity(rows.len());
        let mut changed = Vec::new();
        let mut added = vec![false; rows.len()];
        for (i, row) in rows.iter().enumerate() {
            match there(row.key) {
                Some(content) if content == row.content => self.summary.unchanged += 1,
                Some(_) => changed.push((row.key, row.line)),
                None => {
                    new.push(row);
                    added[i] = true;
                }
            }
        }
        if !changed.is_empty() {
            let keys: Vec<i64> = changed.iter().map(|c| c.0).collect();
            let entries: HashMap<i64, i64> = keys::lookup(&mut self.client, &keys)?
                .into_iter()
                .map(|k| (k.key, k.entry))
                .collect();
            let changed: Vec<(u64, i64)> = changed
                .into_iter()
                .map(|(key, line)| (line, entries.get(&key).copied().unwrap_or(0)))
                .collect();
            self.report_changed(&changed)?;
        }
        self.copy(&new)?;
        Ok(Some(added))
    }

    /// True when a sample of the keys of `rows` is in the ledger: the first [`SAMPLE`] and
    /// one in [`SAMPLE_EVERY`] after. A row already there that the sample misses is copied
    /// in, and taken out again when the import ends (see `import_settle`): a re-import or a
    /// file mixing rows already there with new ones is sorted out by its keys from the first
    /// chunk.
    fn any_known(&mut self, rows: &[Row]) -> Result<bool> {
        let keys: Vec<i64> = rows
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < SAMPLE || i % SAMPLE_EVERY == 0)
            .map(|(_, r)| r.key)
            .collect();
        keys::any(&mut self.client, &keys)
    }

    /// Copies `rows` into `entry`, with entry ids taken for them first (so that their keys
    /// can name them), and counts them.
    fn copy(&mut self, rows: &[&Row]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = self
            .client
            .query_one(&self.take_ids, &[&(rows.len() as i64)])?
            .get(0);
        ensure!(ids.len() == rows.len(), "the ledger gave too few entry ids");
        let mut w = self.client.copy_in(&format!(
            "COPY entry ({ENTRY_COLUMNS}) FROM STDIN (FORMAT binary)"
        ))?;
        self.buf.clear();
        self.buf.extend_from_slice(BINARY_HEADER);
        for (row, &id) in rows.iter().zip(&ids) {
            binary_row(&mut self.buf, id, self.batch, row);
            if self.buf.len() >= PIECE {
                w.write_all(&self.buf)?;
                self.buf.clear();
            }
        }
        self.buf.extend_from_slice(&(-1i16).to_be_bytes());
        w.write_all(&self.buf)?;
        w.finish()?;
        let mut run = Vec::with_capacity(rows.len());
        for (row, &entry) in rows.iter().zip(&ids) {
            run.push(Key {
                key: row.key,
                content: row.content,
                entry,
            });
            self.summary.added += 1;
            self.summary.actions += row.action.count;
        }
        run.sort_unstable_by_key(|k| (k.key, k.entry));
        self.runs.push(run);
        Ok(())
    }

    /// Reports rows as changed, each (its line, the entry that holds its key), naming where
    /// that entry came from.
    pub(super) fn report_changed(&mut self, rows: &[(u64, i64)]) -> Result<()> {
        let entries: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let found = self.client.query(
            "SELECT e.id, b.file, e.line, b.origin
             FROM entry e JOIN batch b ON b.id = e.batch WHERE e.id = ANY($1)",
            &[&entries],
        )?;
        let earlier: HashMap<i64, String> = found
            .iter()
            .map(|r| {
                let (file, line): (Option<String>, Option<i64>) = (r.get(1), r.get(2));
                let earlier = match (file, line) {
                    (Some(f), Some(l)) => format!("{f}:{l}"),
                    _ => r.get(3),
                };
                (r.get(0), earlier)
            })
            .collect();
        for &(line, entry) in rows {
            self.summary.changed.push(Changed {
                line,
                entry,
                earlier: earlier.get(&entry).cloned().unwrap_or_default(),
            });
        }
        Ok(())
    }
}
