//! `/embed/counter?case=ID&lang=xx`: a small live counter for other sites' iframes (the only
//! page that may be framed).

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, html};
use serde::Deserialize;

use super::errors::error_page;
use super::layout::Cx;
use crate::web::assets::{CSS_PATH, JS_PATH};
use crate::web::i18n::WebLang;
use crate::web::state::{Shared, case_actions};

/// The query of `/embed/counter`.
#[derive(Debug, Deserialize)]
pub struct Params {
    /// A case id; the whole campaign without one.
    case: Option<String>,
}

/// `GET /embed/counter`.
pub async fn counter(
    State(state): State<Shared>,
    Extension(lang): Extension<WebLang>,
    Query(params): Query<Params>,
) -> Response {
    let ws = state.workspace();
    let snap = state.snapshot();
    let cx = Cx {
        lang,
        catalog: &state.catalog,
        path: "/embed/counter",
        query: String::new(),
    };
    let case = match params.case.as_deref().filter(|c| !c.is_empty()) {
        Some(id) => match ws.campaign.case(id) {
            Some(c) => Some(c),
            None => return error_page(&cx, StatusCode::NOT_FOUND),
        },
        None => None,
    };
    let n = case.map_or(snap.tally.actions, |c| case_actions(&snap.tally, &c.id));
    let name = &ws.campaign.name;
    let title = state
        .catalog
        .fmt(lang, "embed-title", &[("campaign", name.clone().into())]);
    let live = case.map_or("all".to_string(), |c| c.id.clone());
    let body = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href=(CSS_PATH);
                script src=(JS_PATH) defer {}
            }
            body.embed {
                main {
                    p.big aria-live="polite" {
                        span data-live-number=(live) { (lang.group(n)) }
                        " "
                        span data-live-word=(live) {
                            (state.catalog.fmt(lang, "embed-actions", &[("n", n.into())]))
                        }
                    }
                    @if let Some(c) = case {
                        p { (state.catalog.fmt(lang, "embed-for", &[("case", c.title.clone().into())])) }
                    }
                    p.small { a href=(format!("/?lang={}", lang.code())) target="_blank" rel="noopener" { (name) } }
                }
            }
        }
    };
    Html(body.into_string()).into_response()
}
