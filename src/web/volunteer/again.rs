//! "Email me my link again" (`/me/link`): a form asking for an address; the answer is the same
//! page whether or not a volunteer has that address, given at once while the mail (if any)
//! goes out on a thread of its own, so neither the words nor the time tell. CSRF, a limit per
//! client address and one per email address.

use std::collections::HashMap;

use axum::Extension;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use maud::html;

use super::Volunteers;
use crate::web::act::{Act, limited, respond, too_many};
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, client_ip, csrf_check, csrf_issue};
use crate::web::state::Shared;

/// The form's address.
pub const PATH: &str = "/me/link";

fn cx<'a>(state: &'a Shared, lang: WebLang) -> Cx<'a> {
    Cx {
        lang,
        catalog: &state.catalog,
        path: PATH,
        query: String::new(),
    }
}

/// `GET /me/link`.
pub async fn get(
    State(state): State<Shared>,
    Extension(lang): Extension<WebLang>,
    parts: Parts,
) -> Response {
    let cx = cx(&state, lang);
    let csrf = csrf_issue(&state, &parts);
    let title = cx.t("vol-again-title");
    let body = html! {
        h1 { (title) }
        p { (cx.t("vol-again-intro")) }
        form.act method="post" action=(PATH) {
            input type="hidden" name=(CSRF_FIELD) value=(csrf.token);
            div.field {
                label for="again-email" { (cx.t("vol-again-email")) }
                br;
                input #again-email type="email" name="email" autocomplete="email" required;
            }
            button type="submit" { (cx.t("vol-again-button")) }
        }
    };
    let mut res = respond(&cx, StatusCode::OK, &title, body);
    csrf.apply(&mut res);
    res
}

/// `POST /me/link`.
pub async fn post(
    State(state): State<Shared>,
    Extension(vol): Extension<Volunteers>,
    Extension(act): Extension<Act>,
    Extension(lang): Extension<WebLang>,
    parts: Parts,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let cx = cx(&state, lang);
    let submitted = values.get(CSRF_FIELD).map_or("", String::as_str);
    if !csrf_check(&state, &parts.headers, submitted) {
        let title = cx.t("act-csrf-title");
        let body = html! {
            h1 { (title) }
            p { (cx.t("act-csrf")) }
            p { a href=(PATH) { (cx.t("vol-again-title")) } }
        };
        return respond(&cx, StatusCode::FORBIDDEN, &title, body);
    }
    if let Some(ip) = client_ip(&parts, state.trusted_proxy)
        && let Some(wait) = limited(&vol.again_ip, &ip)
    {
        return too_many(&cx, wait, "vol-limit");
    }
    let email = values
        .get("email")
        .map(|e| e.trim().to_lowercase())
        .unwrap_or_default();
    if let Some(wait) = limited(&vol.again_address, &email) {
        return too_many(&cx, wait, "vol-limit");
    }
    if email.contains('@') && email.len() <= 254 {
        let ws = state.workspace();
        let base = act.base_url.clone();
        let spawned = std::thread::Builder::new()
            .name("link-again".into())
            .spawn(move || {
                if let Err(e) = crate::invite::resend(&ws, &email, &base) {
                    tracing::warn!("a link asked for again was not mailed: {e:#}");
                }
            });
        if let Err(e) = spawned {
            tracing::warn!("cannot start the thread mailing a link again: {e}");
        }
    }
    let title = cx.t("vol-again-title");
    let body = html! {
        h1 { (title) }
        p.thanks role="status" { (cx.t("vol-again-sent")) }
        p { a href="/" { (cx.t("back-home")) } }
    };
    respond(&cx, StatusCode::OK, &title, body)
}
