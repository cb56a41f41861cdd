//! `marathon man [--dir DIR]`: the manual page, written to stdout or, one page per
//! subcommand, into a folder.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::{Cli, Outcome};

/// Arguments of `marathon man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Install it, for example:\n  \
    marathon man --dir ~/.local/share/man/man1   (then `man marathon`, `man marathon-send`)\n  \
    marathon man | man -l -                        (read it without installing)")]
pub struct Args {
    /// Write `marathon.1` and a page for each subcommand (`marathon-send.1`, ...) into this
    /// folder, created if needed, instead of `marathon.1` to stdout.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Runs `marathon man`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let cmd = Cli::command();
    let Some(dir) = &args.dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut page)
            .context("cannot render the manual page")?;
        super::ledger_opts::out(String::from_utf8_lossy(&page).trim_end())?;
        return Ok(Outcome::Done);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    clap_mangen::generate_to(cmd, dir)
        .with_context(|| format!("cannot write the manual pages to `{}`", dir.display()))?;
    if !cli.quiet {
        eprintln!("Wrote the manual pages to `{}`.", dir.display());
    }
    Ok(Outcome::Done)
}
