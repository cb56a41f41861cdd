//! What a `send` run will do, decided from the manifest and the ledger before anything is
//! sent: which letters are still to go, which are done, in doubt or failed, how many distinct
//! recipients, and how long the rate limits make it take.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;

use super::settings::Limits;
use crate::manifest::{LetterStatus, ManifestEntry};

/// What the ledger says about a letter, as far as sending cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The latest status.
    pub status: LetterStatus,
    /// When the letter was first handed to a mail server (dates every resend).
    pub first_sent_at: Option<OffsetDateTime>,
}

/// Which letters beyond the remaining ones to include, and how many at most.
#[derive(Debug, Clone, Copy, Default)]
pub struct Choice {
    /// Also send letters whose latest event is `sent` with no answer.
    pub resend_in_doubt: bool,
    /// Also send letters whose latest event is `failed`.
    pub retry_failed: bool,
    /// Send at most this many.
    pub limit: Option<usize>,
}

/// The plan of one run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    /// Email letters in the manifest.
    pub letters: usize,
    /// Indices of the letters to send now, in manifest order.
    #[serde(skip)]
    pub send: Vec<usize>,
    /// How many of those were never handed over.
    pub new: usize,
    /// How many of those were refused for now by an earlier run.
    pub deferred: usize,
    /// How many of those are resent in doubt (`--resend-in-doubt`).
    pub resent: usize,
    /// How many of those failed before and are tried again (`--retry-failed`).
    pub retried: usize,
    /// Letters accepted by the server earlier (or with a later life: posted, received...).
    pub delivered: usize,
    /// Indices of letters handed over with no answer.
    #[serde(serialize_with = "count")]
    pub in_doubt: Vec<usize>,
    /// Indices of letters refused for good.
    #[serde(serialize_with = "count")]
    pub failed: Vec<usize>,
    /// Letters left for a later run by `--limit`.
    pub held_back: usize,
    /// Distinct recipient addresses among the letters to send.
    pub recipients: usize,
    /// How long the rate limits make the run take at least; `None` when unthrottled.
    #[serde(serialize_with = "seconds")]
    pub estimate: Option<Duration>,
}

fn count<S: serde::Serializer>(v: &[usize], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(v.len() as u64)
}

fn seconds<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_f64(d.as_secs_f64()),
        None => s.serialize_none(),
    }
}

impl Plan {
    /// Decides the run for `letters` (email letters only) given the ledger's `known` states.
    pub fn new(
        letters: &[ManifestEntry],
        known: &HashMap<String, Known>,
        choice: Choice,
        limits: &Limits,
    ) -> Self {
        let mut plan = Plan {
            letters: letters.len(),
            ..Plan::default()
        };
        let limit = choice.limit.unwrap_or(usize::MAX);
        for (i, entry) in letters.iter().enumerate() {
            let status = known.get(&entry.id).map(|k| k.status);
            let counter = match status {
                None => Some(&mut plan.new),
                Some(LetterStatus::Deferred) => Some(&mut plan.deferred),
                Some(LetterStatus::Sent) => {
                    plan.in_doubt.push(i);
                    choice.resend_in_doubt.then_some(&mut plan.resent)
                }
                Some(LetterStatus::Failed) => {
                    plan.failed.push(i);
                    choice.retry_failed.then_some(&mut plan.retried)
                }
                Some(_) => {
                    plan.delivered += 1;
                    None
                }
            };
            match counter {
                Some(n) if plan.send.len() < limit => {
                    *n += 1;
                    plan.send.push(i);
                }
                Some(_) => plan.held_back += 1,
                None => {}
            }
        }
        let mut addresses = HashSet::new();
        let mut per_domain: HashMap<String, u32> = HashMap::new();
        for &i in &plan.send {
            let email = letters[i].recipient.email.as_deref().unwrap_or("");
            addresses.insert(email.trim().to_lowercase());
            *per_domain.entry(domain_of(email)).or_default() += 1;
        }
        plan.recipients = addresses.len();
        plan.estimate = estimate(plan.send.len(), &per_domain, limits);
        plan
    }
}

/// The lowercase domain of an address (empty when there is none).
pub fn domain_of(email: &str) -> String {
    email
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The shortest time the limits allow for `total` letters: the overall rate, or the slowest
/// domain quota, whichever is longer.
fn estimate(total: usize, per_domain: &HashMap<String, u32>, limits: &Limits) -> Option<Duration> {
    let spacing = |count: u64, interval: Duration| {
        interval.saturating_mul(u32::try_from(count.saturating_sub(1)).unwrap_or(u32::MAX))
    };
    let mut longest: Option<Duration> = None;
    if let Some(rate) = limits.rate {
        let after_burst = (total as u64).saturating_sub(u64::from(limits.burst.get()) - 1);
        longest = Some(spacing(after_burst, rate.interval()));
    }
    for (domain, rate) in &limits.per_domain {
        if let Some(&n) = per_domain.get(domain) {
            let d = spacing(u64::from(n), rate.interval());
            longest = Some(longest.map_or(d, |l| l.max(d)));
        }
    }
    longest
}

#[cfg(test)]
mod tests;
