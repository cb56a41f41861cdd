//! `marathon check`: validates the workspace without writing anything.

use anyhow::{Result, bail};
use serde_json::json;

use crate::check;
use crate::cli::{Cli, Outcome};
use crate::human;

/// Arguments of `marathon check`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Problems go to stdout, one a line, with their file and line (or sheet, row and column). How each recipients file was read (CSV, tab-separated, UTF-16, Excel or OpenDocument; the sheet; the rows) goes to stderr, and under `files` with --json."
)]
pub struct Args {
    /// Fail (exit code 1) on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Print the diagnostics, and how each recipients file was read, as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Runs `marathon check`: exit 0 when clean (warnings allowed), 1 on warnings with
/// `--strict`, 2 on errors.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let checked = check::run(&cli.workspace, cli.quiet || args.json)?;
    let diags = checked.diagnostics;
    let (errors, warnings) = (diags.errors() as u64, diags.warnings() as u64);
    if args.json {
        let value = json!({
            "errors": errors,
            "warnings": warnings,
            "diagnostics": diags,
            "files": checked.files,
        });
        crate::outln!("{value:#}");
    } else {
        if !cli.quiet {
            // How each recipients file was read, beside the progress: stdout keeps only the
            // problems.
            for read in &checked.files {
                eprintln!("{}", check::describe(read));
            }
        }
        check::print(&diags, cli.quiet, true);
    }
    let found = format!(
        "{}, {}",
        human::count(errors, "error", "errors"),
        human::count(warnings, "warning", "warnings")
    );
    if errors > 0 {
        bail!("{found}");
    }
    if !cli.quiet && !args.json {
        if warnings == 0 {
            eprintln!("No problems found.");
        } else {
            eprintln!("{found}.");
        }
    }
    if args.strict && warnings > 0 {
        return Ok(Outcome::SomeFailed);
    }
    Ok(Outcome::Done)
}
