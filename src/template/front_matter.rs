//! Front matter: the TOML block between `+++` lines at the top of a letter template, saying
//! what the letter is (kind, audience, language, cases) and its subject line.

use serde::Deserialize;
use toml::Spanned;

use crate::campaign::{is_identifier, line_col};
use crate::manifest::LetterKind;

/// Who a letter template is addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Officials (appeals).
    Authorities,
    /// Prisoners (solidarity letters).
    Prisoners,
}

/// The parsed and validated front matter of one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// The subject line, itself a template; required when the letter goes by email.
    pub subject: Option<Subject>,
    /// Officials or prisoners.
    pub audience: Audience,
    /// Appeal or solidarity letter.
    pub kind: LetterKind,
    /// Language code of the letter (`en`, `ru`, `be`).
    pub language: String,
    /// The only cases this template is for; `None` means every case.
    pub cases: Option<Vec<String>>,
    /// The file line of `cases`, when given.
    pub cases_line: Option<usize>,
}

/// A subject template and where its text starts in the template file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The template text.
    pub text: String,
    /// 1-based file line of its first character.
    pub line: usize,
    /// 1-based file column of its first character.
    pub column: usize,
}

/// A problem in a template's front matter, located in the template file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// 1-based line in the template file.
    pub line: usize,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl FrontMatterError {
    fn at(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            column: None,
            message: message.into(),
        }
    }
}

/// A template file cut into its front matter and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML text between the `+++` lines.
    pub front: &'a str,
    /// The template body after the closing `+++` line.
    pub body: &'a str,
    /// How many file lines come before the body (its line 1 is file line `body_offset + 1`).
    pub body_offset: usize,
}

/// The delimiter line of front matter.
const FENCE: &str = "+++";

/// True when `line` (without its line break) is a `+++` fence.
fn is_fence(line: &str) -> bool {
    line.trim_end() == FENCE
}

/// Cuts `text` into front matter and body. The first line must be `+++`; the next `+++`
/// line closes the block. A leading byte-order mark is ignored.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        return Err(FrontMatterError::at(
            1,
            "no front matter: a letter template starts with a `+++` line, then TOML \
             (`kind`, `audience`, `language`, `subject`), then another `+++` line",
        ));
    }
    let front_start = first.len();
    let mut offset = front_start;
    for (i, line) in lines.enumerate() {
        if is_fence(line) {
            return Ok(Split {
                front: &text[front_start..offset],
                body: &text[offset + line.len()..],
                // The opening fence, `i` lines of TOML and the closing fence.
                body_offset: i + 2,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError::at(
        1,
        "the front matter is not closed (add a `+++` line after it)",
    ))
}

/// Front matter as written, before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    subject: Option<Spanned<String>>,
    audience: Spanned<Audience>,
    kind: Spanned<LetterKind>,
    language: Spanned<String>,
    #[serde(default)]
    cases: Option<Spanned<Vec<String>>>,
}

/// Parses and validates the front matter text `front`, which starts on file line 2.
pub fn parse(front: &str) -> Result<FrontMatter, Vec<FrontMatterError>> {
    // File line of a byte offset in `front` (the opening fence is line 1).
    let locate = |offset: usize| {
        let (line, column) = line_col(front, offset);
        (line + 1, column)
    };
    let raw: Raw = toml::from_str(front).map_err(|e| {
        let (line, column) = e.span().map_or((2, None), |s| {
            let (l, c) = locate(s.start);
            (l, Some(c))
        });
        vec![FrontMatterError {
            line,
            column,
            message: format!("front matter: {}", e.message().trim_end()),
        }]
    })?;
    let mut problems = Vec::new();
    let mut problem = |offset: usize, message: String| {
        let (line, column) = locate(offset);
        problems.push(FrontMatterError {
            line,
            column: Some(column),
            message,
        });
    };
    let language = raw.language.get_ref().trim().to_string();
    if !(2..=3).contains(&language.len()) || !language.chars().all(|c| c.is_ascii_lowercase()) {
        problem(
            raw.language.span().start,
            format!(
                "front matter: `language`: `{language}` is not a language code like `en` or `ru`"
            ),
        );
    }
    let (kind, audience) = (*raw.kind.get_ref(), *raw.audience.get_ref());
    let expected = match kind {
        LetterKind::Appeal => Audience::Authorities,
        LetterKind::Solidarity => Audience::Prisoners,
    };
    if audience != expected {
        problem(
            raw.audience.span().start,
            format!(
                "front matter: `audience`: {} letters go to `{}`",
                kind.as_str(),
                audience_name(expected)
            ),
        );
    }
    let cases_line = raw.cases.as_ref().map(|c| locate(c.span().start).0);
    let cases = raw.cases.map(|cases| {
        let start = cases.span().start;
        let list = cases.into_inner();
        if list.is_empty() {
            problem(
                start,
                "front matter: `cases` is empty (leave it out to mean every case)".to_string(),
            );
        }
        for case in &list {
            if !is_identifier(case) {
                problem(
                    start,
                    format!("front matter: `cases`: `{case}` is not a case id"),
                );
            }
        }
        list
    });
    let subject = raw.subject.map(|s| {
        let span = s.span();
        let written = front.get(span.clone()).unwrap_or("");
        let quote = if written.starts_with("\"\"\"") || written.starts_with("'''") {
            3
        } else {
            1
        };
        let (line, column) = locate(span.start);
        if s.get_ref().trim().is_empty() {
            problem(
                span.start,
                "front matter: `subject` is empty (leave it out for letters that go by post only)"
                    .to_string(),
            );
        }
        Subject {
            text: s.into_inner(),
            line,
            column: column + quote,
        }
    });
    if !problems.is_empty() {
        problems.sort_by_key(|p| (p.line, p.column));
        return Err(problems);
    }
    Ok(FrontMatter {
        subject,
        audience,
        kind,
        language,
        cases,
        cases_line,
    })
}

fn audience_name(audience: Audience) -> &'static str {
    match audience {
        Audience::Authorities => "authorities",
        Audience::Prisoners => "prisoners",
    }
}

impl FrontMatter {
    /// True when this template may be used for `case`.
    pub fn covers(&self, case: &str) -> bool {
        self.cases
            .as_ref()
            .is_none_or(|cases| cases.iter().any(|c| c == case))
    }
}

#[cfg(test)]
mod tests;
