//! `/api/v1/tally.json`: the bytes of `marathon tally --public --format json`, kept ready by
//! the state's ledger watcher (never a query per request), with an ETag, open CORS and a
//! short cache. It stands outside the router's middleware (see [`crate::web::router`]).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_MAX_AGE, ALLOW, IF_NONE_MATCH,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::web::security;
use crate::web::state::Shared;

/// How long a client may reuse the JSON without asking again.
pub const CACHE: &str = "public, max-age=2";

/// The path of the public tally.
pub const PATH: &str = "/api/v1/tally.json";

/// Any request to `/api/v1/tally.json`, through the router.
pub async fn any(State(state): State<Shared>, req: Request) -> Response {
    answer(&state, req.method(), req.headers())
}

/// The answer to a request for the public tally: `GET` and `HEAD` get the figures (or 304),
/// `OPTIONS` the CORS preflight answer, other methods 405. Synchronous and cheap: the
/// accept loop calls it directly, before the router.
pub fn answer(state: &Shared, method: &Method, headers: &HeaderMap) -> Response {
    let mut res = match *method {
        Method::GET | Method::HEAD => {
            let snap = state.snapshot();
            let mut res = if matches(headers, &snap.etag) {
                StatusCode::NOT_MODIFIED.into_response()
            } else {
                Response::new(Body::from(snap.json.clone()))
            };
            *res.headers_mut() = snap.json_headers.clone();
            return res;
        }
        Method::OPTIONS => (
            StatusCode::NO_CONTENT,
            [
                (ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                (ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD"),
                (ACCESS_CONTROL_ALLOW_HEADERS, "If-None-Match"),
                (ACCESS_CONTROL_MAX_AGE, "86400"),
            ],
        )
            .into_response(),
        _ => (
            StatusCode::METHOD_NOT_ALLOWED,
            [(ALLOW, "GET, HEAD, OPTIONS")],
        )
            .into_response(),
    };
    security::add_headers(res.headers_mut(), false, false);
    res
}

/// True when `If-None-Match` lists `etag` (or is `*`).
fn matches(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}
