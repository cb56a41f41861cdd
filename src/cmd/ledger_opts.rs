//! What the ledger commands (`record`, `import`, `tally`) share: the `--ledger` option and
//! loading the address book they check names against.

use std::path::PathBuf;

use crate::recipients::{self, AddressBook};
use crate::workspace::Workspace;

/// The `--ledger` option.
#[derive(Debug, Clone, clap::Args)]
pub struct LedgerOpt {
    /// The ledger file (default: the campaign's `ledger` setting, `ledger.sqlite` in the
    /// workspace).
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
}

impl LedgerOpt {
    /// The ledger file to use.
    pub fn path(&self, ws: &Workspace) -> PathBuf {
        self.ledger.clone().unwrap_or_else(|| ws.ledger_path())
    }
}

/// The workspace's address book. Problems in `recipients/` do not stop a ledger command
/// (they are `marathon check`'s business); they are summed up in one warning.
pub fn address_book(ws: &Workspace, quiet: bool) -> AddressBook {
    let (book, diags) = recipients::load_dir(&ws.recipients_dir(), &ws.root);
    if !quiet && diags.errors() > 0 {
        eprintln!(
            "{} `recipients/` has {}; run `marathon check` for details",
            crate::ui::paint("warning:", "1;33"),
            crate::human::count(diags.errors() as u64, "problem", "problems")
        );
    }
    book
}

/// Writes `text` and a line break to stdout; a closed pipe is an error the caller returns
/// (and `main` ends quietly), never a panic.
pub fn out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.write_all(b"\n")?;
    stdout.flush()?;
    Ok(())
}
