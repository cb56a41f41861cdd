//! `marathon init`: creates a new campaign workspace with a working example.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{Cli, Outcome};
use crate::human;

/// Arguments of `marathon init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create the workspace in (created if missing).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// Runs `marathon init`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let created = crate::init::create(&args.dir)?;
    if !cli.quiet {
        let templates = created
            .files
            .iter()
            .filter(|f| f.starts_with("templates/"))
            .count();
        let recipients = created
            .files
            .iter()
            .filter(|f| f.starts_with("recipients/"))
            .count();
        let dir = created.dir.display();
        crate::outln!(
            "Created a campaign workspace in `{dir}`: campaign.toml, {}, {}.",
            human::count(templates as u64, "template file", "template files"),
            human::count(recipients as u64, "recipient file", "recipient files"),
        );
        crate::outln!(
            "Next: edit them, then `marathon -C {dir} check` and `marathon -C {dir} generate`."
        );
    }
    Ok(Outcome::Done)
}
