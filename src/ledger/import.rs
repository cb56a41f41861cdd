//! Importing a report file: every row is written in one transaction that commits only when
//! the whole file is good, so a failed or killed import leaves the ledger as it was.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, Statement};

use super::cells::CellWorker;
use super::read;
use super::write::{bind_entry, check_count, insert_entries_sql, new_batch};
use crate::action::Action;

/// What became of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    /// A new entry.
    Added(i64),
    /// The same row was imported before, as this entry; nothing added.
    Unchanged(i64),
    /// A row with the same key but another content was imported before, as `entry` (from
    /// `earlier`, a `FILE:LINE`); nothing added.
    Changed {
        /// The entry the earlier row became.
        entry: i64,
        /// Where the earlier row came from.
        earlier: String,
    },
}

/// The result of a committed import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Entries added.
    pub added: u64,
    /// Actions those entries count.
    pub actions: u64,
}

/// Entries written per statement: one statement for many rows costs less than one each.
const PER_INSERT: usize = 64;

/// Two rows of one file with the same key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The first row's line.
    pub first: u64,
    /// The later row's line.
    pub second: u64,
}

/// An import in progress: one open write transaction. Dropping it without
/// [`Importer::finish`] rolls everything back.
pub struct Importer<'a> {
    conn: &'a Connection,
    batch: i64,
    /// The id the next added entry gets: this transaction holds the write lock, so no other
    /// writer takes ids meanwhile.
    next_id: i64,
    /// Added rows not yet written, written [`PER_INSERT`] at a time, then handed to the
    /// summary thread; with their ids and lines.
    pending: Vec<Action>,
    pending_at: Vec<(i64, u64)>,
    insert_many: Statement<'a>,
    insert_one: Statement<'a>,
    lookup: Statement<'a>,
    /// Taken by [`Importer::finish`].
    cells: Option<CellWorker>,
    /// (key, content, entry) of every added row, written sorted at the end: sorted inserts
    /// walk the key table's B-tree once instead of jumping around it.
    keys: Vec<(i64, i64, i64)>,
    summary: ImportSummary,
    /// False when no row was ever imported: then there is nothing to look keys up in.
    known_keys: bool,
    open: bool,
}

impl<'a> Importer<'a> {
    pub(super) fn begin(conn: &'a Connection, file: &str) -> Result<Self> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let mut importer = Importer {
            conn,
            batch: 0,
            next_id: conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM entry", [], |r| {
                r.get(0)
            })?,
            pending: Vec::with_capacity(PER_INSERT),
            pending_at: Vec::with_capacity(PER_INSERT),
            insert_many: conn.prepare(&insert_entries_sql(PER_INSERT))?,
            insert_one: conn.prepare(&insert_entries_sql(1))?,
            lookup: conn.prepare("SELECT content, entry FROM import_key WHERE key = ?1")?,
            cells: Some(CellWorker::start()),
            keys: Vec::new(),
            summary: ImportSummary::default(),
            known_keys: conn
                .query_row("SELECT EXISTS (SELECT 1 FROM import_key)", [], |r| r.get(0))?,
            open: true,
        };
        importer.batch = new_batch(conn, "import", Some(file))?;
        Ok(importer)
    }

    /// Adds one checked row, unless a row with its key was imported before.
    pub fn add(&mut self, line: u64, key: i64, content: i64, action: Action) -> Result<AddOutcome> {
        check_count(&action, false)?;
        let earlier: Option<(i64, i64)> = if self.known_keys {
            self.lookup
                .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
        } else {
            None
        };
        if let Some((old_content, entry)) = earlier {
            if old_content == content {
                return Ok(AddOutcome::Unchanged(entry));
            }
            let earlier = read::entry(self.conn, entry)?
                .map_or_else(|| format!("entry {entry}"), |e| e.origin);
            return Ok(AddOutcome::Changed { entry, earlier });
        }
        let id = self.next_id;
        self.next_id += 1;
        self.keys.push((key, content, id));
        self.summary.added += 1;
        self.summary.actions += action.count;
        self.pending.push(action);
        self.pending_at.push((id, line));
        if self.pending.len() == PER_INSERT {
            self.write_pending()?;
        }
        Ok(AddOutcome::Added(id))
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
        for (rows, at) in self.pending.chunks(per).zip(self.pending_at.chunks(per)) {
            for (i, (action, (id, line))) in rows.iter().zip(at).enumerate() {
                bind_entry(stmt, 1 + 16 * i, *id, self.batch, Some(*line), action)?;
            }
            stmt.raw_execute()?;
        }
        self.pending_at.clear();
        let written = std::mem::replace(&mut self.pending, Vec::with_capacity(PER_INSERT));
        match &mut self.cells {
            Some(cells) => cells.add(written),
            None => anyhow::bail!("the import is already finished"),
        }
    }

    /// Rows of this file sharing a key; the import cannot be committed while there are any.
    pub fn duplicates(&mut self) -> Result<Vec<Duplicate>> {
        self.write_pending()?;
        self.keys.sort_unstable();
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

    /// Writes the keys and the summary cells and commits. Fails (and rolls back) when two
    /// rows share a key: see [`Importer::duplicates`].
    pub fn finish(mut self) -> Result<ImportSummary> {
        let dups = self.duplicates()?;
        if let Some(d) = dups.first() {
            anyhow::bail!(
                "line {} has the same key as line {} (add a `ref` column to tell such rows apart)",
                d.second,
                d.first
            );
        }
        {
            let mut stmt = self
                .conn
                .prepare("INSERT INTO import_key (key, content, entry) VALUES (?1, ?2, ?3)")?;
            for (key, content, entry) in &self.keys {
                stmt.execute([key, content, entry])?;
            }
        }
        if let Some(cells) = self.cells.take() {
            cells.finish()?.flush(self.conn)?;
        }
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        Ok(std::mem::take(&mut self.summary))
    }
}

impl Drop for Importer<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing else can be done about a failed rollback here: the transaction is
            // not committed either way, and the next write rolls it back.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
