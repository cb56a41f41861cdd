//! The envelope address of a prisoner: checked against the country's format and laid out in
//! the lines the envelope carries.

use super::CountryRules;
use super::script::{Script, ScriptCounts, latin_letters};
use crate::diag::Diagnostics;
use crate::recipients::Prisoner;

/// Checks that `prisoner`'s address can be written on an envelope as `rules` require. Each
/// problem is an error naming the recipient file, row and field.
pub fn check_prisoner(prisoner: &Prisoner, rules: &CountryRules) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let err = |field: &str, message: String| prisoner.source.error(field, message);
    let fmt = &rules.address;
    if fmt.script != Script::Any {
        let mut lines = vec![
            ("name_native", prisoner.name_native.as_str()),
            ("institution", prisoner.institution.as_str()),
            ("street", prisoner.street.as_str()),
            ("town", prisoner.town.as_str()),
        ];
        if let Some(p) = &prisoner.patronymic {
            lines.push(("patronymic", p.as_str()));
        }
        for (field, value) in lines {
            if let Some(problem) = script_problem(value, fmt.script) {
                diags.push(err(
                    field,
                    format!(
                        "`{value}` {problem}: copy the address exactly as published, in {}",
                        fmt.script.name()
                    ),
                ));
            }
        }
    }
    if let Some(n) = fmt.postcode_digits {
        let pc = prisoner.postcode.trim();
        if pc.chars().count() != n || !pc.chars().all(|c| c.is_ascii_digit()) {
            diags.push(err(
                "postcode",
                format!(
                    "`{pc}` is not a postcode of {n} digits, as {} uses",
                    rules.country
                ),
            ));
        }
    }
    if fmt.patronymic && prisoner.patronymic.is_none() {
        diags.push(err(
            "patronymic",
            format!(
                "is missing: envelopes to {} carry the full name with the patronymic",
                rules.country
            ),
        ));
    }
    if fmt.birth_year && prisoner.birth_date.is_none() {
        diags.push(err(
            "birth_date",
            format!(
                "is missing: envelopes to {} carry the year of birth",
                rules.country
            ),
        ));
    }
    let forbidden: Vec<String> = prisoner
        .languages
        .iter()
        .filter(|l| !rules.allows_language(l))
        .map(|l| format!("`{l}`"))
        .collect();
    if !forbidden.is_empty() {
        let allowed: Vec<String> = rules.languages.iter().map(|l| format!("`{l}`")).collect();
        diags.push(err(
            "languages",
            format!(
                "letters in {} are discarded in {} (allowed: {})",
                forbidden.join(", "),
                rules.country,
                allowed.join(", ")
            ),
        ));
    }
    diags
}

/// What is wrong with `value` for a line that must be in `script`, if anything.
fn script_problem(value: &str, script: Script) -> Option<String> {
    let n = ScriptCounts::of(value);
    match script {
        Script::Cyrillic if n.latin > 0 && n.cyrillic > 0 => Some(format!(
            "mixes Latin letters (`{}`) into Cyrillic, perhaps as lookalikes",
            latin_letters(value)
        )),
        Script::Cyrillic if n.latin > 0 => Some("is in Latin letters".to_string()),
        Script::Latin if n.cyrillic > 0 => Some("has Cyrillic letters".to_string()),
        _ => None,
    }
}

/// The envelope lines for `prisoner`, top to bottom: the name (with the patronymic when known
/// and the year of birth where the country requires it), institution, street, postcode with
/// town, and the Latin country line.
pub fn envelope_lines(prisoner: &Prisoner, rules: &CountryRules) -> Vec<String> {
    let mut name = prisoner.name_native.trim().to_string();
    if let Some(p) = prisoner.patronymic.as_deref().map(str::trim)
        && !p.is_empty()
        && !name.contains(p)
    {
        name.push(' ');
        name.push_str(p);
    }
    if rules.address.birth_year
        && let Some(d) = prisoner.birth_date
    {
        name.push_str(&format!(", {} г. р.", d.year()));
    }
    let town = match prisoner.postcode.trim() {
        "" => prisoner.town.clone(),
        pc => format!("{pc}, {}", prisoner.town),
    };
    let mut lines = vec![name, prisoner.institution.clone()];
    if !prisoner.street.trim().is_empty() {
        lines.push(prisoner.street.clone());
    }
    lines.push(town);
    if !rules.address.country_line.is_empty() {
        lines.push(rules.address.country_line.clone());
    }
    lines
}
