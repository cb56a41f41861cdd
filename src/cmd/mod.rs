//! One module per subcommand, each a thin adapter from arguments to the library.

pub mod admin;
pub mod assign;
pub mod check;
pub mod completions;
pub mod generate;
pub mod import;
pub mod init;
pub mod invite;
pub mod ledger;
pub mod ledger_opts;
pub mod man;
pub mod pack;
pub mod preview;
pub mod record;
pub mod send;
pub mod serve;
pub mod signups;
pub mod status;
pub mod tally;

use anyhow::Result;

use crate::cli::{Cli, Command, Outcome};

/// Runs the parsed command.
pub fn run(cli: &Cli) -> Result<Outcome> {
    match &cli.command {
        Command::Init(args) => init::run(cli, args),
        Command::Check(args) => check::run(cli, args),
        Command::Generate(args) => generate::run(cli, args),
        Command::Preview(args) => preview::run(cli, args),
        Command::Import(args) => import::run(cli, args),
        Command::Record(args) => record::run(cli, args),
        Command::Tally(args) => tally::run(cli, args),
        Command::Assign(args) => assign::run(cli, args),
        Command::Pack(args) => pack::run(cli, args),
        Command::Send(args) => send::run(cli, args),
        Command::Status(args) => status::run(cli, args),
        Command::Completions(args) => completions::run(cli, args),
        Command::Man(args) => man::run(cli, args),
        Command::Serve(args) => serve::run(cli, args),
        Command::Signups(args) => signups::run(cli, args),
        Command::Admin(args) => admin::run(cli, args),
        Command::Invite(args) => invite::run(cli, args),
        Command::Ledger(args) => ledger::run(cli, args),
    }
}
