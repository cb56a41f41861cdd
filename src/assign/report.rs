//! What an assignment did: letters per prisoner, who was left out and why, and how it reads for
//! a person (`--json` prints the same as JSON).

use std::fmt::Write as _;

use serde::Serialize;

use crate::human;
use crate::recipients::Prisoner;

/// Min, median and max of letters per prisoner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Spread {
    /// The fewest.
    pub min: u64,
    /// The median (the mean of the two middle values for an even count).
    pub median: f64,
    /// The most.
    pub max: u64,
}

impl Spread {
    /// The spread of `values`; all zero when there are none.
    pub fn of(values: impl Iterator<Item = u64>) -> Self {
        let mut v: Vec<u64> = values.collect();
        if v.is_empty() {
            return Self::default();
        }
        v.sort_unstable();
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2] as f64
        } else {
            (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
        };
        Self {
            min: v[0],
            median,
            max: v[n - 1],
        }
    }
}

/// Why a prisoner got no letter in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Released: no letters to prison.
    Released,
    /// Receives letters from close family only.
    FamilyOnly,
    /// None of the prisoner's languages is accepted in their country.
    NoLanguage,
    /// No volunteer could be matched.
    Unmatched,
}

/// A prisoner who got no letter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeftOut {
    /// Prisoner id.
    pub prisoner: String,
    /// Prisoner name.
    pub name: String,
    /// Why.
    pub reason: Reason,
    /// The reason in words.
    pub detail: String,
}

impl LeftOut {
    pub(crate) fn new(p: &Prisoner, reason: Reason, detail: String) -> Self {
        Self {
            prisoner: p.id.clone(),
            name: p.name.clone(),
            reason,
            detail,
        }
    }
}

/// A volunteer given fewer prisoners than asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortVolunteer {
    /// Volunteer id.
    pub volunteer: String,
    /// Volunteer name.
    pub name: String,
    /// Prisoners given.
    pub got: u32,
}

/// The outcome of an assignment run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The seed used.
    pub seed: u64,
    /// Prisoners per volunteer asked for.
    pub per_volunteer: u32,
    /// Volunteers in the address book.
    pub volunteers: usize,
    /// Volunteers given fewer prisoners than asked for.
    pub volunteers_short: Vec<ShortVolunteer>,
    /// Prisoners in the address book.
    pub prisoners: usize,
    /// Prisoners who can receive letters.
    pub eligible: usize,
    /// Letters assigned (volunteer–prisoner pairs).
    pub letters: usize,
    /// Of which prepared bilingual letters.
    pub bilingual: usize,
    /// Letters per eligible prisoner in this run.
    pub per_prisoner: Spread,
    /// Letters per eligible prisoner counting the ledger's letters too.
    pub with_ledger: Spread,
    /// Prisoners whose birthday falls in the window, served first.
    pub birthdays: Vec<String>,
    /// Prisoners who got no letter, and why.
    pub left_out: Vec<LeftOut>,
}

impl Report {
    /// Eligible prisoners no volunteer could be matched with.
    pub fn unmatched(&self) -> usize {
        self.left_out
            .iter()
            .filter(|l| l.reason == Reason::Unmatched)
            .count()
    }

    /// The report for a person.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Assigned {} to {} ({} each asked for; {} bilingual).",
            human::count(self.letters as u64, "letter", "letters"),
            human::count(self.volunteers as u64, "volunteer", "volunteers"),
            human::group(u64::from(self.per_volunteer)),
            human::group(self.bilingual as u64),
        );
        let _ = writeln!(
            s,
            "Letters per prisoner ({} of {} can receive letters): min {}, median {}, max {}.",
            human::group(self.eligible as u64),
            human::group(self.prisoners as u64),
            human::group(self.per_prisoner.min),
            self.per_prisoner.median,
            human::group(self.per_prisoner.max),
        );
        if self.with_ledger != self.per_prisoner {
            let _ = writeln!(
                s,
                "With the letters already in the ledger: min {}, median {}, max {}.",
                human::group(self.with_ledger.min),
                self.with_ledger.median,
                human::group(self.with_ledger.max),
            );
        }
        if !self.birthdays.is_empty() {
            let _ = writeln!(
                s,
                "Birthdays coming up, served first: {}.",
                self.birthdays.join(", ")
            );
        }
        if !self.volunteers_short.is_empty() {
            let _ = writeln!(
                s,
                "{} fewer prisoners than asked for:",
                human::count(
                    self.volunteers_short.len() as u64,
                    "volunteer got",
                    "volunteers got"
                )
            );
            for v in &self.volunteers_short {
                let _ = writeln!(s, "  {} ({}): {}", v.volunteer, v.name, v.got);
            }
        }
        if self.left_out.is_empty() {
            let _ = writeln!(
                s,
                "Every prisoner who can receive letters got at least one."
            );
        } else {
            let _ = writeln!(
                s,
                "{} no letter:",
                human::count(self.left_out.len() as u64, "prisoner gets", "prisoners get")
            );
            for l in &self.left_out {
                let _ = writeln!(s, "  {} ({}): {}", l.prisoner, l.name, l.detail);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_min_median_max() {
        assert_eq!(
            Spread::of([3, 1, 2].into_iter()),
            Spread {
                min: 1,
                median: 2.0,
                max: 3
            }
        );
        assert_eq!(Spread::of([4, 1, 2, 3].into_iter()).median, 2.5);
        assert_eq!(Spread::of(std::iter::empty()), Spread::default());
    }
}
