//! `marathon status`: one screen on a copy of the sample campaign as the marathon goes, read
//! back against the manifest and a real ledger; it never creates a ledger.

use std::borrow::Cow;

use marathon::ledger::{Ledger, LetterEvent};
use marathon::manifest::{self, Channel, LetterStatus, ManifestEntry};
use serde_json::Value;
use time::OffsetDateTime;

use crate::support::Workspace;

fn status(ws: &Workspace) -> Value {
    serde_json::from_str(&ws.ok(&["status", "--json"])).unwrap()
}

fn ledger_files(ws: &Workspace) -> Vec<String> {
    std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("ledger"))
        .collect()
}

#[test]
fn status_of_a_fresh_sample_suggests_assign_and_creates_no_ledger() {
    let ws = Workspace::sample();
    let text = ws.ok(&["status"]);
    assert!(
        text.starts_with("International Day of Solidarity with Belarusian civil society 2026\n"),
        "{text}"
    );
    for line in [
        "letters     none generated yet",
        "assigned    not yet",
        "ledger      no ledger yet: nothing recorded",
        "deadline    group reports due 2026-09-15, ",
        "Next: marathon assign",
    ] {
        assert!(text.contains(line), "{line:?} missing from\n{text}");
    }
    let s = status(&ws);
    assert_eq!(s["checks"]["errors"], 0);
    assert_eq!(s["letters"]["generated"], 0);
    assert_eq!(s["actions"], Value::Null);
    assert_eq!(s["mail_server"], false);
    let deadline = time::macros::date!(2026 - 09 - 15);
    let today = OffsetDateTime::now_utc().date();
    let expected = (deadline - today).whole_days();
    let days = s["deadline"]["days_left"].as_i64().unwrap();
    // The program counts from the local date, the test from UTC's: a day apart at most.
    assert!((days - expected).abs() <= 1, "{days} vs {expected}");
    assert!(ledger_files(&ws).is_empty(), "{:?}", ledger_files(&ws));
}

#[test]
fn status_follows_the_marathon_from_assign_to_tally() {
    let ws = Workspace::sample();
    ws.ok(&["assign", "--seed", "7"]);
    assert_eq!(status(&ws)["next"]["command"], "marathon generate");
    ws.ok(&["generate"]);
    let entries = manifest::read(&ws.path().join("letters/manifest.jsonl")).unwrap();
    let (email, post): (Vec<&ManifestEntry>, Vec<&ManifestEntry>) =
        entries.iter().partition(|e| e.channel == Channel::Email);
    let s = status(&ws);
    assert_eq!(s["letters"]["generated"], entries.len());
    assert_eq!(s["email"]["letters"], email.len());
    assert_eq!(s["email"]["not_sent"], email.len());
    assert_eq!(s["post"]["not_posted"], post.len());
    let assignment: Value = serde_json::from_str(&ws.read(".marathon/assignment.json")).unwrap();
    assert_eq!(
        s["assigned"]["pairs"],
        assignment["pairs"].as_array().unwrap().len()
    );
    assert_eq!(s["next"]["command"], "marathon pack");
    ws.ok(&["pack"]);
    let s = status(&ws);
    assert_eq!(s["next"]["command"], "marathon send");
    assert!(
        s["next"]["why"].as_str().unwrap().contains("what to add"),
        "{s}"
    );
    assert!(ledger_files(&ws).is_empty(), "{:?}", ledger_files(&ws));

    // What `send` and `record` would write, through the ledger's own API.
    let at = OffsetDateTime::now_utc();
    let event = |e: &ManifestEntry, status| LetterEvent {
        letter: Cow::Owned(e.clone()),
        status,
        detail: None,
        origin: "test".into(),
        at,
    };
    let mut ledger = Ledger::open(&ws.path().join("ledger.sqlite")).unwrap();
    ledger
        .record_letter_events(&[
            event(email[0], LetterStatus::Sent),
            event(email[0], LetterStatus::Delivered),
            event(email[1], LetterStatus::Sent),
            event(email[1], LetterStatus::Deferred),
            event(email[2], LetterStatus::Sent),
            event(email[2], LetterStatus::Failed),
            event(email[3], LetterStatus::Sent),
            event(post[0], LetterStatus::Posted),
            event(post[1], LetterStatus::Posted),
            event(post[1], LetterStatus::Received),
            event(post[2], LetterStatus::Posted),
            event(post[2], LetterStatus::Returned),
        ])
        .unwrap();
    drop(ledger);
    let s = status(&ws);
    assert_eq!(s["email"]["delivered"], 1);
    assert_eq!(s["email"]["deferred"], 1);
    assert_eq!(s["email"]["failed"], 1);
    assert_eq!(s["email"]["in_doubt"], 1);
    assert_eq!(s["email"]["not_sent"], email.len() - 4);
    assert_eq!(s["post"]["posted"], 1);
    assert_eq!(s["post"]["received"], 1);
    assert_eq!(s["post"]["returned"], 1);
    assert_eq!(s["post"]["not_posted"], post.len() - 3);
    // Delivered, posted, received and returned letters count; sent, deferred, failed do not.
    assert_eq!(s["actions"], 4);
    let tally: Value = serde_json::from_str(&ws.ok(&["tally", "--format", "json"])).unwrap();
    assert_eq!(s["actions"], tally["actions"]);
    let text = ws.ok(&["status"]);
    assert!(text.contains("ledger      4 actions"), "{text}");
    assert!(
        text.contains(&format!(
            "1 delivered, 1 deferred, 1 failed, 1 in doubt, {} not sent",
            email.len() - 4
        )),
        "{text}"
    );
    assert!(text.contains("Next: marathon send\n"), "{text}");
}

#[test]
fn status_sends_people_to_check_when_the_workspace_has_errors() {
    let ws = Workspace::sample();
    let prisoners = ws.read("recipients/prisoners.csv");
    ws.write(
        "recipients/prisoners.csv",
        prisoners.replacen("246035", "24603", 1),
    );
    let s = status(&ws);
    assert!(s["checks"]["errors"].as_u64().unwrap() >= 1, "{s}");
    assert_eq!(s["next"]["command"], "marathon check");
    let text = ws.ok(&["status"]);
    assert!(text.contains("(`marathon check` lists them)"), "{text}");
}

#[test]
fn status_without_a_readable_campaign_file_points_to_check() {
    let ws = Workspace::sample();
    let campaign = ws.read("campaign.toml");
    ws.write("campaign.toml", campaign.replace("starts = ", "startz = "));
    let err = ws.fails(&["status"], 2);
    assert!(
        err.contains("`marathon check` lists every problem"),
        "{err}"
    );
    assert!(err.contains("campaign.toml"), "{err}");
}
