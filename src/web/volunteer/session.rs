//! The volunteer session: opening a personal link sets the cookie [`COOKIE`], a value signed
//! with the server key naming the volunteer and when it ends (the link's expiry), and
//! redirects to `/me` so the token leaves the address bar. Admin sessions use another cookie;
//! this one opens nothing but the volunteer's own pages.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::OffsetDateTime;

use super::{Volunteers, gone};
use crate::act::key::token_hash;
use crate::web::act::{failed, limited, too_many};
use crate::web::i18n::{WebLang, cookie};
use crate::web::pages::layout::Cx;
use crate::web::security::{Https, client_ip, cookie_attributes};
use crate::web::state::Shared;

/// The name of the volunteer session cookie.
pub const COOKIE: &str = "marathon_volunteer";

fn mac(key: &[u8; 32], id_hex: &str, until: i64) -> Hmac<Sha256> {
    // HMAC takes a key of any length, so this cannot fail.
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    m.update(b"volunteer session\0");
    m.update(id_hex.as_bytes());
    m.update(b"\0");
    m.update(until.to_string().as_bytes());
    m
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 512 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The cookie value for volunteer `id` until `until`.
pub fn value(key: &[u8; 32], id: &str, until: OffsetDateTime) -> String {
    let id_hex = hex(id.as_bytes());
    let until = until.unix_timestamp();
    let sig = hex(&mac(key, &id_hex, until).finalize().into_bytes());
    format!("{id_hex}.{until}.{sig}")
}

/// The volunteer a cookie value names, when its signature holds and it has not ended.
pub fn verify(key: &[u8; 32], value: &str, now: OffsetDateTime) -> Option<String> {
    let mut parts = value.split('.');
    let (id_hex, until, sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let until: i64 = until.parse().ok()?;
    mac(key, id_hex, until).verify_slice(&unhex(sig)?).ok()?;
    if now.unix_timestamp() >= until {
        return None;
    }
    String::from_utf8(unhex(id_hex)?).ok()
}

/// The volunteer of this request's session, if any.
pub fn volunteer(state: &Shared, headers: &HeaderMap) -> Option<String> {
    let v = cookie(headers, COOKIE)?;
    verify(&state.key, &v, OffsetDateTime::now_utc())
}

/// A token as links carry it: 64 hex digits.
fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `GET /v/TOKEN`: a valid link sets the session and redirects to `/me`; any other answers
/// as a missing page. Limited per client address.
pub async fn open(
    State(state): State<Shared>,
    Extension(vol): Extension<Volunteers>,
    Extension(lang): Extension<WebLang>,
    Path(token): Path<String>,
    parts: Parts,
) -> Response {
    let cx = Cx {
        lang,
        catalog: &state.catalog,
        path: "/me",
        query: String::new(),
    };
    if let Some(ip) = client_ip(&parts, state.trusted_proxy)
        && let Some(wait) = limited(&vol.per_ip, &ip)
    {
        return too_many(&cx, wait, "vol-limit");
    }
    if !well_formed(&token) {
        return gone(&cx);
    }
    let hash = token_hash(&token.to_ascii_lowercase());
    let found = match vol.with_ledger(move |l| l.invite_by_token(&hash)).await {
        Ok(f) => f,
        Err(e) => return failed(&cx, &e),
    };
    let now = OffsetDateTime::now_utc();
    let Some(invite) = found.filter(|i| i.expires_at > now) else {
        return gone(&cx);
    };
    let https = parts.extensions.get::<Https>().is_some_and(|h| h.0);
    let max_age = (invite.expires_at - now).whole_seconds().max(1);
    let cookie = format!(
        "{COOKIE}={}; Max-Age={max_age}{}",
        value(&state.key, &invite.volunteer, invite.expires_at),
        cookie_attributes(https, true)
    );
    let mut res = (StatusCode::SEE_OTHER, [(LOCATION, "/me")]).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_holds_only_with_its_key_until_its_end() {
        let key = [3u8; 32];
        let now = OffsetDateTime::now_utc();
        let later = now + time::Duration::days(1);
        let v = value(&key, "anna-k", later);
        assert_eq!(verify(&key, &v, now).as_deref(), Some("anna-k"));
        assert_eq!(verify(&key, &v, later), None);
        assert_eq!(verify(&[4u8; 32], &v, now), None);
        // Another volunteer's id under the same signature.
        let forged = v.replacen(&hex(b"anna-k"), &hex(b"boris-z"), 1);
        assert_eq!(verify(&key, &forged, now), None);
        // A later end under the same signature.
        let (head, _) = v.rsplit_once('.').unwrap();
        let sig = v.rsplit('.').next().unwrap();
        let (id, _) = head.split_once('.').unwrap();
        let stretched = format!("{id}.{}.{sig}", later.unix_timestamp() + 1);
        assert_eq!(verify(&key, &stretched, now), None);
        for junk in ["", ".", "..", "zz.1.zz", "a.b.c.d", &format!("{v}.x")] {
            assert_eq!(verify(&key, junk, now), None, "{junk}");
        }
    }
}
