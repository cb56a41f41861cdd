//! `/act/confirm/TOKEN`: a GET shows what is about to be counted and a button; the POST
//! counts it. A link past its window, or already used, counts nothing.

use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use maud::{Markup, html};
use std::collections::HashMap;
use time::OffsetDateTime;

use super::{Act, failed, respond};
use crate::act::CONFIRM_WINDOW;
use crate::act::key::token_hash;
use crate::ledger::Confirmation;
use crate::web::forms::cx;
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, csrf_check, csrf_issue};
use crate::web::state::Shared;

/// The form's name in paths and ids.
const FORM: &str = "act";

/// A token as the links carry it: 64 hex digits.
pub(crate) fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The button that confirms what a mailed link stands for: a POST back to the link's own
/// `path`, so that a mail scanner following the link confirms nothing.
pub(crate) fn confirm_form(cx: &Cx<'_>, token: &str, path: &str, button: &str) -> Markup {
    html! {
        form method="post" action=(format!("{path}?lang={}", cx.lang.code())) {
            input type="hidden" name=(CSRF_FIELD) value=(token);
            button type="submit" { (cx.t(button)) }
        }
    }
}

/// The answer to a confirmation posted without a valid CSRF token: nothing is confirmed, and
/// the link's page is offered again.
pub(crate) fn csrf_refused(cx: &Cx<'_>, path: &str) -> Response {
    let title = cx.t("act-csrf-title");
    let body = html! {
        h1 { (title) }
        p { (cx.t("act-csrf-confirm")) }
        p { a href=(format!("{path}?lang={}", cx.lang.code())) { (cx.t("act-confirm-again")) } }
    };
    respond(cx, StatusCode::FORBIDDEN, &title, body)
}

/// The answer to a link of `form` past its window, used or unknown: it counts nothing.
pub(crate) fn gone(cx: &Cx<'_>, form: &str) -> Response {
    let title = cx.t("act-gone-title");
    let body = html! {
        h1 { (title) }
        p { (cx.t(&format!("{form}-gone"))) }
        p { a href=(format!("/{form}?lang={}", cx.lang.code())) { (cx.t(&format!("{form}-again"))) } }
    };
    respond(cx, StatusCode::NOT_FOUND, &title, body)
}

/// The page of a link of `form` (at `cx.path`): what it stands for (`summary`, the items of
/// a list) and the button that confirms it, with a fresh CSRF token.
pub(crate) fn confirm_page(
    state: &Shared,
    parts: &Parts,
    cx: &Cx<'_>,
    form: &str,
    summary: Markup,
) -> Response {
    let csrf = csrf_issue(state, parts);
    let title = cx.t(&format!("{form}-confirm-title"));
    let body = html! {
        h1 { (title) }
        p { (cx.t(&format!("{form}-confirm-intro"))) }
        dl.summary { (summary) }
        (confirm_form(cx, &csrf.token, cx.path, &format!("{form}-confirm-button")))
    };
    let mut res = respond(cx, StatusCode::OK, &title, body);
    csrf.apply(&mut res);
    res
}

/// Checks a confirmation posted to a link of `form` (at `cx.path`): the link's token is well
/// formed and the CSRF token valid; otherwise the answer refusing it.
pub(crate) fn refuse_post(
    state: &Shared,
    parts: &Parts,
    cx: &Cx<'_>,
    form: &str,
    token: &str,
    values: &HashMap<String, String>,
) -> Option<Response> {
    if !well_formed(token) {
        return Some(gone(cx, form));
    }
    let submitted = values.get(CSRF_FIELD).map_or("", String::as_str);
    if !csrf_check(state, &parts.headers, submitted) {
        return Some(csrf_refused(cx, cx.path));
    }
    None
}

/// `GET /act/confirm/TOKEN`.
pub async fn get(
    State(state): State<Shared>,
    Extension(act): Extension<Act>,
    Extension(lang): Extension<WebLang>,
    Path(token): Path<String>,
    parts: Parts,
) -> Response {
    let path = format!("/act/confirm/{token}");
    let cx = cx(&state, lang, &path);
    if !well_formed(&token) {
        return gone(&cx, FORM);
    }
    let hash = token_hash(&token);
    let found = match act.with_ledger(move |l| l.pending_action(&hash)).await {
        Ok(f) => f,
        Err(e) => return failed(&cx, &e),
    };
    let Some(p) = found.filter(|p| OffsetDateTime::now_utc() - p.submitted_at <= CONFIRM_WINDOW)
    else {
        return gone(&cx, FORM);
    };
    let ws = state.workspace();
    let case = ws
        .campaign
        .case(&p.case)
        .map_or(p.case.clone(), |c| c.title.clone());
    let country = crate::i18n::country_name(&p.country, lang.code())
        .unwrap_or(&p.country)
        .to_string();
    let summary = html! {
        dt { (cx.t("act-field-kind")) } dd { (cx.t(&format!("act-kind-{}", p.kind.as_str()))) }
        dt { (cx.t("act-field-count")) } dd { (lang.group(p.count)) }
        dt { (cx.t("act-field-case")) } dd { (case) }
        dt { (cx.t("act-field-country")) } dd { (country) }
        @if let Some(g) = &p.group { dt { (cx.t("act-field-group")) } dd { (g) } }
    };
    confirm_page(&state, &parts, &cx, FORM, summary)
}

/// `POST /act/confirm/TOKEN`.
pub async fn post(
    State(state): State<Shared>,
    Extension(act): Extension<Act>,
    Extension(lang): Extension<WebLang>,
    Path(token): Path<String>,
    parts: Parts,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let path = format!("/act/confirm/{token}");
    let cx = cx(&state, lang, &path);
    if let Some(refused) = refuse_post(&state, &parts, &cx, FORM, &token, &values) {
        return refused;
    }
    let hash = token_hash(&token);
    let now = OffsetDateTime::now_utc();
    let done = act
        .with_ledger(move |l| l.confirm_pending(&hash, now, CONFIRM_WINDOW))
        .await;
    match done {
        Ok(Confirmation::Recorded { count, .. }) => {
            let title = cx.t("act-thanks-title");
            let body = html! {
                h1 { (title) }
                p.thanks { (cx.catalog.fmt(lang, "act-thanks", &[("count", count.into()), ("countText", lang.group(count).into())])) }
                p { a href="/" { (cx.t("back-home")) } }
            };
            respond(&cx, StatusCode::OK, &title, body)
        }
        Ok(Confirmation::Expired | Confirmation::Unknown) => gone(&cx, FORM),
        Err(e) => failed(&cx, &e),
    }
}
