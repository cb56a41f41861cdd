//! `/api/v1/tally.json`: the CLI's public figures byte for byte, ETag and 304, CORS, a short
//! cache, and small country rows folded into "other".

use super::{Server, sample_with_report};

#[test]
fn tally_json_is_the_public_cli_tally_with_etag_and_cors() {
    let ws = sample_with_report();
    let cli = ws.ok(&["tally", "--public", "--format", "json"]);
    let server = Server::start(&ws, &[]);
    let r = server.get("/api/v1/tally.json");
    assert_eq!(r.status, 200);
    assert_eq!(r.text().trim_end(), cli.trim_end());
    assert_eq!(r.json()["actions"], 1494);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let cache = r.header("cache-control").unwrap();
    assert!(cache.contains("max-age=2"), "{cache}");
    let etag = r.header("etag").unwrap().to_string();
    assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");

    let again = server.request(
        "GET",
        "/api/v1/tally.json",
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert_eq!(again.header("access-control-allow-origin"), Some("*"));
    let other = server.request(
        "GET",
        "/api/v1/tally.json",
        &[("If-None-Match", "\"something-else\"")],
        b"",
    );
    assert_eq!(other.status, 200);
    assert_eq!(other.text(), r.text());
}

#[test]
fn small_country_rows_fold_into_other_everywhere_public() {
    let ws = sample_with_report();
    // The default threshold is 5: FR (2 actions) folds into "other".
    let server = Server::start(&ws, &[]);
    let t = server.get("/api/v1/tally.json").json();
    let countries: Vec<(String, u64)> = t["by_country"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_string(),
                l["actions"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(!countries.iter().any(|(c, _)| c == "FR"), "{countries:?}");
    assert_eq!(
        countries.last(),
        Some(&("other".to_string(), 2)),
        "{countries:?}"
    );
    assert_eq!(countries.iter().map(|(_, n)| n).sum::<u64>(), 1494);
    let page = server.get("/").text();
    assert!(!page.contains("France"), "{page}");
    assert!(page.contains("Other countries"), "{page}");
    assert!(page.contains("Germany"), "{page}");
    let cli = ws.ok(&["tally", "--public", "--format", "csv"]);
    assert!(!cli.contains("FR"), "{cli}");
    assert!(cli.contains("country,other,2"), "{cli}");
    // The full tally for the coordinators keeps every row.
    assert!(
        ws.ok(&["tally", "--format", "csv"])
            .contains("country,FR,2")
    );
    drop(server);

    // A campaign's own threshold: 20 folds SE (17) and FR (2) as well.
    let campaign = ws.read("campaign.toml");
    ws.write(
        "campaign.toml",
        campaign.replacen("[sender]", "public_min_count = 20\n\n[sender]", 1),
    );
    let server = Server::start(&ws, &[]);
    let t = server.get("/api/v1/tally.json").json();
    let other = t["by_country"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(other["name"], "other");
    assert_eq!(other["actions"], 19);
}

#[test]
fn case_goals_show_as_progress_bars() {
    let ws = sample_with_report();
    let campaign = ws.read("campaign.toml");
    ws.write(
        "campaign.toml",
        campaign.replacen(
            "id = \"unionists\"\n",
            "id = \"unionists\"\ngoal = 1000\n",
            1,
        ),
    );
    let server = Server::start(&ws, &[]);
    let page = server.get("/").text();
    assert!(
        page.contains(r#"<progress max="1000" value="58" data-case="unionists""#),
        "{page}"
    );
    assert!(page.contains("58 of 1,000 actions"), "{page}");
    assert!(page.contains("1,494 actions from 5 countries"), "{page}");
    let de = server.get("/?lang=de").text();
    assert!(de.contains("58 von 1.000 Aktionen"), "{de}");
    assert!(de.contains("1.494 Aktionen aus 5 Ländern"), "{de}");
    let ru = server.get("/?lang=ru").text();
    assert!(ru.contains("1\u{a0}494 действия из 5 стран"), "{ru}");
}

// `serve` on a PostgreSQL ledger panicked at start: the database client blocked on a thread
// driving the server's runtime. The public counter now reads the shared ledger and follows
// an action recorded from another process.
#[test]
fn the_public_counter_serves_a_postgresql_ledger_and_follows_it() {
    let Some(db) = crate::support::pg::TestDb::create("serve_counter") else {
        return;
    };
    let ws = crate::support::Workspace::sample();
    crate::support::pg::use_ledger(&ws, &db.url);
    ws.write("report.csv", super::REPORT);
    ws.ok(&["import", "report.csv"]);
    assert!(!ws.path().join("ledger.sqlite").exists());
    let cli = ws.ok(&["tally", "--public", "--format", "json"]);
    let server = Server::start(&ws, &[]);
    let r = server.get("/api/v1/tally.json");
    assert_eq!(r.status, 200);
    assert_eq!(r.text().trim_end(), cli.trim_end());
    assert_eq!(r.json()["actions"], 1494);

    let case = ws.read("campaign.toml");
    let case = case
        .split("[[cases]]")
        .nth(1)
        .and_then(|c| c.split('"').nth(1))
        .unwrap()
        .to_string();
    ws.ok(&[
        "record",
        "--kind",
        "appeal",
        "--count",
        "6",
        "--case",
        &case,
        "--country",
        "PL",
    ]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let n = server.get("/api/v1/tally.json").json()["actions"].clone();
        if n == 1500 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "still {n}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // Stopping closes the shared ledger's connections without a panic.
    server.signal("TERM");
    let (code, err) = server.wait_exit(std::time::Duration::from_secs(15));
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
