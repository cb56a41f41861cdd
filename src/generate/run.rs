//! Running a plan: letters are taken from the plan in bounded chunks and rendered in
//! parallel; one thread writes them and appends their manifest lines in plan order. At most
//! a few chunks are in flight, so memory stays flat whatever the number of letters.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, sync_channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use rayon::prelude::*;

use super::{Destination, LetterFiles, Plan, Planned, Producer, Staging, Survey, write_letter};
use crate::diag::{Diagnostic, Diagnostics};
use crate::manifest::{LetterKind, MANIFEST_FILE};
use crate::template::{Rendered, kind_name};

/// Letters rendered per chunk: enough to keep every core busy, few enough that a chunk's
/// text stays a few megabytes.
const CHUNK: usize = 1024;

/// What a successful run wrote.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Letters written.
    pub letters: u64,
    /// Of which appeals.
    pub appeals: u64,
    /// Of which solidarity letters.
    pub solidarity: u64,
    /// The folder written.
    pub out: PathBuf,
    /// How long rendering and writing took.
    pub elapsed: Duration,
}

/// How a run ended.
#[derive(Debug)]
pub enum Generated {
    /// Every letter was written and the folder replaced.
    Done(Summary),
    /// Some letters could not be rendered; nothing was replaced.
    Failed(Diagnostics),
}

/// Diagnostics without repeats (a template problem shows once per record, not per letter).
#[derive(Default)]
struct Problems {
    seen: HashSet<String>,
    diags: Diagnostics,
}

impl Problems {
    fn add(&mut self, d: Diagnostic) {
        if self.seen.insert(d.to_string()) {
            self.diags.push(d);
        }
    }
}

/// Takes the next chunk of letters from the plan.
fn next_chunk(letters: &mut impl Iterator<Item = Planned>, chunk: &mut Vec<Planned>) -> bool {
    chunk.clear();
    chunk.extend(letters.by_ref().take(CHUNK));
    !chunk.is_empty()
}

/// Letters each worker renders in a row with one context cache.
const RUN: usize = 64;

/// A rendered letter ready to be written: its paths, its text and its manifest line.
struct Ready {
    files: LetterFiles,
    rendered: Rendered,
    line: Vec<u8>,
}

/// Renders a chunk in parallel, keeping plan order.
fn render_chunk(producer: &Producer, chunk: &[Planned]) -> Vec<Result<Ready, Diagnostic>> {
    let runs: Vec<Vec<Result<Ready, Diagnostic>>> = chunk
        .par_chunks(RUN)
        .map(|run| {
            let mut cache = producer.cache();
            run.iter()
                .map(|p| {
                    let (letter, rendered) = producer.render_with(&mut cache, p)?;
                    let line = letter.manifest_line();
                    Ok(Ready {
                        files: letter.into_files(),
                        rendered,
                        line,
                    })
                })
                .collect()
        })
        .collect();
    runs.into_iter().flatten().collect()
}

/// Writes rendered letters and their manifest lines in order, on one thread: creating
/// files in one folder from several threads only makes them wait for each other.
fn writer(to: Destination<'_>, batches: Receiver<Vec<Ready>>) -> Result<()> {
    let manifest_path = to.dir.join(MANIFEST_FILE);
    let file = File::create(&manifest_path)
        .with_context(|| format!("cannot create `{}`", manifest_path.display()))?;
    let mut manifest = BufWriter::with_capacity(1 << 20, file);
    for batch in batches {
        for ready in batch {
            write_letter(to, &ready.files, &ready.rendered)?;
            manifest
                .write_all(&ready.line)
                .with_context(|| format!("cannot write `{}`", manifest_path.display()))?;
        }
    }
    manifest
        .into_inner()
        .map_err(|e| e.into_error())
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot write `{}`", manifest_path.display()))
}

/// Renders every letter of `plan` into `out`, replacing it only when all were written.
/// Letters are rendered in parallel while one thread writes the previous chunk; the run
/// stops at the first chunk with a letter that cannot be rendered.
pub fn generate(plan: &Plan, survey: &Survey, out: &Path, bar: &ProgressBar) -> Result<Generated> {
    let start = Instant::now();
    let inputs = plan.inputs();
    let staging = Staging::new(out)?;
    let dir = staging.path();
    for &t in &survey.templates {
        let front = &inputs.templates.templates()[t].front;
        let sub = dir.join(kind_name(front.kind)).join(&front.language);
        std::fs::create_dir_all(&sub)
            .with_context(|| format!("cannot create `{}`", sub.display()))?;
    }
    let producer = Producer::new(inputs);
    let mut problems = Problems::default();
    let (mut appeals, mut solidarity) = (0u64, 0u64);
    let (tx, rx) = sync_channel::<Vec<Ready>>(1);
    let written = std::thread::scope(|scope| {
        let previous = staging.target();
        let to = Destination {
            dir,
            previous: previous.is_dir().then_some(previous),
        };
        let writing = scope.spawn(move || writer(to, rx));
        let mut letters = plan.letters();
        let mut chunk = Vec::with_capacity(CHUNK);
        while next_chunk(&mut letters, &mut chunk) {
            let mut batch = Vec::with_capacity(chunk.len());
            for (p, result) in chunk.iter().zip(render_chunk(&producer, &chunk)) {
                match result {
                    Ok(ready) => {
                        match p.kind {
                            LetterKind::Appeal => appeals += 1,
                            LetterKind::Solidarity => solidarity += 1,
                        }
                        batch.push(ready);
                    }
                    Err(d) => problems.add(d),
                }
            }
            // A send fails only when the writer stopped on an error, which `join` returns.
            if !problems.diags.is_empty() || tx.send(batch).is_err() {
                break;
            }
            bar.inc(chunk.len() as u64);
        }
        drop(tx);
        writing
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the letter writer stopped unexpectedly")))
    });
    if !problems.diags.is_empty() {
        return Ok(Generated::Failed(problems.diags));
    }
    written?;
    let out = staging.target().to_path_buf();
    staging.commit()?;
    Ok(Generated::Done(Summary {
        letters: appeals + solidarity,
        appeals,
        solidarity,
        out,
        elapsed: start.elapsed(),
    }))
}

/// Renders every letter of `plan` in memory and reports every problem (each once).
pub fn render_all(plan: &Plan, bar: &ProgressBar) -> Diagnostics {
    let producer = Producer::new(plan.inputs());
    let mut problems = Problems::default();
    let mut letters = plan.letters();
    let mut chunk = Vec::with_capacity(CHUNK);
    while next_chunk(&mut letters, &mut chunk) {
        let runs: Vec<Vec<Diagnostic>> = chunk
            .par_chunks(RUN)
            .map(|run| {
                let mut cache = producer.cache();
                run.iter()
                    .filter_map(|p| producer.render_with(&mut cache, p).err())
                    .collect()
            })
            .collect();
        runs.into_iter().flatten().for_each(|d| problems.add(d));
        bar.inc(chunk.len() as u64);
    }
    problems.diags
}
