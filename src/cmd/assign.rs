//! `marathon assign`: hands each volunteer their prisoners and saves the assignment that
//! `generate` reads.

use std::collections::{HashMap, HashSet};

use anyhow::{Result, bail};
use serde::Serialize;

use crate::assign::{self, Options, PreparedTexts, Report};
use crate::assignment::{self, Assignment, Pair};
use crate::cli::{Cli, Outcome};
use crate::workspace::Workspace;

/// Arguments of `marathon assign`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Prisoners per volunteer [default: `[assign] per_volunteer`, else 1].
    #[arg(long, short = 'k', value_name = "K", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub per_volunteer: Option<u32>,

    /// Prisoners whose birthday falls within DAYS of the letter date are served first; 0 turns
    /// it off [default: `[assign] birthday_window`, else 21].
    #[arg(long, value_name = "DAYS")]
    pub birthday_window: Option<u32>,

    /// Same seed and same input give the same assignment [default: `[assign] seed`, else one
    /// derived from the campaign id].
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Show the assignment report without saving it.
    #[arg(long)]
    pub dry_run: bool,

    /// Overwrite a saved assignment that differs from this one.
    #[arg(long)]
    pub replace: bool,

    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    report: &'a Report,
    saved: Option<String>,
}

/// Runs `marathon assign`. Exits 1 when some prisoner who can receive letters was left
/// without a volunteer.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let ws = Workspace::open(&cli.workspace)?;
    let (book, diags) = crate::recipients::load_dir(&ws.recipients_dir(), &ws.root);
    for d in &diags.0 {
        eprintln!("{d}");
    }
    if diags.errors() > 0 {
        bail!(
            "the recipient files have {}; fix them first so that no prisoner is left out",
            crate::human::count(diags.errors() as u64, "error", "errors")
        );
    }
    let config = ws.campaign.assign.clone().unwrap_or_default();
    let opts = Options {
        per_volunteer: args
            .per_volunteer
            .or(config.per_volunteer)
            .unwrap_or(assign::DEFAULT_PER_VOLUNTEER)
            .max(1),
        seed: args
            .seed
            .or(config.seed)
            .unwrap_or_else(|| assign::default_seed(&ws.campaign.id)),
        letter_date: ws.campaign.letter_date(),
        birthday_window: args
            .birthday_window
            .or(config.birthday_window)
            .unwrap_or(assign::DEFAULT_BIRTHDAY_WINDOW),
    };
    let prepared = PreparedTexts::scan(&ws.templates_dir())?;
    let prior = prior_letters(&ws)?;
    let (assignment, report) = assign::plan(
        &ws.campaign,
        &book.volunteers,
        &book.prisoners,
        &prepared,
        &prior,
        &opts,
    );

    let saved = if args.dry_run {
        None
    } else {
        guard_replace(&ws, &assignment, args.replace)?;
        assignment::save(&ws.root, &assignment)?;
        Some(assignment::ASSIGNMENT_FILE.to_string())
    };
    if args.json {
        let out = JsonOut {
            report: &report,
            saved: saved.clone(),
        };
        crate::outln!("{}", serde_json::to_string_pretty(&out)?);
    } else if !cli.quiet {
        crate::out!("{}", report.to_text());
        match &saved {
            Some(path) => crate::outln!("Saved `{path}`; `marathon generate` writes the letters."),
            None => crate::outln!("Dry run: nothing saved."),
        }
    }
    Ok(if report.unmatched() > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    })
}

/// Solidarity letters and cards each prisoner already had, from the ledger (none when the
/// campaign has no ledger yet; `assign` does not create one).
fn prior_letters(ws: &Workspace) -> Result<HashMap<String, u64>> {
    let path = ws.ledger_path();
    if !crate::ledger::address::exists(&path) {
        return Ok(HashMap::new());
    }
    let ledger = crate::ledger::Ledger::open(&path)?;
    Ok(ledger
        .letters_per_prisoner()?
        .into_iter()
        .map(|(id, n)| (id, n.sent))
        .collect())
}

/// Refuses to overwrite a saved assignment that differs, unless asked: volunteers may already
/// be writing the letters it gave them.
fn guard_replace(ws: &Workspace, new: &Assignment, replace: bool) -> Result<()> {
    if replace {
        return Ok(());
    }
    let Some(old) = assignment::load(&ws.root)? else {
        return Ok(());
    };
    if old == *new {
        return Ok(());
    }
    let key = |p: &'_ Pair| {
        (
            p.volunteer.clone(),
            p.prisoner.clone(),
            p.language.clone(),
            p.bilingual,
        )
    };
    let before: HashSet<_> = old.pairs.iter().map(key).collect();
    let kept = new
        .pairs
        .iter()
        .filter(|p| before.contains(&key(p)))
        .count();
    bail!(
        "`{}` already holds an assignment and this one differs ({} of {} kept); pass \
         `--replace` to overwrite it, or `--dry-run` to only look",
        assignment::ASSIGNMENT_FILE,
        crate::human::group(kept as u64),
        crate::human::count(old.pairs.len() as u64, "pair", "pairs")
    )
}
