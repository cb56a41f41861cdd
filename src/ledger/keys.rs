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

/// Keys looked up in a run are searched for one by one when the run holds more than this
/// many records per key, and found by walking the run beside them otherwise.
const WALK_RATIO: usize = 16;

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

    /// The key of record `i`, as the unsigned number its bytes sort as.
    fn key(&self, i: usize) -> u64 {
        let mut word = [0u8; 8];
        word.copy_from_slice(&self.record(i)[..8]);
        u64::from_be_bytes(word)
    }

    /// The (content, entry) stored for `key`. Keys are hashes, spread evenly over their
    /// range: a few interpolation steps (guessing the position from the key's value) narrow
    /// the search to a handful of records, where a binary search of a large run would miss
    /// the processor's cache a dozen times. Bisection finishes, so an uneven run costs no
    /// more than a binary search.
    fn find(&self, key: i64) -> Option<(i64, i64)> {
        let want = key as u64;
        let (mut lo, mut hi) = (0, self.len());
        let mut guesses = 0;
        while lo < hi {
            let mid = if hi - lo > 8 && guesses < 4 {
                guesses += 1;
                let (first, last) = (self.key(lo), self.key(hi - 1));
                if want < first || want > last {
                    return None;
                }
                let span = u128::from(last - first).max(1);
                let offset = u128::from(want - first) * (hi - 1 - lo) as u128 / span;
                lo + offset as usize
            } else {
                lo + (hi - lo) / 2
            };
            match self.key(mid).cmp(&want) {
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
    /// False while the table holds no run: nothing to read.
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

    /// The (content, entry) an earlier import stored for each of `keys`, in their order.
    /// The keys are taken in key order, bucket by bucket; where a bucket's share of them is
    /// large against a run, the run is walked from start to end beside them (read in
    /// order, the way memory is fastest to read) instead of searched for each.
    pub fn find_many(
        &mut self,
        conn: &Connection,
        keys: &[i64],
    ) -> rusqlite::Result<Vec<Option<(i64, i64)>>> {
        let mut found = vec![None; keys.len()];
        if !self.stored {
            return Ok(found);
        }
        let mut order: Vec<(u64, usize)> = keys.iter().map(|&k| k as u64).zip(0..).collect();
        order.sort_unstable();
        let bucket_of = |&(key, _): &(u64, usize)| bucket(key as i64);
        for group in order.chunk_by(|a, b| bucket_of(a) == bucket_of(b)) {
            for run in self.runs(conn, bucket_of(&group[0]))? {
                if group.len() * WALK_RATIO < run.len() {
                    for &(key, i) in group {
                        found[i] = found[i].or_else(|| run.find(key as i64));
                    }
                    continue;
                }
                let mut at = 0;
                for &(key, i) in group {
                    while at < run.len() && run.key(at) < key {
                        at += 1;
                    }
                    if at < run.len() && run.key(at) == key {
                        let (_, content, entry) = decode(run.record(at));
                        found[i] = found[i].or(Some((content, entry)));
                    }
                }
            }
        }
        Ok(found)
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

/// Every stored key, sorted.
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

    proptest::proptest! {
        // Keys in a few buckets, stored as up to three runs each, looked up many or few at a
        // time (walking the runs or searching them): each is found exactly where stored.
        #[test]
        fn lookups_walking_or_searching_find_what_was_stored(
            stored in proptest::collection::btree_map(
                (0u64..3, 0u64..2000), (proptest::prelude::any::<i64>(), 0u8..3), 0..400),
            asked in proptest::collection::vec((0u64..3, 0u64..2000), 0..300),
        ) {
            let key = |(b, low): (u64, u64)| ((b << (64 - BUCKET_BITS)) | (low * 7919)) as i64;
            let mut runs = KeyRuns { buckets: HashMap::new(), stored: true };
            let mut expected = std::collections::HashMap::new();
            for b in 0..3u64 {
                for part in 0..3u8 {
                    let rows: Vec<KeyRow> = stored
                        .iter()
                        .filter(|((sb, _), (_, p))| *sb == b && *p == part)
                        .zip(0..)
                        .map(|((&k, &(content, _)), i)| (key(k), content, i))
                        .collect();
                    for r in &rows {
                        expected.insert(r.0, (r.1, r.2));
                    }
                    let mut records = Vec::new();
                    encode(&rows, &mut records).unwrap();
                    let id = i64::from(part);
                    let bucket = runs.buckets.entry(bucket(key((b, 0)))).or_default();
                    bucket.push(Run { id, records });
                }
            }
            let conn = Connection::open_in_memory().unwrap();
            let mut keys: Vec<i64> = asked.into_iter().map(key).collect();
            keys.extend(stored.keys().take(50).map(|&k| key(k)));
            let found = runs.find_many(&conn, &keys).unwrap();
            for (k, f) in keys.iter().zip(found) {
                proptest::prop_assert_eq!(f, expected.get(k).copied());
            }
            for k in keys.iter().take(5) {
                proptest::prop_assert_eq!(runs.find_many(&conn, &[*k]).unwrap()[0], expected.get(k).copied());
            }
        }

        // Any sorted keys, evenly spread or bunched together: every key is found, and a key
        // in none of the records is not.
        #[test]
        fn a_run_of_any_keys_finds_exactly_its_keys(
            keys in proptest::collection::btree_set(proptest::prelude::any::<u64>(), 0..300),
            bunched in proptest::collection::btree_set(0u64..64, 0..40),
            probe in proptest::prelude::any::<u64>(),
        ) {
            let all: std::collections::BTreeSet<u64> =
                keys.iter().copied().chain(bunched.iter().map(|b| b * 1000)).collect();
            let rows: Vec<KeyRow> = all.iter().zip(0..).map(|(&k, i)| (k as i64, i, i)).collect();
            let mut records = Vec::new();
            encode(&rows, &mut records).unwrap();
            let run = Run { id: 1, records };
            for &(key, content, entry) in &rows {
                proptest::prop_assert_eq!(run.find(key), Some((content, entry)));
            }
            let expected = rows.iter().find(|r| r.0 as u64 == probe).map(|r| (r.1, r.2));
            proptest::prop_assert_eq!(run.find(probe as i64), expected);
        }
    }
}
