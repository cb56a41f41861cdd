//! `marathon init`.

use anyhow::Result;

use crate::cli::{Cli, Outcome};

/// Arguments of `marathon init`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `marathon init`.
pub fn run(_cli: &Cli, _args: &Args) -> Result<Outcome> {
    anyhow::bail!("`init` is not available yet")
}
