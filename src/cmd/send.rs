//! `marathon send`: email the letters whose channel is `email`, recording each in the ledger.

use std::num::{NonZeroU32, NonZeroUsize};
use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{Cli, Outcome};
use crate::delivery::config::Security;
use crate::delivery::plan::Choice;
use crate::delivery::rate::Rate;
use crate::delivery::run::{Request, run as send};
use crate::delivery::settings::Overrides;
use crate::workspace::Workspace;

/// Arguments of `marathon send`. Without `--yes` it prints the plan and sends nothing.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Send for real (without it, print what would be sent and send nothing).
    #[arg(long)]
    pub yes: bool,
    /// Send at most N letters (a test batch).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Also try again the letters the server refused for good.
    #[arg(long)]
    pub retry_failed: bool,
    /// Also resend the letters handed over without an answer (same Message-ID, so the
    /// receiving side can drop a duplicate).
    #[arg(long)]
    pub resend_in_doubt: bool,
    /// Where to write the letters not delivered (default `letters/failures.csv`).
    #[arg(long, value_name = "FILE")]
    pub failures: Option<PathBuf>,
    /// Print the plan and the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Mail server settings that override the `[smtp]` table.
    #[command(flatten)]
    pub server: Box<ServerArgs>,
}

/// Flags overriding the `[smtp]` table of the campaign file.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Mail server (overrides `[smtp]`)")]
pub struct ServerArgs {
    /// Mail server host.
    #[arg(long)]
    pub host: Option<String>,
    /// Mail server port.
    #[arg(long)]
    pub port: Option<u16>,
    /// Connection security.
    #[arg(long, value_enum)]
    pub security: Option<Security>,
    /// Login name.
    #[arg(long)]
    pub user: Option<String>,
    /// Environment variable holding the password.
    #[arg(long, value_name = "NAME")]
    pub password_env: Option<String>,
    /// File holding the password (first line).
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// Shell command printing the password.
    #[arg(long, value_name = "COMMAND")]
    pub password_command: Option<String>,
    /// Extra CA certificate (PEM) to trust.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Connections open at once.
    #[arg(long, value_name = "N")]
    pub connections: Option<NonZeroUsize>,
    /// Overall rate, e.g. `14 per second` or `30/min`.
    #[arg(long)]
    pub rate: Option<Rate>,
    /// Messages allowed at once after a pause.
    #[arg(long, value_name = "N")]
    pub burst: Option<NonZeroU32>,
}

/// Runs `marathon send`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let ws = Workspace::open(&cli.workspace)?;
    let server = &args.server;
    let request = Request {
        overrides: Overrides {
            host: server.host.clone(),
            port: server.port,
            security: server.security,
            user: server.user.clone(),
            password_env: server.password_env.clone(),
            password_file: server.password_file.clone(),
            password_command: server.password_command.clone(),
            ca_file: server.ca_file.clone(),
            connections: server.connections,
            rate: server.rate,
            burst: server.burst,
        },
        yes: args.yes,
        choice: Choice {
            resend_in_doubt: args.resend_in_doubt,
            retry_failed: args.retry_failed,
            limit: args.limit,
        },
        failures: args.failures.clone(),
        json: args.json,
        quiet: cli.quiet,
    };
    send(&ws, &request)
}
