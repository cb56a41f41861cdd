//! Country rules in `check` and `generate`: every prisoner who receives letters has an address
//! their country's envelope rules accept, solidarity templates carry no word that gets letters
//! withheld where they go, and every bilingual pair has its prepared text and translation.

use std::collections::BTreeMap;

use crate::assign::PreparedTexts;
use crate::assignment::{ASSIGNMENT_FILE, Pair};
use crate::diag::{Diagnostic, Diagnostics};
use crate::generate::Inputs;
use crate::manifest::LetterKind;
use crate::recipients::Prisoner;
use crate::rules::{RuleBook, check_prisoner, find_withheld_words};

/// A withheld word found in a template: the text, its topic, its line, and the countries.
type Hit<'a> = (String, String, String, Vec<&'a str>);

fn rule_book(inputs: &Inputs) -> RuleBook {
    RuleBook::new(
        &inputs.workspace.campaign,
        inputs.book.prisoners.iter().map(|p| p.country.as_str()),
    )
}

/// The address of every prisoner who receives letters fits their country's rules.
pub fn prisoners(inputs: &Inputs) -> Diagnostics {
    let rules = rule_book(inputs);
    let mut diags = Diagnostics::default();
    for p in inputs
        .book
        .prisoners
        .iter()
        .filter(|p| p.receives_letters())
    {
        if let Some(r) = rules.get(&p.country) {
            diags.extend(check_prisoner(p, r));
        }
    }
    diags
}

/// Words in solidarity templates (prepared texts included) that get letters withheld in a
/// country the template's letters go to: one warning per place, naming the countries.
pub fn templates(inputs: &Inputs) -> Diagnostics {
    let rules = rule_book(inputs);
    let mut diags = Diagnostics::default();
    let receiving: Vec<&Prisoner> = inputs
        .book
        .prisoners
        .iter()
        .filter(|p| p.receives_letters())
        .collect();
    for t in inputs.templates.templates() {
        if t.front.kind != LetterKind::Solidarity {
            continue;
        }
        let language = t.front.language.as_str();
        let mut countries: Vec<&str> = receiving
            .iter()
            .filter(|p| t.front.covers(&p.case))
            .filter(|p| {
                rules
                    .get(&p.country)
                    .is_some_and(|r| r.allows_language(language))
            })
            .map(|p| p.country.as_str())
            .collect();
        countries.sort_unstable();
        countries.dedup();
        if countries.is_empty() {
            continue;
        }
        // The loader reported a file it could not read.
        let Ok(text) = std::fs::read_to_string(inputs.workspace.root.join(&t.file)) else {
            continue;
        };
        let mut hits: BTreeMap<(usize, usize), Hit> = BTreeMap::new();
        for country in countries {
            let Some(r) = rules.get(country) else {
                continue;
            };
            for h in find_withheld_words(&text, language, r) {
                hits.entry((h.line, h.column))
                    .or_insert_with(|| (h.text, h.topic, h.line_text, Vec::new()))
                    .3
                    .push(country);
            }
        }
        for ((line, column), (word, topic, line_text, where_)) in hits {
            diags.push(
                Diagnostic::warning(
                    &t.file,
                    format!(
                        "`{word}` ({topic}) can get the letter withheld in {}: «{}»",
                        where_.join(", "),
                        line_text.chars().take(100).collect::<String>()
                    ),
                )
                .at_line(line)
                .at_column(column),
            );
        }
    }
    diags
}

/// What keeps a bilingual pair from being written: no prepared text (among `prepared`) in its
/// language for the prisoner's gender, or no translation of it.
pub fn prepared_problem(
    inputs: &Inputs,
    prepared: &PreparedTexts,
    pair: &Pair,
    prisoner: &Prisoner,
) -> Option<Diagnostic> {
    let volunteer = inputs.book.volunteer(&pair.volunteer)?;
    let Some(text) = prepared.text(&pair.language, prisoner.gender) else {
        return Some(Diagnostic::error(
            ASSIGNMENT_FILE,
            format!(
                "no prepared text in `{}` for prisoner `{}` (add `templates/prepared/solidarity-{}.txt.hbs`, or run `marathon assign` again)",
                pair.language, prisoner.id, pair.language
            ),
        ));
    };
    if prepared.translation(&text, &volunteer.languages).is_none() {
        return Some(Diagnostic::error(
            ASSIGNMENT_FILE,
            format!(
                "prepared text `{}` has no translation for volunteer `{}` (add `templates/prepared/en/{}.txt.hbs`)",
                text.name,
                volunteer.id,
                text.name.trim_start_matches("prepared/")
            ),
        ));
    }
    None
}
