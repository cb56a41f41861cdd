//! `marathon admin add|list|remove`: the coordinator accounts of `/admin`.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, Result, bail};
use serde_json::json;

use crate::admin::{Accounts, check_name, check_password};
use crate::cli::{Cli, Outcome};

/// Arguments of `marathon admin`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Manage the coordinator accounts that may log in at `/admin` on `marathon \
serve`. Passwords are kept only as argon2 hashes in `.marathon/admins.toml` (readable by its \
owner alone), never in the campaign file, the ledger or any log.\n\nOn a terminal `admin add` \
asks for the password twice without showing it; otherwise it reads the first line of stdin, \
for scripts: `printf '%s\\n' \"$PW\" | marathon admin add anna`."
)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub action: Action,
}

/// The `admin` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Add a coordinator account (or give it a new password with --replace).
    Add {
        /// The name typed at the login (letters, digits, `.`, `_`, `-`, `@`).
        name: String,
        /// Give an existing account a new password.
        #[arg(long)]
        replace: bool,
    },
    /// List the accounts (names and when they were added; never hashes).
    List {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Remove an account: its sessions end at their next request.
    Remove {
        /// The account's name.
        name: String,
    },
}

/// Runs `marathon admin`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let root = crate::workspace::find_root(&cli.workspace)?;
    let mut accounts = Accounts::load(&root)?;
    match &args.action {
        Action::Add { name, replace } => {
            check_name(name)?;
            if accounts.contains(name) && !replace {
                bail!("an account `{name}` exists already: pass --replace to set a new password");
            }
            let password = read_password()?;
            check_password(&password)?;
            accounts.add(name, &password, *replace)?;
            if !cli.quiet {
                let verb = if *replace {
                    "changed the password of"
                } else {
                    "added"
                };
                eprintln!("{verb} `{name}` in `{}`", accounts.path().display());
            }
        }
        Action::List { json } => {
            if *json {
                let list: Vec<_> = accounts
                    .list()
                    .iter()
                    .map(|a| json!({"name": a.name, "added": a.added}))
                    .collect();
                crate::outln!("{}", serde_json::to_string_pretty(&list)?);
            } else if accounts.list().is_empty() {
                crate::outln!("no accounts yet: add one with `marathon admin add NAME`");
            } else {
                for a in accounts.list() {
                    crate::outln!("{}\tadded {}", a.name, a.added);
                }
            }
        }
        Action::Remove { name } => {
            accounts.remove(name)?;
            if !cli.quiet {
                eprintln!("removed `{name}`");
            }
        }
    }
    Ok(Outcome::Done)
}

/// The password: typed twice without echo on a terminal, else the first line of stdin.
fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from stdin")?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_string());
    }
    let first = prompt("password: ")?;
    let second = prompt("the same password again: ")?;
    if first != second {
        bail!("the two passwords differ; nothing was changed");
    }
    Ok(first)
}

/// Asks on stderr and reads one line from the terminal with echo off.
fn prompt(question: &str) -> Result<String> {
    eprint!("{question}");
    std::io::stderr().flush().ok();
    let line = without_echo(|| {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map(|_| line)
    })
    .context("cannot read the password from the terminal")?;
    eprintln!();
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

#[cfg(unix)]
fn without_echo<T>(f: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
    use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
    let stdin = std::io::stdin();
    let saved = tcgetattr(&stdin)?;
    let mut quiet = saved.clone();
    quiet.local_modes.remove(LocalModes::ECHO);
    quiet.local_modes.insert(LocalModes::ECHONL);
    tcsetattr(&stdin, OptionalActions::Now, &quiet)?;
    let out = f();
    tcsetattr(&stdin, OptionalActions::Now, &saved)?;
    out
}

#[cfg(not(unix))]
fn without_echo<T>(f: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
    f()
}
