//! The country rules every rendered solidarity letter passes before it is written: a language
//! the prisoner's country lets through, in its script, within the length limit.

use super::{Planned, Producer};
use crate::diag::{Diagnostic, Severity};
use crate::manifest::LetterKind;
use crate::rules::letter_errors;

impl Producer<'_> {
    /// The first rule the rendered `text` of a solidarity letter breaks, located in its
    /// template and naming the prisoner; `None` for appeals and letters that pass.
    pub(super) fn rule_error(&self, p: &Planned, language: &str, text: &str) -> Option<Diagnostic> {
        if p.kind != LetterKind::Solidarity {
            return None;
        }
        let prisoner = &self.inputs.book.prisoners[p.parties.prisoner?];
        let rules = self.rules.get(&prisoner.country)?;
        let template = self.inputs.templates.get(p.template)?;
        let found = letter_errors(text, language, rules, &template.file);
        let first = found
            .0
            .into_iter()
            .find(|d| d.severity == Severity::Error)?;
        let to = self.blame(p).recipient;
        Some(Diagnostic {
            message: format!("the letter to {to}: {}", first.message),
            ..first
        })
    }
}
