//! The row keys of a PostgreSQL ledger's imported entries, in a table of their own (schema
//! version 4): each key with its content fingerprint and entry, the key the primary key, so
//! that the database itself refuses a row counted twice, even from two importers at once.
//!
//! Why a table of their own: an index of random (hashed) keys grows by random inserts. Ten
//! million keys written one chunk at a time into a unique index on `entry` touched every page
//! of the index again and again: copying 10,000,000 entries with `psql` took 75 s with that
//! index and 22 s without. An import now copies its entries in file order and writes its
//! keys once, at its end, sorted, which is what SQLite's sorted runs of keys do too: measured
//! with `psql` on the benchmark's machine, 10,000,000 sorted keys went into this table in
//! 7.6 s.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::collections::binary_heap::PeekMut;
use std::io::Write;

use anyhow::Result;
use postgres::GenericClient;

/// Version 4 of the PostgreSQL schema: the keys move out of `entry` into `import_key`,
/// append-only like the entries.
pub const KEYS: &str = r#"
CREATE TABLE import_key (
    key     bigint PRIMARY KEY,
    content bigint NOT NULL,
    entry   bigint NOT NULL
);
INSERT INTO import_key (key, content, entry)
    SELECT import_key, import_content, id FROM entry WHERE import_key IS NOT NULL
    ORDER BY import_key;
ALTER TABLE entry DROP COLUMN import_key, DROP COLUMN import_content;
CREATE TRIGGER import_key_append_only BEFORE UPDATE OR DELETE ON import_key
    FOR EACH ROW EXECUTE FUNCTION marathon_append_only();
CREATE TRIGGER import_key_no_truncate BEFORE TRUNCATE ON import_key
    FOR EACH STATEMENT EXECUTE FUNCTION marathon_append_only();
"#;

/// An imported row's key, content fingerprint and entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The row key.
    pub key: i64,
    /// The content fingerprint.
    pub content: i64,
    /// The entry the row became.
    pub entry: i64,
}

/// Writes the keys of `runs`, each sorted by key, merged into key order (see the module
/// docs), with one binary `COPY`: the merge runs here while the server inserts the keys
/// merged before. Fails with a unique violation when a key is there already, taken by
/// another import (after waiting for it to end when it has not committed yet), or when two
/// keys of the runs are the same: then `repeated` is set.
pub fn write_runs(
    client: &mut impl GenericClient,
    runs: &[&[Key]],
    repeated: &mut bool,
) -> Result<()> {
    if runs.iter().all(|r| r.is_empty()) {
        return Ok(());
    }
    let mut w =
        client.copy_in("COPY import_key (key, content, entry) FROM STDIN (FORMAT binary)")?;
    let mut buf: Vec<u8> = super::import_chunk::BINARY_HEADER.to_vec();
    // The head of each run: (key, entry, run), smallest first; `next[run]` its next key.
    let mut heads: BinaryHeap<Reverse<(i64, i64, usize)>> = runs
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.first().map(|k| Reverse((k.key, k.entry, i))))
        .collect();
    let mut next = vec![1usize; runs.len()];
    let mut last = None;
    while let Some(mut top) = heads.peek_mut() {
        let Reverse((key, _, i)) = *top;
        let k = runs[i][next[i] - 1];
        match runs[i].get(next[i]) {
            Some(n) => {
                *top = Reverse((n.key, n.entry, i));
                next[i] += 1;
            }
            None => {
                PeekMut::pop(top);
            }
        }
        *repeated |= last == Some(key);
        last = Some(key);
        buf.extend_from_slice(&3i16.to_be_bytes());
        for v in [k.key, k.content, k.entry] {
            buf.extend_from_slice(&8i32.to_be_bytes());
            buf.extend_from_slice(&v.to_be_bytes());
        }
        if buf.len() >= super::import_chunk::PIECE {
            w.write_all(&buf)?;
            buf.clear();
        }
    }
    buf.extend_from_slice(&(-1i16).to_be_bytes());
    w.write_all(&buf)?;
    w.finish()?;
    Ok(())
}

/// Writes one key (a synced entry's), with one `INSERT`.
pub fn write_one(client: &mut impl GenericClient, k: Key) -> Result<()> {
    client.execute(
        "INSERT INTO import_key (key, content, entry) VALUES ($1, $2, $3)",
        &[&k.key, &k.content, &k.entry],
    )?;
    Ok(())
}

/// The keys of `keys` that the ledger holds, with their content and entry.
pub fn lookup(client: &mut impl GenericClient, keys: &[i64]) -> Result<Vec<Key>> {
    Ok(client
        .query(
            "SELECT key, content, entry FROM import_key WHERE key = ANY($1)",
            &[&keys],
        )?
        .iter()
        .map(|r| Key {
            key: r.get(0),
            content: r.get(1),
            entry: r.get(2),
        })
        .collect())
}

/// The content fingerprints of the keys of `keys` that the ledger holds, as (key, content)
/// pairs. They come back in one value: 50,000 rows decoded one by one cost the importer
/// more than the server took to find them.
pub fn contents(client: &mut impl GenericClient, keys: &[i64]) -> Result<Vec<(i64, i64)>> {
    let blob: Option<Vec<u8>> = client
        .query_one(
            "SELECT string_agg(int8send(key) || int8send(content), ''::bytea)
             FROM import_key WHERE key = ANY($1)",
            &[&keys],
        )?
        .get(0);
    pairs(&blob.unwrap_or_default())
}

/// The (key, content) pairs of a value of `int8send(key) || int8send(content)`.
pub fn pairs(blob: &[u8]) -> Result<Vec<(i64, i64)>> {
    if !blob.len().is_multiple_of(16) {
        anyhow::bail!("the ledger's import keys came back cut short");
    }
    let int = |b: &[u8]| {
        let mut x = [0u8; 8];
        x.copy_from_slice(b);
        i64::from_be_bytes(x)
    };
    Ok(blob
        .chunks_exact(16)
        .map(|p| (int(&p[..8]), int(&p[8..])))
        .collect())
}

/// True when the ledger holds any of `keys`.
pub fn any(client: &mut impl GenericClient, keys: &[i64]) -> Result<bool> {
    Ok(client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM import_key WHERE key = ANY($1))",
            &[&keys],
        )?
        .get(0))
}

/// The keys in the ledger as the planner's statistics count them (0 before any).
pub fn count(client: &mut impl GenericClient) -> Result<u64> {
    // -1 for a table never analyzed.
    let rows: f32 = client
        .query_one(
            "SELECT reltuples FROM pg_class WHERE oid = 'import_key'::regclass",
            &[],
        )?
        .get(0);
    Ok(rows.max(0.0) as u64)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::ledger::pg::testdb::TestDb;
    use crate::ledger::{Filter, Ledger};

    // A version-3 ledger, whose keys are in `entry`, is upgraded: its keys move into
    // `import_key`, and a re-import of its rows finds them there.
    #[test]
    fn a_version_3_ledger_is_upgraded_with_its_import_keys() {
        let Some(db) = TestDb::create("keys_v3") else {
            return;
        };
        let mut c = db.client();
        super::super::schema::migrate_to(&mut c, 3).unwrap();
        c.batch_execute(
            "INSERT INTO batch (origin, file, recorded_at) VALUES ('import', 'old.csv', 'x');
             INSERT INTO entry (batch, line, kind, count, case_id, country, channel, day,
                 import_key, import_content)
             VALUES (1, 2, 'appeal', 3, 'case-1', 'DE', 'email', '2026-08-01', -5, 10),
                    (1, 3, 'appeal', 4, 'case-1', 'PL', 'email', '2026-08-02', 7, 11);
             INSERT INTO cell (dim, value, day, case_id, actions)
             VALUES ('kind', 'appeal', '2026-08-01', 'case-1', 3),
                    ('kind', 'appeal', '2026-08-02', 'case-1', 4)",
        )
        .unwrap();
        let mut l = Ledger::open(&PathBuf::from(&db.url)).unwrap();
        let keys: Vec<(i64, i64, i64)> = c
            .query(
                "SELECT key, content, entry FROM import_key ORDER BY key",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect();
        assert_eq!(keys, [(-5, 10, 1), (7, 11, 2)]);
        let left: i64 = c
            .query_one(
                "SELECT count(*) FROM information_schema.columns
                 WHERE table_name = 'entry' AND column_name LIKE 'import%'",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(left, 0, "the keys left `entry`");
        // The same rows again, one of them changed: nothing added.
        let a = l.entry(1).unwrap().unwrap().action;
        let b = l.entry(2).unwrap().unwrap().action;
        let mut imp = l.import("again.csv").unwrap();
        imp.add(2, -5, 10, a).unwrap();
        imp.add(3, 7, 12, b).unwrap();
        let s = imp.finish().unwrap();
        assert_eq!((s.added, s.unchanged, s.changed.len()), (0, 1, 1));
        assert_eq!(
            (s.changed[0].entry, s.changed[0].earlier.as_str()),
            (2, "old.csv:3")
        );
        assert_eq!(l.figures(&Filter::default()).unwrap().actions, 7);
        // The keys are append-only.
        let err = c
            .batch_execute("UPDATE import_key SET content = 0 WHERE key = 7")
            .unwrap_err();
        assert!(format!("{err:?}").contains("append-only"), "{err:?}");
    }
}
