//! `marathon preview`.

use anyhow::Result;

use crate::cli::{Cli, Outcome};

/// Arguments of `marathon preview`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `marathon preview`.
pub fn run(_cli: &Cli, _args: &Args) -> Result<Outcome> {
    anyhow::bail!("`preview` is not available yet")
}
