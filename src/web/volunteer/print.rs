//! The print views: one letter, or all the volunteer's post letters, as the same A4 sheets as
//! `marathon pack` (guide sheet with the envelope address exactly as the rules require and
//! what to enclose, then the letter), the stylesheet [`crate::pack::PRINT_CSS`] linked, not
//! inline, as the pages' policy requires. A letter the volunteer edited prints their text.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};

use super::{Volunteers, gone, session};
use crate::pack::{self, PRINT_CSS};
use crate::web::act::failed;
use crate::web::i18n::WebLang;
use crate::web::pages::errors::Rendered;
use crate::web::pages::layout::Cx;
use crate::web::state::Shared;

/// Where the print stylesheet is served.
const CSS_PATH: &str = "/me/print.css";

/// `GET /me/print.css`.
pub async fn css() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        PRINT_CSS,
    )
}

/// `GET /me/print`: every post letter of the volunteer.
pub async fn all(
    State(state): State<Shared>,
    Extension(vol): Extension<Volunteers>,
    Extension(lang): Extension<WebLang>,
    parts: Parts,
) -> Response {
    view(&state, &vol, lang, &parts, None).await
}

/// `GET /me/letters/ID/print`: one letter.
pub async fn one(
    State(state): State<Shared>,
    Extension(vol): Extension<Volunteers>,
    Extension(lang): Extension<WebLang>,
    Path(letter): Path<String>,
    parts: Parts,
) -> Response {
    view(&state, &vol, lang, &parts, Some(&letter)).await
}

async fn view(
    state: &Shared,
    vol: &Volunteers,
    lang: WebLang,
    parts: &Parts,
    letter: Option<&str>,
) -> Response {
    let data = vol.data.get(state.workspace());
    let cx = Cx {
        lang,
        catalog: &state.catalog,
        path: "/me",
        query: String::new(),
    };
    let Some(id) =
        session::volunteer(state, &parts.headers).filter(|id| data.volunteer(id).is_some())
    else {
        return gone(&cx);
    };
    if let Some(l) = letter
        && data.letter_of(&id, l).is_none()
    {
        return gone(&cx);
    }
    let who = id.clone();
    let edits = match vol.with_ledger(move |l| l.letter_edits(&who)).await {
        Ok(e) => e,
        Err(e) => return failed(&cx, &e),
    };
    let (packs, _) = pack::build(&data.ws, &data.book, &data.letters, &[id]);
    let Some(mut p) = packs.into_iter().next() else {
        return gone(&cx);
    };
    if let Some(l) = letter {
        p.letters.retain(|x| x.id == l);
        if p.letters.is_empty() {
            return gone(&cx);
        }
    }
    pack::apply_edits(&mut p.letters, &edits);
    let html = pack::render_with(&p, &data.ws.campaign, Some(CSS_PATH));
    let mut res = (StatusCode::OK, Html(html)).into_response();
    res.extensions_mut().insert(Rendered);
    res
}
