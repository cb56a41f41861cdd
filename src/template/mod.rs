//! Letter templates: loading `templates/` (front matter, text and HTML bodies, partials),
//! the JSON context every letter is rendered with, and strict rendering whose errors name
//! the template line and column and the recipient's file and row.

mod context;
mod cycles;
pub mod front_matter;
mod load;
mod prepared;
mod render;

use std::collections::HashMap;
use std::path::PathBuf;

use handlebars::Handlebars;

use crate::manifest::LetterKind;

pub use context::{ContextCache, ContextData, LetterInfo, Parties, country_line};
pub use front_matter::{Audience, FrontMatter};
pub use prepared::{PREPARED_PREFIX, is_prepared, load_prepared};
pub use render::{Blame, Party, RenderFailure, Rendered};

/// The folder of partials inside `templates/`.
pub const PARTIALS_DIR: &str = "partials";

/// One letter template: a `.txt.hbs` file with front matter and, optionally, the `.html.hbs`
/// alternative beside it.
#[derive(Debug, Clone)]
pub struct LetterTemplate {
    /// The name: the file name without `.txt.hbs`.
    pub name: String,
    /// The text template file, relative to the workspace.
    pub file: PathBuf,
    /// The HTML alternative, relative to the workspace, when there is one.
    pub html_file: Option<PathBuf>,
    /// The parsed front matter.
    pub front: FrontMatter,
}

/// Where a registered template's text starts in its file, to turn handlebars positions into
/// file positions.
#[derive(Debug, Clone)]
struct Origin {
    file: PathBuf,
    /// File line of the template's line 1.
    line: usize,
    /// File column of the template's line 1, column 1.
    column: usize,
}

impl Origin {
    fn locate(&self, line: Option<usize>, column: Option<usize>) -> (Option<usize>, Option<usize>) {
        match (line, column) {
            (Some(1), Some(c)) => (Some(self.line), Some(self.column + c.saturating_sub(1))),
            (Some(l), c) => (Some(self.line + l.saturating_sub(1)), c),
            _ => (Some(self.line), None),
        }
    }
}

/// Every template of a workspace, compiled: a text registry (no escaping) and an HTML
/// registry (HTML-escaped), both strict.
pub struct TemplateSet {
    text: Handlebars<'static>,
    html: Handlebars<'static>,
    templates: Vec<LetterTemplate>,
    text_origins: HashMap<String, Origin>,
    html_origins: HashMap<String, Origin>,
}

impl std::fmt::Debug for TemplateSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemplateSet")
            .field("templates", &self.templates)
            .finish_non_exhaustive()
    }
}

pub use load::load;

/// The name a template's subject is registered under (template names are identifiers, so
/// this cannot clash).
fn subject_name(name: &str) -> String {
    format!("{name}#subject")
}

impl TemplateSet {
    /// The letter templates, in file-name order.
    pub fn templates(&self) -> &[LetterTemplate] {
        &self.templates
    }

    /// The template at `index`.
    pub fn get(&self, index: usize) -> Option<&LetterTemplate> {
        self.templates.get(index)
    }

    /// The index of the template named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.templates.iter().position(|t| t.name == name)
    }

    /// The template for a `kind` of letter in `language` about `case`: one listing the case
    /// in its `cases` wins over one for every case; the first in file order among equals
    /// (`ambiguities` reports such ties).
    pub fn find(&self, kind: LetterKind, language: &str, case: &str) -> Option<usize> {
        let mut best: Option<(usize, bool)> = None;
        for (i, t) in self.templates.iter().enumerate() {
            if t.front.kind != kind || t.front.language != language || !t.front.covers(case) {
                continue;
            }
            // Prepared texts are chosen for bilingual letters only.
            if is_prepared(&t.name) {
                continue;
            }
            let specific = t.front.cases.is_some();
            match best {
                None => best = Some((i, specific)),
                Some((_, false)) if specific => best = Some((i, specific)),
                _ => {}
            }
        }
        best.map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests;
