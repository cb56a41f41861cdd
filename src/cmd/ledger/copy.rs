//! `marathon ledger copy FROM TO`: a whole ledger moved into an empty one, between any two
//! stores (SQLite file or PostgreSQL database), ids and history intact.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::super::ledger_opts::out;
use crate::cli::{Cli, Outcome};
use crate::human;
use crate::ledger::Ledger;

/// Arguments of `marathon ledger copy`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ledger to copy: an SQLite file, or a `postgres://` URL (no password in it: it
    /// comes from `PGPASSWORD`, `PGPASSFILE` or `~/.pgpass`). It is only read.
    pub from: String,
    /// The empty ledger to copy it into, created when missing: an SQLite file or a
    /// `postgres://` URL. A ledger with anything in it is refused.
    pub to: String,
    /// Print what was copied as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `marathon ledger copy`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let from = open_existing(&args.from)?;
    let target = Path::new(&args.to);
    // A file made here for the copy goes again if the copy fails: no empty ledger is left.
    let made = !crate::ledger::address::exists(target);
    let mut to = Ledger::open(target)?;
    let shown_from = from.path().display().to_string();
    let shown_to = to.path().display().to_string();
    let copied = from.copy_into(&mut to);
    drop(to);
    if copied.is_err() && made && !crate::ledger::address::is_url(&args.to) {
        for end in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{end}", args.to));
        }
    }
    let summary = copied.with_context(|| format!("nothing was copied into `{shown_to}`"))?;
    if args.json {
        out(&serde_json::to_string(&summary)?)?;
    } else if !cli.quiet {
        let web = if summary.pending + summary.signups + summary.invites > 0 {
            format!(
                "; from the web: {}, {} and {}",
                human::count(
                    summary.pending,
                    "submission waiting for its link",
                    "submissions waiting for their link"
                ),
                human::count(summary.signups, "sign-up", "sign-ups"),
                human::count(summary.invites, "invitation", "invitations"),
            )
        } else {
            String::new()
        };
        out(&format!(
            "copied `{shown_from}` into `{shown_to}`: {}, {} with {} and {}{web} (copied rows keep their identity in ledger {})",
            human::count(summary.entries, "entry", "entries"),
            human::count(summary.letters, "letter", "letters"),
            human::count(summary.events, "event", "events"),
            human::count(summary.keys, "import key", "import keys"),
            summary.copy_of
        ))?;
    }
    Ok(Outcome::Done)
}

/// Opens the ledger `text` names, which must exist: a file is never created here, a
/// database must already hold a ledger or be empty (it is then set up, empty).
pub(super) fn open_existing(text: &str) -> Result<Ledger> {
    let path = Path::new(text);
    if !crate::ledger::address::is_url(text) && !path.exists() {
        bail!("there is no ledger `{text}`");
    }
    Ledger::open(path)
}
