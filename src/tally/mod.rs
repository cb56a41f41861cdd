//! Tallies: the figures a campaign publishes (actions, countries, cases, volunteers and
//! groups; breakdowns by kind, case, country, day, channel and group; prisoners getting too
//! few letters), built from the ledger's query results and rendered as text, Markdown, JSON
//! or CSV. A public tally leaves out everything about people.

mod render;

use std::collections::HashMap;

use serde::Serialize;

pub use render::{Format, render};

use crate::campaign::Campaign;
use crate::ledger::{Figures, Filter, PrisonerLetters, Undelivered};
use crate::recipients::AddressBook;

/// One line of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// The kind, country code, day, channel or group.
    pub name: String,
    /// The case title, for the breakdown by case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Actions.
    pub actions: u64,
}

/// Letters for one prisoner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrisonerLine {
    /// Prisoner id.
    pub id: String,
    /// Name from `recipients/` (the id when the prisoner is not there).
    pub name: String,
    /// The prisoner's case.
    pub case: String,
    /// Solidarity actions counted.
    pub sent: u64,
    /// Letters confirmed received.
    pub received: u64,
}

/// The filters a tally was made with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filters {
    /// First day.
    pub from: Option<String>,
    /// Last day.
    pub to: Option<String>,
    /// Case id.
    pub case: Option<String>,
}

/// A whole tally. In a public tally the fields about people are `None` and left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Campaign id.
    pub campaign: String,
    /// Campaign name.
    pub name: String,
    /// The filters applied.
    pub filters: Filters,
    /// True for the public export.
    pub public: bool,
    /// All actions.
    pub actions: u64,
    /// Countries with at least one action.
    pub countries: u64,
    /// Cases with at least one action.
    pub cases: u64,
    /// Volunteers with at least one action.
    pub volunteers: u64,
    /// Groups with at least one action.
    pub groups: u64,
    /// Actions by kind, most first.
    pub by_kind: Vec<Line>,
    /// Actions by case, most first.
    pub by_case: Vec<Line>,
    /// Actions by country, most first.
    pub by_country: Vec<Line>,
    /// Actions by day, in date order.
    pub by_day: Vec<Line>,
    /// Actions by channel, most first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_channel: Option<Vec<Line>>,
    /// Actions by group, most first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_group: Option<Vec<Line>>,
    /// Detained prisoners with the fewest solidarity actions, fewest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fewest_letters: Option<Vec<PrisonerLine>>,
    /// Detained prisoners with no letter confirmed received, most letters sent first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub none_received: Option<Vec<PrisonerLine>>,
    /// Letters whose latest status is returned or withheld (they count as actions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undelivered: Option<Vec<Undelivered>>,
    /// Corrections in the ledger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrections: Option<u64>,
}

/// What a tally shows beyond the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Leave out everything about people (volunteers, groups, prisoners, letters).
    pub public: bool,
    /// How many prisoners the fewest-letters list shows.
    pub fewest: usize,
    /// In a public tally, country rows with fewer actions than this fold into one `other`
    /// row (a country with two actions may point at two people); 0 or 1 folds nothing.
    pub min_count: u64,
}

/// The name of the row that small public breakdown rows fold into.
pub const OTHER: &str = "other";

/// Folds the rows of `lines` with fewer than `min` actions into one [`OTHER`] row, put last.
/// A folded row is counted even when it is the only one.
pub fn fold_small(lines: Vec<Line>, min: u64) -> Vec<Line> {
    let (mut kept, small): (Vec<Line>, Vec<Line>) =
        lines.into_iter().partition(|l| l.actions >= min);
    let folded: u64 = small.iter().map(|l| l.actions).sum();
    if !small.is_empty() {
        kept.push(Line {
            name: OTHER.to_string(),
            title: None,
            actions: folded,
        });
    }
    kept
}

fn lines(sums: &[(String, u64)], by_name: bool) -> Vec<Line> {
    let mut out: Vec<Line> = sums
        .iter()
        .map(|(name, actions)| Line {
            name: name.clone(),
            title: None,
            actions: *actions,
        })
        .collect();
    if !by_name {
        out.sort_by(|a, b| b.actions.cmp(&a.actions).then_with(|| a.name.cmp(&b.name)));
    }
    out
}

/// Builds the tally of `figures` for `campaign`, naming prisoners from `book`.
pub fn build(
    figures: &Figures,
    campaign: &Campaign,
    book: &AddressBook,
    filter: &Filter,
    options: Options,
) -> Tally {
    let mut by_case = lines(&figures.by_case, false);
    for line in &mut by_case {
        line.title = campaign.case(&line.name).map(|c| c.title.clone());
    }
    let people = !options.public;
    let (fewest, none_received) = prisoners(&figures.prisoners, book, filter, options.fewest);
    Tally {
        campaign: campaign.id.clone(),
        name: campaign.name.clone(),
        filters: Filters {
            from: filter.from.map(|d| d.to_string()),
            to: filter.to.map(|d| d.to_string()),
            case: filter.case.clone(),
        },
        public: options.public,
        actions: figures.actions,
        countries: figures.by_country.len() as u64,
        cases: figures.by_case.len() as u64,
        volunteers: figures.volunteers,
        groups: figures.by_group.len() as u64,
        by_kind: lines(&figures.by_kind, false),
        by_case,
        by_country: if options.public {
            fold_small(lines(&figures.by_country, false), options.min_count)
        } else {
            lines(&figures.by_country, false)
        },
        by_day: lines(&figures.by_day, true),
        by_channel: people.then(|| lines(&figures.by_channel, false)),
        by_group: people.then(|| lines(&figures.by_group, false)),
        fewest_letters: people.then_some(fewest),
        none_received: people.then_some(none_received),
        undelivered: people.then(|| figures.undelivered.clone()),
        corrections: people.then_some(figures.corrections),
    }
}

/// The fewest-letters list and the none-received list, over the detained prisoners of the
/// address book (of the filtered case, when there is one).
fn prisoners(
    counts: &HashMap<String, PrisonerLetters>,
    book: &AddressBook,
    filter: &Filter,
    fewest: usize,
) -> (Vec<PrisonerLine>, Vec<PrisonerLine>) {
    let mut all: Vec<PrisonerLine> = book
        .prisoners
        .iter()
        .filter(|p| p.receives_letters())
        .filter(|p| filter.case.as_ref().is_none_or(|c| *c == p.case))
        .map(|p| {
            let n = counts.get(&p.id).copied().unwrap_or_default();
            PrisonerLine {
                id: p.id.clone(),
                name: p.name.clone(),
                case: p.case.clone(),
                sent: n.sent,
                received: n.received,
            }
        })
        .collect();
    let mut fewest_list = all.clone();
    fewest_list.sort_by(|a, b| a.sent.cmp(&b.sent).then_with(|| a.name.cmp(&b.name)));
    fewest_list.truncate(fewest);
    all.retain(|p| p.received == 0);
    all.sort_by(|a, b| b.sent.cmp(&a.sent).then_with(|| a.name.cmp(&b.name)));
    (fewest_list, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str, actions: u64) -> Line {
        Line {
            name: name.into(),
            title: None,
            actions,
        }
    }

    #[test]
    fn small_rows_fold_into_one_other_row_at_the_end() {
        let rows = vec![
            line("LT", 1204),
            line("FR", 2),
            line("DE", 5),
            line("SE", 4),
        ];
        assert_eq!(
            fold_small(rows.clone(), 5),
            vec![line("LT", 1204), line("DE", 5), line(OTHER, 6)]
        );
        assert_eq!(fold_small(rows.clone(), 0), rows);
        assert_eq!(fold_small(vec![line("FR", 1)], 5), vec![line(OTHER, 1)]);
        assert_eq!(fold_small(Vec::new(), 5), Vec::new());
    }
}
