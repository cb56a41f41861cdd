//! `marathon init`: a new workspace that checks and generates, and never overwrites.

use crate::support::Workspace;

#[test]
fn new_workspace_checks_and_generates() {
    let ws = Workspace::empty();
    let out = ws.ok(&["init", "campaign"]);
    assert!(
        out.starts_with("Created a campaign workspace in `campaign`"),
        "{out}"
    );
    let dir = ws.path().join("campaign");
    let code = ws
        .marathon()
        .args(["-C", "campaign", "check"])
        .status()
        .unwrap();
    assert_eq!(code.code(), Some(0));
    let out = ws.ok(&["-C", "campaign", "generate"]);
    assert!(out.starts_with("Generated "), "{out}");
    assert!(dir.join("letters/manifest.jsonl").is_file());
}

#[test]
fn refuses_to_overwrite() {
    let ws = Workspace::empty();
    ws.ok(&["init", "."]);
    let before = ws.read("campaign.toml");
    let err = ws.fails(&["init", "."], 2);
    assert!(err.contains("already has a `campaign.toml`"), "{err}");
    assert_eq!(before, ws.read("campaign.toml"));

    let other = Workspace::empty();
    other.write("templates/appeal-en.txt.hbs", "mine");
    let err = other.fails(&["init", "."], 2);
    assert!(err.contains("`templates/appeal-en.txt.hbs`"), "{err}");
    assert_eq!(other.read("templates/appeal-en.txt.hbs"), "mine");
    assert!(
        !other.path().join("campaign.toml").exists(),
        "init wrote part of the sample"
    );
}
