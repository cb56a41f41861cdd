//! Command-line interface: the clap definition of `marathon` and the mapping of outcomes to
//! exit codes (0 all done, 1 some items failed, 2 the command could not run).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cmd;

/// Run letter-writing marathons: personalised letters to prisoners and the authorities
/// holding them, batched email that never sends twice, and the tally of every action.
#[derive(Debug, Parser)]
#[command(
    name = "marathon",
    version,
    about,
    long_about = None,
    after_help = "Diagnostics (retried connections, the steps of an import) go to stderr with MARATHON_LOG=debug."
)]
pub struct Cli {
    /// The campaign workspace (a folder holding `campaign.toml`, or one inside it).
    #[arg(
        short = 'C',
        long = "workspace",
        global = true,
        default_value = ".",
        value_name = "DIR"
    )]
    pub workspace: PathBuf,

    /// Print nothing but errors (no progress bar, no summary).
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new campaign workspace with a working example.
    Init(cmd::init::Args),
    /// Validate the whole workspace without writing anything.
    Check(cmd::check::Args),
    /// Render the personalised letters into `letters/`.
    Generate(cmd::generate::Args),
    /// Render one letter to stdout, for writing templates.
    Preview(cmd::preview::Args),
    /// Add a group report (CSV or JSON) to the ledger: every row or none, never twice.
    Import(cmd::import::Args),
    /// Record one action, a change in a letter's life, or a correction.
    Record(Box<cmd::record::Args>),
    /// Count the campaign's actions: totals and breakdowns, for people or for publication.
    Tally(cmd::tally::Args),
    /// Hand each volunteer the prisoners they write to, fewest letters first.
    Assign(cmd::assign::Args),
    /// Write each volunteer's printable pack of post letters to `letters/packs/`.
    Pack(cmd::pack::Args),
    /// Email the letters, in batches within the mail server's limits.
    Send(cmd::send::Args),
    /// Where the campaign stands, on one screen, and the next command worth running.
    Status(cmd::status::Args),
    /// Print the shell completion script for bash, zsh, fish or PowerShell.
    Completions(cmd::completions::Args),
    /// Print the manual page, or write one page per subcommand into a folder.
    Man(cmd::man::Args),
    /// Serve the campaign page, live counter and public tally over HTTP.
    Serve(cmd::serve::Args),
    /// List the volunteers who signed up on the web, or export them to `recipients/`.
    Signups(cmd::signups::Args),
    /// Manage the coordinator accounts of `/admin` (add, list, remove).
    Admin(cmd::admin::Args),
    /// Email each volunteer the personal link to their letters on the campaign server.
    Invite(cmd::invite::Args),
    /// Commands on the ledger as a whole: `migrate` creates or upgrades it (SQLite or PostgreSQL).
    Ledger(cmd::ledger::Args),
}

pub use crate::outcome::Outcome;

/// Parses the command line, runs the command and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    log_to_stderr();
    match cmd::run(&cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFailed) => ExitCode::from(1),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("{} {err:#}", crate::ui::paint("error:", "1;31"));
            ExitCode::from(2)
        }
    }
}

/// Diagnostics (retried connections, failed background checkpoints, the import's phases)
/// go to stderr when `MARATHON_LOG` asks for them, as `MARATHON_LOG=debug`; none otherwise.
fn log_to_stderr() {
    let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("MARATHON_LOG") else {
        return;
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(crate::ui::color_enabled())
        .init();
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
