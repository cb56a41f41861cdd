//! Checks of a letter's text against the rules of the prisoner's country: language, script,
//! length, and the words that get letters withheld.

use std::path::Path;

use super::CountryRules;
use super::script::{Script, ScriptCounts};
use crate::diag::{Diagnostic, Diagnostics};
use crate::human;

/// A word or phrase in a letter that matches a withheld-words pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithheldHit {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters) where the match starts.
    pub column: usize,
    /// The text that matched, as written.
    pub text: String,
    /// The topic the pattern belongs to.
    pub topic: String,
    /// The whole line, trimmed.
    pub line_text: String,
}

/// Checks a letter in `language` for a prisoner under `rules`; `origin` names the letter or
/// template file in the diagnostics. Errors: a language the rules forbid, a text not in the
/// language's script (or in the wrong one of Russian/Belarusian where only one is allowed),
/// a text over the length limit. Warnings: each word or phrase that gets letters withheld,
/// with its line.
pub fn check_letter(
    text: &str,
    language: &str,
    rules: &CountryRules,
    origin: &Path,
) -> Diagnostics {
    let mut diags = letter_errors(text, language, rules, origin);
    let language = language.trim().to_ascii_lowercase();
    for hit in find_withheld_words(text, &language, rules) {
        diags.push(
            Diagnostic::warning(
                origin,
                format!(
                    "`{}` ({}) can get the letter withheld: «{}»",
                    hit.text,
                    hit.topic,
                    shorten(&hit.line_text, 100)
                ),
            )
            .at_line(hit.line)
            .at_column(hit.column),
        );
    }
    diags
}

/// The errors of [`check_letter`] alone (language, script, length), without looking for
/// withheld words: cheap enough to run on every rendered letter.
pub fn letter_errors(
    text: &str,
    language: &str,
    rules: &CountryRules,
    origin: &Path,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let language = language.trim().to_ascii_lowercase();
    if !rules.allows_language(&language) {
        diags.push(
            Diagnostic::error(
                origin,
                format!(
                    "letters in `{language}` are discarded in {}: write in {}",
                    rules.country,
                    list(&rules.languages)
                ),
            )
            .in_field("language"),
        );
    }
    if let Some(d) = script_problem(text, &language, rules, origin) {
        diags.push(d);
    }
    if let Some(max) = rules.max_chars {
        let n = text.trim_end().chars().count();
        if n > max {
            diags.push(Diagnostic::error(
                origin,
                format!(
                    "the letter has {} and the limit for {} is {}: shorten it",
                    human::count(n as u64, "character", "characters"),
                    rules.country,
                    human::group(max as u64)
                ),
            ));
        }
    }
    diags
}

fn list(langs: &[String]) -> String {
    let quoted: Vec<String> = langs.iter().map(|l| format!("`{l}`")).collect();
    match quoted.len() {
        0 => "any language".to_string(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// Letters that only Belarusian uses, and letters that Belarusian never uses.
const BELARUSIAN_ONLY: &[char] = &['і', 'ў', 'І', 'Ў'];
const RUSSIAN_ONLY: &[char] = &['и', 'щ', 'ъ', 'И', 'Щ', 'Ъ'];

fn script_problem(
    text: &str,
    language: &str,
    rules: &CountryRules,
    origin: &Path,
) -> Option<Diagnostic> {
    let expected = Script::of_language(language)?;
    let counts = ScriptCounts::of(text);
    let letters = counts.count(Script::Any);
    if letters > 0 && counts.count(expected) * 2 < letters {
        return Some(Diagnostic::error(
            origin,
            format!(
                "a `{language}` letter must be in {} letters, but {} of its {} letters are not",
                expected.name(),
                human::group((letters - counts.count(expected)) as u64),
                human::group(letters as u64)
            ),
        ));
    }
    // A Russian letter written in Belarusian (or the reverse) is caught only where the other
    // language is not allowed: Russia returns Belarusian letters, Belarus takes both.
    let (other, theirs, ours) = match language {
        "ru" => ("be", BELARUSIAN_ONLY, RUSSIAN_ONLY),
        "be" => ("ru", RUSSIAN_ONLY, BELARUSIAN_ONLY),
        _ => return None,
    };
    if rules.allows_language(other) {
        return None;
    }
    // Words with letters only the other language uses, against words with letters only this
    // one uses: a name or two in the other spelling does not tip it.
    let words = text.split(|c: char| !c.is_alphabetic());
    let (mut foreign, mut own) = (0usize, 0usize);
    for w in words {
        if w.chars().any(|c| theirs.contains(&c)) {
            foreign += 1;
        }
        if w.chars().any(|c| ours.contains(&c)) {
            own += 1;
        }
    }
    if foreign >= 2 && foreign > own {
        return Some(Diagnostic::error(
            origin,
            format!(
                "this `{language}` letter reads as `{other}` ({} with letters only `{other}` \
                 uses, {} only `{language}`), which {} does not accept",
                human::count(foreign as u64, "word", "words"),
                human::group(own as u64),
                rules.country
            ),
        ));
    }
    None
}

/// A word of a letter or pattern, normalised for comparison.
struct Word {
    norm: String,
    start: usize,
    end: usize,
}

fn normalise(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ё' => 'е',
            '’' | 'ʼ' => '\'',
            c => c,
        })
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c == '\'' || c == '’' || c == 'ʼ'
}

/// The words of `line` with their character spans.
fn words(line: &str, keep_star: bool) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if is_word_char(c) || (keep_star && c == '*') {
            if cur.is_empty() {
                start = i;
            }
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(Word {
                norm: normalise(cur.trim_matches('\'')),
                start,
                end: i,
            });
            cur.clear();
        }
    }
    if !cur.is_empty() {
        out.push(Word {
            norm: normalise(cur.trim_matches('\'')),
            start,
            end: chars.len(),
        });
    }
    out
}

/// One word of a pattern: exact, or a stem (pattern word ending in `*`).
fn word_matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(stem) => !stem.is_empty() && word.starts_with(stem),
        None => word == pattern,
    }
}

/// Every place in `text` where a withheld-words pattern of `language` matches.
pub fn find_withheld_words(text: &str, language: &str, rules: &CountryRules) -> Vec<WithheldHit> {
    let patterns: Vec<(&str, Vec<String>)> = rules
        .withheld
        .iter()
        .flat_map(|(topic, t)| {
            t.words
                .get(language)
                .into_iter()
                .flatten()
                .map(move |p| (topic.as_str(), words(p, true)))
        })
        .map(|(topic, ws)| (topic, ws.into_iter().map(|w| w.norm).collect::<Vec<_>>()))
        .filter(|(_, ws)| !ws.is_empty())
        .collect();
    let mut hits = Vec::new();
    if patterns.is_empty() {
        return hits;
    }
    for (n, line) in text.lines().enumerate() {
        let ws = words(line, false);
        let chars: Vec<char> = line.chars().collect();
        for i in 0..ws.len() {
            for (topic, pat) in &patterns {
                let fits = i + pat.len() <= ws.len()
                    && pat
                        .iter()
                        .zip(&ws[i..])
                        .all(|(p, w)| word_matches(p, &w.norm));
                if fits {
                    let end = ws[i + pat.len() - 1].end;
                    hits.push(WithheldHit {
                        line: n + 1,
                        column: ws[i].start + 1,
                        text: chars[ws[i].start..end].iter().collect(),
                        topic: (*topic).to_string(),
                        line_text: line.trim().to_string(),
                    });
                    break;
                }
            }
        }
    }
    hits
}
