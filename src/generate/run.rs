//! Running a plan: letters are taken from the plan in bounded chunks, rendered and written
//! in parallel, and their manifest lines appended in plan order, so memory stays flat
//! whatever the number of letters.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use rayon::prelude::*;

use super::{Failure, Plan, Planned, Producer, Staging, Survey};
use crate::diag::{Diagnostic, Diagnostics};
use crate::manifest::{LetterKind, MANIFEST_FILE, write_entry};
use crate::template::kind_name;

/// Letters rendered per chunk: enough to keep every core busy, few enough that a chunk's
/// text stays a few megabytes.
const CHUNK: usize = 2048;

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

/// Renders every letter of `plan` into `out`, replacing it only when all were written.
/// Stops at the first chunk with a letter that cannot be rendered.
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
    let manifest_path = dir.join(MANIFEST_FILE);
    let file = File::create(&manifest_path)
        .with_context(|| format!("cannot create `{}`", manifest_path.display()))?;
    let mut manifest = BufWriter::with_capacity(1 << 20, file);
    let producer = Producer::new(inputs);
    let mut problems = Problems::default();
    let (mut appeals, mut solidarity) = (0u64, 0u64);
    let mut letters = plan.letters();
    let mut chunk = Vec::with_capacity(CHUNK);
    while next_chunk(&mut letters, &mut chunk) {
        let lines: Vec<Result<Vec<u8>, Failure>> = chunk
            .par_iter()
            .map(|p| {
                let entry = producer.write(p, dir)?;
                let mut line = Vec::with_capacity(512);
                write_entry(&mut line, &entry).map_err(Failure::Io)?;
                Ok(line)
            })
            .collect();
        for (p, line) in chunk.iter().zip(lines) {
            match line {
                Ok(line) => {
                    manifest
                        .write_all(&line)
                        .with_context(|| format!("cannot write `{}`", manifest_path.display()))?;
                    match p.kind {
                        LetterKind::Appeal => appeals += 1,
                        LetterKind::Solidarity => solidarity += 1,
                    }
                }
                Err(Failure::Letter(d)) => problems.add(d),
                Err(Failure::Io(e)) => return Err(e),
            }
        }
        if !problems.diags.is_empty() {
            return Ok(Generated::Failed(problems.diags));
        }
        bar.inc(chunk.len() as u64);
    }
    manifest
        .into_inner()
        .map_err(|e| e.into_error())
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot write `{}`", manifest_path.display()))?;
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
        let results: Vec<Option<Diagnostic>> =
            chunk.par_iter().map(|p| producer.render(p).err()).collect();
        results.into_iter().flatten().for_each(|d| problems.add(d));
        bar.inc(chunk.len() as u64);
    }
    problems.diags
}
