//! What the two public forms, "I took action" (`/act`) and the sign-up (`/join`), share: the
//! values as typed with their errors, a labelled field, the country list, the honeypot, the
//! checks a submission passes before its fields are read, and the answer to a submission
//! stored (the redirect to the page saying the link is on its way) or refused. A form is named by its path (`act`, `join`), which starts its
//! element ids and most of its message ids.

use std::collections::HashMap;
use std::net::IpAddr;

use axum::http::request::Parts;
use axum::http::{StatusCode, header::LOCATION};
use axum::response::{IntoResponse, Response};
use governor::DefaultKeyedRateLimiter;
use maud::{Markup, html};
use tokio::sync::Notify;

use crate::action::country;
use crate::ledger::Submitted;
use crate::web::act::{daily_cap_reached, failed, limited, respond, too_many};
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, client_ip, csrf_check};
use crate::web::state::Shared;

/// The hidden field people never fill and form-filling robots do.
pub const HONEYPOT: &str = "website";

/// A form's values as typed, and what is wrong with them.
#[derive(Default)]
pub struct Filled {
    /// Field name to the value typed.
    pub values: HashMap<String, String>,
    /// Field name to message id.
    pub errors: Vec<(&'static str, &'static str)>,
}

impl Filled {
    /// The values typed, no error found yet.
    pub fn new(values: HashMap<String, String>) -> Filled {
        Filled {
            values,
            errors: Vec::new(),
        }
    }

    /// The value of field `name` (empty when not sent).
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    /// The message id of field `name`'s error.
    pub fn error(&self, name: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, m)| *m)
    }

    /// The id of the error under field `name` of `form`, for `aria-describedby`.
    pub fn described(&self, form: &str, name: &str) -> Option<String> {
        self.error(name).map(|_| format!("{form}-{name}-error"))
    }

    /// `aria-invalid` of field `name`.
    pub fn invalid(&self, name: &str) -> Option<&'static str> {
        self.error(name).map(|_| "true")
    }
}

/// The page context of `path`.
pub fn cx<'a>(state: &'a Shared, lang: WebLang, path: &'a str) -> Cx<'a> {
    Cx {
        lang,
        catalog: &state.catalog,
        path,
        query: String::new(),
    }
}

/// A labelled field of `form` with its error, linked for screen readers.
pub fn field(cx: &Cx<'_>, filled: &Filled, form: &str, name: &str, input: Markup) -> Markup {
    html! {
        div.field {
            label for=(format!("{form}-{name}")) { (cx.t(&format!("{form}-field-{name}"))) }
            @if let Some(m) = filled.error(name) {
                p.error id=(format!("{form}-{name}-error")) { (cx.t(m)) }
            }
            (input)
        }
    }
}

/// The alert above a form sent back with errors.
pub fn has_errors(cx: &Cx<'_>, filled: &Filled, form: &str) -> Markup {
    html! {
        @if !filled.errors.is_empty() {
            div.errors role="alert" { p { (cx.t(&format!("{form}-has-errors"))) } }
        }
    }
}

/// The country field of `form`: every country by its name in the page's language.
pub fn country_field(cx: &Cx<'_>, filled: &Filled, form: &str) -> Markup {
    let lang = cx.lang.code();
    let mut countries: Vec<(String, &str)> = country::codes()
        .iter()
        .map(|c| {
            (
                crate::i18n::country_name(c, lang).unwrap_or(c).to_string(),
                *c,
            )
        })
        .collect();
    countries.sort();
    let chosen = filled.value("country").to_ascii_uppercase();
    field(
        cx,
        filled,
        form,
        "country",
        html! {
            select id=(format!("{form}-country")) name="country" required autocomplete="country"
                aria-describedby=[filled.described(form, "country")] aria-invalid=[filled.invalid("country")] {
                option value="" { (cx.t("act-choose-country")) }
                @for (name, code) in &countries {
                    option value=(code) selected[chosen == *code] { (name) }
                }
            }
        },
    )
}

/// The field people cannot see (see [`HONEYPOT`]).
pub fn honeypot(cx: &Cx<'_>, form: &str) -> Markup {
    html! {
        div.hp aria-hidden="true" {
            label for=(format!("{form}-website")) { (cx.t("act-honeypot")) }
            input id=(format!("{form}-website")) type="text" name=(HONEYPOT) tabindex="-1" autocomplete="off";
        }
    }
}

/// The answer to `form` sent without a valid CSRF token: nothing is kept, and the form is
/// offered again.
pub fn csrf_refused(page: &Cx<'_>, form: &str) -> Response {
    let title = page.t("act-csrf-title");
    let body = html! {
        h1 { (title) }
        p { (page.t("act-csrf")) }
        p { a href=(format!("/{form}?lang={}", page.lang.code())) { (page.t("act-again")) } }
    };
    respond(page, StatusCode::FORBIDDEN, &title, body)
}

/// Post/redirect/get to `form`'s page saying the link is on its way: a reload of the answer
/// does not submit again.
pub fn see_sent(lang: WebLang, form: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(LOCATION, format!("/{form}/sent?lang={}", lang.code()))],
    )
        .into_response()
}

/// `GET /FORM/sent`: the link is on its way.
pub fn sent(state: &Shared, lang: WebLang, form: &str) -> Response {
    let path = format!("/{form}/sent");
    let cx = cx(state, lang, &path);
    let title = cx.t(&format!("{form}-sent-title"));
    let body = html! {
        h1 { (title) }
        p { (cx.t(&format!("{form}-sent"))) }
        p { a href="/" { (cx.t("back-home")) } }
    };
    respond(&cx, StatusCode::OK, &title, body)
}

/// The checks a submission of `form` (at `page`) passes before its fields are read, in
/// order: the CSRF token, the honeypot (a robot is answered as if all went well, and
/// nothing is kept), the limit per client network (`ip_limit` the message of its 429). The
/// answer when one of them stops it.
pub fn gate(
    state: &Shared,
    parts: &Parts,
    page: &Cx<'_>,
    form: &str,
    values: &HashMap<String, String>,
    per_ip: &DefaultKeyedRateLimiter<IpAddr>,
    ip_limit: &str,
) -> Option<Response> {
    let token = values.get(CSRF_FIELD).map_or("", String::as_str);
    if !csrf_check(state, &parts.headers, token) {
        return Some(csrf_refused(page, form));
    }
    if values.get(HONEYPOT).is_some_and(|v| !v.is_empty()) {
        return Some(see_sent(page.lang, form));
    }
    let ip = client_ip(parts, state.trusted_proxy)?;
    let wait = limited(per_ip, &ip)?;
    Some(too_many(page, wait, ip_limit))
}

/// The answer to a submission of `form` handed to the ledger: stored (the outbox is woken
/// and the browser sent to the page saying the link is on its way), refused by the daily
/// cap, or failed.
pub fn submitted(
    page: &Cx<'_>,
    form: &str,
    stored: anyhow::Result<Submitted>,
    wake: &Notify,
) -> Response {
    match stored {
        Ok(Submitted::Queued(_)) => {
            wake.notify_one();
            see_sent(page.lang, form)
        }
        Ok(Submitted::DailyCapReached) => daily_cap_reached(page),
        Err(e) => failed(page, &e),
    }
}
