//! Cross-file checks: every case id, prisoner id and volunteer id a file refers to exists,
//! templates do not compete for the same letters, and the saved assignment can be written.

use std::collections::HashSet;

use crate::assignment::ASSIGNMENT_FILE;
use crate::campaign::CAMPAIGN_FILE;
use crate::diag::{Diagnostic, Diagnostics};
use crate::generate::Inputs;
use crate::manifest::LetterKind;

/// Case ids used by prisoners and authorities exist; each case's prisoner exists.
pub fn cases(inputs: &Inputs) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let campaign = &inputs.workspace.campaign;
    let book = &inputs.book;
    let known = |id: &str| campaign.case(id).is_some();
    for p in &book.prisoners {
        if !known(&p.case) {
            diags.push(p.source.error(
                "case",
                format!("case `{}` is not in `{CAMPAIGN_FILE}`", p.case),
            ));
        }
    }
    for a in &book.authorities {
        for case in a.cases.iter().filter(|c| !known(c)) {
            diags.push(a.source.error(
                "cases",
                format!("case `{case}` is not in `{CAMPAIGN_FILE}`"),
            ));
        }
    }
    if campaign.cases.is_empty() {
        diags.push(Diagnostic::warning(
            CAMPAIGN_FILE,
            "no cases: no letters will be written (add `[[cases]]`)",
        ));
    }
    for case in &campaign.cases {
        if let Some(id) = &case.prisoner {
            match book.prisoner(id) {
                None => diags.push(
                    Diagnostic::error(
                        CAMPAIGN_FILE,
                        format!("case `{}`: prisoner `{id}` is not in `recipients/`", case.id),
                    )
                    .in_field("prisoner"),
                ),
                Some(p) if p.case != case.id => diags.push(p.source.warning(
                    "case",
                    format!(
                        "prisoner `{id}` is the prisoner of case `{}` in `{CAMPAIGN_FILE}` but lists case `{}`",
                        case.id, p.case
                    ),
                )),
                Some(_) => {}
            }
        }
        if !book.authorities.iter().any(|a| a.answers_for(&case.id)) {
            diags.push(Diagnostic::warning(
                CAMPAIGN_FILE,
                format!(
                    "case `{}`: no authority answers for it, so no appeals",
                    case.id
                ),
            ));
        }
    }
    diags
}

/// Template front matter names existing cases, and no two templates claim the same letters.
pub fn templates(inputs: &Inputs) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let campaign = &inputs.workspace.campaign;
    let all = inputs.templates.templates();
    for t in all {
        for case in t.front.cases.iter().flatten() {
            if campaign.case(case).is_none() {
                let mut d = Diagnostic::error(
                    &t.file,
                    format!("front matter: case `{case}` is not in `{CAMPAIGN_FILE}`"),
                );
                if let Some(line) = t.front.cases_line {
                    d = d.at_line(line);
                }
                diags.push(d);
            }
        }
    }
    let mut reported = HashSet::new();
    for case in &campaign.cases {
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                // Prepared texts never compete: they are chosen by name for bilingual letters.
                if crate::template::is_prepared(&a.name) || crate::template::is_prepared(&b.name) {
                    continue;
                }
                let (fa, fb) = (&a.front, &b.front);
                let same = fa.kind == fb.kind
                    && fa.language == fb.language
                    && fa.covers(&case.id)
                    && fb.covers(&case.id)
                    && fa.cases.is_some() == fb.cases.is_some();
                if same && reported.insert((a.name.as_str(), b.name.as_str())) {
                    diags.push(Diagnostic::error(
                        &b.file,
                        format!(
                            "templates `{}` and `{}` are both {} templates in `{}` for case `{}` (narrow one with `cases`)",
                            a.name,
                            b.name,
                            fa.kind.as_str(),
                            fa.language,
                            case.id
                        ),
                    ));
                }
            }
        }
    }
    diags
}

/// Every pair of the saved assignment names known people, a prisoner who receives letters,
/// a language the prisoner may receive and that has a solidarity template.
pub fn assignment(inputs: &Inputs) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let Some(assignment) = &inputs.assignment else {
        return diags;
    };
    let book = &inputs.book;
    let prepared = crate::generate::plan::prepared_texts(&inputs.templates);
    let mut seen = HashSet::new();
    for (n, pair) in assignment.pairs.iter().enumerate() {
        let at = |d: Diagnostic| d.in_field(format!("pairs[{n}]"));
        if book.volunteer(&pair.volunteer).is_none() {
            diags.push(at(Diagnostic::error(
                ASSIGNMENT_FILE,
                format!(
                    "volunteer `{}` is not in `recipients/` (run `marathon assign` again)",
                    pair.volunteer
                ),
            )));
        }
        let Some(p) = book.prisoner(&pair.prisoner) else {
            diags.push(at(Diagnostic::error(
                ASSIGNMENT_FILE,
                format!(
                    "prisoner `{}` is not in `recipients/` (run `marathon assign` again)",
                    pair.prisoner
                ),
            )));
            continue;
        };
        if !seen.insert((pair.volunteer.as_str(), pair.prisoner.as_str())) {
            diags.push(at(Diagnostic::warning(
                ASSIGNMENT_FILE,
                format!(
                    "volunteer `{}` is paired with prisoner `{}` twice; one letter is written",
                    pair.volunteer, pair.prisoner
                ),
            )));
        }
        if !p.receives_letters() {
            diags.push(at(Diagnostic::warning(
                ASSIGNMENT_FILE,
                format!(
                    "prisoner `{}` no longer receives campaign letters; no letter from `{}`",
                    p.id, pair.volunteer
                ),
            )));
        } else if !p.languages.contains(&pair.language) {
            diags.push(at(Diagnostic::error(
                ASSIGNMENT_FILE,
                format!(
                    "prisoner `{}` may not receive letters in `{}` ({}: {})",
                    p.id,
                    pair.language,
                    p.source,
                    p.languages.join(", ")
                ),
            )));
        } else if pair.bilingual {
            if let Some(d) = crate::check::country::prepared_problem(inputs, &prepared, pair, p) {
                diags.push(at(d));
            }
        } else if inputs
            .templates
            .find(LetterKind::Solidarity, &pair.language, &p.case)
            .is_none()
        {
            diags.push(at(Diagnostic::error(
                ASSIGNMENT_FILE,
                format!(
                    "no solidarity template in `{}` for case `{}` (prisoner `{}`)",
                    pair.language, p.case, p.id
                ),
            )));
        }
    }
    diags
}
