//! What the volunteer pages read from the workspace files: the address book, the letter
//! manifest and the assignment, read again when the workspace is reloaded or either file
//! changes, and one volunteer's view of them.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::assignment::{self, Assignment};
use crate::manifest::{self, ManifestEntry};
use crate::pack::PackLetter;
use crate::recipients::{AddressBook, Volunteer};
use crate::workspace::Workspace;

/// The files as last read.
pub struct Data {
    /// The workspace they were read from.
    pub ws: Arc<Workspace>,
    /// Prisoners, authorities, volunteers.
    pub book: AddressBook,
    /// Every generated letter (empty before `marathon generate`).
    pub letters: Vec<ManifestEntry>,
    /// The saved assignment, if any.
    pub assignment: Option<Assignment>,
    /// Each volunteer's post letters as laid out for print, made on first use (the letter
    /// files change only with the manifest, which makes a new [`Data`]).
    posts: Mutex<HashMap<String, Arc<Vec<PackLetter>>>>,
}

impl Data {
    /// Volunteer `id`'s post letters: text, translation, envelope, what to enclose (those
    /// breaking the country rules left out, as in `marathon pack`).
    pub fn post_letters(&self, id: &str) -> Arc<Vec<PackLetter>> {
        let mut posts = self.posts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = posts.get(id) {
            return p.clone();
        }
        let (packs, _) = crate::pack::build(&self.ws, &self.book, &self.letters, &[id.to_string()]);
        let letters = Arc::new(
            packs
                .into_iter()
                .flat_map(|p| p.letters)
                .collect::<Vec<_>>(),
        );
        posts.insert(id.to_string(), letters.clone());
        letters
    }

    /// Volunteer `id`, if the address book has them.
    pub fn volunteer(&self, id: &str) -> Option<&Volunteer> {
        self.book.volunteer(id)
    }

    /// The letters volunteer `id` signs, in manifest order.
    pub fn letters_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a ManifestEntry> {
        self.letters.iter().filter(move |e| e.sender.id == id)
    }

    /// Letter `letter` when volunteer `id` signs it; `None` alike for a missing letter and
    /// another volunteer's.
    pub fn letter_of(&self, id: &str, letter: &str) -> Option<&ManifestEntry> {
        self.letters
            .iter()
            .find(|e| e.sender.id == id && e.id == letter)
    }

    /// The prisoners assigned to volunteer `id`, then those their solidarity letters go to,
    /// each once.
    pub fn prisoners_of(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let assigned = self
            .assignment
            .iter()
            .flat_map(|a| &a.pairs)
            .filter(|p| p.volunteer == id)
            .map(|p| p.prisoner.clone());
        let written = self
            .letters_of(id)
            .filter(|e| e.kind == crate::manifest::LetterKind::Solidarity)
            .map(|e| e.prisoner.clone());
        for p in assigned.chain(written) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }
}

type Stamp = (usize, Option<SystemTime>, Option<SystemTime>);

/// The last [`Data`] read, with what it was read from.
#[derive(Default)]
pub struct Cache(Mutex<Option<(Stamp, Arc<Data>)>>);

fn modified(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

impl Cache {
    /// The files of `ws`, read again when they changed. A manifest that cannot be read counts
    /// as no letters (the reason goes to the log).
    pub fn get(&self, ws: Arc<Workspace>) -> Arc<Data> {
        let manifest_path = ws.letters_dir().join(manifest::MANIFEST_FILE);
        let assignment_path = assignment::path(&ws.root);
        let stamp = (
            Arc::as_ptr(&ws) as usize,
            modified(&manifest_path),
            modified(&assignment_path),
        );
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((s, d)) = &*slot
            && *s == stamp
        {
            return d.clone();
        }
        let (book, _) = crate::recipients::load_dir(&ws.recipients_dir(), &ws.root);
        let letters = if stamp.1.is_some() {
            manifest::read(&manifest_path).unwrap_or_else(|e| {
                tracing::warn!("{e:#}");
                Vec::new()
            })
        } else {
            Vec::new()
        };
        let assignment = assignment::load(&ws.root).unwrap_or_else(|e| {
            tracing::warn!("{e:#}");
            None
        });
        let data = Arc::new(Data {
            ws,
            book,
            letters,
            assignment,
            posts: Mutex::default(),
        });
        *slot = Some((stamp, data.clone()));
        data
    }
}
