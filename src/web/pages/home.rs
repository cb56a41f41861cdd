//! `/`: the campaign as a supporter sees it: name and dates, the headline counter, each case
//! with its summary and progress, actions per day, the top countries, and the code to put the
//! counter on another site.

use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};

use super::chart;
use super::layout::{Cx, page};
use crate::i18n::{country_name, long_date};
use crate::tally::OTHER;
use crate::web::i18n::WebLang;
use crate::web::security::Https;
use crate::web::state::{Shared, case_actions};

/// How many countries the page lists.
const TOP_COUNTRIES: usize = 10;

/// `GET /`.
pub async fn get(
    State(state): State<Shared>,
    Extension(lang): Extension<WebLang>,
    Extension(https): Extension<Https>,
    headers: HeaderMap,
) -> Response {
    let ws = state.workspace();
    let snap = state.snapshot();
    let c = &ws.campaign;
    let t = &snap.tally;
    let cx = Cx {
        lang,
        catalog: &state.catalog,
        path: "/",
        query: String::new(),
    };
    let code = lang.code();
    let origin = origin(&headers, https.0);
    let days = chart::days_in_range(&t.by_day, c.starts, c.ends);
    let body = html! {
        header.campaign {
            h1 { (c.name) }
            p.dates {
                (cx.catalog.fmt(lang, "dates", &[
                    ("from", long_date(c.starts, code).into()),
                    ("to", long_date(c.ends, code).into()),
                ]))
            }
            p.headline aria-live="polite" data-live="headline" {
                (cx.catalog.headline(lang, t.actions, t.countries))
            }
            p.note { (cx.t("live-note")) }
            p.act { a href=(format!("/act?lang={code}")) { (cx.t("act-link")) } }
            p.act { a href=(format!("/join?lang={code}")) { (cx.t("join-link")) } }
        }
        section aria-labelledby="cases-h" {
            h2 #cases-h { (cx.t("cases-heading")) }
            @for case in &c.cases {
                @let n = case_actions(t, &case.id);
                article.case {
                    h3 { (case.title) }
                    @if let Some(s) = &case.summary { p { (s) } }
                    @if let Some(goal) = case.goal {
                        progress max=(goal) value=(n.min(goal)) data-case=(case.id)
                            aria-label=(cx.catalog.fmt(lang, "progress-label", &[("case", case.title.clone().into())])) {}
                    }
                    p.count data-live-case=(case.id) { (cx.catalog.case_actions(lang, n, case.goal)) }
                    details.embed {
                        summary { (cx.t("embed-case")) }
                        (snippet(&cx, &origin, &c.name, Some(&case.id), &format!("embed-{}", case.id)))
                    }
                }
            }
        }
        @if !days.is_empty() {
            section aria-labelledby="per-day-h" {
                h2 #per-day-h { (cx.t("per-day-heading")) }
                (chart::per_day(&cx, &days))
            }
        }
        @if !t.by_country.is_empty() {
            section aria-labelledby="countries-h" {
                h2 #countries-h { (cx.t("countries-heading")) }
                table.countries {
                    thead { tr { th scope="col" { (cx.t("col-country")) } th scope="col" { (cx.t("col-actions")) } } }
                    tbody {
                        @for line in t.by_country.iter().filter(|l| l.name != OTHER).take(TOP_COUNTRIES) {
                            tr {
                                td { (country_name(&line.name, code).unwrap_or(&line.name)) }
                                td.num { (lang.group(line.actions)) }
                            }
                        }
                        @for line in t.by_country.iter().filter(|l| l.name == OTHER) {
                            tr { td { (cx.t("other-countries")) } td.num { (lang.group(line.actions)) } }
                        }
                    }
                }
                p.note { (cx.t("privacy-note")) }
            }
        }
        section aria-labelledby="embed-h" {
            h2 #embed-h { (cx.t("embed-heading")) }
            (snippet(&cx, &origin, &c.name, None, "embed-all"))
        }
    };
    Html(page(&cx, &c.name, body).into_string()).into_response()
}

/// `https://host` as the visitor reached the server, for the embed code.
fn origin(headers: &HeaderMap, https: bool) -> String {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// The `<iframe>` code for the counter of `case` (the whole campaign without one).
fn snippet(cx: &Cx<'_>, origin: &str, campaign: &str, case: Option<&str>, id: &str) -> Markup {
    let mut src = format!("{origin}/embed/counter?lang={}", cx.lang.code());
    if let Some(c) = case {
        src.push_str("&case=");
        src.push_str(c);
    }
    let title = cx
        .catalog
        .fmt(cx.lang, "embed-title", &[("campaign", campaign.into())]);
    let code = format!(
        r#"<iframe src="{}" width="320" height="160" style="border:0" title="{}" loading="lazy"></iframe>"#,
        attr_escape(&src),
        attr_escape(&title)
    );
    html! {
        label for=(id) { (cx.t("embed-help")) }
        textarea.code #(id) readonly rows="3" { (code) }
    }
}

/// Escapes text for a double-quoted HTML attribute in code the visitor copies.
fn attr_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
