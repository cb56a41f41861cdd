//! The manifest read one line at a time, so that no command holds every entry of a large
//! campaign: a [`Reader`] hands out each line with where it lies in the file, and [`Places`]
//! reads an entry again later from that place, through the same open file (a manifest
//! replaced meanwhile by `generate` does not change what it reads).

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, anyhow, bail};

use super::ManifestEntry;

/// Where one entry lies in the manifest file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Byte offset of the line.
    pub offset: u64,
    /// Length of the line in bytes, without its line end.
    pub len: u32,
}

/// Reads the manifest line by line.
pub struct Reader {
    path: PathBuf,
    file: File,
    inner: BufReader<File>,
    line: usize,
    offset: u64,
    buf: Vec<u8>,
}

/// One non-blank line of the manifest.
pub struct Line<'a> {
    /// Its line number, from 1.
    pub number: usize,
    /// Where it lies.
    pub place: Place,
    /// The line, without its line end.
    pub bytes: &'a [u8],
}

impl Reader {
    /// Opens the manifest at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).with_context(|| {
            format!(
                "cannot open `{}` (run `marathon generate` first)",
                path.display()
            )
        })?;
        let reading = file
            .try_clone()
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
            inner: BufReader::with_capacity(1 << 16, reading),
            line: 0,
            offset: 0,
            buf: Vec::new(),
        })
    }

    /// The manifest's path, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The next non-blank line, `None` at the end.
    pub fn next_line(&mut self) -> Result<Option<Line<'_>>> {
        loop {
            self.buf.clear();
            let read = self
                .inner
                .read_until(b'\n', &mut self.buf)
                .with_context(|| {
                    format!("{}:{}: cannot read", self.path.display(), self.line + 1)
                })?;
            if read == 0 {
                return Ok(None);
            }
            self.line += 1;
            let offset = self.offset;
            self.offset += read as u64;
            let mut end = self.buf.len();
            while end > 0 && matches!(self.buf[end - 1], b'\n' | b'\r') {
                end -= 1;
            }
            if self.buf[..end].iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let len = u32::try_from(end).map_err(|_| {
                anyhow!(
                    "{}:{}: the line is too long",
                    self.path.display(),
                    self.line
                )
            })?;
            return Ok(Some(Line {
                number: self.line,
                place: Place { offset, len },
                bytes: &self.buf[..end],
            }));
        }
    }

    /// The next entry with its line number and place, `None` at the end.
    pub fn next_entry(&mut self) -> Result<Option<(usize, Place, ManifestEntry)>> {
        let Some(line) = self.next_line()? else {
            return Ok(None);
        };
        let (number, place) = (line.number, line.place);
        // `line` borrows the buffer; parse from the same bytes.
        let entry = serde_json::from_slice(&self.buf[..place.len as usize])
            .with_context(|| format!("{}:{}: not a manifest entry", self.path.display(), number))?;
        Ok(Some((number, place, entry)))
    }

    /// Entries read again by place, from the same open file.
    pub fn places(self) -> Places {
        Places {
            path: self.path,
            file: Mutex::new(self.file),
        }
    }
}

/// Reads entries again by their [`Place`], from the file a [`Reader`] opened.
pub struct Places {
    path: PathBuf,
    file: Mutex<File>,
}

impl Places {
    /// The entry at `place`.
    pub fn entry(&self, place: Place) -> Result<ManifestEntry> {
        let mut bytes = vec![0u8; place.len as usize];
        {
            // Reads are a seek and a read; a panic elsewhere cannot leave the file unusable.
            let mut file = self
                .file
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            file.seek(SeekFrom::Start(place.offset))
                .and_then(|_| file.read_exact(&mut bytes))
                .with_context(|| {
                    format!(
                        "cannot read `{}` at byte {}",
                        self.path.display(),
                        place.offset
                    )
                })?;
        }
        let entry: ManifestEntry = serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "`{}` at byte {}: not a manifest entry",
                self.path.display(),
                place.offset
            )
        })?;
        if entry.id.is_empty() {
            bail!(
                "`{}` at byte {}: no letter id",
                self.path.display(),
                place.offset
            );
        }
        Ok(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_json(id: &str) -> String {
        format!(
            r#"{{"id":"{id}","template":"t","kind":"appeal","language":"ru","case":"c","prisoner":"p","recipient":{{"id":"r","role":"authority","name":"R","email":"r@example.org","country":"BY"}},"sender":{{"id":"v","role":"volunteer","name":"V","country":"PL"}},"channel":"email","subject":"S","path":"a/1.txt"}}"#
        )
    }

    #[test]
    fn lines_come_with_their_numbers_and_places_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.jsonl");
        let text = format!(
            "{}\n\n  \r\n{}\r\n{}",
            entry_json("a"),
            entry_json("b"),
            entry_json("c")
        );
        std::fs::write(&path, &text).unwrap();
        let mut r = Reader::open(&path).unwrap();
        let mut seen = Vec::new();
        while let Some((number, place, e)) = r.next_entry().unwrap() {
            seen.push((number, place, e.id));
        }
        let numbers: Vec<usize> = seen.iter().map(|s| s.0).collect();
        assert_eq!(numbers, vec![1, 4, 5]);
        let places = r.places();
        // Replacing the file does not change what the open file reads.
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, "junk").unwrap();
        for (_, place, id) in seen.iter().rev() {
            assert_eq!(&places.entry(*place).unwrap().id, id);
        }
    }

    #[test]
    fn a_bad_line_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.jsonl");
        std::fs::write(&path, format!("{}\n{{\"id\": 1}}\n", entry_json("a"))).unwrap();
        let mut r = Reader::open(&path).unwrap();
        assert!(r.next_entry().unwrap().is_some());
        let err = format!("{:#}", r.next_entry().unwrap_err());
        assert!(
            err.contains("manifest.jsonl:2: not a manifest entry"),
            "{err}"
        );
    }
}
