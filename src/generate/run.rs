//! Running a plan: letters are taken from the plan in bounded chunks; the workers render
//! and write them in parallel, and one thread appends their manifest lines in plan order.
//! At most two chunks' manifest lines are held, so memory stays flat whatever the number of
//! letters.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, sync_channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use rayon::prelude::*;

use super::{Folders, Plan, Planned, Producer, Staging, Survey, write_letter};
use crate::diag::{Diagnostic, Diagnostics};
use crate::manifest::{LetterKind, MANIFEST_FILE};

/// Letters rendered per chunk: enough runs that the cores wait little for the last run of a
/// chunk, few enough that a chunk's manifest lines stay a few megabytes.
const CHUNK: usize = 4096;

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

/// What a worker did with a run of letters: the manifest lines of the letters it wrote, in
/// plan order, and what went wrong.
#[derive(Default)]
struct Written {
    lines: Vec<u8>,
    appeals: u64,
    solidarity: u64,
    problems: Vec<Diagnostic>,
    error: Option<anyhow::Error>,
}

/// Renders and writes a run of letters. After a letter that cannot be rendered the rest are
/// only rendered, to report their problems too: the run will not be kept.
fn write_run(producer: &Producer, folders: &Folders, run: &[Planned]) -> Written {
    let mut out = Written {
        lines: Vec::with_capacity(run.len() * 640),
        ..Written::default()
    };
    let mut cache = producer.cache();
    let mut scratch = Vec::new();
    for p in run {
        match producer.render_with(&mut cache, p) {
            Err(d) => out.problems.push(d),
            Ok(_) if !out.problems.is_empty() => {}
            Ok((letter, rendered)) => {
                if let Err(e) = write_letter(folders, &letter, &rendered, &mut scratch) {
                    out.error = Some(e);
                    break;
                }
                letter.push_manifest_line(&mut out.lines);
                match p.kind {
                    LetterKind::Appeal => out.appeals += 1,
                    LetterKind::Solidarity => out.solidarity += 1,
                }
            }
        }
    }
    out
}

/// Appends the manifest lines of each chunk, in plan order, as they come.
fn manifest_writer(dir: &Path, chunks: Receiver<Vec<Vec<u8>>>) -> Result<()> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let file = File::create(&manifest_path)
        .with_context(|| format!("cannot create `{}`", manifest_path.display()))?;
    let mut manifest = BufWriter::with_capacity(1 << 20, file);
    for lines in chunks.iter().flatten() {
        manifest
            .write_all(&lines)
            .with_context(|| format!("cannot write `{}`", manifest_path.display()))?;
    }
    manifest
        .into_inner()
        .map_err(|e| e.into_error())
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot write `{}`", manifest_path.display()))
}

/// Renders every letter of `plan` into `out`, replacing it only when all were written.
/// The workers render and write each letter themselves, so files are created on every
/// core; one thread appends the manifest lines in plan order. The run stops at the first
/// chunk with a letter that cannot be rendered or written.
pub fn generate(plan: &Plan, survey: &Survey, out: &Path, bar: &ProgressBar) -> Result<Generated> {
    let start = Instant::now();
    let inputs = plan.inputs();
    let staging = Staging::new(out)?;
    let dir = staging.path();
    let mut rels = Vec::with_capacity(survey.templates.len());
    for &t in &survey.templates {
        let front = &inputs.templates.templates()[t].front;
        let rel = format!("{}/{}", front.kind.as_str(), front.language);
        let sub = dir.join(&rel);
        std::fs::create_dir_all(&sub)
            .with_context(|| format!("cannot create `{}`", sub.display()))?;
        rels.push(rel);
    }
    let previous = staging.target();
    let previous = previous.is_dir().then_some(previous);
    let folders = Folders::open(dir, previous, rels.iter().map(String::as_str))?;
    let producer = Producer::new(inputs);
    let mut problems = Problems::default();
    let (mut appeals, mut solidarity) = (0u64, 0u64);
    let (tx, rx) = sync_channel::<Vec<Vec<u8>>>(1);
    let mut failure = None;
    let written = std::thread::scope(|scope| {
        let writing = scope.spawn(|| manifest_writer(dir, rx));
        let mut letters = plan.letters();
        let mut chunk = Vec::with_capacity(CHUNK);
        while next_chunk(&mut letters, &mut chunk) {
            let runs: Vec<Written> = chunk
                .par_chunks(RUN)
                .map(|run| write_run(&producer, &folders, run))
                .collect();
            let mut lines = Vec::with_capacity(runs.len());
            for run in runs {
                run.problems.into_iter().for_each(|d| problems.add(d));
                if failure.is_none() {
                    failure = run.error;
                }
                appeals += run.appeals;
                solidarity += run.solidarity;
                lines.push(run.lines);
            }
            // A send fails only when the writer stopped on an error, which `join` returns.
            if failure.is_some() || !problems.diags.is_empty() || tx.send(lines).is_err() {
                break;
            }
            bar.inc(chunk.len() as u64);
        }
        drop(tx);
        writing
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the manifest writer stopped unexpectedly")))
    });
    if let Some(e) = failure {
        return Err(e);
    }
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
