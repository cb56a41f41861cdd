//! `marathon signups`: the volunteers who signed up on the web (`/join`), pending or
//! confirmed, and `signups export`, which writes the confirmed ones in `recipients/` form.

use anyhow::{Result, bail};

use super::ledger_opts::out;
use crate::cli::{Cli, Outcome};
use crate::ledger::Ledger;
use crate::signup::{EXPORT_FILE, export_csv, to_export, write_export};
use crate::workspace::Workspace;

/// Arguments of `marathon signups`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "The volunteers who signed up on the web page `/join` of `marathon serve`: \
    each with their name, city, country, the languages they write, whether they clicked the \
    link mailed to them, and the volunteer id a confirmed sign-up was given (their prisoners \
    are already in `.marathon/assignment.json`).\n\nSign-ups not confirmed within 7 days are \
    deleted. `marathon signups export` writes the confirmed ones to \
    `recipients/volunteers-signups.csv`, after which `check`, `generate` and `invite` know \
    them."
)]
pub struct Args {
    /// Print the sign-ups as JSON (addresses included: this is for coordinators).
    #[arg(long)]
    pub json: bool,

    #[command(subcommand)]
    pub action: Option<Action>,
}

/// What to do with the sign-ups.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Write the confirmed sign-ups to `recipients/volunteers-signups.csv` (the columns of a
    /// volunteers file).
    Export(ExportArgs),
}

/// Arguments of `marathon signups export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `marathon signups`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let ws = Workspace::open(&cli.workspace)?;
    let path = ws.ledger_path();
    let signups = if crate::ledger::address::exists(&path) {
        let mut ledger = Ledger::open(&path)?;
        // Sign-ups whose link has expired are deleted, as the form promises.
        let now = time::OffsetDateTime::now_utc();
        ledger.expire_signups(now, crate::act::CONFIRM_WINDOW)?;
        ledger.signups(false)?
    } else {
        Vec::new()
    };
    match &args.action {
        Some(Action::Export(e)) => {
            let (book, _) = crate::recipients::load_dir(&ws.recipients_dir(), &ws.root);
            let confirmed = to_export(&signups, &book);
            if confirmed.is_empty() {
                bail!("no confirmed sign-up to export (none, or all already in `recipients/`)");
            }
            let bytes = export_csv(&confirmed)?;
            write_export(&ws.root.join(EXPORT_FILE), &bytes, e.force)?;
            if !cli.quiet {
                eprintln!(
                    "Wrote {} to `{EXPORT_FILE}`; `marathon check` reads it with the others.",
                    crate::human::count(confirmed.len() as u64, "volunteer", "volunteers")
                );
            }
        }
        None if args.json => out(&serde_json::to_string_pretty(&signups)?)?,
        None => {
            let confirmed = signups.iter().filter(|s| s.volunteer.is_some()).count();
            let mut text = format!(
                "{}: {} confirmed, {} waiting for their link\n",
                crate::human::count(signups.len() as u64, "sign-up", "sign-ups"),
                crate::human::group(confirmed as u64),
                crate::human::group((signups.len() - confirmed) as u64)
            );
            for s in &signups {
                let state = match &s.volunteer {
                    Some(id) => format!("confirmed as `{id}`"),
                    None => format!("pending (mail {})", s.mail),
                };
                text.push_str(&format!(
                    "  {}  {}, {} ({})  writes {}  {state}\n",
                    s.submitted_at.date(),
                    s.name,
                    s.city,
                    s.country,
                    s.languages.join(" "),
                ));
            }
            out(text.trim_end())?;
        }
    }
    Ok(Outcome::Done)
}
