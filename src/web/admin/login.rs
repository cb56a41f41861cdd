//! `/admin/login` (the form and its POST) and `POST /admin/logout`. Every POST carries the
//! CSRF token; wrong passwords count against both the name and the client address
//! ([`super::lockout`]); a good one starts a new session (never reusing an old id).

use std::collections::HashMap;
use std::time::Instant;

use axum::Extension;
use axum::extract::{Form, State};
use axum::http::header::{LOCATION, RETRY_AFTER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;

use super::session::{self, COOKIE};
use super::{Admin, cx, no_store, respond};
use crate::web::i18n::{WebLang, cookie};
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, Csrf, Https, client_ip, csrf_check, csrf_issue};
use crate::web::state::Shared;

/// `next` made safe for a query: only paths under `/admin` survive, percent-encoded.
pub fn encode_next(next: &str) -> String {
    let next = safe_next(next);
    next.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where to go after the login: `next` when it is a path under `/admin` (never another
/// site), else `/admin`.
fn safe_next(next: &str) -> &str {
    let ok = (next == "/admin" || next.starts_with("/admin/"))
        && !next.contains("//")
        && !next.contains('\\')
        && next.bytes().all(|b| b.is_ascii_graphic());
    if ok { next } else { "/admin" }
}

fn query(parts: &Parts) -> HashMap<String, String> {
    parts
        .uri
        .query()
        .map(|q| {
            q.split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), decode(v)))
                .collect()
        })
        .unwrap_or_default()
}

fn decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = v.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `GET /admin/login`.
pub async fn get(
    State(state): State<Shared>,
    Extension(lang): Extension<WebLang>,
    parts: Parts,
) -> Response {
    let q = query(&parts);
    let next = safe_next(q.get("next").map_or("/admin", String::as_str)).to_string();
    let note = if q.contains_key("expired") {
        Some("admin-login-expired")
    } else if q.contains_key("out") {
        Some("admin-logged-out")
    } else {
        None
    };
    let csrf = csrf_issue(&state, &parts);
    let cx = cx(&state, lang, "/admin/login");
    render(&cx, &csrf, &next, "", note, StatusCode::OK)
}

fn render(
    cx: &Cx<'_>,
    csrf: &Csrf,
    next: &str,
    name: &str,
    note: Option<&str>,
    status: StatusCode,
) -> Response {
    let title = cx.t("admin-login-title");
    let error = status.is_client_error();
    let body = html! {
        h1 { (title) }
        @if let Some(n) = note {
            @if error {
                p.error #login-error role="alert" { (cx.t(n)) }
            } @else {
                p.note role="status" { (cx.t(n)) }
            }
        }
        form.admin-login method="post" action="/admin/login" {
            input type="hidden" name=(CSRF_FIELD) value=(csrf.token);
            input type="hidden" name="next" value=(next);
            div.field {
                label for="login-name" { (cx.t("admin-login-name")) }
                input #login-name type="text" name="name" value=(name) autocomplete="username" required maxlength="64";
            }
            div.field {
                label for="login-password" { (cx.t("admin-login-password")) }
                input #login-password type="password" name="password" autocomplete="current-password" required maxlength="1024";
            }
            button type="submit" { (cx.t("admin-login-button")) }
        }
    };
    let mut res = respond(cx, status, &title, body);
    csrf.apply(&mut res);
    no_store(&mut res);
    res
}

/// `POST /admin/login`.
pub async fn post(
    State(state): State<Shared>,
    Extension(admin): Extension<Admin>,
    Extension(lang): Extension<WebLang>,
    parts: Parts,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let cx = cx(&state, lang, "/admin/login");
    let csrf = csrf_issue(&state, &parts);
    let field = |k: &str| form.get(k).map_or("", String::as_str);
    let next = safe_next(field("next")).to_string();
    let name = field("name").trim().to_string();
    if !csrf_check(&state, &parts.headers, field(CSRF_FIELD)) {
        return render(
            &cx,
            &csrf,
            &next,
            &name,
            Some("admin-csrf"),
            StatusCode::FORBIDDEN,
        );
    }
    let ip =
        client_ip(&parts, state.trusted_proxy).map_or_else(|| "unknown".into(), |i| i.to_string());
    let keys = [format!("name:{name}"), format!("ip:{ip}")];
    let now = Instant::now();
    let wait = {
        let lock = admin.lockout.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter().filter_map(|k| lock.wait(k, now)).max()
    };
    if let Some(wait) = wait {
        let mut res = render(
            &cx,
            &csrf,
            &next,
            &name,
            Some("admin-login-locked"),
            StatusCode::TOO_MANY_REQUESTS,
        );
        if let Ok(v) = HeaderValue::from_str(&(wait.as_secs() + 1).to_string()) {
            res.headers_mut().insert(RETRY_AFTER, v);
        }
        return res;
    }
    let password = field("password").to_string();
    let who = name.clone();
    let Ok(_permit) = admin.checking.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let checked = {
        let admin = admin.clone();
        tokio::task::spawn_blocking(move || admin.accounts().map(|a| a.verify(&who, &password)))
            .await
    };
    let good = match checked {
        Ok(Ok(good)) => good,
        Ok(Err(e)) => {
            tracing::error!("{e:#}");
            false
        }
        Err(e) => {
            tracing::error!("the password check ended abnormally: {e}");
            false
        }
    };
    if !good {
        let mut lock = admin.lockout.lock().unwrap_or_else(|e| e.into_inner());
        for k in &keys {
            lock.miss(k, Instant::now());
        }
        drop(lock);
        tracing::info!("a wrong password for an admin login");
        return render(
            &cx,
            &csrf,
            &next,
            &name,
            Some("admin-login-wrong"),
            StatusCode::UNAUTHORIZED,
        );
    }
    {
        let mut lock = admin.lockout.lock().unwrap_or_else(|e| e.into_inner());
        for k in &keys {
            lock.clear(k);
        }
    }
    let id = {
        let mut sessions = admin.sessions.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = cookie(&parts.headers, COOKIE) {
            sessions.end(&old);
        }
        sessions.start(&name, Instant::now())
    };
    tracing::info!("`{name}` logged in at /admin");
    let https = parts.extensions.get::<Https>().is_some_and(|h| h.0);
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(&next) {
        res.headers_mut().insert(LOCATION, v);
    }
    res.headers_mut()
        .append(SET_COOKIE, session::set_cookie(Some(&id), https));
    csrf.apply(&mut res);
    res
}

/// `POST /admin/logout`: ends the session and goes back to the login.
pub async fn logout(
    State(state): State<Shared>,
    Extension(admin): Extension<Admin>,
    Extension(lang): Extension<WebLang>,
    parts: Parts,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let submitted = form.get(CSRF_FIELD).map_or("", String::as_str);
    if !csrf_check(&state, &parts.headers, submitted) {
        let cx = cx(&state, lang, "/admin/logout");
        let csrf = csrf_issue(&state, &parts);
        return render(
            &cx,
            &csrf,
            "/admin",
            "",
            Some("admin-csrf"),
            StatusCode::FORBIDDEN,
        );
    }
    if let Some(id) = cookie(&parts.headers, COOKIE) {
        admin
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .end(&id);
    }
    let https = parts.extensions.get::<Https>().is_some_and(|h| h.0);
    let mut res = StatusCode::SEE_OTHER.into_response();
    res.headers_mut()
        .insert(LOCATION, HeaderValue::from_static("/admin/login?out=1"));
    res.headers_mut()
        .append(SET_COOKIE, session::set_cookie(None, https));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_never_leaves_admin() {
        assert_eq!(safe_next("/admin/work"), "/admin/work");
        assert_eq!(safe_next("//evil.example/admin"), "/admin");
        assert_eq!(safe_next("https://evil.example"), "/admin");
        assert_eq!(safe_next("/admin/..//x"), "/admin");
        assert_eq!(safe_next("/administrator"), "/admin");
        assert_eq!(encode_next("/admin/a b"), "/admin");
        assert_eq!(decode(&encode_next("/admin/work")), "/admin/work");
    }

    proptest::proptest! {
        /// No typed `next` or query value panics, and `next` never leads off `/admin`.
        #[test]
        fn any_next_stays_under_admin(s in "\\PC*") {
            let next = safe_next(&s);
            proptest::prop_assert!(next == "/admin" || next.starts_with("/admin/"));
            let back = decode(&encode_next(&s));
            proptest::prop_assert!(back == "/admin" || back.starts_with("/admin/"));
            let _ = decode(&s);
        }
    }
}
