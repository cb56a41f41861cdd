//! `marathon ledger sync LOCAL --to SHARED`: pushes an offline ledger's entries,
//! corrections and letter events into the shared PostgreSQL ledger, each once.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::super::ledger_opts::out;
use crate::cli::{Cli, Outcome};
use crate::human;
use crate::ledger::Ledger;

/// Arguments of `marathon ledger sync`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The local ledger: an SQLite file (an evening recorded offline, say). It is only read.
    pub local: String,
    /// The shared ledger: a `postgres://` URL (no password in it: it comes from
    /// `PGPASSWORD`, `PGPASSFILE` or `~/.pgpass`).
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// Show what would be added, and add nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `marathon ledger sync`: exit code 1 when a row was reported and not added.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    if crate::ledger::address::is_url(&args.local) {
        bail!(
            "`ledger sync` reads a local SQLite ledger; `{}` is a database",
            args.local
        );
    }
    if !crate::ledger::address::is_url(&args.to) {
        bail!(
            "`ledger sync` writes into the shared PostgreSQL ledger: `--to` takes a `postgres://` URL, not `{}`",
            args.to
        );
    }
    let local = super::copy::open_existing(&args.local)?;
    let mut shared = Ledger::open(Path::new(&args.to))?;
    let shown_local = local.path().display().to_string();
    let shown_shared = shared.path().display().to_string();
    let s = shared
        .sync_from(&local, args.dry_run)
        .with_context(|| format!("nothing was synced into `{shown_shared}`"))?;
    if args.json {
        let mut v = serde_json::to_value(&s)?;
        v["dry_run"] = args.dry_run.into();
        out(&v.to_string())?;
    } else {
        for c in &s.changed {
            eprintln!(
                "{}: entry from line {}: changed since it was imported from {} as entry {}; not synced (to change the shared ledger: `marathon record --corrects {} ...`)",
                shown_local, c.line, c.earlier, c.entry, c.entry
            );
        }
        for r in &s.refused {
            eprintln!("{shown_local}: {r}; not synced");
        }
        if !cli.quiet {
            let verb = if args.dry_run { "would add" } else { "added" };
            let actions = human::count(s.actions.unsigned_abs(), "action", "actions");
            let sign = if s.actions < 0 { "-" } else { "" };
            out(&format!(
                "`{shown_local}` → `{shown_shared}`: {verb} {} ({sign}{actions}, {}) and {}",
                human::count(s.entries, "entry", "entries"),
                human::count(s.corrections, "correction", "corrections"),
                human::count(s.events, "letter event", "letter events"),
            ))?;
            if s.already > 0 {
                out(&format!(
                    "{} synced before: nothing added for {}",
                    human::count(s.already, "row was", "rows were"),
                    if s.already == 1 { "it" } else { "them" }
                ))?;
            }
            if s.unchanged > 0 {
                out(&format!(
                    "{} already in the shared ledger (imported there too): not counted again",
                    human::count(s.unchanged, "imported row was", "imported rows were"),
                ))?;
            }
            if args.dry_run {
                out("nothing was written (--dry-run)")?;
            }
        }
    }
    if s.changed.is_empty() && s.refused.is_empty() {
        Ok(Outcome::Done)
    } else {
        Ok(Outcome::SomeFailed)
    }
}
