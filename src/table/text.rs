//! Delimited text: the encoding (UTF-8, UTF-16 with its BOM; a guess at a legacy one for the
//! error), the delimiter (`,`, `;` or tab) and the rows.

use std::borrow::Cow;

use super::{Format, Grid, Position, Problem, Row};

/// Reads delimited text into a grid.
pub(super) fn read(bytes: &[u8]) -> Result<Grid, Problem> {
    let (text, encoding) = decode(bytes)?;
    let delimiter = sniff_delimiter(text.as_bytes());
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<(String, usize)> = match reader.headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_string(), i + 1))
            .collect(),
        Err(e) => {
            return Err(Problem::new(
                Some(Position::line(1)),
                format!("cannot read the header line: {e}"),
            ));
        }
    };
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // csv counts a CRLF ending as no line break at all, which put every record of an Excel
    // "CSV UTF-8" file a line too early: lines are counted here from byte offsets, walking
    // forward only.
    let mut lines = LineCounter::new(text.as_bytes());
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("this row has {len} fields but the header has {expected_len}"),
                    _ => e.to_string(),
                };
                rows.push(Err(Problem::new(Some(Position::line(line)), message)));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        rows.push(Ok(Row {
            at: Position::line(line),
            cells: record.iter().map(str::to_string).collect(),
        }));
    }
    Ok(Grid {
        format: Format::Text {
            delimiter,
            encoding,
        },
        sheet: None,
        headers,
        header_at: Position::line(1),
        rows,
    })
}

/// The 1-based line of byte offsets that never go back.
struct LineCounter<'a> {
    text: &'a [u8],
    byte: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        Self {
            text,
            byte: 0,
            line: 1,
        }
    }

    fn at(&mut self, byte: u64) -> u64 {
        let mut byte = (byte as usize).min(self.text.len());
        // After a CRLF ending csv puts the next record at its `\n`; a record never starts
        // with a line break, so skip any.
        while matches!(self.text.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        if byte > self.byte {
            self.line += self.text[self.byte..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.byte = byte;
        }
        self.line
    }
}

/// The text of `bytes`, without its BOM, and the encoding's name.
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), Problem> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return utf8(rest).map(|t| (Cow::Borrowed(t), "UTF-8"));
    }
    let utf16 = if bytes.starts_with(&[0xff, 0xfe]) {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(&[0xfe, 0xff]) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    };
    if let Some(encoding) = utf16 {
        let (text, malformed) = encoding.decode_without_bom_handling(&bytes[2..]);
        if malformed {
            let at = text.find('\u{fffd}').unwrap_or(text.len());
            let line = 1 + text[..at].matches('\n').count() as u64;
            return Err(Problem::new(
                Some(Position::line(line)),
                format!(
                    "is not valid {} text (it starts like it, but has a broken character here)",
                    encoding.name()
                ),
            ));
        }
        return Ok((text, encoding.name()));
    }
    utf8(bytes).map(|t| (Cow::Borrowed(t), "UTF-8"))
}

fn utf8(bytes: &[u8]) -> Result<&str, Problem> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = 1 + good.iter().filter(|&&b| b == b'\n').count() as u64;
        let column = 1 + String::from_utf8_lossy(
            &good[good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..],
        )
        .chars()
        .count();
        Problem::new(
            Some(Position::line(line).in_column(column)),
            not_utf8_message(bytes),
        )
    })
}

/// "is not UTF-8 text", with the legacy encoding it looks like where that can be told.
pub fn not_utf8_message(bytes: &[u8]) -> String {
    match guess_legacy_encoding(bytes) {
        Some(name) => format!(
            "is not UTF-8 text; it looks like {name} (save it as UTF-8, in Excel \"CSV UTF-8\")"
        ),
        None => "is not UTF-8 text (save it as UTF-8)".to_string(),
    }
}

/// Picks the delimiter its header line has most of, outside quotes: `;` or a tab when
/// there are more of them than commas, else `,`.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let (mut commas, mut semis, mut tabs, mut quoted) = (0, 0, 0, false);
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs > semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// Guesses which Windows code page text that is not UTF-8 was saved in, for the error
/// message: `Windows-1251 (Cyrillic)`, `Windows-1250 (Central European)` or `Windows-1252
/// (Western European)`, or both of the last two when the text only has letters they share;
/// `None` when the bytes give no sign.
///
/// Cyrillic words are runs of high bytes only; Latin-script words have a high byte here and
/// there between ASCII letters. Between 1250 and 1252, each candidate scores the letters only its
/// languages use, and loses for symbols (`¹`, `³`, `¿`) in the middle of a word.
pub fn guess_legacy_encoding(bytes: &[u8]) -> Option<&'static str> {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    if high == 0 {
        return None;
    }
    // Words (runs of ASCII letters and high bytes) made of high bytes only, against words
    // mixing both.
    let (mut all_high, mut mixed) = (0, 0);
    for word in bytes.split(|b| !(b.is_ascii_alphabetic() || *b >= 0x80)) {
        let highs = word.iter().filter(|&&b| b >= 0x80).count();
        if highs == word.len() && highs >= 2 {
            all_high += 1;
        } else if highs > 0 {
            mixed += 1;
        }
    }
    if all_high > mixed {
        return Some("Windows-1251 (Cyrillic)");
    }
    let central = score(
        bytes,
        encoding_rs::WINDOWS_1250,
        "ąęśźżłćńřěůőűčšžťďňĺľŕăşţĄĘŚŹŻŁĆŃŘĚŮŐŰČŠŽŤĎŇĹĽŔĂŞŢ",
    );
    let western = score(
        bytes,
        encoding_rs::WINDOWS_1252,
        "àèìòùâêîôûãõñçæøåœÀÈÌÒÙÂÊÎÔÛÃÕÑÇÆØÅŒßëïÿ",
    );
    match central.cmp(&western) {
        std::cmp::Ordering::Greater => Some("Windows-1250 (Central European)"),
        std::cmp::Ordering::Less => Some("Windows-1252 (Western European)"),
        // Only letters both code pages share (`ö`, `é`, `ß`): either could be meant.
        std::cmp::Ordering::Equal => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text.chars()
                .filter(|c| !c.is_ascii())
                .all(char::is_alphabetic)
                .then_some("Windows-1252 (Western European) or Windows-1250 (Central European)")
        }
    }
}

fn score(bytes: &[u8], encoding: &'static encoding_rs::Encoding, typical: &str) -> i64 {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let chars: Vec<char> = text.chars().collect();
    let mut score = 0i64;
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() {
            continue;
        }
        if typical.contains(c) {
            score += 1;
        }
        let in_word = i > 0
            && chars[i - 1].is_alphabetic()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        if in_word && !c.is_alphabetic() {
            score -= 2;
        }
    }
    score
}
