//! Strict rendering of one letter, and turning a failure into a diagnostic that names the
//! template position and the record (file and row) the missing value should come from.

use std::collections::HashMap;
use std::path::PathBuf;

use handlebars::{Context, Handlebars, RenderError, RenderErrorReason};

use super::{Origin, TemplateSet, subject_name};
use crate::diag::Diagnostic;
use crate::recipients::Source;

/// One rendered letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject line (on one line), when the template has one.
    pub subject: Option<String>,
    /// The plain-text letter.
    pub text: String,
    /// The HTML alternative, when the template has one.
    pub html: Option<String>,
    /// The translation sheet of a prepared bilingual letter.
    pub translation: Option<String>,
}

/// Why a letter could not be rendered, located in the template file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderFailure {
    /// The template (or partial) file the failure is in.
    pub file: PathBuf,
    /// 1-based file line.
    pub line: Option<usize>,
    /// 1-based file column.
    pub column: Option<usize>,
    /// The variable path strict mode found missing (`prisoner.patronymic`), if that was it.
    pub missing: Option<String>,
    /// What went wrong, for other failures.
    pub reason: String,
    /// False when the failure is in the template alone (a missing partial), the same for
    /// every letter.
    pub letter_specific: bool,
}

/// A record a letter is made from, for naming it in messages.
#[derive(Debug, Clone, Copy)]
pub struct Party<'a> {
    /// `prisoner`, `authority`, `volunteer`.
    pub role: &'static str,
    /// The record's id.
    pub id: &'a str,
    /// Where it came from.
    pub source: &'a Source,
}

impl std::fmt::Display for Party<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}` ({})", self.role, self.id, self.source)
    }
}

/// The records of one letter, to say whose data a failure is about.
#[derive(Debug, Clone, Copy)]
pub struct Blame<'a> {
    /// The addressee.
    pub recipient: Party<'a>,
    /// The signer.
    pub volunteer: Party<'a>,
    /// The prisoner of the letter, if the address book has one.
    pub prisoner: Option<Party<'a>>,
    /// The authority of an appeal.
    pub authority: Option<Party<'a>>,
    /// The case id.
    pub case: &'a str,
}

impl TemplateSet {
    /// Renders template `index` with `ctx`: the text body, the subject (folded onto one line)
    /// and the HTML alternative.
    pub fn render(&self, index: usize, ctx: &Context) -> Result<Rendered, RenderFailure> {
        let Some(t) = self.templates.get(index) else {
            return Err(RenderFailure {
                file: PathBuf::from("templates"),
                line: None,
                column: None,
                missing: None,
                reason: format!("no template number {index}"),
                letter_specific: false,
            });
        };
        let text = run(&self.text, &self.text_origins, &t.name, ctx)?;
        let subject = match &t.front.subject {
            Some(_) => Some(one_line(&run(
                &self.text,
                &self.text_origins,
                &subject_name(&t.name),
                ctx,
            )?)),
            None => None,
        };
        let html = match &t.html_file {
            Some(_) => Some(run(&self.html, &self.html_origins, &t.name, ctx)?),
            None => None,
        };
        Ok(Rendered {
            subject,
            text,
            html,
            translation: None,
        })
    }
}

fn run(
    hb: &Handlebars<'static>,
    origins: &HashMap<String, Origin>,
    name: &str,
    ctx: &Context,
) -> Result<String, RenderFailure> {
    hb.render_with_context(name, ctx)
        .map_err(|e| failure(&e, origins, name))
}

/// A subject is one header line: line breaks and control characters become spaces.
fn one_line(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn failure(e: &RenderError, origins: &HashMap<String, Origin>, name: &str) -> RenderFailure {
    let origin = e
        .template_name
        .as_deref()
        .and_then(|n| origins.get(n))
        .or_else(|| origins.get(name));
    let (file, (line, column)) = match origin {
        Some(o) => (o.file.clone(), o.locate(e.line_no, e.column_no)),
        None => (PathBuf::from(name), (e.line_no, e.column_no)),
    };
    let (missing, reason, letter_specific) = match e.reason() {
        RenderErrorReason::MissingVariable(path) => (
            Some(path.clone().unwrap_or_else(|| "a value".to_string())),
            String::new(),
            true,
        ),
        // Problems of the template itself: the same for every letter.
        RenderErrorReason::PartialNotFound(p) => (
            None,
            format!("no partial `{p}` (add `templates/partials/{p}.txt.hbs`)"),
            false,
        ),
        RenderErrorReason::HelperNotFound(h) => (None, format!("no helper `{h}`"), false),
        RenderErrorReason::CannotIncludeSelf => {
            (None, "a partial cannot include itself".to_string(), false)
        }
        RenderErrorReason::TemplateNotFound(_)
        | RenderErrorReason::PartialBlockNotFound
        | RenderErrorReason::DecoratorNotFound(_)
        | RenderErrorReason::BlockContentRequired => (None, e.reason().to_string(), false),
        // The language helpers report a missing value as "`helper`: `path` is missing".
        RenderErrorReason::Other(text) => (missing_in_helper(text), text.clone(), true),
        RenderErrorReason::NestedError(inner) => (None, inner.to_string(), true),
        other => (None, other.to_string(), true),
    };
    RenderFailure {
        file,
        line,
        column,
        missing,
        reason,
        letter_specific,
    }
}

fn missing_in_helper(text: &str) -> Option<String> {
    let (_, rest) = text.split_once("`: `")?;
    let path = rest.strip_suffix("` is missing")?;
    (!path.contains('`')).then(|| path.to_string())
}

/// The record a missing variable path belongs to, judged by its first segment.
fn owner<'a>(path: &str, blame: &Blame<'a>) -> Result<Option<Party<'a>>, String> {
    let path = path
        .trim_start_matches("@root.")
        .trim_start_matches("this.")
        .trim_start_matches("../");
    let root = path.split(['.', '/', '[']).next().unwrap_or("");
    match root {
        "volunteer" => Ok(Some(blame.volunteer)),
        "recipient" => Ok(Some(blame.recipient)),
        "authority" => blame
            .authority
            .map(Some)
            .ok_or_else(|| "a solidarity letter has no `authority`".to_string()),
        "prisoner" => blame.prisoner.map(Some).ok_or_else(|| {
            format!(
                "case `{}` has no prisoner in the address book (set `prisoner` for the case in `campaign.toml`)",
                blame.case
            )
        }),
        "case" | "campaign" | "sender" => Err(format!("not set in `campaign.toml` for case `{}`", blame.case)),
        _ => Ok(None),
    }
}

impl RenderFailure {
    /// The diagnostic for this failure in the letter made from `blame`'s records.
    pub fn diagnostic(&self, blame: &Blame<'_>) -> Diagnostic {
        let letter = format!("the letter to {} from {}", blame.recipient, blame.volunteer);
        let message = match &self.missing {
            Some(path) => match owner(path, blame) {
                Ok(Some(party)) => format!("`{path}` is missing for {party}"),
                Ok(None) => format!("`{path}` is missing in {letter}"),
                Err(why) => format!("`{path}` is missing: {why}"),
            },
            None if self.letter_specific => format!("{} (rendering {letter})", self.reason),
            None => self.reason.clone(),
        };
        let mut d = Diagnostic::error(&self.file, message);
        if let Some(l) = self.line {
            d = d.at_line(l);
        }
        if let Some(c) = self.column {
            d = d.at_column(c);
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_errors_name_the_missing_path() {
        assert_eq!(
            missing_in_helper("`date`: `prisoner.birth_date` is missing").as_deref(),
            Some("prisoner.birth_date")
        );
        assert_eq!(missing_in_helper("`date`: `x` is not a date"), None);
    }

    #[test]
    fn subjects_fold_onto_one_line() {
        assert_eq!(one_line(" Free\n\r Ales\tnow "), "Free Ales now");
    }
}
