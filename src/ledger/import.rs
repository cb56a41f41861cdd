//! Importing a report file: every row is written in one transaction that commits only when
//! the whole file is good, so a failed or killed import leaves the ledger as it was.

use anyhow::{Result, bail};
use rusqlite::Connection;
use serde::Serialize;

use super::audit::{Actor, new_batch_by};
use super::bulk::{Binder, Bulk};
use super::keys::KeyRuns;
use super::labels::{EntryLabels, Labels, day_number};
use super::read;
use super::worker::{Buckets, ImportWorker, Row, Written};
use super::write::check_count;
use crate::action::Action;

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

/// Rows whose keys are looked up together before the new ones among them are written. Larger
/// chunks would let lookups walk more runs instead of searching them, but the last chunk is
/// written after the file is read, alone: measured, 262,144 rows lost more there than they
/// gained.
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
        "INSERT INTO entry_row (batch, line, kind, count, case_id, country, channel, day,
         volunteer, grp, prisoner, recipient, note) VALUES {}",
        vec![one; rows].join(", ")
    )
}

/// Binds one entry, its kind, case and channel numbered by `labels`, to the
/// [`ENTRY_PARAMS`] parameters after `at` (0-based) of [`insert_entries_sql`].
fn bind_entry<'v>(
    b: &mut Binder<'_, 'v>,
    at: usize,
    batch: i64,
    row: &'v Row,
    labels: EntryLabels,
) {
    let a = &row.action;
    b.int(at + 1, batch);
    b.int(at + 2, row.line as i64);
    b.int(at + 3, labels.kind);
    b.int(at + 4, a.count as i64);
    b.int(at + 5, labels.case);
    b.text(at + 6, &a.country);
    b.int(at + 7, labels.channel);
    b.int(at + 8, day_number(a.day));
    b.opt_text(at + 9, a.volunteer.as_deref());
    b.opt_text(at + 10, a.group.as_deref());
    b.opt_text(at + 11, a.prisoner.as_deref());
    b.opt_text(at + 12, a.recipient.as_deref());
    b.opt_text(at + 13, a.note.as_deref());
}

/// An import in progress: one open write transaction. Dropping it without
/// [`Importer::finish`] rolls everything back.
pub struct Importer<'a>(Store<'a>);

/// The import on each store.
enum Store<'a> {
    Sqlite(Box<SqliteImporter<'a>>),
    Pg(Box<super::pg::import::PgImporter<'a>>),
}

impl<'a> Importer<'a> {
    pub(super) fn begin(conn: &'a Connection, file: &str, actor: Option<&Actor>) -> Result<Self> {
        Ok(Importer(Store::Sqlite(Box::new(SqliteImporter::begin(
            conn, file, actor,
        )?))))
    }

    pub(super) fn begin_pg(
        pg: &'a mut super::pg::PgStore,
        file: &str,
        actor: Option<&Actor>,
    ) -> Result<Self> {
        Ok(Importer(Store::Pg(Box::new(
            super::pg::import::PgImporter::begin(pg, file, actor)?,
        ))))
    }

    /// Adds one checked row (from line `line`, with its row key and content fingerprint),
    /// unless a row with its key was imported before: see [`ImportSummary`].
    pub fn add(&mut self, line: u64, key: i64, content: i64, action: Action) -> Result<()> {
        match &mut self.0 {
            Store::Sqlite(i) => i.add(line, key, content, action),
            Store::Pg(i) => i.add(line, key, content, action),
        }
    }

    /// Writes the rows taken so far to the database, still uncommitted. Used to show that
    /// a killed import leaves nothing behind even when its rows reached the disk.
    pub fn spill(&mut self) -> Result<()> {
        match &mut self.0 {
            Store::Sqlite(i) => i.spill(),
            Store::Pg(i) => i.spill(),
        }
    }

    /// Rows of this file sharing a key; the import cannot be committed while there are any.
    pub fn duplicates(&mut self) -> Result<Vec<Duplicate>> {
        match &mut self.0 {
            Store::Sqlite(i) => i.duplicates(),
            Store::Pg(i) => i.duplicates(),
        }
    }

    /// Writes the keys and the summary cells and commits. Fails (and rolls back) when two
    /// rows share a key: see [`Importer::duplicates`].
    pub fn finish(self) -> Result<ImportSummary> {
        match self.0 {
            Store::Sqlite(i) => i.finish(),
            Store::Pg(i) => i.finish(),
        }
    }
}

/// An import into an SQLite ledger.
struct SqliteImporter<'a> {
    conn: &'a Connection,
    batch: i64,
    /// The id the next added entry gets: this transaction holds the write lock, so no other
    /// writer takes ids meanwhile.
    next_id: i64,
    /// Rows not looked up yet. The new ones among them are written from here and the
    /// vector handed to the summary thread: rows are never moved one by one.
    waiting: Vec<Row>,
    insert_many: Bulk<'a>,
    insert_one: Bulk<'a>,
    /// The keys of earlier imports, read bucket by bucket as rows need them.
    runs: KeyRuns,
    /// The label numbers of kinds, cases and channels, for this transaction.
    labels: Labels,
    /// Adds up the summary cells and files the keys by bucket; taken by
    /// [`Importer::finish`].
    worker: Option<ImportWorker>,
    /// False until [`Importer::settle`] has taken the sorted keys: no row can be added
    /// after.
    settled: bool,
    /// (key, content, entry) of every added row by bucket, each sorted, taken by
    /// [`Importer::settle`] and written at the end as runs.
    keys: Buckets,
    summary: ImportSummary,
    open: bool,
}

impl<'a> SqliteImporter<'a> {
    fn begin(conn: &'a Connection, file: &str, actor: Option<&Actor>) -> Result<Self> {
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
            let mut importer = SqliteImporter {
                conn,
                batch: 0,
                next_id: conn.query_row(
                    "SELECT COALESCE(MAX(id), 0) + 1 FROM entry_row",
                    [],
                    |r| r.get(0),
                )?,
                waiting: Vec::with_capacity(LOOKUP_CHUNK),
                insert_many: Bulk::new(conn, &insert_entries_sql(PER_INSERT))?,
                insert_one: Bulk::new(conn, &insert_entries_sql(1))?,
                runs: KeyRuns::new(conn)?,
                labels: Labels::default(),
                worker: Some(ImportWorker::start()),
                settled: false,
                keys: Vec::new(),
                summary: ImportSummary::default(),
                open: true,
            };
            importer.batch = new_batch_by(conn, "import", Some(file), actor)?;
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
    fn add(&mut self, line: u64, key: i64, content: i64, action: Action) -> Result<()> {
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

    /// Looks up the waiting rows' keys and writes the new rows, in file order.
    fn process(&mut self) -> Result<()> {
        let mut rows = std::mem::replace(&mut self.waiting, Vec::with_capacity(LOOKUP_CHUNK));
        if self.runs.any() {
            let keys: Vec<i64> = rows.iter().map(|r| r.key).collect();
            let found = self.runs.find_many(self.conn, &keys)?;
            let mut new = vec![true; rows.len()];
            for ((row, new), found) in rows.iter().zip(new.iter_mut()).zip(found) {
                let Some((content, entry)) = found else {
                    continue;
                };
                *new = false;
                if content == row.content {
                    self.summary.unchanged += 1;
                } else {
                    let earlier = read::entry(self.conn, entry)?
                        .map_or_else(|| format!("entry {entry}"), |e| e.origin);
                    self.summary.changed.push(Changed {
                        line: row.line,
                        entry,
                        earlier,
                    });
                }
            }
            // `retain` visits every row once, in order.
            let mut new = new.into_iter();
            rows.retain(|_| new.next().unwrap_or(true));
        }
        self.write(rows)
    }

    /// Writes new rows, [`PER_INSERT`] per statement, and hands them to the summary thread.
    fn write(&mut self, rows: Vec<Row>) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut numbers = Vec::with_capacity(PER_INSERT);
        for chunk in rows.chunks(PER_INSERT) {
            numbers.clear();
            for row in chunk {
                numbers.push(self.labels.of(self.conn, &row.action)?);
            }
            let batch = self.batch;
            if chunk.len() == PER_INSERT {
                self.insert_many.run(|b| {
                    for (i, (row, &labels)) in chunk.iter().zip(&numbers).enumerate() {
                        bind_entry(b, ENTRY_PARAMS * i, batch, row, labels);
                    }
                })?;
            } else {
                for (row, &labels) in chunk.iter().zip(&numbers) {
                    self.insert_one
                        .run(|b| bind_entry(b, 0, batch, row, labels))?;
                }
            }
        }
        let first_id = self.next_id;
        self.next_id += rows.len() as i64;
        self.summary.added += rows.len() as u64;
        self.summary.actions += rows.iter().map(|r| r.action.count).sum::<u64>();
        match &mut self.worker {
            Some(worker) => worker.add(Written { first_id, rows }),
            None => bail!("the import is already finished"),
        }
    }

    /// Writes the rows taken so far and every changed page to the ledger file (its WAL),
    /// still uncommitted. Used to show that a killed import leaves nothing behind even when
    /// its pages reached the disk.
    fn spill(&mut self) -> Result<()> {
        self.process()?;
        self.conn.cache_flush()?;
        Ok(())
    }

    /// Rows of this file sharing a key; the import cannot be committed while there are any.
    fn duplicates(&mut self) -> Result<Vec<Duplicate>> {
        self.settle()?;
        let mut out = Vec::new();
        let mut line_of = self
            .conn
            .prepare_cached("SELECT line FROM entry_row WHERE id = ?1")?;
        for pair in self.keys.iter().flat_map(|b| b.windows(2)) {
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
        let mut phase = Phases::start();
        self.process()?;
        self.check_ids()?;
        match &mut self.worker {
            Some(worker) => self.keys = worker.keys()?,
            None => bail!("the import is already finished"),
        }
        // Each bucket becomes one run, sorted by itself: thousands of small sorts that stay
        // in the processor's cache, here while the other thread sorts the summary cells.
        for bucket in &mut self.keys {
            bucket.sort_unstable();
        }
        self.settled = true;
        phase.done("last rows written, keys sorted");
        Ok(())
    }

    /// Checks that SQLite gave the added entries the ids counted in `keys`: one more than the
    /// largest before, for each (see [`insert_entries_sql`]). Anything else would tie keys
    /// to the wrong entries, so the import stops.
    fn check_ids(&self) -> Result<()> {
        let last: i64 =
            self.conn
                .query_row("SELECT COALESCE(MAX(id), 0) FROM entry_row", [], |r| {
                    r.get(0)
                })?;
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
    fn finish(mut self) -> Result<ImportSummary> {
        let mut phase = Phases::start();
        let dups = self.duplicates()?;
        phase.done("duplicates looked for");
        if let Some(d) = dups.first() {
            bail!(
                "line {} has the same key as line {} (add a `ref` column to tell such rows apart)",
                d.second,
                d.first
            );
        }
        self.runs.write(self.conn, &self.keys)?;
        phase.done("keys written");
        match self.worker.take() {
            Some(worker) => worker.cells()?.write(self.conn)?,
            None => bail!("the import is already finished"),
        }
        phase.done("summary cells written");
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        phase.done("committed");
        self.conn.execute_batch("PRAGMA foreign_keys = ON")?;
        Ok(std::mem::take(&mut self.summary))
    }
}

impl Drop for SqliteImporter<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing else can be done about a failed rollback here: the transaction is
            // not committed either way, and the next write rolls it back.
            let _ = self.conn.execute_batch("ROLLBACK");
            let _ = self.conn.execute_batch("PRAGMA foreign_keys = ON");
        }
    }
}

/// Times the phases of an import's end, logged at debug level (`MARATHON_LOG=debug`).
struct Phases(std::time::Instant);

impl Phases {
    fn start() -> Self {
        Phases(std::time::Instant::now())
    }

    fn done(&mut self, what: &str) {
        tracing::debug!("import: {what} in {:.2} s", self.0.elapsed().as_secs_f64());
        self.0 = std::time::Instant::now();
    }
}
