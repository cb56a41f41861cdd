//! `marathon send`: email the letters whose channel is `email`, recording each in the ledger.

use std::num::{NonZeroU32, NonZeroUsize};
use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::cli::{Cli, Outcome};
use crate::delivery::config::{DEFAULT_PASSWORD_ENV, Security};
use crate::delivery::plan::Choice;
use crate::delivery::rate::Rate;
use crate::delivery::run::{Request, run as send};
use crate::delivery::settings::{Overrides, Settings};
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
    let outcome = send(&ws, &request)?;
    let file = ws.campaign.smtp.clone().unwrap_or_default();
    if Settings::resolve(&file, &request.overrides, &ws.root)?.has_server() {
        return Ok(outcome);
    }
    // No mail server: the plan above is the answer, and this says how to be able to send.
    let text = what_to_add(&ws);
    if args.json {
        eprint!("{text}");
    } else if !cli.quiet {
        crate::out!("{text}");
    }
    if args.yes {
        bail!("nothing was sent: no mail server is set in `campaign.toml`");
    }
    Ok(Outcome::Done)
}

/// What to add to the campaign file so that `send` can send.
fn what_to_add(ws: &Workspace) -> String {
    let (what, table) = if ws.campaign.smtp.is_some() {
        (
            "Add the server's `host` to the `[smtp]` table of `campaign.toml`:",
            "host = \"smtp.example.org\"   # the organisation's mail server\n".to_string(),
        )
    } else {
        (
            "Add this to `campaign.toml`,\nwith your organisation's values:",
            format!(
                "[smtp]\n\
                 host = \"smtp.example.org\"   # the organisation's mail server\n\
                 user = \"{}\"   # the login, if the server asks for one\n\
                 rate = \"14 per second\"      # the provider's quota, if it has one\n",
                ws.campaign.sender.email.replace(['"', '\\'], "")
            ),
        )
    };
    format!(
        "\nNo mail server is set, so nothing can be sent yet. {what}\n\n{table}\n\
         The password goes in the environment variable {DEFAULT_PASSWORD_ENV}, never in the\n\
         campaign file. `docs/send.md` describes every setting; `--host` tries a server once.\n"
    )
}
