//! `marathon pack`: writes each volunteer's printable letter pack to `letters/packs/`.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::cli::{Cli, Outcome};
use crate::diag::{Diagnostic, Diagnostics};
use crate::manifest::{self, Channel, MANIFEST_FILE};
use crate::pack::{self, PACKS_DIR};
use crate::workspace::Workspace;

/// Arguments of `marathon pack`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this volunteer's pack (repeatable); other packs are left as they are.
    #[arg(long = "volunteer", value_name = "ID")]
    pub volunteers: Vec<String>,

    /// Print what was written as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct JsonPack<'a> {
    volunteer: &'a str,
    name: &'a str,
    file: String,
    letters: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    packs: Vec<JsonPack<'a>>,
    problems: &'a Diagnostics,
}

/// Runs `marathon pack`. Exits 1 when some letter could not go into a pack (each is reported).
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let ws = Workspace::open(&cli.workspace)?;
    let (book, book_diags) = crate::recipients::load_dir(&ws.recipients_dir(), &ws.root);
    for d in book_diags.0.iter() {
        eprintln!("{d}");
    }
    // Only the post letters of the packs asked for are kept: email letters, however many,
    // are read past.
    let mut reader = manifest::Reader::open(&ws.letters_dir().join(MANIFEST_FILE))?;
    let mut entries = Vec::new();
    while let Some((_, _, e)) = reader.next_entry()? {
        if e.channel == Channel::Post
            && (args.volunteers.is_empty() || args.volunteers.contains(&e.sender.id))
        {
            entries.push(e);
        }
    }
    let (packs, mut diags) = pack::build(&ws, &book, &entries, &args.volunteers);
    for id in &args.volunteers {
        if !packs.iter().any(|p| &p.volunteer == id) {
            diags.push(Diagnostic::error(
                Path::new("letters").join(MANIFEST_FILE),
                format!("volunteer `{id}` has no letters to post"),
            ));
        }
    }

    let dir = ws.letters_dir().join(PACKS_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let bar = crate::ui::progress(packs.len() as u64, "packs", cli.quiet || args.json);
    for p in &packs {
        write_atomic(&dir.join(&p.file), &pack::render(p, &ws.campaign))?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    if args.volunteers.is_empty() {
        remove_stale(&dir, &packs.iter().map(|p| p.file.as_str()).collect())?;
    }

    if args.json {
        let out = JsonOut {
            packs: packs
                .iter()
                .map(|p| JsonPack {
                    volunteer: &p.volunteer,
                    name: &p.name,
                    file: format!("letters/{PACKS_DIR}/{}", p.file),
                    letters: p.letters.iter().map(|l| l.id.as_str()).collect(),
                })
                .collect(),
            problems: &diags,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for d in &diags.0 {
            eprintln!("{d}");
        }
        if !cli.quiet {
            let letters: usize = packs.iter().map(|p| p.letters.len()).sum();
            println!(
                "Wrote {} with {} to `letters/{PACKS_DIR}/`.",
                crate::human::count(packs.len() as u64, "pack", "packs"),
                crate::human::count(letters as u64, "letter", "letters")
            );
            if diags.errors() > 0 {
                println!(
                    "{} left out (listed above).",
                    crate::human::count(diags.errors() as u64, "letter was", "letters were")
                );
            }
        }
    }
    Ok(if diags.errors() > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    })
}

fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("html.tmp");
    std::fs::write(&tmp, text).with_context(|| format!("cannot write `{}`", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot replace `{}`", path.display()))
}

/// Removes packs of volunteers who no longer have post letters, so that no outdated pack is
/// handed out.
fn remove_stale(dir: &Path, keep: &BTreeSet<&str>) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list `{}`", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list `{}`", dir.display()))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.ends_with(".html") && !keep.contains(name) {
            let p = entry.path();
            std::fs::remove_file(&p)
                .with_context(|| format!("cannot remove the outdated pack `{}`", p.display()))?;
        }
    }
    Ok(())
}
