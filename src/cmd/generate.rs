//! `marathon generate`.

use anyhow::Result;

use crate::cli::{Cli, Outcome};

/// Arguments of `marathon generate`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `marathon generate`.
pub fn run(_cli: &Cli, _args: &Args) -> Result<Outcome> {
    anyhow::bail!("`generate` is not available yet")
}
