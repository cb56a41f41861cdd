//! Finding the line a CSV record starts on.

use std::io::Read;

/// A reader that remembers the last bytes it passed on, so that a record's first line can
/// be found: the CSV parser reports where it started scanning, which is before any blank
/// lines (and the `\n` of a `\r\n`) it skipped.
pub(super) struct Tape<R> {
    inner: R,
    recent: Vec<u8>,
    /// Offset of `recent[0]` in the stream.
    base: u64,
}

/// Bytes kept: far more than the parser's buffer, so a record start is always still here.
const TAPE_KEEP: usize = 1 << 20;

impl<R> Tape<R> {
    pub(super) fn new(inner: R) -> Self {
        Self {
            inner,
            recent: Vec::with_capacity(2 * TAPE_KEEP),
            base: 0,
        }
    }

    /// The line of the first byte at or after `byte` that is not a line break, given that
    /// `byte` is on line `line`.
    pub(super) fn line_at(&self, line: u64, byte: u64) -> u64 {
        let Some(start) = byte.checked_sub(self.base) else {
            return line;
        };
        let skipped = self
            .recent
            .iter()
            .skip(start as usize)
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .filter(|&&b| b == b'\n')
            .count();
        line + skipped as u64
    }
}

impl<R: Read> Read for Tape<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.recent.extend_from_slice(&buf[..n]);
        if self.recent.len() > 2 * TAPE_KEEP {
            let drop = self.recent.len() - TAPE_KEEP;
            self.recent.drain(..drop);
            self.base += drop as u64;
        }
        Ok(n)
    }
}
