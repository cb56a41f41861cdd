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
use crate::web::act::confirm::{confirm_page, gone, refuse_post, well_formed};
use crate::web::act::{failed, respond};
use crate::web::forms::cx;
use crate::web::i18n::WebLang;
use crate::web::state::Shared;

/// The form's name in paths and ids.
const FORM: &str = "join";

/// `GET /join/confirm/TOKEN`.
pub async fn get(
    State(state): State<Shared>,
    Extension(join): Extension<Join>,
    Extension(lang): Extension<WebLang>,
    Path(token): Path<String>,
    parts: Parts,
) -> Response {
    let path = format!("/join/confirm/{token}");
    let cx = cx(&state, lang, &path);
    if !well_formed(&token) {
        return gone(&cx, FORM);
    }
    let hash = token_hash(&token);
    let found = match join.with_ledger(move |l| l.signup(&hash)).await {
        Ok(f) => f,
        Err(e) => return failed(&cx, &e),
    };
    let Some(s) = found.filter(|s| {
        s.confirmed_at.is_some() || OffsetDateTime::now_utc() - s.submitted_at <= CONFIRM_WINDOW
    }) else {
        return gone(&cx, FORM);
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
    let summary = html! {
        dt { (cx.t("join-field-name")) } dd { (s.name) }
        dt { (cx.t("join-field-city")) } dd { (s.city) }
        dt { (cx.t("join-field-country")) } dd { (country) }
        dt { (cx.t("join-field-languages")) } dd { (languages.join(", ")) }
    };
    confirm_page(&state, &parts, &cx, FORM, summary)
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
    let cx = cx(&state, lang, &path);
    if let Some(refused) = refuse_post(&state, &parts, &cx, FORM, &token, &values) {
        return refused;
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
        Ok(None) => gone(&cx, FORM),
        Err(e) => failed(&cx, &e),
    }
}
