//! What `send` tells people: the plan before sending, the summary after, and the CSV of the
//! letters not delivered with the reason (what `--retry-failed`, `--resend-in-doubt` or a plain
//! run would send again).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use serde::Serialize;

use super::engine::Report;
use super::plan::{LISTED, Plan};
use super::settings::Settings;
use crate::human::{count, duration, group};
use crate::ledger::Unfinished;
use crate::manifest::{LetterStatus, ManifestEntry};

/// The plan, for people.
pub fn plan_text(plan: &Plan, settings: &Settings) -> String {
    let mut out = String::new();
    let n = |v: usize| group(v as u64);
    let _ = writeln!(
        out,
        "{} in the manifest",
        count(plan.letters as u64, "email letter", "email letters")
    );
    let mut parts = vec![format!("{} new", n(plan.new))];
    for (k, what) in [
        (plan.deferred, "deferred earlier"),
        (plan.resent, "resent in doubt"),
        (plan.retried, "failed before"),
    ] {
        if k > 0 {
            parts.push(format!("{} {what}", n(k)));
        }
    }
    let _ = writeln!(
        out,
        "  to send now  {:>7}  ({}) to {}",
        n(plan.send.len()),
        parts.join(", "),
        count(
            plan.recipients as u64,
            "distinct recipient",
            "distinct recipients"
        )
    );
    let _ = writeln!(out, "  delivered    {:>7}", n(plan.delivered));
    let _ = writeln!(
        out,
        "  in doubt     {:>7}  (handed to the server, no answer; resend with --resend-in-doubt)",
        n(plan.in_doubt)
    );
    let _ = writeln!(
        out,
        "  failed       {:>7}  (try again with --retry-failed)",
        n(plan.failed)
    );
    if plan.held_back > 0 {
        let _ = writeln!(out, "  held back    {:>7}  (--limit)", n(plan.held_back));
    }
    for l in &plan.in_doubt_listed {
        let _ = writeln!(
            out,
            "  in doubt: {} to {} ({})",
            l.id,
            l.recipient.email.as_deref().unwrap_or("?"),
            l.recipient.name
        );
    }
    if plan.in_doubt > LISTED {
        let _ = writeln!(out, "  ... and {} more in doubt", n(plan.in_doubt - LISTED));
    }
    let login = match &settings.login {
        Some(l) => format!(", login `{}` (password from the {})", l.user, l.password),
        None => String::new(),
    };
    if settings.has_server() {
        let _ = writeln!(
            out,
            "server: {}:{} ({}){login}, {}",
            settings.host,
            settings.port,
            settings.security.as_str(),
            count(
                settings.connections.get() as u64,
                "connection",
                "connections"
            )
        );
    } else {
        let _ = writeln!(out, "server: none set");
    }
    let mut rate = match settings.limits.rate {
        Some(r) => format!("rate: {r}, burst {}", settings.limits.burst),
        None => "rate: unthrottled".to_string(),
    };
    for (domain, r) in &settings.limits.per_domain {
        let _ = write!(rate, "; {domain}: {r}");
    }
    let _ = writeln!(out, "{rate}");
    match plan.estimate {
        Some(d) => {
            let _ = writeln!(out, "estimated time: at least {}", duration(d));
        }
        None => {
            let _ = writeln!(out, "estimated time: as fast as the server accepts");
        }
    }
    out
}

/// The one-paragraph summary after a run.
pub fn summary_text(report: &Report, elapsed: Duration) -> String {
    let attempted =
        report.delivered + report.failed.len() + report.deferred.len() + report.in_doubt.len();
    let per_second = report.delivered as f64 / elapsed.as_secs_f64().max(0.001);
    let mut out = format!(
        "{} in {} ({per_second:.1} a second): {} delivered, {} failed, {} deferred, {} in doubt",
        count(attempted as u64, "letter", "letters"),
        duration(elapsed),
        group(report.delivered as u64),
        group(report.failed.len() as u64),
        group(report.deferred.len() as u64),
        group(report.in_doubt.len() as u64),
    );
    if !report.not_attempted.is_empty() {
        let _ = write!(
            out,
            ", {} not sent",
            group(report.not_attempted.len() as u64)
        );
    }
    if !report.by_other_run.is_empty() {
        let _ = write!(
            out,
            "; {} sent by another run",
            group(report.by_other_run.len() as u64)
        );
    }
    out.push('\n');
    out
}

/// One line of the failures CSV.
#[derive(Debug, Clone, Serialize)]
pub struct FailureRow {
    /// Letter id.
    pub letter: String,
    /// `failed`, `deferred` or `in doubt`.
    pub status: &'static str,
    /// Recipient id in the address book.
    pub recipient: String,
    /// Recipient name.
    pub name: String,
    /// Recipient address.
    pub email: String,
    /// The volunteer who signed.
    pub volunteer: String,
    /// Subject line.
    pub subject: String,
    /// The server's reply or the reason.
    pub reason: String,
    /// When (RFC 3339).
    pub at: String,
}

/// The line of the failures CSV for `letter` given its latest event in the ledger (read
/// after the run), `None` when it was delivered or has a later life; `reason` is this run's
/// explanation for a letter left in doubt.
pub fn failure_row(
    letter: &ManifestEntry,
    state: &Unfinished,
    reason: Option<&str>,
) -> Option<FailureRow> {
    let status = match state.status {
        LetterStatus::Failed => "failed",
        LetterStatus::Deferred => "deferred",
        LetterStatus::Sent => "in doubt",
        _ => return None,
    };
    let reason = reason
        .map(str::to_string)
        .or_else(|| state.detail.clone())
        .unwrap_or_else(|| "handed to the server, no answer recorded".to_string());
    Some(FailureRow {
        letter: letter.id.clone(),
        status,
        recipient: letter.recipient.id.clone(),
        name: letter.recipient.name.clone(),
        email: letter.recipient.email.clone().unwrap_or_default(),
        volunteer: letter.sender.name.clone(),
        subject: letter.subject.clone(),
        reason,
        at: state
            .at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
    })
}

/// Writes `rows` to `path` (replacing it); with no rows, removes a file left by an earlier run.
pub fn write_failures(path: &Path, rows: &[FailureRow]) -> Result<()> {
    if rows.is_empty() {
        if path.exists() {
            std::fs::remove_file(path)
                .with_context(|| format!("cannot remove `{}`", path.display()))?;
        }
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
    }
    let tmp = path.with_extension("csv.tmp");
    let mut w = csv::Writer::from_path(&tmp)
        .with_context(|| format!("cannot write `{}`", tmp.display()))?;
    for row in rows {
        w.serialize(row)
            .with_context(|| format!("cannot write `{}`", tmp.display()))?;
    }
    w.flush()
        .with_context(|| format!("cannot write `{}`", tmp.display()))?;
    drop(w);
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write `{}`", path.display()))
}
