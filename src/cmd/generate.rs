//! `marathon generate`: renders the planned letters into `letters/` (or `--out`).

use std::path::PathBuf;

use anyhow::{Result, bail};
use serde_json::json;

use crate::check;
use crate::cli::{Cli, Outcome};
use crate::generate::{Filters, Generated, Inputs, Plan, generate};
use crate::human;
use crate::workspace::Workspace;

/// Arguments of `marathon generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the letters into DIR instead of `letters/` (replaced as a whole).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Only letters about this case (repeatable).
    #[arg(long = "case", value_name = "ID")]
    pub cases: Vec<String>,
    /// Only letters from this template (repeatable).
    #[arg(long = "template", value_name = "NAME")]
    pub templates: Vec<String>,
    /// Only letters in this language (repeatable).
    #[arg(long = "language", value_name = "CODE")]
    pub languages: Vec<String>,
    /// Only letters signed by this volunteer (repeatable).
    #[arg(long = "volunteer", value_name = "ID")]
    pub volunteers: Vec<String>,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Runs `marathon generate`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let ws = Workspace::open(&cli.workspace)?;
    let out = args.out.clone().unwrap_or_else(|| ws.letters_dir());
    let (inputs, mut diags) = Inputs::load(ws);
    diags.extend(check::workspace(&inputs));
    let filters = Filters {
        cases: args.cases.clone(),
        templates: args.templates.clone(),
        languages: args.languages.clone(),
        volunteers: args.volunteers.clone(),
    };
    let plan = Plan::new(&inputs, &filters)?;
    let mut survey = plan.survey();
    diags.extend(std::mem::take(&mut survey.warnings));
    check::print(&diags, cli.quiet, false);
    if diags.errors() > 0 {
        bail!(
            "{} in the workspace; nothing was written",
            human::count(diags.errors() as u64, "error", "errors")
        );
    }
    let bar = crate::ui::progress(survey.letters(), "Generating", cli.quiet);
    let generated = generate(&plan, &survey, &out, &bar)?;
    bar.finish_and_clear();
    let summary = match generated {
        Generated::Done(summary) => summary,
        Generated::Failed(problems) => {
            check::print(&problems, cli.quiet, false);
            bail!(
                "some letters cannot be rendered; nothing was written (`marathon check` lists every problem)"
            );
        }
    };
    if args.json {
        let value = json!({
            "letters": summary.letters,
            "appeals": summary.appeals,
            "solidarity": summary.solidarity,
            "out": summary.out,
            "seconds": summary.elapsed.as_secs_f64(),
            "warnings": diags.warnings(),
        });
        crate::outln!("{value}");
    } else if !cli.quiet {
        crate::outln!(
            "Generated {}: {}, {} in {}",
            human::count(summary.letters, "letter", "letters"),
            human::count(summary.appeals, "appeal", "appeals"),
            human::count(
                summary.solidarity,
                "solidarity letter",
                "solidarity letters"
            ),
            human::duration(summary.elapsed)
        );
    }
    Ok(Outcome::Done)
}
