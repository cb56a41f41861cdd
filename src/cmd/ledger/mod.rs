//! `marathon ledger`: commands on the ledger as a whole, wherever it is (an SQLite file or a
//! PostgreSQL database).

pub mod copy;
pub mod migrate;
pub mod sync;

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
    /// Copy a whole ledger into an empty one, between any two stores, ids and history
    /// intact: the copy tallies the same.
    Copy(copy::Args),
    /// Push an offline ledger's entries, corrections and letter events into the shared
    /// PostgreSQL ledger, each once however often it is synced.
    Sync(sync::Args),
}

/// Runs `marathon ledger`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    match &args.command {
        Command::Migrate(a) => migrate::run(cli, a),
        Command::Copy(a) => copy::run(cli, a),
        Command::Sync(a) => sync::run(cli, a),
    }
}
