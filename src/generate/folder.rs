//! The letter folders of one run, opened once: every letter file is created relative to its
//! open folder (one open, one write, one close; no path walked again), from any thread. A
//! file the replaced letters folder already holds with the same bytes is linked instead.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use crate::dir::Handle;

/// One `kind/language` folder: the one being written and the same folder in the letters
/// this run replaces.
#[derive(Debug)]
struct Sub {
    /// The folder relative to the letters folder (`solidarity/ru`).
    rel: String,
    /// Where the new files go.
    new: Handle,
    /// The same folder in the replaced letters, when it exists.
    old: Option<Handle>,
}

/// The folders letters are written into.
#[derive(Debug)]
pub struct Folders {
    subs: Vec<Sub>,
}

impl Folders {
    /// Opens each folder of `rels` (relative paths such as `solidarity/ru`, created
    /// beforehand) under `dir`, and the same folder under `previous` where it exists.
    pub fn open<'r>(
        dir: &Path,
        previous: Option<&Path>,
        rels: impl IntoIterator<Item = &'r str>,
    ) -> Result<Self> {
        let mut subs: Vec<Sub> = Vec::new();
        for rel in rels {
            if subs.iter().any(|s| s.rel == rel) {
                continue;
            }
            let new = Handle::open(&join(dir, rel))?;
            let old = previous.and_then(|p| Handle::open(&join(p, rel)).ok());
            subs.push(Sub {
                rel: rel.to_string(),
                new,
                old,
            });
        }
        Ok(Self { subs })
    }

    /// Writes the file `rel` (relative to the letters folder, in one of the opened folders).
    /// When the replaced folder holds the same bytes under the same name, the file is linked
    /// to it instead: re-running on unchanged input then writes no data, and deleting the old
    /// folder afterwards frees no blocks (slow on file systems that trim on every unlink).
    /// `scratch` is a buffer reused between calls.
    pub fn write(&self, rel: &str, bytes: &[u8], scratch: &mut Vec<u8>) -> Result<()> {
        let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let sub = self
            .subs
            .iter()
            .find(|s| s.rel == folder)
            .ok_or_else(|| anyhow!("cannot write `{rel}`: its folder was not prepared"))?;
        if let Some(old) = &sub.old
            && old.same(name, bytes, scratch)
            && old.link(name, &sub.new).is_ok()
        {
            return Ok(());
        }
        sub.new
            .create(name, bytes)
            .with_context(|| format!("cannot write `{}`", sub.new.path().join(name).display()))
    }
}

impl Handle {
    /// Whether the file `name` in this folder holds exactly `bytes`.
    fn same(&self, name: &str, bytes: &[u8], scratch: &mut Vec<u8>) -> bool {
        let Ok(file) = self.open_file(name) else {
            return false;
        };
        scratch.clear();
        // One byte more than expected tells a longer file apart without reading all of it.
        let limit = bytes.len() as u64 + 1;
        file.take(limit).read_to_end(scratch).is_ok() && scratch.as_slice() == bytes
    }

    /// Creates `name` and writes `bytes` into it. A file of that name is never opened again:
    /// it may be a link to the replaced folder's file, which must stay as it was until the
    /// run is committed.
    fn create(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.create_file(name)?.write_all(bytes)
    }
}

fn join(dir: &Path, rel: &str) -> PathBuf {
    let mut path = dir.to_path_buf();
    path.extend(rel.split('/'));
    path
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    #[test]
    fn links_only_files_with_the_same_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
        for dir in [&old, &new] {
            std::fs::create_dir_all(dir.join("appeal/en")).unwrap();
        }
        std::fs::write(old.join("appeal/en/same.txt"), "letter").unwrap();
        // The new text is a prefix of the old file: equal as far as it goes, still changed.
        std::fs::write(old.join("appeal/en/longer.txt"), "letter and more").unwrap();
        let folders = Folders::open(&new, Some(&old), ["appeal/en"]).unwrap();
        let mut scratch = Vec::new();
        for name in ["same", "longer", "fresh"] {
            let rel = format!("appeal/en/{name}.txt");
            folders.write(&rel, b"letter", &mut scratch).unwrap();
            assert_eq!(std::fs::read(new.join(&rel)).unwrap(), b"letter");
        }
        // Writing a linked file again must not reach the replaced folder's file through it.
        assert!(
            folders
                .write("appeal/en/same.txt", b"other", &mut scratch)
                .is_err()
        );
        assert_eq!(
            std::fs::read(old.join("appeal/en/same.txt")).unwrap(),
            b"letter"
        );
        let ino = |dir: &Path, name: &str| {
            std::fs::metadata(dir.join("appeal/en").join(name))
                .unwrap()
                .ino()
        };
        assert_eq!(ino(&new, "same.txt"), ino(&old, "same.txt"));
        assert_ne!(ino(&new, "longer.txt"), ino(&old, "longer.txt"));
        assert_eq!(
            std::fs::read(old.join("appeal/en/longer.txt")).unwrap(),
            b"letter and more"
        );
    }

    #[test]
    fn a_file_outside_the_prepared_folders_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("appeal/en")).unwrap();
        let folders = Folders::open(tmp.path(), None, ["appeal/en"]).unwrap();
        let err = folders
            .write("appeal/ru/x.txt", b"x", &mut Vec::new())
            .unwrap_err();
        assert!(err.to_string().contains("appeal/ru/x.txt"), "{err}");
    }
}
