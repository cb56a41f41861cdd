//! `marathon invite`: mail each volunteer the personal link to their page.

use anyhow::Result;

use crate::cli::{Cli, Outcome};
use crate::invite::{Request, run as invite};
use crate::workspace::Workspace;

/// Arguments of `marathon invite`. Without `--yes` it prints the plan and mails nothing.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Mail for real (without it, print who would be mailed and mail nothing).
    #[arg(long)]
    pub yes: bool,
    /// Invite only this volunteer (by id; repeat for several). Default: every volunteer.
    #[arg(long = "volunteer", value_name = "ID")]
    pub volunteers: Vec<String>,
    /// Also try again the links the mail server refused for good.
    #[arg(long)]
    pub retry_failed: bool,
    /// The server's public address the links point at, e.g. `https://letters.example.org`
    /// (default: `public_url` of the `[web]` table).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Print the plan and the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `marathon invite`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let ws = Workspace::open(&cli.workspace)?;
    invite(
        &ws,
        &Request {
            volunteers: args.volunteers.clone(),
            yes: args.yes,
            retry_failed: args.retry_failed,
            url: args.url.clone(),
            json: args.json,
            quiet: cli.quiet,
        },
    )
}
