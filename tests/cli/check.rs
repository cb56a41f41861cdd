//! `marathon check`: every problem reported with its file and line, exit codes, JSON output,
//! and no panic on malformed input.

use crate::support::Workspace;

#[test]
fn clean_fixture_passes_with_its_warning() {
    let ws = Workspace::fixture("basic");
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "warning: recipients: 2 solidarity letters not written: the volunteer writes none of the prisoner's languages that have a solidarity template\n"
    );
    assert!(!ws.path().join("letters").exists(), "check wrote letters");
}

#[test]
fn strict_fails_on_warnings() {
    let ws = Workspace::fixture("basic");
    ws.fails(&["check", "--strict"], 1);
}

#[test]
fn every_problem_is_reported_with_file_and_line() {
    let ws = Workspace::fixture("basic");
    // A prisoner row with an unknown case, and a row with a missing field.
    let prisoners = ws.read("recipients/prisoners.csv");
    ws.write(
        "recipients/prisoners.csv",
        format!("{prisoners}new-one,New One,Новы,,m,,ИК №1,ул. 1,220000,г. Минск,BY,ru,,nocase,\nbroken,row\n"),
    );
    // Malformed JSON, and a file that is not UTF-8.
    ws.write(
        "recipients/authorities-extra.json",
        "[{\"id\": \"x\",\n  \"name\": }]",
    );
    ws.write(
        "recipients/volunteers-extra.csv",
        b"id,name,email,city,country,languages\nz,Zo\xe9,z@example.org,Paris,FR,fr\n".as_slice(),
    );
    // A template with a syntax error and one whose field is missing for a recipient.
    ws.write(
        "templates/appeal-ru.txt.hbs",
        "+++\nsubject = \"x\"\naudience = \"authorities\"\nkind = \"appeal\"\nlanguage = \"ru\"\n+++\nok\n{{#if x}}a{{/each}}\n",
    );
    ws.write(
        "templates/solidarity-be.txt.hbs",
        "+++\naudience = \"prisoners\"\nkind = \"solidarity\"\nlanguage = \"be\"\ncolour = 1\n+++\n",
    );
    ws.write(
        "templates/solidarity-ru.txt.hbs",
        "+++\naudience = \"prisoners\"\nkind = \"solidarity\"\nlanguage = \"ru\"\n+++\n{{prisoner.birth_date}}\n",
    );
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "error: recipients/prisoners.csv:5: this row has 2 fields but the header has 15",
        "error: recipients/prisoners.csv:4: field `case`: case `nocase` is not in `campaign.toml`",
        "error: recipients/authorities-extra.json:2:",
        "error: recipients/volunteers-extra.csv:2:",
        "is not UTF-8",
        "error: templates/appeal-ru.txt.hbs:8:",
        "error: templates/solidarity-be.txt.hbs:5:",
        "`colour`",
        "error: templates/solidarity-ru.txt.hbs:6:1: `prisoner.birth_date` is missing for prisoner `nadzeya-karpovich` (recipients/prisoners.csv:3)",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("errors"), "{stderr}");
    assert!(!ws.path().join("letters").exists());
}

#[test]
fn json_lists_the_diagnostics() {
    let ws = Workspace::fixture("basic");
    ws.write(
        "templates/solidarity-be.txt.hbs",
        "+++\naudience = \"prisoners\"\nkind = \"solidarity\"\nlanguage = \"be\"\n+++\n{{volunteer.group}}\n",
    );
    let out = ws.run(&["check", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"], 1, "{v:#}");
    assert_eq!(v["warnings"], 1, "{v:#}");
    let error = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap();
    assert_eq!(error["file"], "templates/solidarity-be.txt.hbs");
    assert_eq!(error["line"], 6);
    assert_eq!(error["column"], 1);
    // Anna has a group; Volha (volunteers.csv line 4) has none.
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("volunteer `volha` (recipients/volunteers.csv:4)"),
        "{error}"
    );
}

#[test]
fn broken_campaign_file_still_reports_the_other_files() {
    let ws = Workspace::fixture("basic");
    ws.write("campaign.toml", "id = \"x\"\nname = \n");
    ws.write("recipients/volunteers.csv", "id,name\nonly,two\n");
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("error: campaign.toml:2:"), "{stdout}");
    assert!(
        stdout.contains("error: recipients/volunteers.csv:2"),
        "{stdout}"
    );
}

#[test]
fn garbage_input_never_panics() {
    let ws = Workspace::fixture("basic");
    let garbage: Vec<u8> = (0..=255u8).cycle().take(2000).collect();
    ws.write("recipients/prisoners.csv", &garbage);
    ws.write("recipients/authorities.json", &garbage);
    ws.write("templates/appeal-en.txt.hbs", &garbage);
    ws.write("templates/appeal-en.html.hbs", "+++\n{{{{");
    ws.write("templates/partials/signature.txt.hbs", "{{> signature}}");
    ws.write(".marathon/assignment.json", "{\"pairs\": 3}");
    let out = ws.run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("error: templates/appeal-en.txt.hbs:") && stdout.contains("is not UTF-8"),
        "{stdout}"
    );
    for args in [
        &["check"][..],
        &["generate"],
        &["preview", "--template", "solidarity-ru"],
    ] {
        let out = ws.run(args);
        let code = out.status.code();
        assert!(
            code == Some(2) || code == Some(0),
            "{args:?} gave {code:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn no_workspace_is_exit_two() {
    let ws = Workspace::empty();
    let err = ws.fails(&["check"], 2);
    assert!(err.contains("no `campaign.toml`"), "{err}");
}

// Regression: partials including each other overflowed the stack and aborted the process.
#[test]
fn partials_including_each_other_are_reported() {
    let ws = Workspace::fixture("basic");
    ws.write("templates/partials/signature.txt.hbs", "{{> signature2}}");
    ws.write("templates/partials/signature2.txt.hbs", "x{{> signature}}");
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("error: templates/partials/signature.txt.hbs: partials include each other (`signature` includes `signature2` includes `signature`)"),
        "{stdout}"
    );
    ws.fails(&["generate"], 2);
}
