//! One module per subcommand, each a thin adapter from arguments to the library.

pub mod assign;
pub mod check;
pub mod generate;
pub mod init;
pub mod pack;
pub mod preview;

use anyhow::Result;

use crate::cli::{Cli, Command, Outcome};

/// Runs the parsed command.
pub fn run(cli: &Cli) -> Result<Outcome> {
    match &cli.command {
        Command::Init(args) => init::run(cli, args),
        Command::Check(args) => check::run(cli, args),
        Command::Generate(args) => generate::run(cli, args),
        Command::Preview(args) => preview::run(cli, args),
        Command::Assign(args) => assign::run(cli, args),
        Command::Pack(args) => pack::run(cli, args),
    }
}
