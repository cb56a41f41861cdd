//! Reading `templates/`: letter templates (`NAME.txt.hbs` with front matter, `NAME.html.hbs`
//! beside it) and partials (`partials/PNAME.txt.hbs` or `.html.hbs`), every problem reported
//! with its file, line and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use handlebars::{Handlebars, TemplateError, TemplateErrorReason};

use super::cycles;
use super::front_matter::{self, FrontMatter};
use super::{LetterTemplate, Origin, PARTIALS_DIR, TemplateSet, subject_name};
use crate::campaign::{is_identifier, line_col};
use crate::diag::{Diagnostic, Diagnostics};

const TEXT_EXT: &str = ".txt.hbs";
const HTML_EXT: &str = ".html.hbs";

/// A strict registry; plain text gets no escaping.
fn registry(escape_html: bool) -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    if !escape_html {
        hb.register_escape_fn(handlebars::no_escape);
    }
    crate::i18n::register_helpers(&mut hb);
    hb
}

/// Loads every template in `dir`; file names in diagnostics are relative to `base`.
/// Templates with problems are left out of the set and reported.
pub fn load(dir: &Path, base: &Path) -> (TemplateSet, Diagnostics) {
    let mut loader = Loader {
        base,
        set: TemplateSet {
            text: registry(false),
            html: registry(true),
            templates: Vec::new(),
            text_origins: HashMap::new(),
            html_origins: HashMap::new(),
        },
        diags: Diagnostics::default(),
        partials: HashMap::new(),
    };
    let files = match sorted_files(dir) {
        Ok(files) => files,
        Err(e) => {
            loader.diags.push(Diagnostic::error(
                loader.shown(dir),
                format!("cannot read the templates folder: {e}"),
            ));
            return (loader.set, loader.diags);
        }
    };
    let partials_dir = dir.join(PARTIALS_DIR);
    if partials_dir.is_dir() {
        match sorted_files(&partials_dir) {
            Ok(partials) => partials.iter().for_each(|p| loader.partial(p)),
            Err(e) => loader.diags.push(Diagnostic::error(
                loader.shown(&partials_dir),
                format!("cannot read the partials folder: {e}"),
            )),
        }
    }
    let mut html = Vec::new();
    for path in &files {
        let name = file_name(path);
        if let Some(stem) = name.strip_suffix(TEXT_EXT) {
            loader.letter(path, stem);
        } else if let Some(stem) = name.strip_suffix(HTML_EXT) {
            html.push((path, stem.to_string()));
        } else if path.is_file() {
            loader.diags.push(Diagnostic::warning(
                loader.shown(path),
                format!("not a template (names end in `{TEXT_EXT}` or `{HTML_EXT}`); ignored"),
            ));
        }
    }
    for (path, stem) in html {
        loader.html(path, &stem);
    }
    loader.remove_loops();
    (loader.set, loader.diags)
}

struct Loader<'a> {
    base: &'a Path,
    set: TemplateSet,
    diags: Diagnostics,
    /// Partial name to the file that defined it.
    partials: HashMap<String, PathBuf>,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn sorted_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if !path.is_dir() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

impl Loader<'_> {
    fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.base).unwrap_or(path).to_path_buf()
    }

    /// Reads a file as UTF-8, reporting where it stops being UTF-8.
    fn read(&mut self, path: &Path) -> Option<String> {
        let file = self.shown(path);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.diags
                    .push(Diagnostic::error(file, format!("cannot read: {e}")));
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let (line, column) = line_col(&String::from_utf8_lossy(valid), usize::MAX);
                self.diags.push(
                    Diagnostic::error(file, "is not UTF-8 text (save it as UTF-8)")
                        .at_line(line)
                        .at_column(column),
                );
                None
            }
        }
    }

    fn bad_name(&mut self, path: &Path, stem: &str, what: &str) -> bool {
        if is_identifier(stem) {
            return false;
        }
        self.diags.push(Diagnostic::error(
            self.shown(path),
            format!("`{stem}` is not a valid {what} name (lowercase letters, digits, `-`, `_`)"),
        ));
        true
    }

    fn partial(&mut self, path: &Path) {
        let name = file_name(path);
        let Some(stem) = name
            .strip_suffix(TEXT_EXT)
            .or_else(|| name.strip_suffix(HTML_EXT))
        else {
            self.diags.push(Diagnostic::warning(
                self.shown(path),
                format!("not a partial (names end in `{TEXT_EXT}` or `{HTML_EXT}`); ignored"),
            ));
            return;
        };
        if self.bad_name(path, stem, "partial") {
            return;
        }
        if let Some(first) = self.partials.get(stem) {
            self.diags.push(Diagnostic::error(
                self.shown(path),
                format!(
                    "partial `{stem}` is already defined by `{}` (give the HTML partial another name, e.g. `{stem}-html`)",
                    first.display()
                ),
            ));
            return;
        }
        let Some(text) = self.read(path) else { return };
        let origin = Origin {
            file: self.shown(path),
            line: 1,
            column: 1,
        };
        let ok = self.register(Which::Text, stem, &text, &origin)
            && self.register(Which::Html, stem, &text, &origin);
        if ok {
            self.partials.insert(stem.to_string(), origin.file);
        }
    }

    fn letter(&mut self, path: &Path, stem: &str) {
        if self.bad_name(path, stem, "template") {
            return;
        }
        let file = self.shown(path);
        if let Some(partial) = self.partials.get(stem) {
            self.diags.push(Diagnostic::error(
                &file,
                format!(
                    "template `{stem}` has the name of the partial `{}`",
                    partial.display()
                ),
            ));
            return;
        }
        let Some(text) = self.read(path) else { return };
        let split = match front_matter::split(&text) {
            Ok(s) => s,
            Err(e) => return self.front_matter_error(&file, e),
        };
        let front: FrontMatter = match front_matter::parse(split.front) {
            Ok(f) => f,
            Err(errors) => {
                for e in errors {
                    self.front_matter_error(&file, e);
                }
                return;
            }
        };
        let body = Origin {
            file: file.clone(),
            line: split.body_offset + 1,
            column: 1,
        };
        let mut ok = self.register(Which::Text, stem, split.body, &body);
        if let Some(subject) = &front.subject {
            let origin = Origin {
                file: file.clone(),
                line: subject.line,
                column: subject.column,
            };
            ok &= self.register(Which::Text, &subject_name(stem), &subject.text, &origin);
        }
        if ok {
            self.set.templates.push(LetterTemplate {
                name: stem.to_string(),
                file,
                html_file: None,
                front,
            });
        }
    }

    fn html(&mut self, path: &Path, stem: &str) {
        let file = self.shown(path);
        let Some(index) = self.set.position(stem) else {
            let text_file = file.with_file_name(format!("{stem}{TEXT_EXT}"));
            if !self.base.join(&text_file).exists() {
                self.diags.push(Diagnostic::error(
                    &file,
                    format!(
                        "an HTML alternative needs its text template `{}` beside it",
                        text_file.display()
                    ),
                ));
            }
            // Otherwise the text template has problems of its own, already reported.
            return;
        };
        let Some(text) = self.read(path) else { return };
        let first = text.trim_start_matches('\u{feff}').lines().next();
        if first.is_some_and(|l| l.trim_end() == "+++") {
            self.diags.push(
                Diagnostic::error(
                    &file,
                    "an HTML alternative has no front matter of its own (it shares the text template's)",
                )
                .at_line(1),
            );
            return;
        }
        let origin = Origin {
            file: file.clone(),
            line: 1,
            column: 1,
        };
        if self.register(Which::Html, stem, &text, &origin) {
            self.set.templates[index].html_file = Some(file);
        }
    }

    fn front_matter_error(&mut self, file: &Path, e: front_matter::FrontMatterError) {
        let mut d = Diagnostic::error(file, e.message).at_line(e.line);
        if let Some(c) = e.column {
            d = d.at_column(c);
        }
        self.diags.push(d);
    }

    /// Reports partials that include each other and unregisters them, so rendering
    /// reports a missing partial instead of never ending.
    fn remove_loops(&mut self) {
        let mut loops = cycles::find(&self.set.text);
        loops.extend(cycles::find(&self.set.html));
        let mut reported = std::collections::BTreeSet::new();
        for cycle in loops {
            let mut key = cycle.clone();
            key.sort();
            if !reported.insert(key) {
                continue;
            }
            let origin = self
                .set
                .text_origins
                .get(&cycle[0])
                .or_else(|| self.set.html_origins.get(&cycle[0]));
            let file = origin.map_or_else(|| PathBuf::from("templates"), |o| o.file.clone());
            let chain: Vec<String> = cycle.iter().map(|n| format!("`{n}`")).collect();
            self.diags.push(Diagnostic::error(
                file,
                format!(
                    "partials include each other ({}): the letter would never end",
                    chain.join(" includes ")
                ),
            ));
            for name in &cycle {
                self.set.text.unregister_template(name);
                self.set.html.unregister_template(name);
            }
            self.set.templates.retain(|t| !cycle.contains(&t.name));
        }
    }

    /// Compiles `text` under `name`; a syntax error is reported at its file position.
    fn register(&mut self, which: Which, name: &str, text: &str, origin: &Origin) -> bool {
        let (hb, origins) = match which {
            Which::Text => (&mut self.set.text, &mut self.set.text_origins),
            Which::Html => (&mut self.set.html, &mut self.set.html_origins),
        };
        match hb.register_template_string(name, text) {
            Ok(()) => {
                origins.insert(name.to_string(), origin.clone());
                true
            }
            Err(e) => {
                let d = syntax_error(&e, origin);
                self.diags.push(d);
                false
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Which {
    Text,
    Html,
}

fn syntax_error(e: &TemplateError, origin: &Origin) -> Diagnostic {
    let (line, column) = e.pos().map_or((None, None), |(l, c)| (Some(l), Some(c)));
    let (line, column) = origin.locate(line, column);
    // The parser's own message lists every token it expected; the position says more.
    let reason = match e.reason() {
        TemplateErrorReason::InvalidSyntax(_) => {
            "invalid handlebars syntax (an unclosed `{{`, `}}` or block?)".to_string()
        }
        other => other.to_string(),
    };
    let mut d = Diagnostic::error(&origin.file, format!("template syntax: {reason}"));
    if let Some(l) = line {
        d = d.at_line(l);
    }
    if let Some(c) = column {
        d = d.at_column(c);
    }
    d
}
