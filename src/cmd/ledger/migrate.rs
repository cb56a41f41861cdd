//! `marathon ledger migrate`: creates a ledger or upgrades its schema.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{Cli, Outcome};
use crate::cmd::ledger_opts::out;
use crate::workspace::Workspace;

/// Arguments of `marathon ledger migrate`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Create the ledger, or bring its schema up to date. The ledger is an SQLite \
    file or a PostgreSQL database named by a URL such as \
    `postgres://marathon@db.example.org/campaign?sslmode=verify-full&sslrootcert=ca.pem`. A URL \
    never holds the password: it comes from PGPASSWORD, a password file (PGPASSFILE or \
    ~/.pgpass) or a service file (PGSERVICEFILE or ~/.pg_service.conf, with `service=NAME` in \
    the URL).\n\nEvery command opening the ledger upgrades it too; this one does it on purpose, \
    for instance before a campaign starts on a shared database. It refuses a database of \
    another program and a ledger written by a newer marathon. Two runs at once are safe."
)]
pub struct Args {
    /// The ledger: a file or a `postgres://` URL (default: `MARATHON_LEDGER`, else the
    /// campaign's `ledger` setting). Needs no workspace when given.
    #[arg(long, value_name = "FILE|URL")]
    pub ledger: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `marathon ledger migrate`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let path = match &args.ledger {
        Some(p) => p.clone(),
        None => Workspace::open(&cli.workspace)?.ledger_path(),
    };
    let m = crate::ledger::migrate(&path)?;
    if args.json {
        out(&serde_json::to_string_pretty(&m)?)?;
    } else if m.before == 0 {
        out(&format!(
            "created the {} ledger `{}` (version {})",
            m.store, m.ledger, m.after
        ))?;
    } else if m.before == m.after {
        out(&format!(
            "the {} ledger `{}` is up to date (version {})",
            m.store, m.ledger, m.after
        ))?;
    } else {
        out(&format!(
            "upgraded the {} ledger `{}` from version {} to {}",
            m.store, m.ledger, m.before, m.after
        ))?;
    }
    Ok(Outcome::Done)
}
