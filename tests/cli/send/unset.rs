//! `send` before the campaign file names a mail server: the plan, then what to add.

use crate::support::Workspace;

/// The sample campaign (no `[smtp]` table) with its letters generated.
fn generated_sample() -> Workspace {
    let ws = Workspace::sample();
    ws.ok(&["generate"]);
    ws
}

// Regression: `send` without an `[smtp]` table stopped with "no mail server" before showing
// the plan.
#[test]
fn send_without_a_mail_server_shows_the_plan_and_what_to_add() {
    let ws = generated_sample();
    let out = ws.ok(&["send"]);
    assert!(out.contains("email letters in the manifest"), "{out}");
    assert!(out.contains("server: none set"), "{out}");
    assert!(!out.contains("add --yes"), "--yes cannot help yet: {out}");
    let plan_end = out.find("estimated time").unwrap();
    let advice = out.find("No mail server is set").unwrap();
    assert!(plan_end < advice, "the advice follows the plan: {out}");
    assert!(out.contains("MARATHON_SMTP_PASSWORD"), "{out}");
    assert!(!ws.path().join("ledger.sqlite").exists());

    let err = ws.fails(&["send", "--yes"], 2);
    assert!(
        err.contains("nothing was sent: no mail server is set"),
        "{err}"
    );
    assert!(!ws.path().join("ledger.sqlite").exists());
    assert!(!ws.path().join(".marathon/send.lock").exists());

    // With --json stdout stays one JSON document; the advice goes to stderr.
    let json = ws.run(&["send", "--json"]);
    assert_eq!(json.status.code(), Some(0));
    let plan: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(plan["sent"], false);
    assert!(String::from_utf8_lossy(&json.stderr).contains("[smtp]"));

    // The table printed is exactly what the campaign file needs.
    let table: String = out[out.find("[smtp]").unwrap()..]
        .lines()
        .take_while(|l| !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let campaign = ws.read("campaign.toml");
    ws.write("campaign.toml", format!("{campaign}\n{table}"));
    let out = ws.ok(&["send"]);
    assert!(
        out.contains("server: smtp.example.org:587 (starttls), login `letters@example.org`"),
        "{out}"
    );
    assert!(out.contains("rate: 14 per second"), "{out}");
    assert!(out.contains("nothing was sent: add --yes"), "{out}");
    assert!(!out.contains("No mail server is set"), "{out}");
}

#[test]
fn send_with_an_smtp_table_but_no_host_asks_for_the_host() {
    let ws = generated_sample();
    let campaign = ws.read("campaign.toml");
    ws.write(
        "campaign.toml",
        format!("{campaign}\n[smtp]\nrate = \"30/min\"\n"),
    );
    let out = ws.ok(&["send"]);
    assert!(
        out.contains("Add the server's `host` to the `[smtp]` table"),
        "{out}"
    );
    assert!(
        !out.contains("\n[smtp]\n"),
        "a second table would break the file: {out}"
    );
    let out = ws.ok(&["send", "--host", "mail.example.org"]);
    assert!(out.contains("server: mail.example.org:587"), "{out}");
    assert!(!out.contains("No mail server is set"), "{out}");
}
