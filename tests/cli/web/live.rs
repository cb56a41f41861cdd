//! The live counter: a CLI `import` in another process shows in the JSON and on the event
//! stream within 2 seconds.

use std::time::{Duration, Instant};

use super::{Events, Server, within};
use crate::support::Workspace;

#[test]
fn an_import_in_another_process_reaches_json_and_events_within_two_seconds() {
    let ws = Workspace::sample();
    let server = Server::start(&ws, &[]);
    assert_eq!(server.get("/api/v1/tally.json").json()["actions"], 0);
    let mut events = Events::open(&server, "de");
    let first = events.next();
    assert_eq!(first["actions"], 0);
    assert_eq!(first["headline"], "Bisher wurde noch keine Aktion gezählt.");

    ws.write(
        "more.csv",
        "ref;date;kind;count;case;country\nm1;2026-08-06;card;1200;defenders;PL\nm2;2026-08-06;appeal;34;journalists;DE\n",
    );
    let start = Instant::now();
    ws.ok(&["import", "more.csv"]);
    let seen = within(Duration::from_secs(2), || {
        let t = server.get("/api/v1/tally.json").json();
        (t["actions"] == 1234).then_some(t)
    });
    assert!(
        seen.is_some(),
        "the JSON did not show the import within 2 s"
    );

    let next = events.next();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(next["actions"], 1234);
    assert_eq!(next["grouped"], "1.234");
    assert_eq!(next["headline"], "1.234 Aktionen aus 2 Ländern");
    assert_eq!(next["cases"]["defenders"]["actions"], 1200);
    assert_eq!(
        next["cases"]["defenders"]["text"],
        "1.200 von 1.000 Aktionen"
    );
    assert_eq!(next["cases"]["unionists"]["actions"], 0);
}
