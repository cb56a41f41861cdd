//! The end of a PostgreSQL import: the keys of the rows it added sorted, rows of the file
//! repeating a key found, and the keys written into `import_key` in key order, under a
//! savepoint. When a key is there already (a row the sample of its chunk missed, or another
//! import that added the same rows meanwhile and committed), the rows concerned are counted
//! unchanged or reported changed and taken out of the import: its entries are read back,
//! rolled back, and copied in again without them, ids kept.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};

use anyhow::{Context, Result, bail};

use super::import_chunk::{CHUNK, Chunks, ENTRY_COLUMNS, copy_entry_sql};
use super::keys::{self, Key};
use super::read::{ACTION_COLUMNS, action_from_row};
use super::write::is_unique_violation;
use crate::ledger::Duplicate;

/// Times the keys are written again after rows other imports added were taken out.
const ATTEMPTS: usize = 3;

/// The savepoint taken before the import's first entry (see `import`).
pub const ENTRIES: &str = "entries";

impl Chunks {
    /// Writes the keys of the rows added, unless rows of the file repeat a key (then in
    /// [`Chunks::duplicates`], and the import cannot be committed).
    pub fn settle(&mut self) -> Result<()> {
        let started = std::time::Instant::now();
        for attempt in 1.. {
            let mut repeated = false;
            match self.write_keys(&mut repeated) {
                Ok(()) => break,
                Err(_) if repeated => return self.find_repeats(),
                Err(e) if !e.downcast_ref().is_some_and(is_unique_violation) => return Err(e),
                Err(_) if attempt == ATTEMPTS => bail!(
                    "other imports kept adding some of these rows meanwhile; run the import again"
                ),
                Err(_) => self.take_out_known()?,
            }
        }
        tracing::debug!(
            "import: {} keys written in {:.2} s",
            self.runs.iter().map(Vec::len).sum::<usize>(),
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }

    /// Notes the rows of this file that repeat the key of an earlier row.
    fn find_repeats(&mut self) -> Result<()> {
        let mut added: Vec<Key> = self.runs.iter().flatten().copied().collect();
        added.sort_unstable_by_key(|k| (k.key, k.entry));
        // (first entry, later entry) of each repeat: entry ids grow with the lines.
        let mut pairs = Vec::new();
        for run in added.chunk_by(|a, b| a.key == b.key) {
            pairs.extend(run[1..].iter().map(|later| (run[0].entry, later.entry)));
        }
        let ids: Vec<i64> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        let lines: HashMap<i64, i64> = self
            .client
            .query("SELECT id, line FROM entry WHERE id = ANY($1)", &[&ids])?
            .iter()
            .map(|r| (r.get(0), r.get::<_, Option<i64>>(1).unwrap_or(0)))
            .collect();
        let line = |id| lines.get(&id).copied().unwrap_or(0) as u64;
        self.duplicates
            .extend(pairs.iter().map(|&(a, b)| Duplicate {
                first: line(a),
                second: line(b),
            }));
        self.duplicates
            .sort_unstable_by_key(|d| (d.second, d.first));
        Ok(())
    }

    /// Writes the keys under a savepoint, rolled back to when it fails.
    fn write_keys(&mut self, repeated: &mut bool) -> Result<()> {
        self.client.batch_execute("SAVEPOINT keys")?;
        let runs: Vec<&[Key]> = self.runs.iter().map(Vec::as_slice).collect();
        match keys::write_runs(&mut self.client, &runs, repeated) {
            Ok(()) => {
                self.client.batch_execute("RELEASE SAVEPOINT keys")?;
                Ok(())
            }
            Err(e) => {
                self.client
                    .batch_execute("ROLLBACK TO SAVEPOINT keys; RELEASE SAVEPOINT keys")?;
                Err(e)
            }
        }
    }

    /// Takes out of the import the rows whose keys the ledger now holds: counted unchanged or
    /// reported changed, their actions out of the summary cells, their entries out of the
    /// transaction.
    fn take_out_known(&mut self) -> Result<()> {
        let mut there: HashMap<i64, Key> = HashMap::new();
        let ours: Vec<i64> = self.runs.iter().flatten().map(|k| k.key).collect();
        for wanted in ours.chunks(CHUNK) {
            there.extend(
                keys::lookup(&mut self.client, wanted)?
                    .into_iter()
                    .map(|k| (k.key, k)),
            );
        }
        // Ours by entry: the key each was added with.
        let gone: HashMap<i64, Key> = self
            .runs
            .iter()
            .flatten()
            .filter(|k| there.contains_key(&k.key))
            .map(|k| (k.entry, *k))
            .collect();
        if gone.is_empty() {
            // The import that held the keys rolled back: the next attempt writes them.
            return Ok(());
        }
        let ids: Vec<i64> = gone.keys().copied().collect();
        let rows = self.client.query(
            &format!("SELECT e.id, e.line, {ACTION_COLUMNS} FROM entry e WHERE e.id = ANY($1)"),
            &[&ids],
        )?;
        let mut changed = Vec::new();
        let mut actions = Vec::with_capacity(rows.len());
        for r in &rows {
            let (id, line): (i64, Option<i64>) = (r.get(0), r.get(1));
            let action = action_from_row(r, 2)?;
            let ours = gone[&id];
            let held = there[&ours.key];
            if held.content == ours.content {
                self.summary.unchanged += 1;
            } else {
                changed.push((line.unwrap_or(0) as u64, held.entry));
            }
            self.summary.added -= 1;
            self.summary.actions -= action.count;
            actions.push(action);
        }
        self.cells.taken_out(actions)?;
        self.report_changed(&changed)?;
        self.summary.changed.sort_by_key(|c| c.line);
        self.copy_again_without(&gone.keys().copied().collect())?;
        for run in &mut self.runs {
            run.retain(|k| !gone.contains_key(&k.entry));
        }
        Ok(())
    }

    /// Rolls the import's entries back and copies them in again, ids kept, but `gone`: they
    /// are read back into a temporary file first (a big import's entries do not fit in
    /// memory).
    fn copy_again_without(&mut self, gone: &HashSet<i64>) -> Result<()> {
        let (Some(first), Some(last)) = (
            self.runs.iter().flatten().map(|k| k.entry).min(),
            self.runs.iter().flatten().map(|k| k.entry).max(),
        ) else {
            return Ok(());
        };
        let mut spool = tempfile::tempfile().context("cannot make a temporary file")?;
        {
            let mut out = BufWriter::new(&mut spool);
            let reader = self.client.copy_out(&format!(
                "COPY (SELECT {ENTRY_COLUMNS} FROM entry
                       WHERE id BETWEEN {first} AND {last} AND batch = {} ORDER BY id) TO STDOUT",
                self.batch
            ))?;
            let mut reader = BufReader::new(reader);
            let mut line = Vec::new();
            loop {
                line.clear();
                if reader.read_until(b'\n', &mut line)? == 0 {
                    break;
                }
                let id = line
                    .split(|&b| b == b'\t')
                    .next()
                    .and_then(|f| std::str::from_utf8(f).ok())
                    .and_then(|f| f.parse::<i64>().ok());
                let Some(id) = id else {
                    bail!("an entry read back from the ledger has no id");
                };
                if !gone.contains(&id) {
                    out.write_all(&line)?;
                }
            }
            out.flush()?;
        }
        self.client
            .batch_execute(&format!("ROLLBACK TO SAVEPOINT {ENTRIES}"))?;
        spool.rewind()?;
        let mut w = self.client.copy_in(&copy_entry_sql())?;
        std::io::copy(&mut spool, &mut w)?;
        w.finish()?;
        Ok(())
    }
}
