//! `marathon serve`: the campaign's public pages, tally JSON and live counter over HTTP.

use std::net::{IpAddr, SocketAddr};

use anyhow::Result;

use crate::cli::{Cli, Outcome};
use crate::web;

/// Arguments of `marathon serve`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Serve the campaign on the web: the public campaign page (`/`), the live \
counter (`/events`, `/embed/counter`) and the public tally (`/api/v1/tally.json`), in \
English, Russian, Belarusian, Polish and German.\n\nRun it behind a reverse proxy that \
terminates TLS and name that proxy with --trusted-proxy. SIGHUP reloads the workspace files; \
SIGTERM or Ctrl-C finishes the requests in flight and exits."
)]
pub struct Args {
    /// The address and port to listen on (port 0 picks a free one; the address is printed).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The reverse proxy whose `X-Forwarded-For` and `X-Forwarded-Proto` headers are
    /// believed; from any other peer they are ignored.
    #[arg(long, value_name = "ADDR")]
    pub trusted_proxy: Option<IpAddr>,
}

/// Runs `marathon serve`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let options = web::Options {
        workspace: cli.workspace.clone(),
        listen: args.listen,
        trusted_proxy: args.trusted_proxy,
    };
    let quiet = cli.quiet;
    web::run(&options, |addr| {
        // The first line on stdout: scripts and tests read the address from it.
        crate::outln!("listening on http://{addr}");
        if !quiet {
            eprintln!("serving the campaign; SIGHUP reloads it, Ctrl-C or SIGTERM stops");
        }
    })?;
    Ok(Outcome::Done)
}
