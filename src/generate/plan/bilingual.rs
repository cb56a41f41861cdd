//! Bilingual letters in the plan: an assignment pair marked `bilingual` is written from the
//! prepared text in the pair's language (chosen by the prisoner's gender) with a translation
//! sheet in the volunteer's language, English as the last resort.

use super::{Plan, Skip, Step, keep, solidarity_letter};
use crate::assign::PreparedTexts;
use crate::recipients::Gender;
use crate::template::TemplateSet;

/// The prepared texts among the loaded templates.
pub fn prepared_texts(templates: &TemplateSet) -> PreparedTexts {
    PreparedTexts::from_names(templates.templates().iter().map(|t| t.name.clone()))
}

/// The template indexes of the prepared text in `language` for a prisoner of `gender` and of
/// its translation for a volunteer writing `languages`; `None` when either is missing.
pub fn prepared_pair(
    templates: &TemplateSet,
    prepared: &PreparedTexts,
    language: &str,
    gender: Gender,
    languages: &[String],
) -> Option<(usize, usize)> {
    let text = prepared.text(language, gender)?;
    let translation = prepared.translation(&text, languages)?;
    Some((
        templates.position(&text.name)?,
        templates.position(&translation.name)?,
    ))
}

impl Plan<'_> {
    /// The prepared letter from `volunteer` to `prisoner` in `language`, with its translation.
    pub(super) fn bilingual(&self, volunteer: usize, prisoner: usize, language: &str) -> Step {
        let inputs = self.inputs;
        let p = &inputs.book.prisoners[prisoner];
        let v = &inputs.book.volunteers[volunteer];
        if !keep(&self.filters.volunteers, &v.id) || !keep(&self.filters.cases, &p.case) {
            return None;
        }
        let Some(&case) = self.case_index.get(p.case.as_str()) else {
            return Some(Err(Skip::BadPair));
        };
        if !p.receives_letters() {
            return Some(Err(Skip::BadPair));
        }
        let Some((text, translation)) = prepared_pair(
            &inputs.templates,
            &self.prepared,
            language,
            p.gender,
            &v.languages,
        ) else {
            return Some(Err(Skip::BadPair));
        };
        let mut letter = solidarity_letter(text, case, volunteer, prisoner);
        letter.translation = Some(translation);
        self.keep(letter)
    }
}
