//! The figures of the coordinators' overview, gathered from the ledger (through the
//! `Ledger` API and the tally code), the address book, the assignment and the manifest:
//! the tally for people (not the public one), actions per day and kind, the email run's
//! progress, the prisoners' coming birthdays and the volunteers who have reported nothing.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use serde::Serialize;
use time::{Date, Month};

use crate::ledger::{Filter, Ledger, LetterState};
use crate::manifest::{self, Channel, MANIFEST_FILE, ManifestEntry};
use crate::recipients::AddressBook;
use crate::status::{EmailLetters, PostLetters, letter_counts};
use crate::tally::{self, Tally};
use crate::workspace::Workspace;

/// How many prisoners the fewest-letters list holds.
pub const FEWEST: usize = 10;

/// How many days ahead birthdays are listed.
pub const BIRTHDAY_DAYS: i64 = 30;

/// A prisoner whose birthday comes within [`BIRTHDAY_DAYS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Birthday {
    /// Prisoner id.
    pub id: String,
    /// Name (Latin script).
    pub name: String,
    /// The case.
    pub case: String,
    /// The coming birthday.
    pub day: Date,
    /// Days from today (0 is today).
    pub in_days: i64,
    /// Solidarity actions counted for the prisoner.
    pub sent: u64,
    /// Of them, confirmed received.
    pub received: u64,
}

/// A volunteer given prisoners to write to, with no action and no letter event yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Silent {
    /// Volunteer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Their group, if any.
    pub group: Option<String>,
    /// Prisoners assigned to them.
    pub prisoners: u64,
}

/// Everything the overview shows.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// The tally for people (prisoner lists included, small countries not folded).
    pub tally: Tally,
    /// Kinds in the order of the stacked chart (most actions first).
    pub kinds: Vec<String>,
    /// Actions per day and kind: `(day, actions per kind in the order of `kinds`)`.
    pub per_day: Vec<(String, Vec<u64>)>,
    /// The email letters by their latest state.
    pub email: EmailLetters,
    /// The post letters by their latest state.
    pub post: PostLetters,
    /// Coming birthdays, soonest first.
    pub birthdays: Vec<Birthday>,
    /// Volunteers who have reported nothing, by name.
    pub silent: Vec<Silent>,
}

/// The letters of the manifest (none before `generate`).
fn manifest_entries(ws: &Workspace) -> Result<Vec<ManifestEntry>> {
    let path = ws.letters_dir().join(MANIFEST_FILE);
    if path.exists() {
        manifest::read(&path)
    } else {
        Ok(Vec::new())
    }
}

/// The email and post letters by their latest state in the ledger: what the live progress
/// reads while `send` runs.
pub fn progress(ledger: &Ledger, ws: &Workspace) -> Result<(EmailLetters, PostLetters)> {
    let (_, email, post) = letter_counts(ws, &ledger.letter_statuses()?)?;
    Ok((email, post))
}

/// Gathers the overview on `today`.
pub fn gather(
    ledger: &Ledger,
    ws: &Workspace,
    book: &AddressBook,
    today: Date,
) -> Result<Overview> {
    let filter = Filter::default();
    let figures = ledger.figures(&filter)?;
    let options = tally::Options {
        public: false,
        fewest: FEWEST,
        min_count: 0,
    };
    let tally = tally::build(&figures, &ws.campaign, book, &filter, options);
    let kinds: Vec<String> = tally.by_kind.iter().map(|l| l.name.clone()).collect();
    let mut days: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (day, kind, n) in ledger.actions_by_day_and_kind(&filter)? {
        if let Some(i) = kinds.iter().position(|k| *k == kind) {
            days.entry(day).or_insert_with(|| vec![0; kinds.len()])[i] += n;
        }
    }
    fill_days(&mut days, kinds.len());
    let (email, post) = progress(ledger, ws)?;
    let entries = manifest_entries(ws)?;
    let states = ledger.letter_states()?;
    let birthdays = birthdays(book, &figures.prisoners, today);
    let silent = silent(ledger, ws, book, &entries, &states)?;
    Ok(Overview {
        tally,
        kinds,
        per_day: days.into_iter().collect(),
        email,
        post,
        birthdays,
        silent,
    })
}

/// Adds the days without actions between the first and the last day with some, so the
/// chart's time runs evenly (not over more than a year: bars thinner than a pixel help
/// nobody).
fn fill_days(days: &mut BTreeMap<String, Vec<u64>>, kinds: usize) {
    let parse = |d: &String| crate::i18n::parse_iso_date(d);
    let (Some(first), Some(last)) = (
        days.keys().next().and_then(parse),
        days.keys().next_back().and_then(parse),
    ) else {
        return;
    };
    if (last - first).whole_days() > 366 {
        return;
    }
    let mut d = first;
    while d < last {
        days.entry(d.to_string()).or_insert_with(|| vec![0; kinds]);
        match d.next_day() {
            Some(n) => d = n,
            None => break,
        }
    }
}

/// The next `month`/`day` on or after `today` (29 February is 1 March in other years).
pub fn next_birthday(birth: Date, today: Date) -> Date {
    let on = |year: i32| {
        Date::from_calendar_date(year, birth.month(), birth.day())
            .or_else(|_| Date::from_calendar_date(year, Month::March, 1))
            .unwrap_or(today)
    };
    let this_year = on(today.year());
    if this_year >= today {
        this_year
    } else {
        on(today.year() + 1)
    }
}

fn birthdays(
    book: &AddressBook,
    counts: &HashMap<String, crate::ledger::PrisonerLetters>,
    today: Date,
) -> Vec<Birthday> {
    let mut out: Vec<Birthday> = book
        .prisoners
        .iter()
        .filter(|p| p.receives_letters())
        .filter_map(|p| {
            let day = next_birthday(p.birth_date?, today);
            let in_days = (day - today).whole_days();
            let n = counts.get(&p.id).copied().unwrap_or_default();
            (in_days <= BIRTHDAY_DAYS).then(|| Birthday {
                id: p.id.clone(),
                name: p.name.clone(),
                case: p.case.clone(),
                day,
                in_days,
                sent: n.sent,
                received: n.received,
            })
        })
        .collect();
    out.sort_by(|a, b| a.day.cmp(&b.day).then_with(|| a.name.cmp(&b.name)));
    out
}

/// Volunteers of the assignment with no action under their id and no event on any letter
/// they sign.
fn silent(
    ledger: &Ledger,
    ws: &Workspace,
    book: &AddressBook,
    entries: &[ManifestEntry],
    states: &HashMap<String, LetterState>,
) -> Result<Vec<Silent>> {
    // Without an assignment nobody was given letters (and the volunteers' cells, which can
    // be many, are not read).
    let Some(assignment) = crate::assignment::load(&ws.root)? else {
        return Ok(Vec::new());
    };
    let active = ledger.volunteers_with_actions()?;
    let mut given: BTreeMap<&str, u64> = BTreeMap::new();
    for p in &assignment.pairs {
        *given.entry(p.volunteer.as_str()).or_default() += 1;
    }
    let reported: std::collections::HashSet<&str> = entries
        .iter()
        .filter(|e| e.channel == Channel::Post && states.contains_key(&e.id))
        .map(|e| e.sender.id.as_str())
        .collect();
    let mut out: Vec<Silent> = given
        .into_iter()
        .filter(|(id, _)| !active.contains(*id) && !reported.contains(id))
        .map(|(id, n)| {
            let v = book.volunteers.iter().find(|v| v.id == id);
            Silent {
                id: id.to_string(),
                name: v.map_or_else(|| id.to_string(), |v| v.name.clone()),
                group: v.and_then(|v| v.group.clone()),
                prisoners: n,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn days_without_actions_are_filled_in_between() {
        let mut days = BTreeMap::new();
        days.insert("2026-08-04".to_string(), vec![1, 2]);
        days.insert("2026-08-07".to_string(), vec![0, 5]);
        fill_days(&mut days, 2);
        let keys: Vec<&str> = days.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["2026-08-04", "2026-08-05", "2026-08-06", "2026-08-07"]
        );
        assert_eq!(days["2026-08-05"], vec![0, 0]);
    }

    #[test]
    fn next_birthday_wraps_the_year_and_moves_29_february() {
        let today = date!(2026 - 12 - 20);
        assert_eq!(
            next_birthday(date!(1980 - 12 - 25), today),
            date!(2026 - 12 - 25)
        );
        assert_eq!(
            next_birthday(date!(1980 - 12 - 20), today),
            date!(2026 - 12 - 20)
        );
        assert_eq!(
            next_birthday(date!(1980 - 01 - 05), today),
            date!(2027 - 01 - 05)
        );
        assert_eq!(
            next_birthday(date!(1980 - 02 - 29), today),
            date!(2027 - 03 - 01)
        );
        assert_eq!(
            next_birthday(date!(1980 - 02 - 29), date!(2028 - 01 - 01)),
            date!(2028 - 02 - 29)
        );
    }
}
