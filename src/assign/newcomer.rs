//! One newcomer added to a saved assignment: the volunteer who signed up after `assign` ran
//! gets prisoners by the same fair rule (fewest letters first, counting the letters the saved
//! pairs already promise; birthdays first among equals; a language the prisoner's country lets
//! through), and no pair of anyone else moves.

use std::collections::{HashMap, HashSet};

use super::plan::{Options, plan};
use super::prepared::PreparedTexts;
use crate::assignment::{Assignment, Pair};
use crate::campaign::Campaign;
use crate::recipients::{Prisoner, Volunteer};

/// What the ledger already knows of the letters prisoners have.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    /// Letters each prisoner already had (missing ids count as none).
    pub prior: &'a HashMap<String, u64>,
    /// The (volunteer, prisoner) pairs whose letter `prior` already counts.
    pub counted: &'a HashSet<(String, String)>,
}

/// What [`assign_newcomer`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// The assignment with the newcomer's pairs appended (everyone else's untouched).
    pub assignment: Assignment,
    /// The newcomer's pairs (empty when no prisoner could take a letter from them).
    pub pairs: Vec<Pair>,
    /// True when the newcomer already had pairs: nothing was changed.
    pub already: bool,
}

/// Gives `newcomer` up to `opts.per_volunteer` prisoners and appends the pairs to `saved`
/// (a fresh assignment when there is none). A prisoner's load is the letters the ledger knows
/// (`known.prior`) plus the pairs `saved` already holds for them whose letter the ledger does
/// not count yet (`known.counted`), so the newcomer
/// writes to the prisoners who will otherwise get the fewest. A newcomer who already has pairs
/// keeps them and gets no more.
pub fn assign_newcomer(
    campaign: &Campaign,
    newcomer: &Volunteer,
    saved: Option<&Assignment>,
    prisoners: &[Prisoner],
    prepared: &PreparedTexts,
    known: Known<'_>,
    opts: &Options,
) -> Added {
    let base = saved.cloned().unwrap_or(Assignment {
        seed: opts.seed,
        per_volunteer: opts.per_volunteer,
        pairs: Vec::new(),
    });
    let theirs: Vec<Pair> = base
        .pairs
        .iter()
        .filter(|p| p.volunteer == newcomer.id)
        .cloned()
        .collect();
    if !theirs.is_empty() {
        return Added {
            assignment: base,
            pairs: theirs,
            already: true,
        };
    }
    let mut load = known.prior.clone();
    for p in &base.pairs {
        if !known
            .counted
            .contains(&(p.volunteer.clone(), p.prisoner.clone()))
        {
            *load.entry(p.prisoner.clone()).or_insert(0) += 1;
        }
    }
    // The newcomer's own seed: the tie-break among equally served prisoners differs from one
    // newcomer to the next, and stays the same for the same newcomer and input.
    let seed = opts.seed ^ super::default_seed(&newcomer.id);
    let one = Options {
        seed,
        ..opts.clone()
    };
    let (mine, _report) = plan(
        campaign,
        std::slice::from_ref(newcomer),
        prisoners,
        prepared,
        &load,
        &one,
    );
    let mut assignment = base;
    assignment.pairs.extend(mine.pairs.iter().cloned());
    Added {
        assignment,
        pairs: mine.pairs,
        already: false,
    }
}

#[cfg(test)]
mod tests;
