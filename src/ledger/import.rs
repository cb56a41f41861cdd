//! Importing a report file: every row is written in one transaction that commits only when
//! the whole file is good, so a failed or killed import leaves the ledger as it was.

use anyhow::{Result, bail};
use rusqlite::{Connection, OptionalExtension, Statement};
use serde::Serialize;

use super::bulk::{Binder, Bulk};
use super::read;
use super::worker::{ImportWorker, KeyRow, Written};
use super::write::{check_count, new_batch};
use crate::action::{Action, day_text};

/// A row whose key was imported before with another content; it is not imported again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// The row's line in this file.
    pub line: u64,
    /// The entry the earlier row became.
    pub entry: i64,
    /// Where the earlier row came from (`FILE:LINE`).
    pub earlier: String,
}

/// The result of a committed import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Entries added.
    pub added: u64,
    /// Actions those entries count.
    pub actions: u64,
    /// Rows imported before with the same content: nothing added.
    pub unchanged: u64,
    /// Rows imported before with another content: reported, nothing added.
    pub changed: Vec<Changed>,
}

/// Two rows of one file with the same key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The first row's line.
    pub first: u64,
    /// The later row's line.
    pub second: u64,
}

/// Entries written per statement: one statement for many rows costs less than one each.
const PER_INSERT: usize = 256;

/// Rows whose keys are looked up together, in key order, so that a large import into a
/// large ledger reads each page of the key table once rather than once per row.
pub const LOOKUP_CHUNK: usize = 16_384;

/// Parameters per row of [`insert_entries_sql`].
const ENTRY_PARAMS: usize = 13;

/// An insert of `rows` imported entries, bound by [`bind_entry`]. An imported entry
/// corrects nothing and counts no letter. The id is left to SQLite, which gives the largest
/// id so far plus one: appending without searching the table for the id first. That is the
/// id [`Importer`] counts on (checked before the import commits).
fn insert_entries_sql(rows: usize) -> String {
    let one = format!("({})", vec!["?"; ENTRY_PARAMS].join(", "));
    format!(
        "INSERT INTO entry (batch, line, kind, count, case_id, prisoner, recipient,
         volunteer, grp, country, channel, day, note) VALUES {}",
        vec![one; rows].join(", ")
    )
}

/// Binds one entry to the [`ENTRY_PARAMS`] parameters after `at` (0-based) of
/// [`insert_entries_sql`]; `day` holds its day as text.
fn bind_entry<'v>(
    b: &mut Binder<'_, 'v>,
    at: usize,
    batch: i64,
    line: u64,
    a: &'v Action,
    day: &'v [u8; 10],
) {
    b.int(at + 1, batch);
    b.int(at + 2, line as i64);
    b.text(at + 3, a.kind.as_str());
    b.int(at + 4, a.count as i64);
    b.text(at + 5, &a.case);
    b.opt_text(at + 6, a.prisoner.as_deref());
    b.opt_text(at + 7, a.recipient.as_deref());
    b.opt_text(at + 8, a.volunteer.as_deref());
    b.opt_text(at + 9, a.group.as_deref());
    b.text(at + 10, &a.country);
    b.text(at + 11, a.channel.as_str());
    // `day_text` writes only ASCII digits and dashes.
    b.text(at + 12, std::str::from_utf8(day).unwrap_or("0000-00-00"));
    b.opt_text(at + 13, a.note.as_deref());
}

/// One row waiting for its key to be looked up.
struct Row {
    line: u64,
    key: i64,
    content: i64,
    action: Action,
}

/// An import in progress: one open write transaction. Dropping it without
/// [`Importer::finish`] rolls everything back.
pub struct Importer<'a> {
    conn: &'a Connection,
    batch: i64,
    /// The id the next added entry gets: this transaction holds the write lock, so no other
    /// writer takes ids meanwhile.
    next_id: i64,
    /// Rows not looked up yet.
    waiting: Vec<Row>,
    /// Added rows not yet written, written [`PER_INSERT`] at a time, then handed to the
    /// summary thread; with their lines.
    pending: Vec<Action>,
    pending_at: Vec<u64>,
    insert_many: Bulk<'a>,
    insert_one: Bulk<'a>,
    lookup: Statement<'a>,
    /// The keys of the pending rows.
    pending_keys: Vec<KeyRow>,
    /// Adds up the summary cells and sorts the keys; taken by [`Importer::finish`].
    worker: Option<ImportWorker>,
    /// False until [`Importer::settle`] has taken the sorted keys: no row can be added
    /// after.
    settled: bool,
    /// (key, content, entry) of every added row, sorted by [`Importer::settle`] and written
    /// at the end: sorted inserts walk the key table's B-tree once instead of jumping
    /// around it.
    keys: Vec<KeyRow>,
    summary: ImportSummary,
    /// False when no row was ever imported: then there is nothing to look keys up in.
    known_keys: bool,
    open: bool,
}

impl<'a> Importer<'a> {
    pub(super) fn begin(conn: &'a Connection, file: &str) -> Result<Self> {
        // The rows written here name only the batch this transaction creates (`batch`) and
        // no other entry (`corrects` is NULL), so their foreign keys hold by construction;
        // checking them would cost a lookup in `batch` for every row. The pragma cannot
        // change inside a transaction: it is set before and restored after.
        conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
            let _ = conn.execute_batch("PRAGMA foreign_keys = ON");
            return Err(e.into());
        }
        let started = (|| -> Result<Self> {
            let mut importer = Importer {
                conn,
                batch: 0,
                next_id: conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM entry", [], |r| {
                    r.get(0)
                })?,
                waiting: Vec::with_capacity(LOOKUP_CHUNK),
                pending: Vec::with_capacity(PER_INSERT),
                pending_at: Vec::with_capacity(PER_INSERT),
                insert_many: Bulk::new(conn, &insert_entries_sql(PER_INSERT))?,
                insert_one: Bulk::new(conn, &insert_entries_sql(1))?,
                lookup: conn.prepare("SELECT content, entry FROM import_key WHERE key = ?1")?,
                pending_keys: Vec::with_capacity(PER_INSERT),
                worker: Some(ImportWorker::start()),
                settled: false,
                keys: Vec::new(),
                summary: ImportSummary::default(),
                known_keys: conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM import_key)",
                    [],
                    |r| r.get(0),
                )?,
                open: true,
            };
            importer.batch = new_batch(conn, "import", Some(file))?;
            Ok(importer)
        })();
        if started.is_err() {
            // Before the importer exists nothing else rolls back: do it here.
            let _ = conn.execute_batch("ROLLBACK; PRAGMA foreign_keys = ON");
        }
        started
    }

    /// Adds one checked row (from line `line`, with its row key and content fingerprint),
    /// unless a row with its key was imported before: see [`ImportSummary`].
    pub fn add(&mut self, line: u64, key: i64, content: i64, action: Action) -> Result<()> {
        if self.settled {
            bail!("no row can be added once the import's duplicates were looked for");
        }
        check_count(&action, false)?;
        self.waiting.push(Row {
            line,
            key,
            content,
            action,
        });
        if self.waiting.len() == LOOKUP_CHUNK {
            self.process()?;
        }
        Ok(())
    }

    /// Looks up the waiting rows' keys, in key order, and adds the new rows in file order.
    fn process(&mut self) -> Result<()> {
        let rows = std::mem::replace(&mut self.waiting, Vec::with_capacity(LOOKUP_CHUNK));
        let mut earlier: Vec<Option<(i64, i64)>> = vec![None; rows.len()];
        if self.known_keys {
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_unstable_by_key(|&i| rows[i].key);
            for i in order {
                earlier[i] = self
                    .lookup
                    .query_row([rows[i].key], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
            }
        }
        for (row, found) in rows.into_iter().zip(earlier) {
            match found {
                Some((content, _)) if content == row.content => self.summary.unchanged += 1,
                Some((_, entry)) => {
                    let earlier = read::entry(self.conn, entry)?
                        .map_or_else(|| format!("entry {entry}"), |e| e.origin);
                    self.summary.changed.push(Changed {
                        line: row.line,
                        entry,
                        earlier,
                    });
                }
                None => self.insert(row)?,
            }
        }
        Ok(())
    }

    fn insert(&mut self, row: Row) -> Result<()> {
        let id = self.next_id;
        self.next_id += 1;
        self.pending_keys.push((row.key, row.content, id));
        self.summary.added += 1;
        self.summary.actions += row.action.count;
        self.pending.push(row.action);
        self.pending_at.push(row.line);
        if self.pending.len() == PER_INSERT {
            self.write_pending()?;
        }
        Ok(())
    }

    /// Writes the added rows not written yet.
    fn write_pending(&mut self) -> Result<()> {
        let full = self.pending.len() == PER_INSERT;
        let stmt = if full {
            &mut self.insert_many
        } else {
            &mut self.insert_one
        };
        let per = if full { PER_INSERT } else { 1 };
        let mut days = [[0u8; 10]; PER_INSERT];
        for (rows, at) in self.pending.chunks(per).zip(self.pending_at.chunks(per)) {
            for (action, day) in rows.iter().zip(days.iter_mut()) {
                day_text(action.day, day);
            }
            let batch = self.batch;
            stmt.run(|b| {
                for (i, ((action, &line), day)) in rows.iter().zip(at).zip(&days).enumerate() {
                    bind_entry(b, ENTRY_PARAMS * i, batch, line, action, day);
                }
            })?;
        }
        self.pending_at.clear();
        let written = Written {
            actions: std::mem::replace(&mut self.pending, Vec::with_capacity(PER_INSERT)),
            keys: std::mem::replace(&mut self.pending_keys, Vec::with_capacity(PER_INSERT)),
        };
        match &mut self.worker {
            Some(worker) => worker.add(written),
            None => bail!("the import is already finished"),
        }
    }

    /// Writes the rows taken so far and every changed page to the ledger file (its WAL),
    /// still uncommitted. Used to show that a killed import leaves nothing behind even when
    /// its pages reached the disk.
    pub fn spill(&mut self) -> Result<()> {
        self.process()?;
        self.write_pending()?;
        self.conn.cache_flush()?;
        Ok(())
    }

    /// Rows of this file sharing a key; the import cannot be committed while there are any.
    pub fn duplicates(&mut self) -> Result<Vec<Duplicate>> {
        self.settle()?;
        let mut out = Vec::new();
        let mut line_of = self
            .conn
            .prepare_cached("SELECT line FROM entry WHERE id = ?1")?;
        for pair in self.keys.windows(2) {
            if pair[0].0 == pair[1].0 {
                let first: i64 = line_of.query_row([pair[0].2.min(pair[1].2)], |r| r.get(0))?;
                let second: i64 = line_of.query_row([pair[0].2.max(pair[1].2)], |r| r.get(0))?;
                out.push(Duplicate {
                    first: first as u64,
                    second: second as u64,
                });
            }
        }
        out.sort_by_key(|d| (d.second, d.first));
        Ok(out)
    }

    /// Writes the rows still pending and takes the sorted keys (the summary cells are
    /// sorted on the other thread meanwhile). Only once: no row can be added after.
    fn settle(&mut self) -> Result<()> {
        if self.settled {
            return Ok(());
        }
        self.process()?;
        self.write_pending()?;
        self.check_ids()?;
        match &mut self.worker {
            Some(worker) => self.keys = worker.keys()?,
            None => bail!("the import is already finished"),
        }
        self.settled = true;
        Ok(())
    }

    /// Checks that SQLite gave the added entries the ids counted in `keys`: one more than the
    /// largest before, for each (see [`insert_entries_sql`]). Anything else would tie keys
    /// to the wrong entries, so the import stops.
    fn check_ids(&self) -> Result<()> {
        let last: i64 = self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM entry", [], |r| r.get(0))?;
        if last != self.next_id - 1 {
            bail!(
                "the entries were given ids up to {last}, not up to {} as counted",
                self.next_id - 1
            );
        }
        Ok(())
    }

    /// Writes the keys and the summary cells and commits. Fails (and rolls back) when two
    /// rows share a key: see [`Importer::duplicates`].
    pub fn finish(mut self) -> Result<ImportSummary> {
        let dups = self.duplicates()?;
        if let Some(d) = dups.first() {
            bail!(
                "line {} has the same key as line {} (add a `ref` column to tell such rows apart)",
                d.second,
                d.first
            );
        }
        self.write_keys()?;
        match self.worker.take() {
            Some(worker) => worker.cells()?.write(self.conn)?,
            None => bail!("the import is already finished"),
        }
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        self.conn.execute_batch("PRAGMA foreign_keys = ON")?;
        Ok(std::mem::take(&mut self.summary))
    }

    /// Writes the sorted keys, many rows per statement: one statement keeps its cursor at
    /// the end of the table, where keys larger than all before are appended without a
    /// search from the root (see the schema's version 2).
    fn write_keys(&mut self) -> Result<()> {
        let sql = |n: usize| {
            format!(
                "INSERT INTO import_key (key, content, entry) VALUES {}",
                vec!["(?, ?, ?)"; n].join(", ")
            )
        };
        let mut many = Bulk::new(self.conn, &sql(PER_INSERT))?;
        let mut one = Bulk::new(self.conn, &sql(1))?;
        for chunk in self.keys.chunks(PER_INSERT) {
            let full = chunk.len() == PER_INSERT;
            let stmt = if full { &mut many } else { &mut one };
            for part in chunk.chunks(if full { PER_INSERT } else { 1 }) {
                stmt.run(|b| {
                    for (i, &(key, content, entry)) in part.iter().enumerate() {
                        b.int(3 * i + 1, key);
                        b.int(3 * i + 2, content);
                        b.int(3 * i + 3, entry);
                    }
                })?;
            }
        }
        Ok(())
    }
}

impl Drop for Importer<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing else can be done about a failed rollback here: the transaction is
            // not committed either way, and the next write rolls it back.
            let _ = self.conn.execute_batch("ROLLBACK");
            let _ = self.conn.execute_batch("PRAGMA foreign_keys = ON");
        }
    }
}
