//! No public response shows personal data: scans every page, feed and JSON for the sample
//! campaign's email addresses, volunteer and group names, and the imported rows' people.

use super::{Events, Server, sample_with_report};

/// Every personal value in the sample campaign's `recipients/` and the imported report.
fn secrets(ws: &crate::support::Workspace) -> Vec<String> {
    let mut out: Vec<String> = [
        "Köln Schreibgruppe",
        "Kraków Letter Circle",
        "Uppsala skrivare",
        "Greta Lindqvist",
        "greta.lindqvist@example.org",
        "Odile Marchand",
        "written at the fair",
        "@example.org",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let volunteers = ws.read("recipients/volunteers.csv");
    for line in volunteers.lines().skip(1) {
        let f: Vec<&str> = line.split(';').collect();
        // id, name, email, city, country, languages, group
        for i in [0, 1, 2, 3, 6] {
            if let Some(v) = f.get(i).filter(|v| v.len() > 2) {
                out.push(v.to_string());
            }
        }
    }
    let json: serde_json::Value =
        serde_json::from_str(&ws.read("recipients/volunteers.json")).unwrap();
    for v in json.as_array().unwrap() {
        for k in ["id", "name", "email", "city", "group"] {
            if let Some(s) = v[k].as_str() {
                out.push(s.to_string());
            }
        }
    }
    let authorities = ws.read("recipients/authorities.csv");
    for line in authorities.lines().skip(1) {
        if let Some(email) = line.split(',').find(|f| f.contains('@')) {
            out.push(email.to_string());
        }
    }
    assert!(out.len() > 30, "{out:?}");
    out
}

#[test]
fn no_public_response_shows_personal_data() {
    let ws = sample_with_report();
    let server = Server::start(&ws, &[]);
    let secrets = secrets(&ws);
    let mut bodies = Vec::new();
    for lang in ["en", "ru", "be", "pl", "de"] {
        for path in [
            format!("/?lang={lang}"),
            format!("/embed/counter?lang={lang}"),
            format!("/embed/counter?case=defenders&lang={lang}"),
            format!("/embed/counter?case=unionists&lang={lang}"),
            format!("/no-such-page?lang={lang}"),
        ] {
            bodies.push((path.clone(), server.get(&path).text()));
        }
        let mut events = Events::open(&server, lang);
        bodies.push((format!("/events?lang={lang}"), events.next().to_string()));
    }
    bodies.push((
        "/api/v1/tally.json".into(),
        server.get("/api/v1/tally.json").text(),
    ));
    for (path, body) in &bodies {
        assert!(body.len() > 100, "{path}: {body}");
        for secret in &secrets {
            assert!(!body.contains(secret.as_str()), "{path} shows `{secret}`");
        }
    }
    // The scan would see them: the full tally shows the groups.
    assert!(ws.ok(&["tally"]).contains("Köln Schreibgruppe"));
}
