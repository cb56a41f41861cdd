//! Signals: SIGHUP reloads the workspace files; SIGTERM finishes what is in flight and exits 0.

use std::time::Duration;

use super::{Events, Server, within};
use crate::support::Workspace;

#[test]
fn sighup_reloads_the_campaign_file() {
    let ws = Workspace::sample();
    let server = Server::start(&ws, &[]);
    assert!(
        server
            .get("/")
            .text()
            .contains("Belarusian civil society 2026")
    );
    let campaign = ws.read("campaign.toml");
    ws.write(
        "campaign.toml",
        campaign.replace("civil society 2026\"", "civil society, second edition\""),
    );
    // Nothing changes before the signal.
    assert!(
        server
            .get("/")
            .text()
            .contains("Belarusian civil society 2026")
    );
    server.signal("HUP");
    let reloaded = within(Duration::from_secs(5), || {
        let page = server.get("/").text();
        page.contains("civil society, second edition").then_some(())
    });
    assert!(
        reloaded.is_some(),
        "SIGHUP did not reload the campaign file"
    );
    let json = within(Duration::from_secs(2), || {
        let t = server.get("/api/v1/tally.json").json();
        (t["name"].as_str()?.ends_with("second edition")).then_some(())
    });
    assert!(json.is_some(), "the tally JSON kept the old name");

    // A broken file is reported and the previous one kept.
    ws.write("campaign.toml", "this is not toml = = =");
    server.signal("HUP");
    std::thread::sleep(Duration::from_millis(300));
    let r = server.get("/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("second edition"));
}

#[test]
fn sigterm_finishes_requests_in_flight_and_exits_zero() {
    let ws = Workspace::sample();
    let server = Server::start(&ws, &[]);
    let mut events = Events::open(&server, "en");
    events.next();
    server.signal("TERM");
    // The open event stream is ended properly (the last chunk sent), not cut off.
    let rest = events.rest();
    assert!(rest.ends_with("0\r\n\r\n"), "{rest:?}");
    let (code, stderr) = server.wait_exit(Duration::from_secs(5));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
