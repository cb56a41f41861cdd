//! `marathon preview`: one rendered letter on stdout, for writing templates.

use std::io::Write;

use anyhow::{Result, bail};

use crate::check;
use crate::cli::{Cli, Outcome};
use crate::generate::{Inputs, PreviewRequest, preview};
use crate::workspace::Workspace;

/// Arguments of `marathon preview`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The template to render (its file name without `.txt.hbs`).
    #[arg(long, value_name = "NAME")]
    pub template: String,
    /// The recipient: an authority id for an appeal, a prisoner id for a solidarity letter
    /// (default: the first that fits).
    #[arg(long, value_name = "ID")]
    pub to: Option<String>,
    /// The signing volunteer's id (default: the first).
    #[arg(long, value_name = "VOLUNTEER")]
    pub from: Option<String>,
    /// The case (default: the first the template is for).
    #[arg(long, value_name = "ID")]
    pub case: Option<String>,
    /// Show the HTML alternative instead of the text.
    #[arg(long)]
    pub html: bool,
}

/// Runs `marathon preview`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let ws = Workspace::open(&cli.workspace)?;
    let (inputs, diags) = Inputs::load(ws);
    // Problems elsewhere in the workspace should not stop work on one template.
    check::print(&diags, cli.quiet, false);
    let request = PreviewRequest {
        template: args.template.clone(),
        to: args.to.clone(),
        from: args.from.clone(),
        case: args.case.clone(),
    };
    let (entry, rendered) = match preview(&inputs, &request)? {
        Ok(letter) => letter,
        Err(d) => bail!("{}", d.to_string().trim_start_matches("error: ")),
    };
    let body = if args.html {
        match rendered.html {
            Some(html) => html,
            None => bail!("template `{}` has no HTML alternative", entry.template),
        }
    } else {
        rendered.text
    };
    let mut out = std::io::stdout().lock();
    if let Some(subject) = &rendered.subject {
        writeln!(out, "Subject: {subject}")?;
        writeln!(out)?;
    }
    out.write_all(body.as_bytes())?;
    out.flush()?;
    Ok(Outcome::Done)
}
