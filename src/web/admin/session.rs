//! Coordinator sessions: a random id (256 bits) in the `marathon_admin` cookie (HttpOnly,
//! SameSite=Strict, `Path=/admin`, Secure over HTTPS), kept in memory only as its SHA-256,
//! ending after [`IDLE`] without a request or [`LONGEST`] after the login, at logout, when
//! the account is removed, or when the server restarts. [`AdminSession`] is the extractor
//! every `/admin` handler takes: without a live session a page asks to log in again.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::Admin;
use crate::web::i18n::cookie;
use crate::web::security::Https;
use crate::web::state::Shared;

/// The session cookie's name (volunteer sessions use another).
pub const COOKIE: &str = "marathon_admin";

/// A session ends after this long without a request.
pub const IDLE: Duration = Duration::from_secs(30 * 60);

/// A session ends this long after the login, however busy.
pub const LONGEST: Duration = Duration::from_secs(12 * 3600);

#[derive(Debug, Clone)]
struct Live {
    name: String,
    started: Instant,
    seen: Instant,
}

/// The live sessions, by the SHA-256 of their id.
#[derive(Debug, Default)]
pub struct Sessions {
    live: HashMap<[u8; 32], Live>,
}

fn digest(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

impl Sessions {
    /// Starts a session for `name` and returns its id (64 hex digits).
    pub fn start(&mut self, name: &str, now: Instant) -> String {
        self.live
            .retain(|_, s| now - s.seen < IDLE && now - s.started < LONGEST);
        let mut raw = [0u8; 32];
        rand::rng().fill_bytes(&mut raw);
        let id: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        self.live.insert(
            digest(&id),
            Live {
                name: name.to_string(),
                started: now,
                seen: now,
            },
        );
        id
    }

    /// The name of the session `id` at `now`, marking it used; `None` when it has ended.
    pub fn touch(&mut self, id: &str, now: Instant) -> Option<String> {
        let key = digest(id);
        let s = self.live.get_mut(&key)?;
        if now.saturating_duration_since(s.seen) >= IDLE
            || now.saturating_duration_since(s.started) >= LONGEST
        {
            self.live.remove(&key);
            return None;
        }
        s.seen = now;
        Some(s.name.clone())
    }

    /// Ends the session `id`.
    pub fn end(&mut self, id: &str) {
        self.live.remove(&digest(id));
    }

    /// Ends every session of `name`.
    pub fn end_all(&mut self, name: &str) {
        self.live.retain(|_, s| s.name != name);
    }
}

/// The `Set-Cookie` value that starts (`Some(id)`) or clears (`None`) the session cookie.
pub fn set_cookie(id: Option<&str>, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    let v = match id {
        Some(id) => format!("{COOKIE}={id}; Path=/admin; HttpOnly; SameSite=Strict{secure}"),
        None => format!("{COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    };
    // Hex digits and fixed ASCII: always a valid header value.
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A logged-in coordinator: take it as a handler argument to put a route behind the login.
#[derive(Debug, Clone)]
pub struct AdminSession {
    /// The coordinator's account name.
    pub name: String,
}

impl FromRequestParts<Shared> for AdminSession {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &Shared) -> Result<Self, Response> {
        let Some(admin) = parts.extensions.get::<Admin>().cloned() else {
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        };
        let id = cookie(&parts.headers, COOKIE).filter(|c| c.len() == 64);
        if let Some(id) = id
            && let Some(name) = admin.session(&id)
        {
            return Ok(AdminSession { name });
        }
        Err(ask_to_log_in(parts))
    }
}

/// The answer without a live session: a JSON request gets 401, a page a redirect to the
/// login, which brings the coordinator back here afterwards.
fn ask_to_log_in(parts: &Parts) -> Response {
    let https = parts.extensions.get::<Https>().is_some_and(|h| h.0);
    let path = parts.uri.path();
    let had_cookie = cookie(&parts.headers, COOKIE).is_some();
    let mut res = if path.ends_with(".json") {
        let mut r = (
            StatusCode::UNAUTHORIZED,
            [("content-type", "application/json")],
            r#"{"error":"log in again"}"#,
        )
            .into_response();
        r.extensions_mut()
            .insert(crate::web::pages::errors::Rendered);
        r
    } else {
        let next = if parts.method == axum::http::Method::GET {
            path
        } else {
            "/admin"
        };
        let mut to = format!("/admin/login?next={}", super::login::encode_next(next));
        if had_cookie {
            to.push_str("&expired=1");
        }
        let mut r = StatusCode::SEE_OTHER.into_response();
        if let Ok(v) = HeaderValue::from_str(&to) {
            r.headers_mut().insert(LOCATION, v);
        }
        r
    };
    if had_cookie {
        res.headers_mut()
            .append(SET_COOKIE, set_cookie(None, https));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_end_when_idle_or_too_old_or_ended() {
        let mut s = Sessions::default();
        let t0 = Instant::now();
        let id = s.start("anna", t0);
        assert_eq!(id.len(), 64);
        assert_eq!(s.touch(&id, t0 + IDLE / 2).as_deref(), Some("anna"));
        assert_eq!(s.touch(&id, t0 + IDLE / 2 + IDLE), None);
        let id = s.start("anna", t0);
        let mut t = t0;
        while t < t0 + LONGEST - IDLE / 2 {
            t += IDLE / 2;
            assert!(s.touch(&id, t).is_some());
        }
        assert_eq!(s.touch(&id, t0 + LONGEST), None);
        let id = s.start("anna", t0);
        s.end(&id);
        assert_eq!(s.touch(&id, t0), None);
        let id = s.start("boris", t0);
        s.end_all("boris");
        assert_eq!(s.touch(&id, t0), None);
        assert_eq!(s.touch("0".repeat(64).as_str(), t0), None);
    }
}
