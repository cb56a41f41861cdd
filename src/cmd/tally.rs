//! `marathon tally`: the campaign's figures from the ledger, for people or for publication.

use anyhow::{Context, Result, bail};

use super::ledger_opts::{LedgerOpt, address_book, out};
use crate::action::parse_day;
use crate::cli::{Cli, Outcome};
use crate::ledger::{Figures, Filter, Ledger};
use crate::tally::{self, Format, Options};
use crate::workspace::Workspace;

/// Arguments of `marathon tally`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only actions on or after this day (`2026-12-10`).
    #[arg(long, value_name = "DAY")]
    pub from: Option<String>,
    /// Only actions on or before this day.
    #[arg(long, value_name = "DAY")]
    pub to: Option<String>,
    /// Only this case.
    #[arg(long)]
    pub case: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// For publication: totals by kind, case, country and day only, nothing about
    /// volunteers, groups, prisoners or letters; countries with fewer actions than the
    /// campaign's `public_min_count` (default 5) are added together as `other`.
    #[arg(long)]
    pub public: bool,
    /// How many prisoners the fewest-letters list shows.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub fewest: usize,
    /// Recompute the summary tables from the entries first (they are kept up to date by
    /// every write; this is a repair tool).
    #[arg(long)]
    pub rebuild: bool,
    /// Show one entry instead: what it records, where it came from (`record`, `FILE:LINE`,
    /// `web`), who made it on the web (`coordinator NAME`, `volunteer ID`), when, and what
    /// it corrects or was corrected by. With `--format json`, as JSON.
    #[arg(long, value_name = "ENTRY-ID", conflicts_with_all = ["public", "rebuild"])]
    pub entry: Option<i64>,
    #[command(flatten)]
    pub ledger: LedgerOpt,
}

fn day(option: &str, text: &Option<String>) -> Result<Option<time::Date>> {
    text.as_deref()
        .map(|t| {
            parse_day(t).with_context(|| format!("--{option}: `{t}` is not a date like 2026-12-10"))
        })
        .transpose()
}

/// Runs `marathon tally`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let ws = Workspace::open(&cli.workspace)?;
    let filter = Filter {
        from: day("from", &args.from)?,
        to: day("to", &args.to)?,
        case: args.case.clone(),
    };
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        bail!("--from {from} is after --to {to}");
    }
    if let Some(c) = &filter.case
        && ws.campaign.case(c).is_none()
    {
        let ids: Vec<&str> = ws.campaign.cases.iter().map(|c| c.id.as_str()).collect();
        bail!(
            "--case: `{c}` is not a case of this campaign (one of: {})",
            ids.join(", ")
        );
    }
    let path = args.ledger.path(&ws);
    if let Some(id) = args.entry {
        return show_entry(&path, id, args.format);
    }
    // Before anything is recorded the answer is zero, not an error; no empty ledger file is
    // left behind for it.
    let figures = if crate::ledger::address::exists(&path) {
        let mut ledger = Ledger::open(&path)?;
        if args.rebuild {
            ledger.rebuild_summary()?;
        }
        ledger.figures(&filter)?
    } else {
        if !cli.quiet {
            eprintln!(
                "Nothing recorded yet: there is no ledger at `{}`. `marathon send`, `record` \
                 and `import` add to it.",
                path.display()
            );
        }
        Figures::default()
    };
    let book = if args.public {
        Default::default()
    } else {
        address_book(&ws, cli.quiet)
    };
    let options = Options {
        public: args.public,
        fewest: args.fewest,
        min_count: ws.campaign.public_min_count(),
    };
    let t = tally::build(&figures, &ws.campaign, &book, &filter, options);
    let text = tally::render(&t, args.format)?;
    out(text.strip_suffix('\n').unwrap_or(&text))?;
    Ok(Outcome::Done)
}

/// `marathon tally --entry ID`: one entry with its audit trail.
fn show_entry(path: &std::path::Path, id: i64, format: Format) -> Result<Outcome> {
    if !crate::ledger::address::exists(path) {
        bail!("there is no ledger at `{}`", path.display());
    }
    let ledger = Ledger::open(path)?;
    let Some(e) = ledger.entry(id)? else {
        bail!("there is no entry {id} in `{}`", path.display());
    };
    if matches!(format, Format::Json) {
        out(&serde_json::to_string_pretty(&e)?)?;
        return Ok(Outcome::Done);
    }
    let a = &e.action;
    let mut lines = vec![
        format!(
            "entry {id}: {} × {} for `{}` from {} on {}",
            crate::human::group(a.count),
            a.kind,
            a.case,
            a.country,
            a.day
        ),
        format!("from: {}", e.origin),
    ];
    if let Some(by) = &e.by {
        lines.push(format!("by: {by}"));
    }
    lines.push(format!("recorded: {}", e.recorded_at));
    if let Some(c) = e.corrects {
        lines.push(format!("corrects: entry {c}"));
    }
    if let Some(c) = e.corrected_by {
        lines.push(format!(
            "corrected by: entry {c} (this entry no longer counts)"
        ));
    }
    if let Some(n) = &a.note {
        lines.push(format!("note: {n}"));
    }
    out(&lines.join("\n"))?;
    Ok(Outcome::Done)
}
