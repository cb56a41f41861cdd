//! What a `send` run will do, decided from the manifest and the ledger before anything is
//! sent: which letters are still to go, which are done, in doubt or failed, how many distinct
//! recipients, and how long the rate limits make it take.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;

use super::settings::Limits;
use crate::ledger::LetterStatuses;
use crate::manifest::{LetterStatus, ManifestEntry, Place};

/// What the ledger says about a letter, as far as sending cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The latest status.
    pub status: LetterStatus,
    /// When the letter was first handed to a mail server (dates every resend).
    pub first_sent_at: Option<OffsetDateTime>,
}

/// Where the plan learns what became of each letter.
pub trait States {
    /// What is known of letter `id`; `None` when it has no events.
    fn known(&self, id: &str) -> Option<Known>;
}

impl States for LetterStatuses {
    fn known(&self, id: &str) -> Option<Known> {
        let status = self.status(id)?;
        // Only a letter that may be sent again needs the date of its first hand-over.
        let again = matches!(
            status,
            LetterStatus::Sent | LetterStatus::Deferred | LetterStatus::Failed
        );
        Some(Known {
            status,
            first_sent_at: again.then(|| self.first_sent_at(id)).flatten(),
        })
    }
}

impl States for HashMap<String, Known> {
    fn known(&self, id: &str) -> Option<Known> {
        self.get(id).cloned()
    }
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

/// In-doubt letters the plan names on screen (all are counted).
pub const LISTED: usize = 20;

/// The plan of one run. It holds a few bytes for each letter to send and nothing for the
/// others, so a plan over a million letters stays small.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    /// Email letters in the manifest.
    pub letters: usize,
    /// Where the letters to send now lie in the manifest, in manifest order; the engine
    /// names them by their index in this list.
    #[serde(skip)]
    pub send: Vec<Place>,
    /// For each letter to send, which domain quota applies: 0 for none, `k` for the `k`-th
    /// domain of the limits. Empty when there are no domain quotas.
    #[serde(skip)]
    pub domains: Vec<u32>,
    /// When letters to send (by index in `send`) were first handed over by an earlier run.
    #[serde(skip)]
    pub first_sent: HashMap<usize, OffsetDateTime>,
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
    /// Letters handed over with no answer.
    pub in_doubt: usize,
    /// The first [`LISTED`] of those, in manifest order.
    #[serde(skip)]
    pub in_doubt_listed: Vec<ManifestEntry>,
    /// Letters refused for good.
    pub failed: usize,
    /// Letters left for a later run by `--limit`.
    pub held_back: usize,
    /// Distinct recipient addresses among the letters to send.
    pub recipients: usize,
    /// How long the rate limits make the run take at least; `None` when unthrottled.
    #[serde(serialize_with = "seconds")]
    pub estimate: Option<Duration>,
}

fn seconds<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_f64(d.as_secs_f64()),
        None => s.serialize_none(),
    }
}

/// Builds a [`Plan`] from the email letters of the manifest, one at a time.
pub struct Planner<'a, K: States> {
    plan: Plan,
    known: &'a K,
    choice: Choice,
    limits: &'a Limits,
    /// Ids of the letters to send, to refuse one listed twice: 16-digit hex ids as numbers,
    /// sorted and compared when the plan is finished.
    hex_ids: Vec<u64>,
    other_ids: HashSet<String>,
    /// Recipients as 64-bit hashes of their lowercase address, eight bytes each however long
    /// the address, counted once sorted. Two addresses share a hash with odds of about one in
    /// 10^7 in a million, and then the count shown is one short; only the count uses them.
    addresses: Vec<u64>,
    /// Letters to send to each domain with a quota, in the order of `limits.per_domain`.
    per_domain: Vec<u32>,
}

/// A letter id listed twice among the letters to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Twice(pub String);

impl<'a, K: States> Planner<'a, K> {
    /// A planner deciding with the ledger's `known` states, for a run under `limits`.
    pub fn new(known: &'a K, choice: Choice, limits: &'a Limits) -> Self {
        Self {
            plan: Plan::default(),
            known,
            choice,
            limits,
            hex_ids: Vec::new(),
            other_ids: HashSet::new(),
            addresses: Vec::new(),
            per_domain: vec![0; limits.per_domain.len()],
        }
    }

    /// Counts the next email letter of the manifest, `id`, and returns true when the ledger
    /// knows it as accepted by a mail server or later in its life (posted, received...):
    /// nothing of it is sent. Otherwise returns false and counts nothing: the letter is then
    /// to be given whole to [`Planner::add`].
    pub fn add_settled(&mut self, id: &str) -> bool {
        match self.known.known(id).map(|k| k.status) {
            None | Some(LetterStatus::Sent | LetterStatus::Deferred | LetterStatus::Failed) => {
                false
            }
            Some(_) => {
                self.plan.letters += 1;
                self.plan.delivered += 1;
                true
            }
        }
    }

    /// Takes the next email letter of the manifest, found at `place`. An id already among
    /// the letters to send is refused: it would be sent twice.
    pub fn add(&mut self, place: Place, entry: &ManifestEntry) -> Result<(), Twice> {
        let plan = &mut self.plan;
        plan.letters += 1;
        let known = self.known.known(&entry.id);
        let counter = match known.as_ref().map(|k| k.status) {
            None => Some(&mut plan.new),
            Some(LetterStatus::Deferred) => Some(&mut plan.deferred),
            Some(LetterStatus::Sent) => {
                plan.in_doubt += 1;
                if plan.in_doubt_listed.len() < LISTED {
                    plan.in_doubt_listed.push(entry.clone());
                }
                self.choice.resend_in_doubt.then_some(&mut plan.resent)
            }
            Some(LetterStatus::Failed) => {
                plan.failed += 1;
                self.choice.retry_failed.then_some(&mut plan.retried)
            }
            Some(_) => {
                plan.delivered += 1;
                None
            }
        };
        let Some(counter) = counter else {
            return Ok(());
        };
        if plan.send.len() >= self.choice.limit.unwrap_or(usize::MAX) {
            plan.held_back += 1;
            return Ok(());
        }
        match crate::ids::hex_number(&entry.id) {
            Some(n) => self.hex_ids.push(n),
            None => {
                if !self.other_ids.insert(entry.id.clone()) {
                    return Err(Twice(entry.id.clone()));
                }
            }
        }
        *counter += 1;
        if let Some(at) = known.and_then(|k| k.first_sent_at) {
            plan.first_sent.insert(plan.send.len(), at);
        }
        plan.send.push(place);
        let email = entry.recipient.email.as_deref().unwrap_or("");
        self.addresses.push(address_hash(email));
        if !self.per_domain.is_empty() {
            let domain = domain_part(email);
            let class = self
                .limits
                .per_domain
                .keys()
                .position(|d| d.eq_ignore_ascii_case(domain));
            if let Some(k) = class {
                self.per_domain[k] += 1;
            }
            let class = class.map_or(0, |k| u32::try_from(k + 1).unwrap_or(0));
            plan.domains.push(class);
        }
        Ok(())
    }

    /// The plan, or the first id listed twice among the letters to send.
    pub fn finish(mut self) -> Result<Plan, Twice> {
        self.hex_ids.sort_unstable();
        if let Some(w) = self.hex_ids.windows(2).find(|w| w[0] == w[1]) {
            return Err(Twice(format!("{:016x}", w[0])));
        }
        self.addresses.sort_unstable();
        self.addresses.dedup();
        let mut plan = self.plan;
        plan.recipients = self.addresses.len();
        plan.estimate = estimate(plan.send.len(), &self.per_domain, self.limits);
        Ok(plan)
    }
}

/// A 64-bit hash (FNV-1a) of an address, trimmed and in lowercase.
fn address_hash(email: &str) -> u64 {
    let email = email.trim();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    if email.is_ascii() {
        email.bytes().for_each(|b| add(b.to_ascii_lowercase()));
    } else {
        email.to_lowercase().bytes().for_each(add);
    }
    h
}

/// The domain of an address as written (empty when there is none).
fn domain_part(email: &str) -> &str {
    email.rsplit_once('@').map(|(_, d)| d.trim()).unwrap_or("")
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
fn estimate(total: usize, per_domain: &[u32], limits: &Limits) -> Option<Duration> {
    let spacing = |count: u64, interval: Duration| {
        interval.saturating_mul(u32::try_from(count.saturating_sub(1)).unwrap_or(u32::MAX))
    };
    let mut longest: Option<Duration> = None;
    if let Some(rate) = limits.rate {
        let after_burst = (total as u64).saturating_sub(u64::from(limits.burst.get()) - 1);
        longest = Some(spacing(after_burst, rate.interval()));
    }
    for (rate, &n) in limits.per_domain.values().zip(per_domain) {
        if n > 0 {
            let d = spacing(u64::from(n), rate.interval());
            longest = Some(longest.map_or(d, |l| l.max(d)));
        }
    }
    longest
}

#[cfg(test)]
mod tests;
