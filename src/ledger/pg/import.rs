//! Importing a report file into a PostgreSQL ledger, all rows or none, in one transaction.
//! The rows go in chunks of [`CHUNK`] straight into `entry` through `COPY ... FROM STDIN`,
//! each chunk under a savepoint, while the import finds none of its keys in the ledger (a
//! first import). A chunk whose `COPY` meets a key already there (an earlier import, another
//! importer that committed meanwhile, or a row repeated in the file) is rolled back to its
//! savepoint and sorted out by its keys alone: they are looked up in `entry_import_key`,
//! the rows imported before are counted unchanged or reported changed, and only the new
//! ones are copied. A re-import of a file already there writes no entry. The row keys are
//! the SQLite ledger's, UNIQUE on `entry.import_key`: a row is never counted twice, even by
//! two importers at once. The summary cells are added up here and written before the
//! commit.

use std::collections::HashMap;
use std::io::Write;

use anyhow::{Context, Result, bail};
use postgres::Client;

use super::PgStore;
use super::write::{is_unique_violation, new_batch};
use crate::action::Action;
use crate::ledger::audit::Actor;
use crate::ledger::cells::CellDeltas;
use crate::ledger::worker::Row;
use crate::ledger::write::check_count;
use crate::ledger::{Changed, Duplicate, ImportSummary};

/// Rows sent together: one `COPY` (and one look-up of their keys, when needed) each.
pub const CHUNK: usize = 50_000;

/// The first keys of a chunk looked up before it is copied straight in (see
/// [`PgImporter::any_known`]), and one in this many after them.
const SAMPLE: usize = 1_000;
const SAMPLE_EVERY: usize = 50;

/// Entries added from which an import refreshes the planner's statistics.
const ANALYZE_AFTER: u64 = 10_000;

/// The columns of `entry` an imported row fills, in the order of [`copy_line`].
const COPY_ENTRY: &str = "COPY entry (batch, line, kind, count, case_id, country, channel, day,
    volunteer, grp, prisoner, recipient, note, import_key, import_content)
    FROM STDIN (FORMAT text)";

/// An import in progress on PostgreSQL: one open transaction, rolled back when dropped
/// without [`PgImporter::finish`].
pub struct PgImporter<'a> {
    client: &'a mut Client,
    batch: i64,
    /// Rows not sent yet.
    waiting: Vec<Row>,
    /// True while the chunks go straight into `entry`, their keys not looked up first: until
    /// a chunk meets a key already there, and again after a chunk whose keys were all new.
    straight: bool,
    /// COPY text of the chunk being sent (kept to reuse its memory).
    buf: Vec<u8>,
    /// The summary cells of the rows added.
    cells: CellDeltas,
    /// Rows of this file whose key an earlier row of it has.
    duplicates: Vec<Duplicate>,
    /// True once the last rows were sent: no row can be added after.
    settled: bool,
    summary: ImportSummary,
    open: bool,
    /// Time spent waiting for the server (copies, look-ups), logged at debug level.
    waited: std::time::Duration,
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

impl<'a> PgImporter<'a> {
    /// Opens the import's transaction and its batch.
    pub fn begin(pg: &'a mut PgStore, file: &str, actor: Option<&Actor>) -> Result<Self> {
        let client = pg.client_mut();
        // The look-ups of a chunk's keys read the index of keys, a block of the table for
        // each key found: the planner would otherwise read the whole table once its
        // statistics say that a chunk is a few percent of it (measured on 1,200,000 entries:
        // 72 ms a chunk of 50,000 keys instead of 140 ms). Only for this transaction.
        client.batch_execute("BEGIN; SET LOCAL enable_seqscan = off")?;
        let mut importer = PgImporter {
            client,
            batch: 0,
            waiting: Vec::with_capacity(CHUNK),
            straight: true,
            buf: Vec::new(),
            cells: CellDeltas::default(),
            duplicates: Vec::new(),
            settled: false,
            summary: ImportSummary::default(),
            open: true,
            waited: std::time::Duration::ZERO,
        };
        importer.batch = new_batch(importer.client, "import", Some(file), actor)?;
        Ok(importer)
    }

    /// Takes one checked row (from line `line`, with its row key and content fingerprint).
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
        if self.waiting.len() >= CHUNK {
            self.send()?;
        }
        Ok(())
    }

    /// Sends the waiting rows: straight into `entry`, or sorted out by their keys first.
    fn send(&mut self) -> Result<()> {
        let rows = std::mem::replace(&mut self.waiting, Vec::with_capacity(CHUNK));
        if rows.is_empty() {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let sent = self.send_rows(rows);
        self.waited += started.elapsed();
        sent
    }

    fn send_rows(&mut self, rows: Vec<Row>) -> Result<()> {
        if self.straight && !self.any_known(&rows)? {
            self.client.batch_execute("SAVEPOINT chunk")?;
            match self.copy(rows.iter()) {
                Ok(()) => {
                    self.client.batch_execute("RELEASE SAVEPOINT chunk")?;
                    self.added(rows.iter());
                    return Ok(());
                }
                Err(e) if e.downcast_ref().is_some_and(is_unique_violation) => {
                    self.client.batch_execute("ROLLBACK TO SAVEPOINT chunk")?;
                    self.client.batch_execute("RELEASE SAVEPOINT chunk")?;
                }
                Err(e) => return Err(e),
            }
        }
        self.sort_out(rows)
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
        let changed: Vec<i64> = rows
            .iter()
            .filter(|row| matches!(known(row), Some(Known::Changed)))
            .map(|row| row.key)
            .collect();
        let known: Vec<Option<Known>> = rows.iter().map(known).collect();
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
                Some(Known::Changed) => {
                    let (entry, earlier) = earlier
                        .get(&row.key)
                        .cloned()
                        .unwrap_or_else(|| (0, String::new()));
                    self.summary.changed.push(Changed {
                        line: row.line,
                        entry,
                        earlier,
                    });
                }
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

    /// Sends the rows taken so far to the server, still uncommitted.
    pub fn spill(&mut self) -> Result<()> {
        self.send()
    }

    /// Sends the last rows and returns the rows of the file repeating an earlier row's key,
    /// by line; the import cannot be committed while there are any. Without, the summary
    /// cells are written too (uncommitted).
    pub fn duplicates(&mut self) -> Result<Vec<Duplicate>> {
        if !self.settled {
            self.send()?;
            self.settled = true;
            self.duplicates
                .sort_unstable_by_key(|d| (d.second, d.first));
            if self.duplicates.is_empty() {
                let started = std::time::Instant::now();
                let cells = std::mem::take(&mut self.cells);
                super::write::flush_cells(self.client, cells.sorted())?;
                tracing::debug!(
                    "import: summary cells written in {:.2} s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        Ok(self.duplicates.clone())
    }

    /// Commits. Fails (and rolls back) when two rows share a key.
    pub fn finish(mut self) -> Result<ImportSummary> {
        let dups = self.duplicates()?;
        if let Some(d) = dups.first() {
            bail!(
                "line {} has the same key as line {} (add a `ref` column to tell such rows apart)",
                d.second,
                d.first
            );
        }
        self.summary.changed.sort_by_key(|c| c.line);
        tracing::debug!(
            "import: {:.2} s sending rows to the server",
            self.waited.as_secs_f64()
        );
        let started = std::time::Instant::now();
        self.client
            .batch_execute("COMMIT")
            .context("cannot commit the import")?;
        self.open = false;
        tracing::debug!(
            "import: committed in {:.2} s",
            started.elapsed().as_secs_f64()
        );
        if self.summary.added >= ANALYZE_AFTER {
            // Fresh statistics, so that the next tally's plans fit the tables as they are
            // now (measured on 1,000,000 rows: a tally in 0.2 s instead of 0.5 s, the count
            // of corrections by its index instead of a scan of every entry). The import is
            // committed: a failure here only leaves the statistics to autovacuum.
            let started = std::time::Instant::now();
            if let Err(e) = self.client.batch_execute("ANALYZE entry; ANALYZE cell") {
                tracing::debug!("import: statistics not refreshed: {e}");
            }
            tracing::debug!(
                "import: statistics refreshed in {:.2} s",
                started.elapsed().as_secs_f64()
            );
        }
        Ok(std::mem::take(&mut self.summary))
    }
}

impl Drop for PgImporter<'_> {
    fn drop(&mut self) {
        if self.open {
            // A failed rollback leaves nothing committed either: the server rolls the
            // transaction back when the connection closes.
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}
