//! Imported row keys, stored as sorted runs (see the schema's version 4): every import
//! writes, for each bucket its keys fall in, one blob of fixed-width records sorted by key.
//! Looking a key up reads its bucket's runs once per import and searches them in memory;
//! writing ten million keys writes a few thousand blobs instead of ten million B-tree rows.

use std::collections::HashMap;

use anyhow::{Result, bail};
use rusqlite::Connection;

use super::worker::{Buckets, KeyRow};

/// Bits of a key naming its bucket.
const BUCKET_BITS: u32 = 12;

/// The number of buckets: 4,096.
pub(super) const BUCKETS: usize = 1 << BUCKET_BITS;

/// Bytes per record: the key (8, big-endian, so that records sort as their bytes), the
/// content fingerprint (8) and the entry id (6).
const RECORD: usize = 22;

/// The largest entry id a record holds.
const MAX_ENTRY: i64 = (1 << 48) - 1;

/// A bucket holding this many runs has them merged into one by the next import writing to
/// it, so that a lookup reads a bounded number of runs however many imports there were.
const MERGE_AT: usize = 16;

/// The bucket of `key`: its top bits, read unsigned (so that within a bucket the keys'
/// byte order is their order as integers).
pub(super) fn bucket(key: i64) -> i64 {
    ((key as u64) >> (64 - BUCKET_BITS)) as i64
}

fn encode(rows: &[KeyRow], out: &mut Vec<u8>) -> Result<()> {
    out.reserve(rows.len() * RECORD);
    for &(key, content, entry) in rows {
        if !(0..=MAX_ENTRY).contains(&entry) {
            bail!("entry id {entry} is too large for an import key");
        }
        out.extend_from_slice(&key.to_be_bytes());
        out.extend_from_slice(&content.to_be_bytes());
        out.extend_from_slice(&entry.to_be_bytes()[2..]);
    }
    Ok(())
}

fn decode(record: &[u8]) -> KeyRow {
    let int = |b: &[u8]| {
        let mut word = [0u8; 8];
        word[8 - b.len()..].copy_from_slice(b);
        i64::from_be_bytes(word)
    };
    (
        int(&record[..8]),
        int(&record[8..16]),
        int(&record[16..RECORD]),
    )
}

/// One stored run: its row id and its records.
struct Run {
    id: i64,
    records: Vec<u8>,
}

impl Run {
    fn len(&self) -> usize {
        self.records.len() / RECORD
    }

    fn record(&self, i: usize) -> &[u8] {
        &self.records[i * RECORD..(i + 1) * RECORD]
    }

    /// The (content, entry) stored for `key`.
    fn find(&self, key: i64) -> Option<(i64, i64)> {
        let want = key.to_be_bytes();
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.record(mid)[..8].cmp(&want) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let (_, content, entry) = decode(self.record(mid));
                    return Some((content, entry));
                }
            }
        }
        None
    }
}

/// The runs of the buckets read so far in one transaction (not to be kept across
/// transactions).
pub(super) struct KeyRuns {
    buckets: HashMap<i64, Vec<Run>>,
    /// False when the table held no run as the transaction began: nothing to read.
    stored: bool,
}

impl KeyRuns {
    /// Runs read from `conn`, in the transaction under way.
    pub fn new(conn: &Connection) -> rusqlite::Result<Self> {
        Ok(KeyRuns {
            buckets: HashMap::new(),
            stored: conn.query_row("SELECT EXISTS (SELECT 1 FROM import_run)", [], |r| r.get(0))?,
        })
    }

    /// True when an earlier import stored keys.
    pub fn any(&self) -> bool {
        self.stored
    }

    fn runs(&mut self, conn: &Connection, bucket: i64) -> rusqlite::Result<&Vec<Run>> {
        let stored = self.stored;
        match self.buckets.entry(bucket) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(e) => {
                let mut runs = Vec::new();
                if stored {
                    let mut stmt =
                        conn.prepare_cached("SELECT id, keys FROM import_run WHERE bucket = ?1")?;
                    let found = stmt.query_map([bucket], |r| {
                        Ok(Run {
                            id: r.get(0)?,
                            records: r.get(1)?,
                        })
                    })?;
                    runs = found.collect::<rusqlite::Result<Vec<_>>>()?;
                }
                Ok(e.insert(runs))
            }
        }
    }

    /// The (content, entry) an earlier import stored for `key`.
    pub fn find(&mut self, conn: &Connection, key: i64) -> rusqlite::Result<Option<(i64, i64)>> {
        Ok(self
            .runs(conn, bucket(key))?
            .iter()
            .find_map(|run| run.find(key)))
    }

    /// Writes `keys` (none stored before) as one run per bucket. A bucket already holding
    /// [`MERGE_AT`] runs gets one merged run instead.
    pub fn write(&mut self, conn: &Connection, keys: &Buckets) -> Result<()> {
        let mut add =
            conn.prepare_cached("INSERT INTO import_run (bucket, keys) VALUES (?1, ?2)")?;
        let mut blob = Vec::new();
        for group in keys.iter().filter(|g| !g.is_empty()) {
            let b = bucket(group[0].0);
            blob.clear();
            if self.runs(conn, b)?.len() + 1 >= MERGE_AT {
                let old = self.buckets.remove(&b).unwrap_or_default();
                let mut all: Vec<KeyRow> = group.to_vec();
                for run in &old {
                    all.extend((0..run.len()).map(|i| decode(run.record(i))));
                    conn.prepare_cached("DELETE FROM import_run WHERE id = ?1")?
                        .execute([run.id])?;
                }
                all.sort_unstable();
                encode(&all, &mut blob)?;
            } else {
                encode(group, &mut blob)?;
            }
            add.execute(rusqlite::params![b, blob])?;
            // What this transaction wrote is read back from the table if needed again.
            self.buckets.remove(&b);
        }
        self.stored |= keys.iter().any(|g| !g.is_empty());
        Ok(())
    }
}

/// Every stored key, sorted: for tests and the migration's checks.
#[cfg(test)]
pub(super) fn all(conn: &Connection) -> rusqlite::Result<Vec<KeyRow>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare("SELECT keys FROM import_run")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let blob: Vec<u8> = r.get(0)?;
        out.extend(blob.chunks_exact(RECORD).map(decode));
    }
    out.sort_unstable();
    Ok(out)
}

/// Moves the keys of a version-3 ledger from `import_key` (one row per key) into runs.
pub(super) fn migrate(conn: &Connection) -> Result<()> {
    let mut keys: Buckets = vec![Vec::new(); BUCKETS];
    {
        let mut stmt = conn.prepare("SELECT key, content, entry FROM import_key ORDER BY key")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let key: i64 = r.get(0)?;
            keys[bucket(key) as usize].push((key, r.get(1)?, r.get(2)?));
        }
    }
    KeyRuns::new(conn)?.write(conn, &keys)?;
    conn.execute_batch("DROP TABLE import_key")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_as_written_and_sort_as_their_keys_within_a_bucket() {
        let rows: Vec<KeyRow> = vec![
            (i64::MIN, -1, 0),
            (-5, 10, 1),
            (-4, i64::MAX, MAX_ENTRY),
            (0, 0, 7),
            (7, 11, 1),
            (i64::MAX, i64::MIN, 3),
        ];
        let mut blob = Vec::new();
        encode(&rows, &mut blob).unwrap();
        let back: Vec<KeyRow> = blob.chunks_exact(RECORD).map(decode).collect();
        assert_eq!(back, rows);
        for pair in rows.windows(2) {
            if bucket(pair[0].0) == bucket(pair[1].0) {
                assert!(pair[0].0.to_be_bytes() < pair[1].0.to_be_bytes());
            }
        }
        assert!(encode(&[(1, 1, MAX_ENTRY + 1)], &mut blob).is_err());
        assert!(encode(&[(1, 1, -1)], &mut blob).is_err());
    }

    #[test]
    fn a_run_finds_every_key_it_holds_and_no_other() {
        let rows: Vec<KeyRow> = (0..1000).map(|i| (i * 3, i * 7, i)).collect();
        let mut records = Vec::new();
        encode(&rows, &mut records).unwrap();
        let run = Run { id: 1, records };
        for &(key, content, entry) in &rows {
            assert_eq!(run.find(key), Some((content, entry)));
            assert_eq!(run.find(key + 1), None);
        }
        assert_eq!(run.find(-1), None);
    }
}
