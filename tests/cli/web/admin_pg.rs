//! The coordinators' pages on both stores: the overview, its CSV downloads and live progress,
//! a report uploaded and an action recorded and withdrawn on the web, run on a `serve` over
//! an SQLite ledger and over a PostgreSQL one, and what each answered compared.

use super::steer::{GOOD, add_admin, log_in, token_in};
use super::{REPORT, Server};
use crate::support::Workspace;
use crate::support::pg::{Seen, same_on_both_stores, use_ledger};

/// The overview's CSV downloads.
const CSVS: [&str; 10] = [
    "day",
    "kind",
    "channel",
    "group",
    "country",
    "case",
    "day-kind",
    "fewest",
    "none-received",
    "birthdays",
];

/// One run on the ledger `ledger` (SQLite in the workspace when `None`): what it answered,
/// by a name for it.
fn coordinate(ledger: Option<&str>) -> Seen {
    let mut seen = Seen::new();
    let ws = Workspace::sample();
    if let Some(url) = ledger {
        use_ledger(&ws, url);
    }
    add_admin(&ws);
    ws.write("report.csv", REPORT);
    ws.ok(&["import", "report.csv"]);
    let server = Server::start(&ws, &[]);
    let anna = log_in(&server);
    let page = anna.get(&server, "/admin?lang=en");
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(
        page.text().contains("1,494 actions from 5 countries"),
        "{}",
        page.text()
    );

    let form = anna.get(&server, "/admin/upload");
    assert_eq!(form.status, 200, "{}", form.text());
    let r = anna.upload(&server, &token_in(&form.text()), "week1.csv", GOOD);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.text().contains("Imported 2 rows (42 actions)"),
        "{}",
        r.text()
    );

    let recorded = anna.record_seven(&server);
    anna.withdraw_typed_twice(&server, recorded);
    let entry = recorded.to_string();
    let shown = ws.ok(&["tally", "--entry", &entry]);
    assert!(shown.contains("by: coordinator anna"), "{shown}");
    seen.insert("entry".into(), entry);

    let page = anna.get(&server, "/admin?lang=en");
    assert!(
        page.text().contains("1,536 actions from 5 countries"),
        "{}",
        page.text()
    );
    for name in CSVS {
        let r = anna.get(&server, &format!("/admin/csv/{name}.csv"));
        assert_eq!(r.status, 200, "{name}: {}", r.text());
        seen.insert(format!("{name}.csv"), r.text());
    }
    let progress = anna.get(&server, "/admin/progress.json");
    assert_eq!(progress.status, 200, "{}", progress.text());
    seen.insert("progress.json".into(), progress.text());
    let volunteers = anna.get(&server, "/admin/volunteers");
    assert_eq!(volunteers.status, 200, "{}", volunteers.text());
    seen.insert(
        "tally".into(),
        ws.ok(&["tally", "--format", "json", "--fewest", "3"]),
    );
    seen
}

#[test]
fn the_coordinators_pages_answer_the_same_on_both_stores() {
    same_on_both_stores("admin_pages", coordinate);
}
