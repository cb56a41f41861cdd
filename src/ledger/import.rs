//! Importing a report file: every row is written in one transaction that commits only when
//! the whole file is good, so a failed or killed import leaves the ledger as it was.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, Statement};

use super::cells::CellDeltas;
use super::read;
use super::write::{INSERT_ENTRY, check_count, insert_entry, new_batch};
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
    insert: Statement<'a>,
    lookup: Statement<'a>,
    cells: CellDeltas,
    /// (key, content, entry) of every added row, written sorted at the end: sorted inserts
    /// walk the key table's B-tree once instead of jumping around it.
    keys: Vec<(i64, i64, i64)>,
    summary: ImportSummary,
    open: bool,
}

impl<'a> Importer<'a> {
    pub(super) fn begin(conn: &'a Connection, file: &str) -> Result<Self> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let mut importer = Importer {
            conn,
            batch: 0,
            insert: conn.prepare(INSERT_ENTRY)?,
            lookup: conn.prepare("SELECT content, entry FROM import_key WHERE key = ?1")?,
            cells: CellDeltas::default(),
            keys: Vec::new(),
            summary: ImportSummary::default(),
            open: true,
        };
        importer.batch = new_batch(conn, "import", Some(file))?;
        Ok(importer)
    }

    /// Adds one checked row, unless a row with its key was imported before.
    pub fn add(
        &mut self,
        line: u64,
        key: i64,
        content: i64,
        action: &Action,
    ) -> Result<AddOutcome> {
        check_count(action, false)?;
        let earlier: Option<(i64, i64)> = self
            .lookup
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((old_content, entry)) = earlier {
            if old_content == content {
                return Ok(AddOutcome::Unchanged(entry));
            }
            let earlier = read::entry(self.conn, entry)?
                .map_or_else(|| format!("entry {entry}"), |e| e.origin);
            return Ok(AddOutcome::Changed { entry, earlier });
        }
        let id = insert_entry(&mut self.insert, self.batch, Some(line), action, None, None)?;
        self.cells.entry(action, 1);
        self.keys.push((key, content, id));
        self.summary.added += 1;
        self.summary.actions += action.count;
        Ok(AddOutcome::Added(id))
    }

    /// Rows of this file sharing a key; the import cannot be committed while there are any.
    pub fn duplicates(&mut self) -> Result<Vec<Duplicate>> {
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
        std::mem::take(&mut self.cells).flush(self.conn)?;
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
