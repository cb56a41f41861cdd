//! Tests of one newcomer: others untouched, the least served prisoners first, languages,
//! birthdays, a second call changing nothing.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use time::macros::date;

use super::*;
use crate::recipients::{Gender, PrisonerStatus, Source};

fn campaign() -> Campaign {
    Campaign::parse(
        "id = \"c\"\nname = \"C\"\nstarts = 2026-08-04\nends = 2026-08-18\n[sender]\nname = \"G\"\nemail = \"g@example.org\"\n",
        Path::new("campaign.toml"),
    )
    .unwrap()
}

fn prisoner(id: &str, langs: &[&str], birth: time::Date) -> Prisoner {
    Prisoner {
        id: id.into(),
        name: id.into(),
        name_native: "Прыкладны Алесь".into(),
        given_name_native: None,
        patronymic: None,
        gender: Gender::Male,
        birth_date: Some(birth),
        institution: "ИК №4".into(),
        street: "ул. Ефремова, 1".into(),
        postcode: "246035".into(),
        town: "г. Гомель".into(),
        country: "BY".into(),
        languages: langs.iter().map(|s| s.to_string()).collect(),
        detained: None,
        case: "c1".into(),
        status: PrisonerStatus::Detained,
        source: Source::line("recipients/x.csv", 2),
    }
}

fn volunteer(id: &str, langs: &[&str]) -> Volunteer {
    Volunteer {
        id: id.into(),
        name: id.into(),
        email: format!("{id}@example.org"),
        city: "Kraków".into(),
        country: "PL".into(),
        languages: langs.iter().map(|s| s.to_string()).collect(),
        group: None,
        source: Source::line("recipients/x.csv", 2),
    }
}

fn pair(v: &str, p: &str) -> Pair {
    Pair {
        volunteer: v.into(),
        prisoner: p.into(),
        language: "ru".into(),
        bilingual: false,
    }
}

fn opts(k: u32) -> Options {
    Options {
        per_volunteer: k,
        seed: 7,
        letter_date: date!(2026 - 08 - 04),
        birthday_window: 21,
    }
}

fn far() -> time::Date {
    date!(1980 - 01 - 15)
}

#[test]
fn newcomer_gets_the_least_served_prisoners_and_nobody_else_moves() {
    let prisoners = vec![
        prisoner("a", &["ru"], far()),
        prisoner("b", &["ru"], far()),
        prisoner("c", &["ru"], far()),
    ];
    let saved = Assignment {
        seed: 1,
        per_volunteer: 1,
        pairs: vec![pair("x", "a"), pair("y", "b")],
    };
    // `c` had two letters already, `a` and `b` none but one promised each: `a` and `b` are
    // at 1, `c` at 2.
    let prior: HashMap<String, u64> = [("c".to_string(), 2)].into();
    let added = assign_newcomer(
        &campaign(),
        &volunteer("new", &["ru"]),
        Some(&saved),
        &prisoners,
        &PreparedTexts::default(),
        Known {
            prior: &prior,
            counted: &HashSet::new(),
        },
        &opts(2),
    );
    assert!(!added.already);
    assert_eq!(added.assignment.pairs[..2], saved.pairs[..]);
    assert_eq!(added.assignment.seed, 1);
    let mut got: Vec<&str> = added.pairs.iter().map(|p| p.prisoner.as_str()).collect();
    got.sort();
    assert_eq!(got, ["a", "b"]);
    assert!(added.pairs.iter().all(|p| p.volunteer == "new"));
    assert_eq!(added.assignment.pairs.len(), 4);
}

#[test]
fn newcomer_gets_a_prepared_text_only_where_they_write_no_language_of_the_prisoner() {
    let prisoners = vec![prisoner("a", &["ru"], far())];
    let de = volunteer("new", &["de"]);
    let none = assign_newcomer(
        &campaign(),
        &de,
        None,
        &prisoners,
        &PreparedTexts::default(),
        Known {
            prior: &HashMap::new(),
            counted: &HashSet::new(),
        },
        &opts(1),
    );
    assert!(none.pairs.is_empty(), "{:?}", none.pairs);
    let prepared =
        PreparedTexts::from_names(["prepared/solidarity-ru", "prepared/en/solidarity-ru"]);
    let some = assign_newcomer(
        &campaign(),
        &de,
        None,
        &prisoners,
        &prepared,
        Known {
            prior: &HashMap::new(),
            counted: &HashSet::new(),
        },
        &opts(1),
    );
    assert_eq!(
        some.pairs,
        [Pair {
            bilingual: true,
            ..pair("new", "a")
        }]
    );
}

#[test]
fn newcomer_serves_a_birthday_first_among_equals() {
    let prisoners = vec![
        prisoner("a", &["ru"], far()),
        prisoner("birthday", &["ru"], date!(1980 - 08 - 10)),
        prisoner("c", &["ru"], far()),
    ];
    let added = assign_newcomer(
        &campaign(),
        &volunteer("new", &["ru"]),
        None,
        &prisoners,
        &PreparedTexts::default(),
        Known {
            prior: &HashMap::new(),
            counted: &HashSet::new(),
        },
        &opts(1),
    );
    assert_eq!(added.pairs, [pair("new", "birthday")]);
}

#[test]
fn a_second_call_for_the_same_newcomer_changes_nothing() {
    let prisoners = vec![prisoner("a", &["ru"], far()), prisoner("b", &["ru"], far())];
    let first = assign_newcomer(
        &campaign(),
        &volunteer("new", &["ru"]),
        None,
        &prisoners,
        &PreparedTexts::default(),
        Known {
            prior: &HashMap::new(),
            counted: &HashSet::new(),
        },
        &opts(1),
    );
    let again = assign_newcomer(
        &campaign(),
        &volunteer("new", &["ru"]),
        Some(&first.assignment),
        &prisoners,
        &PreparedTexts::default(),
        Known {
            prior: &HashMap::new(),
            counted: &HashSet::new(),
        },
        &opts(1),
    );
    assert!(again.already);
    assert_eq!(again.assignment, first.assignment);
}

mod property {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the ledger and the saved pairs, the newcomer's prisoners are among the
        /// least served (no prisoner left out had fewer letters than one chosen), distinct,
        /// at most K, and every saved pair stays where it was.
        #[test]
        fn the_newcomer_takes_the_least_served_and_moves_nobody(
            prior in proptest::collection::vec(0u64..5, 1..12),
            saved in proptest::collection::vec((0usize..12, 0usize..4), 0..20),
            k in 1u32..5,
            seed in any::<u64>(),
        ) {
            let n = prior.len();
            let prisoners: Vec<Prisoner> =
                (0..n).map(|i| prisoner(&format!("p{i}"), &["ru"], far())).collect();
            let ledger: HashMap<String, u64> =
                prior.iter().enumerate().map(|(i, c)| (format!("p{i}"), *c)).collect();
            let mut pairs: Vec<Pair> = Vec::new();
            for (p, v) in saved {
                let p = format!("p{}", p % n);
                let v = format!("v{v}");
                if !pairs.iter().any(|q| q.prisoner == p && q.volunteer == v) {
                    pairs.push(pair(&v, &p));
                }
            }
            let saved = Assignment { seed: 1, per_volunteer: 1, pairs };
            let o = Options { seed, ..opts(k) };
            let added = assign_newcomer(
                &campaign(), &volunteer("new", &["ru"]), Some(&saved), &prisoners,
                &PreparedTexts::default(), Known { prior: &ledger, counted: &HashSet::new() }, &o,
            );
            prop_assert_eq!(&added.assignment.pairs[..saved.pairs.len()], &saved.pairs[..]);
            prop_assert_eq!(added.pairs.len(), (k as usize).min(n));
            let load = |id: &str| {
                ledger[id] + saved.pairs.iter().filter(|p| p.prisoner == id).count() as u64
            };
            let chosen: Vec<&str> = added.pairs.iter().map(|p| p.prisoner.as_str()).collect();
            let mut distinct = chosen.clone();
            distinct.sort();
            distinct.dedup();
            prop_assert_eq!(distinct.len(), chosen.len());
            let worst_chosen = chosen.iter().map(|c| load(c)).max().unwrap_or(0);
            for p in &prisoners {
                if !chosen.contains(&p.id.as_str()) {
                    prop_assert!(load(&p.id) >= worst_chosen, "{} left out with {}", p.id, load(&p.id));
                }
            }
        }
    }
}

#[test]
fn a_saved_pair_whose_letter_the_ledger_counts_is_not_counted_twice() {
    let prisoners = vec![prisoner("a", &["ru"], far()), prisoner("b", &["ru"], far())];
    // `x` wrote to `a` and the letter is in the ledger: `a` has 1, `b` has 1 (promised by `y`).
    let saved = Assignment {
        seed: 1,
        per_volunteer: 1,
        pairs: vec![pair("x", "a"), pair("y", "b"), pair("z", "b")],
    };
    let prior: HashMap<String, u64> = [("a".to_string(), 1)].into();
    let counted: HashSet<(String, String)> = [("x".to_string(), "a".to_string())].into();
    let added = assign_newcomer(
        &campaign(),
        &volunteer("new", &["ru"]),
        Some(&saved),
        &prisoners,
        &PreparedTexts::default(),
        Known {
            prior: &prior,
            counted: &counted,
        },
        &opts(1),
    );
    // `a` is at 1 and `b` at 2: `a`. Counted twice, `a` would have been at 2 too.
    assert_eq!(added.pairs, [pair("new", "a")]);
}
