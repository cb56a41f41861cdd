//! `marathon ledger`: commands on the ledger as a whole, wherever it is (an SQLite file or a
//! PostgreSQL database).

pub mod migrate;

use anyhow::Result;

use crate::cli::{Cli, Outcome};

/// Arguments of `marathon ledger`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

/// The `marathon ledger` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create the ledger, or bring its schema up to date (a PostgreSQL database too).
    Migrate(migrate::Args),
}

/// Runs `marathon ledger`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    match &args.command {
        Command::Migrate(a) => migrate::run(cli, a),
    }
}
