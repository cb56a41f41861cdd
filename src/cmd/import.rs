//! `marathon import FILE`: adds a group report (CSV, tab-separated text, `.xlsx`, `.ods` or
//! JSON) to the ledger, all rows or none.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::ledger_opts::{LedgerOpt, address_book, out};
use crate::action::report::ReportReader;
use crate::action::report::upload::{Placer, feed};
use crate::action::{Rules, today};
use crate::cli::{Cli, Outcome};
use crate::human;
use crate::ledger::{Changed, Ledger};
use crate::workspace::Workspace;

/// Arguments of `marathon import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The report: CSV (`,`, `;` or tab-separated; UTF-8 or UTF-16), an Excel `.xlsx` or
    /// OpenDocument `.ods` sheet (the sheet named `report`, else the first), or a JSON
    /// array; columns `date`, `kind`, `count`,
    /// `case`, `prisoner`, `recipient`, `volunteer`, `group`, `country`, `channel`, `note`,
    /// `ref`.
    pub file: PathBuf,
    #[command(flatten)]
    pub ledger: LedgerOpt,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct Report {
    file: String,
    added: u64,
    actions: u64,
    unchanged: u64,
    changed: Vec<Changed>,
}

/// Runs `marathon import`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let ws = Workspace::open(&cli.workspace)?;
    let rules = Rules::new(&ws.campaign, &address_book(&ws, cli.quiet), today());
    let shown = args.file.display().to_string();
    let reader = ReportReader::open(&args.file)?;
    let place = Placer::new(&reader, &shown);
    let size = std::fs::metadata(&args.file).map_or(0, |m| m.len());
    let mut ledger = Ledger::open(&args.ledger.path(&ws))?;
    let bar = crate::ui::progress(size, "importing", cli.quiet);
    let mut importer = ledger.import(&shown)?;
    #[cfg(feature = "failpoints")]
    let mut rows = 0u64;
    // An error here leaves the import uncommitted: dropping `importer` rolls it back.
    let errors = feed(
        &mut importer,
        reader,
        rules,
        |line, p| eprintln!("{}", place.problem(line, p)),
        |at| bar.set_position(at),
        |_importer| {
            // Test builds only: the failpoint `import::pause` (e.g. `2499*off->return`)
            // writes the rows so far to the ledger (SQLite: its WAL; PostgreSQL: the
            // import's table), uncommitted, and stops for a minute (or the seconds given,
            // `return(5)`), so that a test can kill the import or restart the database there.
            #[cfg(feature = "failpoints")]
            {
                rows += 1;
                if let Some(secs) = fail::eval("import::pause", |v| v) {
                    _importer.spill()?;
                    eprintln!("import paused after {rows} rows");
                    let secs = secs.and_then(|s| s.parse().ok()).unwrap_or(60);
                    std::thread::sleep(std::time::Duration::from_secs(secs));
                }
            }
            Ok(())
        },
    )
    .with_context(|| format!("`{shown}`: nothing was imported"))?;
    bar.finish_and_clear();
    if errors > 0 {
        bail!(
            "`{shown}`: {} with errors; nothing was imported",
            human::count(errors, "row", "rows")
        );
    }
    let duplicates = importer.duplicates()?;
    if !duplicates.is_empty() {
        for d in &duplicates {
            eprintln!("{}", place.duplicate(d));
        }
        bail!(
            "`{shown}`: {} repeating an earlier row; nothing was imported",
            human::count(duplicates.len() as u64, "row", "rows")
        );
    }
    let summary = importer.finish()?;
    let report = Report {
        file: shown.clone(),
        added: summary.added,
        actions: summary.actions,
        unchanged: summary.unchanged,
        changed: summary.changed,
    };
    print(&report, &|line| place.at(line), args.json, cli.quiet)?;
    Ok(if report.changed.is_empty() {
        Outcome::Done
    } else {
        Outcome::SomeFailed
    })
}

fn print(report: &Report, at: &dyn Fn(u64) -> String, json: bool, quiet: bool) -> Result<()> {
    if json {
        out(&serde_json::to_string_pretty(report)?)?;
        return Ok(());
    }
    for c in &report.changed {
        eprintln!(
            "{}: changed since it was imported from {} as entry {}; not imported again (to change the ledger: `marathon record --corrects {} ...`)",
            at(c.line),
            c.earlier,
            c.entry,
            c.entry
        );
    }
    if quiet {
        return Ok(());
    }
    let mut line = format!(
        "imported {} ({}) from `{}`",
        human::count(report.added, "row", "rows"),
        human::count(report.actions, "action", "actions"),
        report.file
    );
    if report.unchanged > 0 {
        line.push_str(&format!(
            "; {} already in the ledger",
            human::count(report.unchanged, "row was", "rows were")
        ));
    }
    if !report.changed.is_empty() {
        line.push_str(&format!(
            "; {} changed and not imported",
            human::count(report.changed.len() as u64, "row", "rows")
        ));
    }
    out(&line)?;
    Ok(())
}
