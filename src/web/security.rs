//! What keeps the server safe to put on the internet: the security headers on every
//! response, the client's address (believing `X-Forwarded-For` only from the trusted proxy),
//! HTTPS detection for secure cookies, the CSRF token every form carries, and the secret key
//! it is signed with.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

use anyhow::{Context, Result, bail};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, SET_COOKIE, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use super::state::Shared;

/// The policy of every page: scripts, styles and images only from the server itself, no
/// inline script, and no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The same for `/embed/*`, which other sites may put in a frame.
pub const CSP_EMBED: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors *";

/// Whether the request came over HTTPS (as the trusted proxy says), put in the request's
/// extensions by [`headers`].
#[derive(Debug, Clone, Copy)]
pub struct Https(pub bool);

/// Middleware: marks HTTPS requests, then adds the security headers to the response,
/// whatever produced it (a page, an error, a timeout).
pub async fn headers(State(state): State<Shared>, mut req: Request, next: Next) -> Response {
    let embed = req.uri().path().starts_with("/embed/");
    let (mut parts, body) = req.into_parts();
    let https = is_https(&parts, state.trusted_proxy);
    parts.extensions.insert(Https(https));
    req = Request::from_parts(parts, body);
    let mut res = next.run(req).await;
    add_headers(res.headers_mut(), embed, https);
    res
}

/// Adds the security headers to a response: the CSP for `/embed/*` when `embed`, HSTS when
/// the request came over HTTPS. The routes outside the middleware call it themselves.
pub fn add_headers(h: &mut HeaderMap, embed: bool, https: bool) {
    let csp = if embed { CSP_EMBED } else { CSP };
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    if !embed {
        h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    if https {
        h.insert(
            HeaderName::from_static("strict-transport-security"),
            HeaderValue::from_static("max-age=31536000"),
        );
    }
}

/// The TCP peer of a request (set by the server's connect info).
fn peer(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

fn from_trusted(parts: &Parts, trusted: Option<IpAddr>) -> bool {
    trusted.is_some() && peer(parts) == trusted
}

/// The client's address: the last `X-Forwarded-For` address when the TCP peer is the
/// trusted proxy (the one it added; earlier ones came from the client and prove nothing),
/// otherwise the TCP peer itself. `None` only without connect info.
pub fn client_ip(parts: &Parts, trusted: Option<IpAddr>) -> Option<IpAddr> {
    if from_trusted(parts, trusted)
        && let Some(ip) = forwarded_for(&parts.headers)
    {
        return Some(ip);
    }
    peer(parts)
}

fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(','))
        .next_back()?;
    last.trim().parse().ok()
}

/// True when the trusted proxy says the request came over HTTPS (`X-Forwarded-Proto`).
pub fn is_https(parts: &Parts, trusted: Option<IpAddr>) -> bool {
    from_trusted(parts, trusted)
        && parts
            .headers
            .get("x-forwarded-proto")
            .and_then(|h| h.to_str().ok())
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

/// The attributes every cookie gets: `; Path=/; SameSite=Lax`, `; HttpOnly` when scripts
/// need not read it, `; Secure` over HTTPS.
pub fn cookie_attributes(secure: bool, http_only: bool) -> String {
    let mut a = String::from("; Path=/; SameSite=Lax");
    if http_only {
        a.push_str("; HttpOnly");
    }
    if secure {
        a.push_str("; Secure");
    }
    a
}

/// Where the server's secret key lives, relative to the workspace.
pub const SECRET_FILE: &str = ".marathon/web-secret";

/// Reads the key from `.marathon/web-secret`, creating it (64 hex digits, mode 0600) on
/// first start.
pub fn load_or_create_key(root: &Path) -> Result<[u8; 32]> {
    let path = root.join(SECRET_FILE);
    if !path.exists() {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        let dir = root.join(".marathon");
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        match opts.open(&path) {
            Ok(mut f) => f
                .write_all(hex(&key).as_bytes())
                .and_then(|()| f.sync_all())
                .with_context(|| format!("cannot write `{}`", path.display()))?,
            // Another server started at the same moment wrote it first: read theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e).with_context(|| format!("cannot create `{}`", path.display())),
        }
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read `{}`", path.display()))?;
    let text = text.trim();
    let mut key = [0u8; 32];
    if text.len() != 64 {
        bail!("`{}`: expected 64 hex digits", path.display());
    }
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16)
            .with_context(|| format!("`{}`: expected 64 hex digits", path.display()))?;
    }
    Ok(key)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The CSRF cookie: a random value per browser, to which each form's token is bound.
pub const CSRF_COOKIE: &str = "marathon_csrf";

/// The name of the hidden form field carrying the token.
pub const CSRF_FIELD: &str = "csrf";

/// A CSRF token for a form, and the cookie to set when the browser had none yet.
#[derive(Debug, Clone)]
pub struct Csrf {
    /// Put this in the form's hidden [`CSRF_FIELD`].
    pub token: String,
    /// Add this `Set-Cookie` to the response, when present.
    pub set_cookie: Option<HeaderValue>,
}

impl Csrf {
    /// Adds the cookie (if any) to `res`.
    pub fn apply(&self, res: &mut Response) {
        if let Some(c) = &self.set_cookie {
            res.headers_mut().append(SET_COOKIE, c.clone());
        }
    }
}

fn sign(key: &[u8; 32], value: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(b"csrf\0");
    mac.update(value.as_bytes());
    mac
}

/// The token for a form on this request: the HMAC of the browser's CSRF cookie (made now
/// when it has none) under the server key. A signed double-submit token: a forged form on
/// another site can neither read the cookie nor compute the token.
pub fn csrf_issue(state: &Shared, parts: &Parts) -> Csrf {
    issue_with(&state.key, parts)
}

fn issue_with(key: &[u8; 32], parts: &Parts) -> Csrf {
    let existing = super::i18n::cookie(&parts.headers, CSRF_COOKIE)
        .filter(|c| c.len() == 32 && c.bytes().all(|b| b.is_ascii_hexdigit()));
    let (value, set_cookie) = match existing {
        Some(v) => (v, None),
        None => {
            let mut raw = [0u8; 16];
            rand::rng().fill_bytes(&mut raw);
            let v = hex(&raw);
            let https = parts.extensions.get::<Https>().is_some_and(|h| h.0);
            let cookie = format!("{CSRF_COOKIE}={v}{}", cookie_attributes(https, true));
            (v, HeaderValue::from_str(&cookie).ok())
        }
    };
    let token = hex(&sign(key, &value).finalize().into_bytes());
    Csrf { token, set_cookie }
}

/// True when `submitted` is the token for this request's CSRF cookie (compared in constant
/// time). False without the cookie.
pub fn csrf_check(state: &Shared, headers: &HeaderMap, submitted: &str) -> bool {
    check_with(&state.key, headers, submitted)
}

fn check_with(key: &[u8; 32], headers: &HeaderMap, submitted: &str) -> bool {
    let Some(value) = super::i18n::cookie(headers, CSRF_COOKIE) else {
        return false;
    };
    let Some(bytes) = unhex(submitted) else {
        return false;
    };
    sign(key, &value).verify_slice(&bytes).is_ok()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 128 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request as HttpRequest;

    fn parts(peer: &str, headers: &[(&str, &str)]) -> Parts {
        let mut b = HttpRequest::builder().uri("/");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let (mut p, ()) = b.body(()).unwrap().into_parts();
        p.extensions
            .insert(ConnectInfo::<SocketAddr>(peer.parse().unwrap()));
        p
    }

    #[test]
    fn forwarded_for_is_believed_only_from_the_trusted_proxy() {
        let trusted = Some("127.0.0.1".parse().unwrap());
        let via_proxy = parts(
            "127.0.0.1:5000",
            &[("x-forwarded-for", "9.9.9.9, 203.0.113.7")],
        );
        assert_eq!(
            client_ip(&via_proxy, trusted),
            Some("203.0.113.7".parse().unwrap())
        );
        let direct = parts("198.51.100.2:5000", &[("x-forwarded-for", "203.0.113.7")]);
        assert_eq!(
            client_ip(&direct, trusted),
            Some("198.51.100.2".parse().unwrap())
        );
        assert_eq!(
            client_ip(&via_proxy, None),
            Some("127.0.0.1".parse().unwrap())
        );
        let garbage = parts("127.0.0.1:5000", &[("x-forwarded-for", "not an address")]);
        assert_eq!(
            client_ip(&garbage, trusted),
            Some("127.0.0.1".parse().unwrap())
        );
    }

    #[test]
    fn csrf_token_holds_only_with_its_cookie_and_key() {
        let key = [7u8; 32];
        let fresh = issue_with(&key, &parts("127.0.0.1:1", &[]));
        let set = fresh.set_cookie.clone().unwrap();
        let set = set.to_str().unwrap();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax"),
            "{set}"
        );
        let cookie = set.split(';').next().unwrap().to_string();
        let with_cookie = parts("127.0.0.1:1", &[("cookie", &cookie)]);
        let again = issue_with(&key, &with_cookie);
        assert!(again.set_cookie.is_none());
        assert_eq!(again.token, fresh.token);
        assert!(check_with(&key, &with_cookie.headers, &fresh.token));
        // Another browser's cookie, another key, a changed token, no cookie: refused.
        let other = parts(
            "127.0.0.1:1",
            &[("cookie", "marathon_csrf=00000000000000000000000000000000")],
        );
        assert!(!check_with(&key, &other.headers, &fresh.token));
        assert!(!check_with(&[8u8; 32], &with_cookie.headers, &fresh.token));
        let mut bad = fresh.token.clone();
        bad.replace_range(0..1, if bad.starts_with('0') { "1" } else { "0" });
        assert!(!check_with(&key, &with_cookie.headers, &bad));
        assert!(!check_with(&key, &with_cookie.headers, ""));
        assert!(!check_with(&key, &with_cookie.headers, "zz"));
        assert!(!check_with(
            &key,
            &parts("127.0.0.1:1", &[]).headers,
            &fresh.token
        ));
    }

    #[test]
    fn https_only_from_the_trusted_proxy() {
        let trusted = Some("127.0.0.1".parse().unwrap());
        assert!(is_https(
            &parts("127.0.0.1:1", &[("x-forwarded-proto", "https")]),
            trusted
        ));
        assert!(!is_https(
            &parts("10.0.0.1:1", &[("x-forwarded-proto", "https")]),
            trusted
        ));
        assert!(!is_https(&parts("127.0.0.1:1", &[]), trusted));
    }
}
