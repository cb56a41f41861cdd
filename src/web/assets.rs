//! The stylesheet and script, compiled into the binary and served with long caching (their
//! paths carry a version, so a new release never meets a stale copy).

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

/// The stylesheet's path.
pub const CSS_PATH: &str = concat!("/assets/site-", env!("CARGO_PKG_VERSION"), ".css");
/// The script's path.
pub const JS_PATH: &str = concat!("/assets/live-", env!("CARGO_PKG_VERSION"), ".js");

const CSS: &str = include_str!("assets/site.css");
const JS: &str = include_str!("assets/live.js");
const CACHE: &str = "public, max-age=86400";

/// `GET` the stylesheet.
pub async fn css() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, CACHE),
        ],
        CSS,
    )
}

/// `GET` the script.
pub async fn js() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, CACHE),
        ],
        JS,
    )
}
