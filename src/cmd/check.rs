//! `marathon check`.

use anyhow::Result;

use crate::cli::{Cli, Outcome};

/// Arguments of `marathon check`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `marathon check`.
pub fn run(_cli: &Cli, _args: &Args) -> Result<Outcome> {
    anyhow::bail!("`check` is not available yet")
}
