//! `/join/confirm/TOKEN`: a GET shows the sign-up and a button; the POST confirms it, gives
//! the newcomer a volunteer id and their prisoners (the fair rule of `assign`, nobody else's
//! pairs moving). A link past its window counts nothing; a second click changes nothing.

use std::collections::{HashMap, HashSet};

use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use maud::html;
use time::OffsetDateTime;

use super::Join;
use crate::act::CONFIRM_WINDOW;
use crate::act::key::token_hash;
use crate::ledger::Joined;
use crate::web::act::confirm::{confirm_form, csrf_refused, well_formed};
use crate::web::act::{failed, respond};
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, csrf_check, csrf_issue};
use crate::web::state::Shared;

fn gone(cx: &Cx<'_>) -> Response {
    let title = cx.t("act-gone-title");
    let body = html! {
        h1 { (title) }
        p { (cx.t("join-gone")) }
        p { a href=(format!("/join?lang={}", cx.lang.code())) { (cx.t("join-again")) } }
    };
    respond(cx, StatusCode::NOT_FOUND, &title, body)
}

/// `GET /join/confirm/TOKEN`.
pub async fn get(
    State(state): State<Shared>,
    Extension(join): Extension<Join>,
    Extension(lang): Extension<WebLang>,
    Path(token): Path<String>,
    parts: Parts,
) -> Response {
    let path = format!("/join/confirm/{token}");
    let cx = Cx {
        lang,
        catalog: &state.catalog,
        path: &path,
        query: String::new(),
    };
    if !well_formed(&token) {
        return gone(&cx);
    }
    let hash = token_hash(&token);
    let found = match join.with_ledger(move |l| l.signup(&hash)).await {
        Ok(f) => f,
        Err(e) => return failed(&cx, &e),
    };
    let Some(s) = found.filter(|s| {
        s.confirmed_at.is_some() || OffsetDateTime::now_utc() - s.submitted_at <= CONFIRM_WINDOW
    }) else {
        return gone(&cx);
    };
    let country = crate::i18n::country_name(&s.country, lang.code())
        .unwrap_or(&s.country)
        .to_string();
    let languages: Vec<&str> = s
        .languages
        .iter()
        .map(|l| {
            super::form::LANGUAGES
                .iter()
                .find(|(c, _)| c == l)
                .map_or(l.as_str(), |(_, n)| n)
        })
        .collect();
    let csrf = csrf_issue(&state, &parts);
    let title = cx.t("join-confirm-title");
    let body = html! {
        h1 { (title) }
        p { (cx.t("join-confirm-intro")) }
        dl.summary {
            dt { (cx.t("join-field-name")) } dd { (s.name) }
            dt { (cx.t("join-field-city")) } dd { (s.city) }
            dt { (cx.t("join-field-country")) } dd { (country) }
            dt { (cx.t("join-field-languages")) } dd { (languages.join(", ")) }
        }
        (confirm_form(&cx, &csrf.token, &path, "join-confirm-button"))
    };
    let mut res = respond(&cx, StatusCode::OK, &title, body);
    csrf.apply(&mut res);
    res
}

/// `POST /join/confirm/TOKEN`.
pub async fn post(
    State(state): State<Shared>,
    Extension(join): Extension<Join>,
    Extension(lang): Extension<WebLang>,
    Path(token): Path<String>,
    parts: Parts,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let path = format!("/join/confirm/{token}");
    let cx = Cx {
        lang,
        catalog: &state.catalog,
        path: &path,
        query: String::new(),
    };
    if !well_formed(&token) {
        return gone(&cx);
    }
    let submitted = values.get(CSRF_FIELD).map_or("", String::as_str);
    if !csrf_check(&state, &parts.headers, submitted) {
        return csrf_refused(&cx, &path);
    }
    let hash = token_hash(&token);
    let now = OffsetDateTime::now_utc();
    let ws = state.workspace();
    let done = join
        .with_ledger(move |l| {
            let (book, _) = crate::recipients::load_dir(&ws.recipients_dir(), &ws.root);
            let joined = {
                let Some(s) = l.signup(&hash)? else {
                    return Ok(None);
                };
                // Someone already in the address book keeps their id (and their prisoners);
                // anyone else gets a new one.
                let (slug, taken): (String, HashSet<String>) =
                    match crate::signup::known_volunteer(&book, &s.email) {
                        Some(id) => (id.to_string(), HashSet::new()),
                        None => (
                            crate::ids::slug(&s.name),
                            book.volunteers.iter().map(|v| v.id.clone()).collect(),
                        ),
                    };
                l.confirm_signup(&hash, now, CONFIRM_WINDOW, &slug, &|id| taken.contains(id))?
            };
            let s = match joined {
                Joined::Confirmed(s) | Joined::Already(s) => s,
                Joined::Gone => return Ok(None),
            };
            let Some(v) = crate::signup::volunteer_of(&s) else {
                return Ok(None);
            };
            // Confirmed whatever happens next: a failed assignment is retried by a second
            // click, and a coordinator sees the sign-up either way.
            let assigned = match crate::signup::assign_confirmed(&ws, l, &v) {
                Ok(added) => Some(added.pairs.len()),
                Err(e) => {
                    tracing::error!("sign-up `{}`: {e:#}", v.id);
                    None
                }
            };
            Ok(Some(assigned))
        })
        .await;
    match done {
        Ok(Some(assigned)) => {
            let title = cx.t("join-thanks-title");
            let body = html! {
                h1 { (title) }
                @match assigned {
                    Some(n) if n > 0 => p.thanks { (cx.catalog.fmt(lang, "join-thanks", &[("count", n.into())])) },
                    _ => p.thanks { (cx.t("join-thanks-later")) },
                }
                p { (cx.t("join-thanks-next")) }
                p { a href="/" { (cx.t("back-home")) } }
            };
            respond(&cx, StatusCode::OK, &title, body)
        }
        Ok(None) => gone(&cx),
        Err(e) => failed(&cx, &e),
    }
}
