//! `marathon pack`: writes each volunteer's printable letter pack to `letters/packs/`, each
//! letter with the latest text its volunteer saved on their web page, if any.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::cli::{Cli, Outcome};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ledger::{Ledger, LetterEdit};
use crate::manifest::{self, Channel, MANIFEST_FILE, Place, Places};
use crate::pack::{self, PACKS_DIR};
use crate::workspace::Workspace;

/// Arguments of `marathon pack`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this volunteer's pack (repeatable); other packs are left as they are.
    #[arg(long = "volunteer", value_name = "ID")]
    pub volunteers: Vec<String>,

    /// Print what was written as JSON: each pack's letters, and under `edited` those printed
    /// with the text their volunteer saved on the web page.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct JsonPack<'a> {
    volunteer: &'a str,
    name: &'a str,
    file: String,
    letters: Vec<&'a str>,
    /// The letters printed with their volunteer's edit instead of the generated text.
    edited: Vec<&'a str>,
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
    // A first pass notes where each volunteer's post letters lie; then one pack at a time is
    // built, rendered and written, so only one pack's letters are held however many there are.
    let mut reader = manifest::Reader::open(&ws.letters_dir().join(MANIFEST_FILE))?;
    let mut groups: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    while let Some((_, place, e)) = reader.next_entry()? {
        if e.channel == Channel::Post
            && (args.volunteers.is_empty() || args.volunteers.contains(&e.sender.id))
        {
            groups.entry(e.sender.id).or_default().push(place);
        }
    }
    let places = reader.places();
    let dir = ws.letters_dir().join(PACKS_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let hide = cli.quiet || args.json;
    // Volunteers' edits, read at once from the ledger when there is one (`pack` never
    // creates it).
    let ledger_path = ws.ledger_path();
    let edits = if crate::ledger::address::exists(&ledger_path) {
        Ledger::open(&ledger_path)?.all_letter_edits()?
    } else {
        HashMap::new()
    };
    let source = Source {
        ws: &ws,
        book: &book,
        edits: &edits,
    };
    let (packs, files, mut diags) = write_packs(&source, &groups, &places, &dir, hide)?;
    for id in &args.volunteers {
        if !packs.iter().any(|p| &p.volunteer == id) {
            diags.push(Diagnostic::error(
                Path::new("letters").join(MANIFEST_FILE),
                format!("volunteer `{id}` has no letters to post"),
            ));
        }
    }
    if args.volunteers.is_empty() {
        remove_stale(&dir, &files.iter().map(String::as_str).collect())?;
    }

    if args.json {
        let out = JsonOut {
            packs: packs
                .iter()
                .zip(&files)
                .map(|(p, file)| JsonPack {
                    volunteer: &p.volunteer,
                    name: &p.name,
                    file: format!("letters/{PACKS_DIR}/{file}"),
                    letters: p.letters.iter().map(String::as_str).collect(),
                    edited: p.edited.iter().map(String::as_str).collect(),
                })
                .collect(),
            problems: &diags,
        };
        crate::outln!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for d in &diags.0 {
            eprintln!("{d}");
        }
        if !cli.quiet {
            let letters: usize = packs.iter().map(|p| p.letters.len()).sum();
            crate::outln!(
                "Wrote {} with {} to `letters/{PACKS_DIR}/`.",
                crate::human::count(packs.len() as u64, "pack", "packs"),
                crate::human::count(letters as u64, "letter", "letters")
            );
            let edited: usize = packs.iter().map(|p| p.edited.len()).sum();
            if edited > 0 {
                crate::outln!(
                    "{} printed with the volunteer's own text, saved on the web page.",
                    crate::human::count(edited as u64, "letter is", "letters are")
                );
            }
            if diags.errors() > 0 {
                crate::outln!(
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

/// A pack written under a temporary name, waiting for its file name.
struct Written {
    volunteer: String,
    /// The name shown in the pack.
    name: String,
    /// The name the manifest gives the volunteer (file names come from it).
    manifest_name: String,
    letters: Vec<String>,
    /// The letters printed with their volunteer's edit.
    edited: Vec<String>,
    tmp: PathBuf,
}

/// What the packs are built from: the workspace, its address book, and the volunteers'
/// edits of their letters, by volunteer id (none without a ledger).
struct Source<'a> {
    ws: &'a Workspace,
    book: &'a crate::recipients::AddressBook,
    edits: &'a HashMap<String, HashMap<String, LetterEdit>>,
}

/// Builds, renders and writes one pack at a time, each under a temporary name, then gives
/// every pack its file name (which depends on every volunteer with a pack: two with the same
/// name keep apart by their ids). Returns the packs, their file names in the same order, and
/// the letters left out. On an error no temporary file is left behind.
fn write_packs(
    source: &Source<'_>,
    groups: &BTreeMap<String, Vec<Place>>,
    places: &Places,
    dir: &Path,
    hide_progress: bool,
) -> Result<(Vec<Written>, Vec<String>, Diagnostics)> {
    let ws = source.ws;
    let mut packs: Vec<Written> = Vec::new();
    let mut diags = Diagnostics::default();
    let bar = crate::ui::progress(groups.len() as u64, "packs", hide_progress);
    let mut write_all = || -> Result<()> {
        for letters in groups.values() {
            let entries = letters
                .iter()
                .map(|&p| places.entry(p))
                .collect::<Result<Vec<_>>>()?;
            let (built, problems) = pack::build(ws, source.book, &entries, &[]);
            diags.extend(problems);
            let manifest_name = entries
                .last()
                .map(|e| e.sender.name.clone())
                .unwrap_or_default();
            for mut p in built {
                // The latest save of each letter by the volunteer whose pack it is, as their
                // print view on the web shows it.
                let edited = match source.edits.get(&p.volunteer) {
                    Some(edits) => pack::apply_edits(&mut p.letters, edits),
                    None => Vec::new(),
                };
                let tmp = dir.join(format!(".pack-{}.html.tmp", packs.len()));
                std::fs::write(&tmp, pack::render(&p, &ws.campaign))
                    .with_context(|| format!("cannot write `{}`", tmp.display()))?;
                packs.push(Written {
                    volunteer: p.volunteer,
                    name: p.name,
                    manifest_name: manifest_name.clone(),
                    letters: p.letters.into_iter().map(|l| l.id).collect(),
                    edited,
                    tmp,
                });
            }
            bar.inc(1);
        }
        Ok(())
    };
    let written = write_all();
    bar.finish_and_clear();
    let named = written.and_then(|()| {
        let names: BTreeMap<&str, &str> = packs
            .iter()
            .map(|p| (p.volunteer.as_str(), p.manifest_name.as_str()))
            .collect();
        let mut names = pack::file_names(&names);
        let mut files = Vec::with_capacity(packs.len());
        for p in &packs {
            let file = names.remove(p.volunteer.as_str()).unwrap_or_default();
            let path = dir.join(&file);
            std::fs::rename(&p.tmp, &path)
                .with_context(|| format!("cannot replace `{}`", path.display()))?;
            files.push(file);
        }
        Ok(files)
    });
    match named {
        Ok(files) => Ok((packs, files, diags)),
        Err(e) => {
            for p in &packs {
                // Already renamed or never written: nothing to remove.
                let _ = std::fs::remove_file(&p.tmp);
            }
            Err(e)
        }
    }
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
