//! The plan: which letters to write, in a fixed order, without rendering them.
//!
//! Appeals: for each case (campaign order), each volunteer, each authority answering for the
//! case, one letter in the authority's language when the volunteer writes it, else the
//! volunteer's first language with a template, else English. Solidarity letters: the saved
//! assignment's pairs, or else every volunteer with every prisoner who receives letters, in
//! the first of the volunteer's languages the prisoner may receive. The plan is an iterator,
//! so a million letters never sit in memory at once.
//!
//! A pair marked bilingual is written from the prepared text with a translation sheet (see
//! `bilingual`).

mod bilingual;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use anyhow::{Result, bail};

use super::Inputs;
use crate::diag::{Diagnostic, Diagnostics};
use crate::human;
use crate::manifest::{Channel, LetterKind};
use crate::template::Parties;

pub use bilingual::{prepared_pair, prepared_texts};

/// Which letters to keep (each list empty means all).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Case ids.
    pub cases: Vec<String>,
    /// Template names.
    pub templates: Vec<String>,
    /// Language codes.
    pub languages: Vec<String>,
    /// Volunteer ids.
    pub volunteers: Vec<String>,
}

/// One letter to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    /// Appeal or solidarity.
    pub kind: LetterKind,
    /// Index of the template in the template set.
    pub template: usize,
    /// The records it is made from.
    pub parties: Parties,
    /// Email (an authority with an address) or post.
    pub channel: Channel,
    /// The translation sheet's template, for a prepared bilingual letter.
    pub translation: Option<usize>,
}

/// Why a letter was not planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    /// No appeal template for the case in any language that fits.
    NoAppealTemplate { case: usize },
    /// The volunteer writes none of the prisoner's languages that have a template.
    NoCommonLanguage,
    /// An assignment pair that cannot be written (reported by the workspace checks).
    BadPair,
}

type Step = Option<Result<Planned, Skip>>;

/// The plan for one run: the inputs, the filters and lookup tables.
pub struct Plan<'a> {
    inputs: &'a Inputs,
    filters: &'a Filters,
    /// Case indexes kept by the filters, in campaign order.
    cases: Vec<usize>,
    /// Case id to index.
    case_index: HashMap<&'a str, usize>,
    /// Volunteer indexes kept by the filters, in file order.
    volunteers: Vec<usize>,
    /// The prisoner of each case, by index.
    case_prisoner: Vec<Option<usize>>,
    /// The prepared texts for bilingual letters.
    prepared: crate::assign::PreparedTexts,
}

/// What a plan holds, counted without rendering.
#[derive(Debug, Default)]
pub struct Survey {
    /// Appeals planned.
    pub appeals: u64,
    /// Solidarity letters planned.
    pub solidarity: u64,
    /// The templates used, by index.
    pub templates: BTreeSet<usize>,
    /// Letters not planned, and why.
    pub warnings: Diagnostics,
}

impl Survey {
    /// Every letter planned.
    pub fn letters(&self) -> u64 {
        self.appeals + self.solidarity
    }
}

impl<'a> Plan<'a> {
    /// A plan over `inputs`; a filter naming an unknown case, template or volunteer is an
    /// error (a typo would otherwise silently give no letters).
    pub fn new(inputs: &'a Inputs, filters: &'a Filters) -> Result<Self> {
        let campaign = &inputs.workspace.campaign;
        let book = &inputs.book;
        for case in &filters.cases {
            if campaign.case(case).is_none() {
                bail!("no case `{case}` in `campaign.toml`");
            }
        }
        for name in &filters.templates {
            if inputs.templates.position(name).is_none() {
                bail!("no template `{name}` in `templates/`");
            }
        }
        for id in &filters.volunteers {
            if book.volunteer(id).is_none() {
                bail!("no volunteer `{id}` in `recipients/`");
            }
        }
        let case_index: HashMap<&str, usize> = campaign
            .cases
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let cases = (0..campaign.cases.len())
            .filter(|&i| keep(&filters.cases, &campaign.cases[i].id))
            .collect();
        let volunteers = (0..book.volunteers.len())
            .filter(|&i| keep(&filters.volunteers, &book.volunteers[i].id))
            .collect();
        let case_prisoner = (0..campaign.cases.len())
            .map(|c| case_prisoner(inputs, c))
            .collect();
        Ok(Self {
            inputs,
            filters,
            cases,
            case_index,
            volunteers,
            case_prisoner,
            prepared: bilingual::prepared_texts(&inputs.templates),
        })
    }

    /// The inputs the plan was made from.
    pub fn inputs(&self) -> &'a Inputs {
        self.inputs
    }

    /// The letters, in plan order.
    pub fn letters(&self) -> impl Iterator<Item = Planned> + '_ {
        self.steps().filter_map(|s| s.and_then(Result::ok))
    }

    /// Counts the letters and explains those left out.
    pub fn survey(&self) -> Survey {
        let mut survey = Survey::default();
        let mut no_template: BTreeMap<usize, u64> = BTreeMap::new();
        let mut no_language = 0u64;
        for step in self.steps().flatten() {
            match step {
                Ok(p) => {
                    match p.kind {
                        LetterKind::Appeal => survey.appeals += 1,
                        LetterKind::Solidarity => survey.solidarity += 1,
                    }
                    survey.templates.insert(p.template);
                }
                Err(Skip::NoAppealTemplate { case }) => *no_template.entry(case).or_default() += 1,
                Err(Skip::NoCommonLanguage) => no_language += 1,
                Err(Skip::BadPair) => {}
            }
        }
        let cases = &self.inputs.workspace.campaign.cases;
        for (case, n) in no_template {
            survey.warnings.push(Diagnostic::warning(
                "templates",
                format!(
                    "case `{}`: {} not written: no appeal template for the case in the authority's language, the volunteer's languages or `en`",
                    cases[case].id,
                    human::count(n, "appeal", "appeals")
                ),
            ));
        }
        if no_language > 0 {
            survey.warnings.push(Diagnostic::warning(
                "recipients",
                format!(
                    "{} not written: the volunteer writes none of the prisoner's languages that have a solidarity template",
                    human::count(no_language, "solidarity letter", "solidarity letters")
                ),
            ));
        }
        survey
    }

    fn steps(&self) -> Box<dyn Iterator<Item = Step> + '_> {
        let appeals = self.cases.iter().flat_map(move |&c| {
            let case_id = self.inputs.workspace.campaign.cases[c].id.as_str();
            self.volunteers.iter().flat_map(move |&v| {
                self.inputs
                    .book
                    .authorities
                    .iter()
                    .enumerate()
                    .filter(move |(_, a)| a.answers_for(case_id))
                    .map(move |(a, _)| self.appeal(c, v, a))
            })
        });
        match &self.inputs.assignment {
            Some(assignment) => {
                let mut seen = HashSet::new();
                let prisoners: HashMap<&str, usize> = index(&self.inputs.book.prisoners, |p| &p.id);
                let volunteers: HashMap<&str, usize> =
                    index(&self.inputs.book.volunteers, |v| &v.id);
                let pairs = assignment.pairs.iter().map(move |pair| {
                    let (Some(&v), Some(&p)) = (
                        volunteers.get(pair.volunteer.as_str()),
                        prisoners.get(pair.prisoner.as_str()),
                    ) else {
                        return Some(Err(Skip::BadPair));
                    };
                    if !seen.insert((v, p)) {
                        return Some(Err(Skip::BadPair));
                    }
                    if pair.bilingual {
                        return self.bilingual(v, p, &pair.language);
                    }
                    self.assigned(v, p, &pair.language)
                });
                Box::new(appeals.chain(pairs))
            }
            None => {
                let everyone = self.volunteers.iter().flat_map(move |&v| {
                    (0..self.inputs.book.prisoners.len()).map(move |p| self.solidarity(v, p))
                });
                Box::new(appeals.chain(everyone))
            }
        }
    }

    fn appeal(&self, case: usize, volunteer: usize, authority: usize) -> Step {
        let inputs = self.inputs;
        let case_id = inputs.workspace.campaign.cases[case].id.as_str();
        let vol = &inputs.book.volunteers[volunteer];
        let auth = &inputs.book.authorities[authority];
        let find = |lang: &str| inputs.templates.find(LetterKind::Appeal, lang, case_id);
        let own = if vol.languages.contains(&auth.language) {
            find(&auth.language)
        } else {
            None
        };
        let Some(template) = own
            .or_else(|| vol.languages.iter().find_map(|l| find(l)))
            .or_else(|| find("en"))
        else {
            return Some(Err(Skip::NoAppealTemplate { case }));
        };
        let channel = if auth.email.is_some() {
            Channel::Email
        } else {
            Channel::Post
        };
        self.keep(Planned {
            kind: LetterKind::Appeal,
            template,
            parties: Parties {
                case,
                volunteer,
                prisoner: self.case_prisoner[case],
                authority: Some(authority),
            },
            channel,
            translation: None,
        })
    }

    fn solidarity(&self, volunteer: usize, prisoner: usize) -> Step {
        let inputs = self.inputs;
        let p = &inputs.book.prisoners[prisoner];
        let case = *self.case_index.get(p.case.as_str())?;
        if !p.receives_letters() || !keep(&self.filters.cases, &p.case) {
            return None;
        }
        let template = inputs.book.volunteers[volunteer]
            .languages
            .iter()
            .filter(|l| p.languages.contains(l))
            .find_map(|l| inputs.templates.find(LetterKind::Solidarity, l, &p.case));
        match template {
            Some(template) => self.keep(solidarity_letter(template, case, volunteer, prisoner)),
            None => Some(Err(Skip::NoCommonLanguage)),
        }
    }

    fn assigned(&self, volunteer: usize, prisoner: usize, language: &str) -> Step {
        let inputs = self.inputs;
        let p = &inputs.book.prisoners[prisoner];
        if !keep(
            &self.filters.volunteers,
            &inputs.book.volunteers[volunteer].id,
        ) || !keep(&self.filters.cases, &p.case)
        {
            return None;
        }
        let Some(&case) = self.case_index.get(p.case.as_str()) else {
            return Some(Err(Skip::BadPair));
        };
        if !p.receives_letters() {
            return Some(Err(Skip::BadPair));
        }
        match inputs
            .templates
            .find(LetterKind::Solidarity, language, &p.case)
        {
            Some(template) => self.keep(solidarity_letter(template, case, volunteer, prisoner)),
            None => Some(Err(Skip::BadPair)),
        }
    }

    /// Applies the template and language filters to a chosen letter.
    fn keep(&self, letter: Planned) -> Step {
        let t = self.inputs.templates.get(letter.template)?;
        if keep(&self.filters.templates, &t.name)
            && keep(&self.filters.languages, &t.front.language)
        {
            Some(Ok(letter))
        } else {
            None
        }
    }
}

/// A solidarity letter by post from `volunteer` to `prisoner`, in `template`, about `case`.
pub(super) fn solidarity_letter(
    template: usize,
    case: usize,
    volunteer: usize,
    prisoner: usize,
) -> Planned {
    Planned {
        kind: LetterKind::Solidarity,
        template,
        parties: Parties {
            case,
            volunteer,
            prisoner: Some(prisoner),
            authority: None,
        },
        channel: Channel::Post,
        translation: None,
    }
}

/// The prisoner of case `case`: the one named in `campaign.toml`, else the first in the
/// address book with that case.
pub(crate) fn case_prisoner(inputs: &Inputs, case: usize) -> Option<usize> {
    let c = inputs.workspace.campaign.cases.get(case)?;
    let prisoners = &inputs.book.prisoners;
    let named = c
        .prisoner
        .as_deref()
        .and_then(|id| prisoners.iter().position(|p| p.id == id));
    named.or_else(|| prisoners.iter().position(|p| p.case == c.id))
}

/// True when `filter` is empty or lists `value`.
fn keep(filter: &[String], value: &str) -> bool {
    filter.is_empty() || filter.iter().any(|f| f == value)
}

fn index<T>(items: &[T], id: impl Fn(&T) -> &String) -> HashMap<&str, usize> {
    let mut map = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        map.entry(id(item).as_str()).or_insert(i);
    }
    map
}
