//! The assignment itself: a greedy fill that always hands the next letter to the prisoner with
//! the fewest letters (ledger plus this run), which keeps the spread between the most and the
//! least served prisoner at one letter whenever every volunteer can write to every prisoner.

use std::collections::{BTreeSet, HashMap};

use time::{Date, Month};

use super::prepared::PreparedTexts;
use super::report::{LeftOut, Reason, Report, ShortVolunteer, Spread};
use super::rng::SplitMix;
use crate::assignment::{Assignment, Pair};
use crate::campaign::Campaign;
use crate::recipients::{Prisoner, PrisonerStatus, Volunteer};
use crate::rules::{CountryRules, rules_for};

/// How to assign.
#[derive(Debug, Clone)]
pub struct Options {
    /// Prisoners per volunteer.
    pub per_volunteer: u32,
    /// Same seed and input, same assignment.
    pub seed: u64,
    /// The date letters carry; birthdays are counted from it.
    pub letter_date: Date,
    /// Days ahead in which a birthday gives priority; 0 turns it off.
    pub birthday_window: u32,
}

/// A prisoner who can receive letters, with what the fill needs to know.
struct Candidate<'a> {
    prisoner: &'a Prisoner,
    /// The prisoner's languages the country lets through, the prisoner's preference first.
    languages: Vec<String>,
    /// The language of a prepared text for volunteers who write none of `languages`.
    prepared: Option<String>,
    prior: u64,
    birthday: bool,
    assigned: u64,
}

/// How far the fill looks past the first possible prisoner for one whose language the
/// volunteer writes, among prisoners equally in need; bounds the work on large campaigns.
const LANGUAGE_SCAN: usize = 256;

/// Days from `from` to the next birthday of someone born on `birth` (0 on the day itself).
/// A 29 February birthday falls on 1 March in other years.
pub fn days_to_birthday(birth: Date, from: Date) -> i64 {
    for year in [from.year(), from.year() + 1] {
        let day = Date::from_calendar_date(year, birth.month(), birth.day())
            .or_else(|_| Date::from_calendar_date(year, Month::March, 1));
        if let Ok(d) = day
            && d >= from
        {
            return (d - from).whole_days();
        }
    }
    366
}

/// Assigns `opts.per_volunteer` prisoners to each volunteer. `prior` holds the letters each
/// prisoner already had (from the ledger; missing ids count as none). Prisoners who are
/// released or receive only family letters, or whose languages their country does not accept,
/// are left out and named in the report.
pub fn plan(
    campaign: &Campaign,
    volunteers: &[Volunteer],
    prisoners: &[Prisoner],
    prepared: &PreparedTexts,
    prior: &HashMap<String, u64>,
    opts: &Options,
) -> (Assignment, Report) {
    let mut rules: HashMap<&str, CountryRules> = HashMap::new();
    let mut left_out = Vec::new();
    let mut cands: Vec<Candidate> = Vec::new();
    for p in prisoners {
        let reason = match p.status {
            PrisonerStatus::Released => Some((Reason::Released, "released".to_string())),
            PrisonerStatus::FamilyOnly => Some((
                Reason::FamilyOnly,
                "receives letters from close family only".to_string(),
            )),
            PrisonerStatus::Detained => None,
        };
        if let Some((reason, detail)) = reason {
            left_out.push(LeftOut::new(p, reason, detail));
            continue;
        }
        let r = rules
            .entry(p.country.as_str())
            .or_insert_with(|| rules_for(campaign, &p.country));
        let languages: Vec<String> = r
            .allowed(&p.languages)
            .into_iter()
            .map(str::to_string)
            .collect();
        if languages.is_empty() {
            let detail = format!(
                "none of the prisoner's languages ({}) is accepted in {}",
                p.languages.join(", "),
                r.country
            );
            left_out.push(LeftOut::new(p, Reason::NoLanguage, detail));
            continue;
        }
        let prepared = languages
            .iter()
            .find(|l| prepared.can_write(l, p.gender))
            .cloned();
        let birthday = opts.birthday_window > 0
            && p.birth_date.is_some_and(|b| {
                days_to_birthday(b, opts.letter_date) <= i64::from(opts.birthday_window)
            });
        cands.push(Candidate {
            prisoner: p,
            languages,
            prepared,
            prior: prior.get(&p.id).copied().unwrap_or(0),
            birthday,
            assigned: 0,
        });
    }

    let mut tiebreak: Vec<usize> = (0..cands.len()).collect();
    SplitMix::new(opts.seed, 1).shuffle(&mut tiebreak);
    let mut rank = vec![0usize; cands.len()];
    for (pos, &c) in tiebreak.iter().enumerate() {
        rank[c] = pos;
    }
    // Ordered by need: fewest letters, then birthdays, then a seeded tie-break.
    let key = |c: &Candidate, i: usize| (c.prior + c.assigned, !c.birthday, rank[i], i);
    let mut queue: BTreeSet<(u64, bool, usize, usize)> =
        cands.iter().enumerate().map(|(i, c)| key(c, i)).collect();

    let mut order: Vec<usize> = (0..volunteers.len()).collect();
    SplitMix::new(opts.seed, 2).shuffle(&mut order);
    let mut pairs_of: Vec<Vec<Pair>> = vec![Vec::new(); volunteers.len()];
    let mut short = Vec::new();
    let readable: BTreeSet<String> = cands
        .iter()
        .flat_map(|c| c.languages.iter().cloned())
        .collect();
    for &vi in &order {
        let v = &volunteers[vi];
        let own_possible = v.languages.iter().any(|l| readable.contains(l));
        let mut mine: Vec<usize> = Vec::new();
        for _ in 0..opts.per_volunteer {
            let Some((ci, language, bilingual)) = pick(&queue, &cands, v, &mine, own_possible)
            else {
                break;
            };
            queue.remove(&key(&cands[ci], ci));
            cands[ci].assigned += 1;
            queue.insert(key(&cands[ci], ci));
            mine.push(ci);
            pairs_of[vi].push(Pair {
                volunteer: v.id.clone(),
                prisoner: cands[ci].prisoner.id.clone(),
                language,
                bilingual,
            });
        }
        if mine.len() < opts.per_volunteer as usize {
            short.push(ShortVolunteer {
                volunteer: v.id.clone(),
                name: v.name.clone(),
                got: mine.len() as u32,
            });
        }
    }
    short.sort_by(|a, b| a.volunteer.cmp(&b.volunteer));

    for c in cands.iter().filter(|c| c.assigned == 0) {
        let able = volunteers
            .iter()
            .filter(|v| matching(c, v).is_some())
            .count();
        let detail = if able == 0 {
            format!(
                "no volunteer writes {} and there is no prepared text for this prisoner",
                c.languages.join(" or ")
            )
        } else {
            format!(
                "not enough volunteers ({} could write to this prisoner; each was given \
                 prisoners with fewer letters)",
                crate::human::group(able as u64)
            )
        };
        left_out.push(LeftOut::new(c.prisoner, Reason::Unmatched, detail));
    }

    let pairs: Vec<Pair> = pairs_of.into_iter().flatten().collect();
    let report = Report {
        seed: opts.seed,
        per_volunteer: opts.per_volunteer,
        volunteers: volunteers.len(),
        volunteers_short: short,
        prisoners: prisoners.len(),
        eligible: cands.len(),
        letters: pairs.len(),
        bilingual: pairs.iter().filter(|p| p.bilingual).count(),
        per_prisoner: Spread::of(cands.iter().map(|c| c.assigned)),
        with_ledger: Spread::of(cands.iter().map(|c| c.prior + c.assigned)),
        birthdays: cands
            .iter()
            .filter(|c| c.birthday)
            .map(|c| c.prisoner.id.clone())
            .collect(),
        left_out,
    };
    let assignment = Assignment {
        seed: opts.seed,
        per_volunteer: opts.per_volunteer,
        pairs,
    };
    (assignment, report)
}

/// The language of a letter from `v` to `c`, and whether it is a prepared bilingual one.
fn matching<'a>(c: &'a Candidate, v: &'a Volunteer) -> Option<(&'a str, bool)> {
    if let Some(l) = v.languages.iter().find(|l| c.languages.contains(l)) {
        return Some((l, false));
    }
    c.prepared.as_deref().map(|l| (l, true))
}

/// The neediest prisoner `v` can write to and does not have yet; among those equally in need,
/// one whose language `v` writes is preferred over a bilingual letter (when `v` writes any
/// language a prisoner reads: `own_possible`).
fn pick(
    queue: &BTreeSet<(u64, bool, usize, usize)>,
    cands: &[Candidate],
    v: &Volunteer,
    mine: &[usize],
    own_possible: bool,
) -> Option<(usize, String, bool)> {
    let mut first: Option<(usize, &str, (u64, bool))> = None;
    let mut scanned = 0;
    for &(load, no_birthday, _, ci) in queue {
        if let Some((_, _, band)) = &first {
            scanned += 1;
            if *band != (load, no_birthday) || scanned > LANGUAGE_SCAN {
                break;
            }
        }
        if mine.contains(&ci) {
            continue;
        }
        let Some((language, bilingual)) = matching(&cands[ci], v) else {
            continue;
        };
        if !bilingual {
            return Some((ci, language.to_string(), false));
        }
        if first.is_none() {
            if !own_possible {
                return Some((ci, language.to_string(), true));
            }
            first = Some((ci, language, (load, no_birthday)));
        }
    }
    first.map(|(ci, l, _)| (ci, l.to_string(), true))
}

#[cfg(test)]
mod tests;
