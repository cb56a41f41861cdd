//! `check`: every problem of a workspace, gathered without writing anything. The campaign
//! file, the address book, cross references, templates, then every planned letter rendered
//! in memory. Each problem is reported once, located by file and line.

pub mod country;
pub mod references;

use std::path::Path;

use anyhow::Result;

use crate::campaign::{CAMPAIGN_FILE, Campaign};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::generate::{self, Filters, Inputs, Plan};
use crate::recipients::FileRead;
use crate::workspace::{Workspace, find_root};

/// What `check` found: the problems, and how each recipients file was read.
#[derive(Debug, Default)]
pub struct Checked {
    /// Every problem, in reporting order.
    pub diagnostics: Diagnostics,
    /// Each recipients file that could be read, with its format and number of rows.
    pub files: Vec<FileRead>,
}

/// A check that needs no rendering: it reads the loaded inputs and returns what it found.
pub type WorkspaceCheck = fn(&Inputs) -> Diagnostics;

/// The checks `check` and `generate` run on loaded inputs, in reporting order. A new rule
/// (for example per destination country) is one more function here.
pub const WORKSPACE_CHECKS: &[WorkspaceCheck] = &[
    references::cases,
    references::templates,
    references::assignment,
    country::prisoners,
    country::templates,
];

/// Runs every [`WORKSPACE_CHECKS`] entry on `inputs`.
pub fn workspace(inputs: &Inputs) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for check in WORKSPACE_CHECKS {
        diags.extend(check(inputs));
    }
    diags
}

/// Checks the workspace at or above `dir`: everything `generate` would find, and more, as
/// diagnostics, with how each recipients file was read. `Err` only when there is no
/// workspace at all.
pub fn run(dir: &Path, quiet: bool) -> Result<Checked> {
    let root = find_root(dir)?;
    let campaign_file = root.join(CAMPAIGN_FILE);
    let campaign = std::fs::read_to_string(&campaign_file)
        .map_err(|e| anyhow::anyhow!("cannot read: {e}"))
        .and_then(|text| Campaign::parse(&text, Path::new(CAMPAIGN_FILE)));
    let campaign = match campaign {
        Ok(c) => c,
        Err(e) => {
            // Without a campaign nothing can be planned; still report the other files.
            let mut diags = Diagnostics::default();
            diags.push(campaign_problem(&format!("{e:#}")));
            let (book, recipients) = crate::recipients::load_dir(&root.join("recipients"), &root);
            diags.extend(recipients);
            let (_, templates) = crate::template::load(&root.join("templates"), &root);
            diags.extend(templates);
            return Ok(Checked {
                diagnostics: diags,
                files: book.files,
            });
        }
    };
    let (inputs, mut diags) = Inputs::load(Workspace { root, campaign });
    diags.extend(workspace(&inputs));
    let filters = Filters::default();
    let plan = Plan::new(&inputs, &filters)?;
    let survey = plan.survey();
    diags.extend(survey.warnings);
    let bar = crate::ui::progress(survey.appeals + survey.solidarity, "Checking", quiet);
    diags.extend(generate::render_all(&plan, &bar));
    bar.finish_and_clear();
    Ok(Checked {
        diagnostics: diags,
        files: inputs.book.files.clone(),
    })
}

/// One line for a file read: `recipients/volunteers.xlsx: Excel, sheet "Volunteers", 1,204
/// rows`.
pub fn describe(read: &FileRead) -> String {
    format!(
        "{}: {}, {}",
        read.file.display(),
        read.format,
        crate::human::count(read.rows as u64, "row", "rows")
    )
}

/// Prints diagnostics, one per line, to stdout or stderr; warnings are left out when
/// `quiet`.
pub fn print(diags: &Diagnostics, quiet: bool, to_stdout: bool) {
    for d in &diags.0 {
        if quiet && d.severity == Severity::Warning {
            continue;
        }
        let text = d.to_string();
        let (label, colour) = match d.severity {
            Severity::Error => ("error:", "1;31"),
            Severity::Warning => ("warning:", "1;33"),
        };
        let rest = text.strip_prefix(label).unwrap_or(&text);
        let line = format!("{}{rest}", crate::ui::paint(label, colour));
        if to_stdout {
            crate::outln!("{line}");
        } else {
            eprintln!("{line}");
        }
    }
}

/// A campaign-file error (`campaign.toml: line L, column C: message`) as a diagnostic.
fn campaign_problem(message: &str) -> Diagnostic {
    let rest = message
        .strip_prefix(CAMPAIGN_FILE)
        .and_then(|m| m.strip_prefix(": "))
        .unwrap_or(message);
    let located = rest.strip_prefix("line ").and_then(|r| {
        let (line, r) = r.split_once(", column ")?;
        let (column, msg) = r.split_once(": ")?;
        Some((line.parse().ok()?, column.parse().ok()?, msg))
    });
    match located {
        Some((line, column, msg)) => Diagnostic::error(CAMPAIGN_FILE, msg)
            .at_line(line)
            .at_column(column),
        None => Diagnostic::error(CAMPAIGN_FILE, rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn campaign_errors_keep_their_position() {
        let d = campaign_problem("campaign.toml: line 3, column 1: unknown field `x`");
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
        assert_eq!(d.message, "unknown field `x`");
        let d = campaign_problem("campaign.toml: field `id`: bad");
        assert_eq!(d.message, "field `id`: bad");
    }
}
