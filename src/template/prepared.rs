//! Prepared texts for bilingual letters (`templates/prepared/` and its translation folders,
//! see [`crate::assign::prepared`]) joined to the workspace's template set under names that
//! cannot clash with ordinary templates: `prepared/solidarity-ru`, `prepared/en/solidarity-ru`.
//! They render with the workspace's partials and helpers; `find` never picks them for an
//! ordinary letter.

use std::path::Path;

use super::{PARTIALS_DIR, TemplateSet, subject_name};
use crate::assign::prepared::{PREPARED_DIR, translation_dirs};
use crate::diag::{Diagnostic, Diagnostics};

/// The prefix of every prepared template name.
pub const PREPARED_PREFIX: &str = "prepared/";

/// True for the name of a prepared text or translation.
pub fn is_prepared(name: &str) -> bool {
    name.starts_with(PREPARED_PREFIX)
}

impl TemplateSet {
    /// Moves every letter template of `other` into this set, its name prefixed by `prefix`.
    fn absorb(&mut self, other: TemplateSet, prefix: &str) {
        for mut t in other.templates {
            let names = [t.name.clone(), subject_name(&t.name)];
            let new_name = format!("{prefix}{}", t.name);
            let new_names = [new_name.clone(), subject_name(&new_name)];
            for (old, new) in names.iter().zip(&new_names) {
                if let Some(tpl) = other.text.get_template(old) {
                    let mut tpl = tpl.clone();
                    tpl.name = Some(new.clone());
                    self.text.register_template(new, tpl);
                }
                if let Some(o) = other.text_origins.get(old) {
                    self.text_origins.insert(new.clone(), o.clone());
                }
            }
            if let Some(tpl) = other.html.get_template(&t.name) {
                let mut tpl = tpl.clone();
                tpl.name = Some(new_name.clone());
                self.html.register_template(&new_name, tpl);
                if let Some(o) = other.html_origins.get(&t.name) {
                    self.html_origins.insert(new_name.clone(), o.clone());
                }
            }
            t.name = new_name;
            self.templates.push(t);
        }
    }
}

/// Loads the prepared texts and their translations of `templates_dir` into `set`; problems
/// are located in their files (shown relative to `base`). A workspace without
/// `templates/prepared/` has none and no problem.
pub fn load_prepared(set: &mut TemplateSet, templates_dir: &Path, base: &Path) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let dir = templates_dir.join(PREPARED_DIR);
    if !dir.is_dir() {
        return diags;
    }
    let (texts, d) = super::load(&dir, base);
    diags.extend(d);
    set.absorb(texts, PREPARED_PREFIX);
    let langs = match translation_dirs(templates_dir) {
        Ok(l) => l,
        Err(e) => {
            diags.push(Diagnostic::error(
                dir.strip_prefix(base).unwrap_or(&dir),
                format!("{e:#}"),
            ));
            return diags;
        }
    };
    for lang in langs.iter().filter(|l| l.as_str() != PARTIALS_DIR) {
        let (translations, d) = super::load(&dir.join(lang), base);
        diags.extend(d);
        set.absorb(translations, &format!("{PREPARED_PREFIX}{lang}/"));
    }
    diags
}
