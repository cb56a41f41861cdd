//! `marathon status`: where the campaign stands, on one screen, and the next command worth
//! running.

use anyhow::{Context, Result};

use super::ledger_opts::out;
use crate::cli::{Cli, Outcome};
use crate::status;
use crate::workspace::Workspace;

/// Arguments of `marathon status`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Where the campaign stands, on one screen: the workspace checks, the letters \
    generated and assigned, the email letters delivered, deferred, failed and in doubt, the post \
    letters posted and received, the actions in the ledger, the days to the report deadline, \
    and the next command worth running.\n\nIt writes nothing: without a ledger it says so and \
    creates none."
)]
pub struct Args {
    /// Print the status as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `marathon status`. Exit 0 whatever the campaign's state: problems are part of the
/// answer.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let ws = Workspace::open(&cli.workspace).context(
        "no status without a readable campaign file (`marathon check` lists every problem)",
    )?;
    let checks = crate::check::run(&ws.root, cli.quiet || args.json)?;
    let s = status::gather(&ws, &checks.diagnostics, crate::action::today())?;
    if args.json {
        out(&serde_json::to_string_pretty(&s)?)?;
    } else {
        out(status::text(&s).trim_end())?;
    }
    Ok(Outcome::Done)
}
