//! Tests of the fill: balance, determinism, exclusions, birthdays, ledger counts, languages.

use std::path::Path;

use time::macros::date;

use super::*;
use crate::recipients::{Gender, Source};

fn campaign() -> Campaign {
    Campaign::parse(
        "id = \"c\"\nname = \"C\"\nstarts = 2026-08-04\nends = 2026-08-18\n[sender]\nname = \"G\"\nemail = \"g@example.org\"\n",
        Path::new("campaign.toml"),
    )
    .unwrap()
}

fn source() -> Source {
    Source::line("recipients/x.csv", 2)
}

fn prisoner(id: &str, langs: &[&str]) -> Prisoner {
    Prisoner {
        id: id.into(),
        name: id.into(),
        name_native: "Прыкладны Алесь".into(),
        given_name_native: None,
        patronymic: None,
        gender: Gender::Male,
        birth_date: Some(date!(1970 - 01 - 15)),
        institution: "ИК №4".into(),
        street: "ул. Ефремова, 1".into(),
        postcode: "246035".into(),
        town: "г. Гомель".into(),
        country: "BY".into(),
        languages: langs.iter().map(|s| s.to_string()).collect(),
        detained: None,
        case: "c1".into(),
        status: PrisonerStatus::Detained,
        source: source(),
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
        source: source(),
    }
}

fn prepared() -> PreparedTexts {
    PreparedTexts::from_names(["prepared/solidarity-ru", "prepared/en/solidarity-ru"])
}

fn opts(k: u32, seed: u64) -> Options {
    Options {
        per_volunteer: k,
        seed,
        letter_date: date!(2026 - 08 - 04),
        birthday_window: 21,
    }
}

fn run(
    v: &[Volunteer],
    p: &[Prisoner],
    prior: &HashMap<String, u64>,
    o: &Options,
) -> (Assignment, Report) {
    plan(&campaign(), v, p, &prepared(), prior, o)
}

fn counts(a: &Assignment) -> HashMap<String, u64> {
    let mut m = HashMap::new();
    for p in &a.pairs {
        *m.entry(p.prisoner.clone()).or_insert(0) += 1;
    }
    m
}

#[test]
fn balanced_and_every_prisoner_covered() {
    let v: Vec<_> = (0..100)
        .map(|i| volunteer(&format!("v{i}"), &["ru"]))
        .collect();
    let p: Vec<_> = (0..40)
        .map(|i| prisoner(&format!("p{i}"), &["ru"]))
        .collect();
    let (a, r) = run(&v, &p, &HashMap::new(), &opts(3, 1));
    assert_eq!(a.pairs.len(), 300);
    assert_eq!((r.per_prisoner.min, r.per_prisoner.max), (7, 8));
    assert!(r.left_out.is_empty());
    for vol in &v {
        let mine: Vec<_> = a.pairs.iter().filter(|x| x.volunteer == vol.id).collect();
        assert_eq!(mine.len(), 3);
        assert!(mine[0].prisoner != mine[1].prisoner && mine[1].prisoner != mine[2].prisoner);
    }
    // Pairs are listed in volunteer file order.
    assert_eq!(a.pairs[0].volunteer, "v0");
    assert_eq!(a.pairs.last().unwrap().volunteer, "v99");
}

#[test]
fn same_seed_same_assignment() {
    let v: Vec<_> = (0..30)
        .map(|i| volunteer(&format!("v{i}"), &["ru"]))
        .collect();
    let p: Vec<_> = (0..20)
        .map(|i| prisoner(&format!("p{i}"), &["ru"]))
        .collect();
    let none = HashMap::new();
    assert_eq!(
        run(&v, &p, &none, &opts(2, 9)),
        run(&v, &p, &none, &opts(2, 9))
    );
    assert_ne!(
        run(&v, &p, &none, &opts(2, 9)).0,
        run(&v, &p, &none, &opts(2, 10)).0
    );
}

#[test]
fn released_family_only_and_unaccepted_languages_left_out() {
    let mut released = prisoner("released", &["ru"]);
    released.status = PrisonerStatus::Released;
    let mut family = prisoner("family", &["ru"]);
    family.status = PrisonerStatus::FamilyOnly;
    let mut russia_be = prisoner("russia-be", &["be"]);
    russia_be.country = "RU".into();
    let p = vec![released, family, russia_be, prisoner("ok", &["ru"])];
    let v: Vec<_> = (0..5)
        .map(|i| volunteer(&format!("v{i}"), &["ru"]))
        .collect();
    let (a, r) = run(&v, &p, &HashMap::new(), &opts(1, 1));
    assert!(a.pairs.iter().all(|x| x.prisoner == "ok"));
    let reasons: Vec<(&str, Reason)> = r
        .left_out
        .iter()
        .map(|l| (l.prisoner.as_str(), l.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("released", Reason::Released),
            ("family", Reason::FamilyOnly),
            ("russia-be", Reason::NoLanguage)
        ]
    );
    assert_eq!(r.unmatched(), 0);
}

#[test]
fn birthday_in_window_is_never_the_one_left_out() {
    let v: Vec<_> = (0..9)
        .map(|i| volunteer(&format!("v{i}"), &["ru"]))
        .collect();
    let mut p: Vec<_> = (0..10)
        .map(|i| prisoner(&format!("p{i}"), &["ru"]))
        .collect();
    p[6].birth_date = Some(date!(1990 - 08 - 20));
    for seed in 0..30 {
        let (a, r) = run(&v, &p, &HashMap::new(), &opts(1, seed));
        assert!(counts(&a).contains_key("p6"), "seed {seed}");
        assert_eq!(r.birthdays, ["p6"]);
    }
    let mut off = opts(1, 0);
    off.birthday_window = 0;
    let left: Vec<String> = (0..30)
        .map(|seed| {
            off.seed = seed;
            run(&v, &p, &HashMap::new(), &off).1.left_out[0]
                .prisoner
                .clone()
        })
        .collect();
    assert!(
        left.iter().any(|l| l == "p6"),
        "without the window p6 is just one of ten"
    );
}

#[test]
fn birthday_days_wrap_the_year_and_leap_day() {
    assert_eq!(
        days_to_birthday(date!(1990 - 08 - 20), date!(2026 - 08 - 04)),
        16
    );
    assert_eq!(
        days_to_birthday(date!(1990 - 01 - 02), date!(2026 - 12 - 30)),
        3
    );
    assert_eq!(
        days_to_birthday(date!(1992 - 02 - 29), date!(2026 - 02 - 27)),
        2
    );
    assert_eq!(
        days_to_birthday(date!(1990 - 08 - 04), date!(2026 - 08 - 04)),
        0
    );
}

#[test]
fn ledger_counts_come_first() {
    let v: Vec<_> = (0..4)
        .map(|i| volunteer(&format!("v{i}"), &["ru"]))
        .collect();
    let p: Vec<_> = (0..4)
        .map(|i| prisoner(&format!("p{i}"), &["ru"]))
        .collect();
    let prior: HashMap<String, u64> = [("p0".to_string(), 5), ("p1".to_string(), 2)].into();
    let (a, r) = run(&v, &p, &prior, &opts(1, 3));
    let c = counts(&a);
    assert_eq!((c.get("p0"), c.get("p1")), (None, None));
    assert_eq!((c["p2"], c["p3"]), (2, 2));
    assert_eq!((r.with_ledger.min, r.with_ledger.max), (2, 5));
    assert_eq!((r.per_prisoner.min, r.per_prisoner.max), (0, 2));
    let left: Vec<&str> = r.left_out.iter().map(|l| l.prisoner.as_str()).collect();
    assert_eq!(left, ["p0", "p1"]);
    assert_eq!(r.left_out[0].reason, Reason::Unmatched);
    assert!(r.left_out[0].detail.starts_with("not enough volunteers"));
}

#[test]
fn volunteer_without_the_language_gets_a_bilingual_letter() {
    let v = vec![volunteer("anna", &["pl", "en"])];
    let p = vec![prisoner("p", &["be", "ru"])];
    let (a, _) = run(&v, &p, &HashMap::new(), &opts(1, 1));
    assert_eq!(
        a.pairs,
        [Pair {
            volunteer: "anna".into(),
            prisoner: "p".into(),
            language: "ru".into(),
            bilingual: true
        }]
    );
}

#[test]
fn no_prepared_text_and_no_common_language_is_unmatched() {
    let v = vec![volunteer("anna", &["pl"])];
    let p = vec![prisoner("p", &["be"])];
    let (a, r) = run(&v, &p, &HashMap::new(), &opts(1, 1));
    assert!(a.pairs.is_empty());
    assert_eq!(r.left_out[0].reason, Reason::Unmatched);
    assert!(r.left_out[0].detail.starts_with("no volunteer writes be"));
    assert_eq!(r.volunteers_short[0].got, 0);
}

#[test]
fn own_language_preferred_among_equals() {
    let v = vec![volunteer("olia", &["be"])];
    let p: Vec<_> = (0..8)
        .map(|i| prisoner(&format!("p{i}"), if i == 5 { &["be"] } else { &["ru"] }))
        .collect();
    for seed in 0..10 {
        let (a, _) = run(&v, &p, &HashMap::new(), &opts(1, seed));
        assert_eq!(a.pairs[0].prisoner, "p5", "seed {seed}");
        assert!(!a.pairs[0].bilingual);
    }
}
