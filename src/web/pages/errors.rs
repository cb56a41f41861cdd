//! Error pages: a short sentence in the visitor's language and a link home; never a stack
//! trace, a path or an internal message (those go to the server's log).

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;

use super::layout::{Cx, page};

/// Marks a response whose body is already a page of ours, so that the error middleware
/// leaves it alone.
#[derive(Debug, Clone, Copy)]
pub struct Rendered;

/// The message id for an error status.
fn message(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => "error-not-found",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::REQUEST_TIMEOUT => "error-timeout",
        s if s.is_server_error() => "error-server",
        _ => "error-bad-request",
    }
}

/// The error page for `status`.
pub fn error_page(cx: &Cx<'_>, status: StatusCode) -> Response {
    let title = cx.t("error-title");
    let body = html! {
        h1 { (title) }
        p { (cx.t(message(status))) }
        p { a href="/" { (cx.t("back-home")) } }
    };
    let mut res = (status, Html(page(cx, &title, body).into_string())).into_response();
    res.extensions_mut().insert(Rendered);
    res
}
