//! `marathon assign`: balance, determinism, exclusions, birthdays, bilingual letters.

use std::collections::HashMap;

use serde_json::Value;

use crate::support::Workspace;
use crate::synth::{self, belarus_row, russia_row, volunteer_row};

fn saved(ws: &Workspace) -> Value {
    serde_json::from_str(&ws.read(".marathon/assignment.json")).unwrap()
}

fn pairs(ws: &Workspace) -> Vec<Value> {
    saved(ws)["pairs"].as_array().unwrap().clone()
}

fn per_prisoner(pairs: &[Value]) -> HashMap<String, u64> {
    let mut m = HashMap::new();
    for p in pairs {
        *m.entry(p["prisoner"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    m
}

#[test]
fn synthetic_marathon_is_balanced_and_covers_everyone() {
    let ws = synth::large();
    let out = ws.ok(&["assign", "--per-volunteer", "3", "--seed", "1", "--json"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let pairs = pairs(&ws);
    assert_eq!(pairs.len(), 3000);
    assert_eq!(report["letters"], 3000);
    let counts = per_prisoner(&pairs);
    // 300 prisoners: 6 released (i % 50 == 7), 4 family-only (i % 75 == 11).
    assert_eq!(counts.len(), 290, "every eligible prisoner is covered");
    let min = counts.values().min().unwrap();
    let max = counts.values().max().unwrap();
    assert!(max - min <= 1, "spread {min}..{max}");
    assert_eq!(report["per_prisoner"]["min"].as_u64(), Some(*min));
    assert_eq!(report["per_prisoner"]["max"].as_u64(), Some(*max));
    assert_eq!(report["saved"], ".marathon/assignment.json");
    // Each volunteer got three different prisoners.
    let mut by_volunteer: HashMap<&str, Vec<&str>> = HashMap::new();
    for p in &pairs {
        by_volunteer
            .entry(p["volunteer"].as_str().unwrap())
            .or_default()
            .push(p["prisoner"].as_str().unwrap());
    }
    assert_eq!(by_volunteer.len(), 1000);
    for (v, mut ps) in by_volunteer {
        ps.sort_unstable();
        ps.dedup();
        assert_eq!(ps.len(), 3, "{v}");
    }
    // Never a letter in a language the censor discards.
    for p in &pairs {
        let prisoner = p["prisoner"].as_str().unwrap();
        let n: usize = prisoner[1..].parse().unwrap();
        let lang = p["language"].as_str().unwrap();
        if n % 10 == 3 {
            assert_eq!(lang, "ru", "{p}");
        } else {
            assert!(lang == "ru" || lang == "be", "{p}");
        }
    }
}

#[test]
fn released_and_family_only_are_left_out_with_reasons() {
    let ws = synth::large();
    let out = ws.ok(&["assign", "--seed", "2", "--json"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let left = report["left_out"].as_array().unwrap();
    let reasons: Vec<(&str, &str)> = left
        .iter()
        .map(|l| {
            (
                l["prisoner"].as_str().unwrap(),
                l["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(reasons.contains(&("p007", "released")), "{reasons:?}");
    assert!(reasons.contains(&("p011", "family-only")), "{reasons:?}");
    assert_eq!(reasons.len(), 10, "{reasons:?}");
    let assigned = per_prisoner(&pairs(&ws));
    assert!(!assigned.contains_key("p007") && !assigned.contains_key("p011"));
    let text = ws.ok(&["assign", "--seed", "2", "--dry-run"]);
    assert!(text.contains("10 prisoners get no letter:"), "{text}");
    assert!(text.contains("  p007 (Ales p007): released"), "{text}");
    assert!(
        text.contains("  p011 (Ales p011): receives letters from close family only"),
        "{text}"
    );
}

#[test]
fn same_seed_same_file_and_a_different_one_needs_replace() {
    let ws = synth::large();
    ws.ok(&["assign", "-k", "2", "--seed", "7"]);
    let first = ws.read(".marathon/assignment.json");
    ws.ok(&["assign", "-k", "2", "--seed", "7"]);
    assert_eq!(first, ws.read(".marathon/assignment.json"));
    let err = ws.fails(&["assign", "-k", "2", "--seed", "8"], 2);
    assert!(err.contains("pass `--replace`"), "{err}");
    assert_eq!(
        first,
        ws.read(".marathon/assignment.json"),
        "kept as it was"
    );
    ws.ok(&["assign", "-k", "2", "--seed", "8", "--replace"]);
    assert_ne!(first, ws.read(".marathon/assignment.json"));
}

#[test]
fn per_volunteer_and_seed_default_from_the_campaign_file() {
    let prisoners: Vec<String> = (0..4)
        .map(|i| belarus_row(&format!("p{i}"), "ru", "1970-01-15", "detained"))
        .collect();
    let volunteers = vec![volunteer_row("anna", "ru")];
    let ws = synth::workspace(
        &prisoners,
        &volunteers,
        "[assign]\nper_volunteer = 4\nseed = 99\n",
    );
    ws.ok(&["assign"]);
    let s = saved(&ws);
    assert_eq!(
        (s["per_volunteer"].as_u64(), s["seed"].as_u64()),
        (Some(4), Some(99))
    );
    assert_eq!(s["pairs"].as_array().unwrap().len(), 4);
}

#[test]
fn birthday_in_the_window_gets_priority() {
    // Ten prisoners, nine letters: one prisoner goes without, never the one whose birthday is
    // in eleven days.
    let prisoners: Vec<String> = (0..10)
        .map(|i| {
            let birth = if i == 4 { "1985-08-15" } else { "1970-01-15" };
            belarus_row(&format!("p{i}"), "ru", birth, "detained")
        })
        .collect();
    let volunteers: Vec<String> = (0..9)
        .map(|i| volunteer_row(&format!("v{i}"), "ru"))
        .collect();
    let ws = synth::workspace(&prisoners, &volunteers, "");
    let mut left_without_window = Vec::new();
    for seed in 0..6 {
        let seed = seed.to_string();
        let out = ws.run(&["assign", "--seed", &seed, "--json", "--replace"]);
        assert_eq!(out.status.code(), Some(1), "one prisoner is unmatched");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["birthdays"], serde_json::json!(["p4"]));
        assert_ne!(report["left_out"][0]["prisoner"], "p4", "seed {seed}");
        assert!(per_prisoner(&pairs(&ws)).contains_key("p4"));
        let out = ws.run(&[
            "assign",
            "--seed",
            &seed,
            "--json",
            "--birthday-window",
            "0",
            "--dry-run",
        ]);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        left_without_window.push(
            report["left_out"][0]["prisoner"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    assert!(
        left_without_window
            .iter()
            .any(|p| p != &left_without_window[0]),
        "without the window the seed decides: {left_without_window:?}"
    );
}

#[test]
fn volunteer_without_a_prisoner_language_signs_a_bilingual_letter() {
    let prisoners = vec![
        belarus_row("by1", "be ru", "1970-01-15", "detained"),
        russia_row("ru1", "detained"),
    ];
    let volunteers = vec![volunteer_row("hans", "de"), volunteer_row("olia", "be")];
    let ws = synth::workspace(&prisoners, &volunteers, "");
    ws.ok(&["assign", "-k", "2", "--seed", "3"]);
    let pairs = pairs(&ws);
    let find = |v: &str, p: &str| {
        pairs
            .iter()
            .find(|x| x["volunteer"] == v && x["prisoner"] == p)
            .unwrap_or_else(|| panic!("{v}->{p} in {pairs:?}"))
            .clone()
    };
    let hans_by = find("hans", "by1");
    assert_eq!(
        (hans_by["language"].as_str(), hans_by["bilingual"].as_bool()),
        (Some("be"), Some(true))
    );
    let hans_ru = find("hans", "ru1");
    assert_eq!(
        (hans_ru["language"].as_str(), hans_ru["bilingual"].as_bool()),
        (Some("ru"), Some(true))
    );
    let olia_by = find("olia", "by1");
    assert_eq!(
        (olia_by["language"].as_str(), olia_by["bilingual"].as_bool()),
        (Some("be"), Some(false))
    );
    // Russia returns Belarusian letters: Olia signs a prepared Russian text.
    let olia_ru = find("olia", "ru1");
    assert_eq!(
        (olia_ru["language"].as_str(), olia_ru["bilingual"].as_bool()),
        (Some("ru"), Some(true))
    );
}

#[test]
fn without_prepared_texts_a_prisoner_nobody_can_write_to_is_reported() {
    let prisoners = vec![belarus_row("by1", "be", "1970-01-15", "detained")];
    let volunteers = vec![volunteer_row("hans", "de")];
    let ws = synth::workspace(&prisoners, &volunteers, "");
    std::fs::remove_dir_all(ws.path().join("templates/prepared")).unwrap();
    let out = ws.run(&["assign"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("by1 (Ales by1): no volunteer writes be and there is no prepared text"),
        "{text}"
    );
    assert!(
        text.contains("1 volunteer got fewer prisoners than asked for:"),
        "{text}"
    );
}

#[test]
fn bad_recipient_row_stops_assignment() {
    let prisoners = vec![
        belarus_row("by1", "ru", "1970-01-15", "detained"),
        belarus_row("by2", "ru", "1970-13-15", "detained"),
    ];
    let ws = synth::workspace(&prisoners, &[volunteer_row("anna", "ru")], "");
    let err = ws.fails(&["assign"], 2);
    assert!(
        err.contains("recipients/prisoners.csv:3: field `birth_date`"),
        "{err}"
    );
    assert!(!ws.path().join(".marathon/assignment.json").exists());
}

/// Records `n` posted solidarity letters to `prisoner` in the workspace's ledger.
fn posted_letters(ws: &Workspace, prisoner: &str, n: usize) {
    use marathon::ledger::{Ledger, LetterEvent};
    use marathon::manifest::{Channel, LetterKind, LetterStatus, ManifestEntry, Party, Role};
    let mut ledger = Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
    let events: Vec<LetterEvent> = (0..n)
        .map(|i| LetterEvent {
            letter: std::borrow::Cow::Owned(ManifestEntry {
                id: format!("{prisoner}-earlier-{i}"),
                template: "solidarity".into(),
                kind: LetterKind::Solidarity,
                language: "ru".into(),
                case: "case-1".into(),
                prisoner: prisoner.into(),
                recipient: Party {
                    id: prisoner.into(),
                    role: Role::Prisoner,
                    name: prisoner.into(),
                    email: None,
                    country: "BY".into(),
                },
                sender: Party {
                    id: format!("earlier-{i}"),
                    role: Role::Volunteer,
                    name: "Earlier volunteer".into(),
                    email: None,
                    country: "PL".into(),
                },
                channel: Channel::Post,
                subject: String::new(),
                path: format!("post/{i}.txt"),
                html_path: None,
                translation_path: None,
            }),
            status: LetterStatus::Posted,
            detail: None,
            origin: "record".into(),
            at: time::OffsetDateTime::now_utc(),
        })
        .collect();
    ledger.record_letter_events(&events).unwrap();
}

#[test]
fn letters_in_the_ledger_count_first() {
    let prisoners: Vec<String> = (0..4)
        .map(|i| belarus_row(&format!("p{i}"), "ru", "1970-01-15", "detained"))
        .collect();
    let volunteers: Vec<String> = (0..4)
        .map(|i| volunteer_row(&format!("v{i}"), "ru"))
        .collect();
    let ws = synth::workspace(&prisoners, &volunteers, "");
    posted_letters(&ws, "p0", 5);
    posted_letters(&ws, "p1", 2);
    let out = ws.run(&["assign", "--seed", "4", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "p0 and p1 get no letter this time"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let counts = per_prisoner(&pairs(&ws));
    assert_eq!((counts.get("p0"), counts.get("p1")), (None, None));
    assert_eq!((counts["p2"], counts["p3"]), (2, 2));
    assert_eq!(report["with_ledger"]["min"], 2);
    assert_eq!(report["with_ledger"]["max"], 5);
    let text = ws.run(&["assign", "--seed", "4", "--dry-run"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("With the letters already in the ledger: min 2, median 2, max 5."),
        "{text}"
    );
}

#[test]
fn assign_does_not_create_a_ledger() {
    let ws = synth::workspace(
        &[belarus_row("p0", "ru", "1970-01-15", "detained")],
        &[volunteer_row("v0", "ru")],
        "",
    );
    ws.ok(&["assign"]);
    assert!(!ws.path().join("ledger.sqlite").exists());
}

#[test]
fn bilingual_pair_without_a_translation_stops_check_and_generate() {
    let ws = Workspace::sample();
    ws.ok(&["assign", "-k", "1", "--seed", "1"]);
    ws.ok(&["check"]);
    for lang in ["en", "pl", "de"] {
        std::fs::remove_dir_all(ws.path().join("templates/prepared").join(lang)).unwrap();
    }
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("prepared text `prepared/solidarity-ru` has no translation for volunteer"),
        "{stdout}"
    );
    ws.fails(&["generate"], 2);
    assert!(!ws.path().join("letters").exists());
}
