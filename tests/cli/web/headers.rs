//! Security headers on every response, the CSP, error pages that say nothing internal,
//! request limits, and the choice of language.

use super::{Server, sample_with_report};
use crate::support::Workspace;

/// Every kind of response the server gives: pages, assets, JSON, the embed, errors.
const PATHS: &[&str] = &[
    "/",
    "/?lang=ru",
    "/embed/counter",
    "/embed/counter?case=defenders&lang=pl",
    "/embed/counter?case=nobody",
    "/api/v1/tally.json",
    "/no/such/page",
    "/embed/counter?case[]=%ff",
];

#[test]
fn every_response_carries_the_security_headers() {
    let ws = sample_with_report();
    let server = Server::start(&ws, &[]);
    let home = server.get("/").text();
    let css = home
        .split("href=\"/assets/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let js = home
        .split("src=\"/assets/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let assets = [format!("/assets/{css}"), format!("/assets/{js}")];
    for path in PATHS
        .iter()
        .copied()
        .chain(assets.iter().map(String::as_str))
    {
        let r = server.get(path);
        let csp = r
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{path}");
        if path.starts_with("/embed/") {
            assert!(csp.contains("frame-ancestors *"), "{path}: {csp}");
            assert_eq!(r.header("x-frame-options"), None, "{path}");
        } else {
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
            assert_eq!(r.header("x-frame-options"), Some("DENY"), "{path}");
        }
        if r.header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
        {
            let body = r.text();
            assert!(!body.contains("<script>"), "{path}: inline script\n{body}");
            assert!(!body.contains(" style=\""), "{path}: inline style\n{body}");
        }
    }
    // The event stream too.
    let events = super::Events::open(&server, "en");
    let head = events.head.to_ascii_lowercase();
    assert!(
        head.contains("content-security-policy: default-src 'none'"),
        "{head}"
    );
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
}

#[test]
fn error_pages_show_no_internals() {
    let ws = Workspace::sample();
    let server = Server::start(&ws, &[]);
    let root = ws.path().to_string_lossy().to_string();
    for (path, status) in [
        ("/no/such/page", 404),
        ("/embed/counter?case=nobody", 404),
        ("/embed/counter?case=a&case=b", 400),
        ("/api/v1/tally.json/..%2f..%2fetc", 404),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, status, "{path}: {}", r.text());
        let body = r.text();
        assert!(body.contains("<h1>"), "{path}: {body}");
        for leak in [
            root.as_str(),
            "src/",
            ".rs",
            "panicked",
            "Failed to deserialize",
            "serde",
        ] {
            assert!(!body.contains(leak), "{path} shows `{leak}`:\n{body}");
        }
    }
    // A body over the limit is refused before it is read.
    let big = vec![b'a'; 100 * 1024];
    let r = server.request("POST", "/", &[("Content-Type", "text/plain")], &big);
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.header("content-security-policy").is_some());
    // Other methods on the JSON get 405 with the headers too; a CORS preflight is answered.
    let r = server.request("POST", "/api/v1/tally.json", &[], b"{}");
    assert_eq!(r.status, 405);
    assert!(r.header("content-security-policy").is_some());
    let r = server.request(
        "OPTIONS",
        "/api/v1/tally.json",
        &[
            ("Origin", "https://news.example"),
            ("Access-Control-Request-Method", "GET"),
        ],
        b"",
    );
    assert_eq!(r.status, 204);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
}

#[test]
fn language_comes_from_the_query_the_cookie_or_accept_language() {
    let ws = Workspace::sample();
    let server = Server::start(&ws, &[]);
    let html_lang = |r: &super::Response| {
        let t = r.text();
        t.split("<html lang=\"").nth(1).unwrap()[..2].to_string()
    };
    assert_eq!(html_lang(&server.get("/")), "en");
    let r = server.request(
        "GET",
        "/",
        &[("Accept-Language", "fr-FR, de;q=0.8, ru;q=0.5")],
        b"",
    );
    assert_eq!(html_lang(&r), "de");
    assert!(
        r.text().contains("Die Menschen, denen wir schreiben"),
        "{}",
        r.text()
    );
    let r = server.get("/?lang=be");
    assert_eq!(html_lang(&r), "be");
    let cookie = r.header("set-cookie").unwrap();
    assert!(cookie.starts_with("lang=be;"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    // The cookie beats Accept-Language; the query beats the cookie.
    let r = server.request(
        "GET",
        "/",
        &[("Cookie", "lang=pl"), ("Accept-Language", "ru")],
        b"",
    );
    assert_eq!(html_lang(&r), "pl");
    let r = server.request("GET", "/?lang=ru", &[("Cookie", "lang=pl")], b"");
    assert_eq!(html_lang(&r), "ru");
    assert!(r.text().contains("Те, кому мы пишем"));
    // Every page links to every language.
    let t = server.get("/embed/counter?case=defenders").text();
    for code in ["en", "ru", "be", "pl", "de"] {
        assert!(
            server
                .get("/")
                .text()
                .contains(&format!("href=\"/?lang={code}\"")),
            "{code}"
        );
    }
    assert!(t.contains("lang=\"en\""), "{t}");
}

#[test]
fn cookies_are_secure_when_the_trusted_proxy_says_https() {
    let ws = Workspace::sample();
    let server = Server::start(&ws, &[]);
    let r = server.request("GET", "/?lang=de", &[("X-Forwarded-Proto", "https")], b"");
    let cookie = r.header("set-cookie").unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(r.header("strict-transport-security").is_some());
    // The embed code then names https too.
    assert!(r.text().contains("https://"), "{}", r.text());
}
