//! `marathon completions SHELL`: the shell completion script, written to stdout.

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, Outcome};

/// Arguments of `marathon completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Install it, for example:\n  \
    bash:        marathon completions bash > ~/.local/share/bash-completion/completions/marathon\n  \
    zsh:         marathon completions zsh > ~/.zfunc/_marathon   (with `fpath+=~/.zfunc` before `compinit`)\n  \
    fish:        marathon completions fish > ~/.config/fish/completions/marathon.fish\n  \
    PowerShell:  marathon completions powershell >> $PROFILE")]
pub struct Args {
    /// The shell to complete `marathon` in.
    #[arg(value_enum)]
    pub shell: CompletionShell,
}

/// The shells a completion script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    /// GNU Bash.
    Bash,
    /// Z shell.
    Zsh,
    /// fish.
    Fish,
    /// PowerShell.
    Powershell,
}

impl From<CompletionShell> for Shell {
    fn from(s: CompletionShell) -> Shell {
        match s {
            CompletionShell::Bash => Shell::Bash,
            CompletionShell::Zsh => Shell::Zsh,
            CompletionShell::Fish => Shell::Fish,
            CompletionShell::Powershell => Shell::PowerShell,
        }
    }
}

/// Runs `marathon completions`: writes the script for `args.shell` to stdout.
pub fn run(_cli: &Cli, args: &Args) -> Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(
        Shell::from(args.shell),
        &mut Cli::command(),
        "marathon",
        &mut script,
    );
    super::ledger_opts::out(String::from_utf8_lossy(&script).trim_end())?;
    Ok(Outcome::Done)
}
