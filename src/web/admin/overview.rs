//! `GET /admin`: where the campaign stands, on one screen.

use axum::Extension;
use axum::extract::State;
use axum::http::request::Parts;
use axum::response::Response;
use maud::html;

use super::{AdminSession, admin_page, cx};
use crate::web::i18n::WebLang;
use crate::web::security::csrf_issue;
use crate::web::state::Shared;

/// `GET /admin`.
pub async fn get(
    State(state): State<Shared>,
    Extension(lang): Extension<WebLang>,
    who: AdminSession,
    parts: Parts,
) -> Response {
    let cx = cx(&state, lang, "/admin");
    let csrf = csrf_issue(&state, &parts);
    let title = cx.t("admin-overview");
    let body = html! { h1 { (title) } };
    admin_page(&cx, &who, &csrf, &title, body)
}
