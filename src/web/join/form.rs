//! `/join`: the sign-up form (name, email, city, country, languages they write) and its
//! POST, and `/join/sent`, which says the link is on its way.

use std::collections::HashMap;

use axum::Extension;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{StatusCode, header::LOCATION};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use time::OffsetDateTime;

use super::Join;
use crate::act::address;
use crate::action::country;
use crate::ledger::{NewSignup, Submitted};
use crate::web::act::{daily_cap_reached, failed, limited, respond, too_many};
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, Csrf, client_ip, csrf_check, csrf_issue};
use crate::web::state::Shared;

/// The hidden field people never fill and form-filling robots do.
pub const HONEYPOT: &str = "website";

/// The longest name or city accepted.
const TEXT_MAX: usize = 100;

/// The languages offered, with their own names (a volunteer reads their own language's name).
pub const LANGUAGES: [(&str, &str); 12] = [
    ("en", "English"),
    ("ru", "Русский"),
    ("be", "Беларуская"),
    ("uk", "Українська"),
    ("pl", "Polski"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("lt", "Lietuvių"),
    ("cs", "Čeština"),
    ("ga", "Gaeilge"),
];

/// The form's values as typed (a language box checked is `lang-xx`), and what is wrong.
#[derive(Default)]
struct Filled {
    values: HashMap<String, String>,
    /// Field name to message id.
    errors: Vec<(&'static str, &'static str)>,
}

impl Filled {
    fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    fn error(&self, name: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, m)| *m)
    }
}

fn cx<'a>(state: &'a Shared, lang: WebLang, path: &'a str) -> Cx<'a> {
    Cx {
        lang,
        catalog: &state.catalog,
        path,
        query: String::new(),
    }
}

/// `GET /join`.
pub async fn get(
    State(state): State<Shared>,
    Extension(join): Extension<Join>,
    Extension(lang): Extension<WebLang>,
    parts: Parts,
) -> Response {
    let csrf = csrf_issue(&state, &parts);
    render(
        &state,
        &join,
        lang,
        &csrf,
        &Filled::default(),
        StatusCode::OK,
    )
}

fn render(
    state: &Shared,
    join: &Join,
    lang: WebLang,
    csrf: &Csrf,
    filled: &Filled,
    status: StatusCode,
) -> Response {
    let cx = cx(state, lang, "/join");
    let title = cx.t("join-title");
    let body = if join.closed {
        html! { h1 { (title) } p { (cx.t("join-closed")) } }
    } else {
        form(&cx, csrf, filled)
    };
    let mut res = respond(&cx, status, &title, body);
    csrf.apply(&mut res);
    res
}

/// A labelled field with its error, linked for screen readers.
fn field(cx: &Cx<'_>, filled: &Filled, name: &str, input: Markup) -> Markup {
    html! {
        div.field {
            label for=(format!("join-{name}")) { (cx.t(&format!("join-field-{name}"))) }
            @if let Some(m) = filled.error(name) {
                p.error id=(format!("join-{name}-error")) { (cx.t(m)) }
            }
            (input)
        }
    }
}

fn form(cx: &Cx<'_>, csrf: &Csrf, filled: &Filled) -> Markup {
    let lang = cx.lang.code();
    let described = |name: &str| filled.error(name).map(|_| format!("join-{name}-error"));
    let invalid = |name: &str| filled.error(name).map(|_| "true");
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
    let chosen_country = filled.value("country").to_ascii_uppercase();
    html! {
        h1 { (cx.t("join-title")) }
        p { (cx.t("join-intro")) }
        @if !filled.errors.is_empty() {
            div.errors role="alert" { p { (cx.t("join-has-errors")) } }
        }
        form.act method="post" action=(format!("/join?lang={lang}")) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(csrf.token);
            (field(cx, filled, "name", html! {
                input #join-name type="text" name="name" required maxlength=(TEXT_MAX) autocomplete="name"
                    value=(filled.value("name")) aria-describedby=[described("name")] aria-invalid=[invalid("name")];
            }))
            (field(cx, filled, "email", html! {
                input #join-email type="email" name="email" required autocomplete="email"
                    value=(filled.value("email")) aria-describedby=[described("email")] aria-invalid=[invalid("email")];
            }))
            p.hint { (cx.t("join-email-hint")) }
            (field(cx, filled, "city", html! {
                input #join-city type="text" name="city" required maxlength=(TEXT_MAX) autocomplete="address-level2"
                    value=(filled.value("city")) aria-describedby=[described("city")] aria-invalid=[invalid("city")];
            }))
            (field(cx, filled, "country", html! {
                select #join-country name="country" required autocomplete="country"
                    aria-describedby=[described("country")] aria-invalid=[invalid("country")] {
                    option value="" { (cx.t("act-choose-country")) }
                    @for (name, code) in &countries {
                        option value=(code) selected[chosen_country == *code] { (name) }
                    }
                }
            }))
            fieldset.field aria-describedby=[described("languages")] {
                legend { (cx.t("join-field-languages")) }
                @if let Some(m) = filled.error("languages") {
                    p.error id="join-languages-error" { (cx.t(m)) }
                }
                @for (code, name) in LANGUAGES {
                    div.check {
                        input type="checkbox" id=(format!("join-lang-{code}")) name=(format!("lang-{code}"))
                            value="1" checked[!filled.value(&format!("lang-{code}")).is_empty()];
                        label for=(format!("join-lang-{code}")) lang=(code) { (name) }
                    }
                }
            }
            div.hp aria-hidden="true" {
                label for="join-website" { (cx.t("act-honeypot")) }
                input #join-website type="text" name=(HONEYPOT) tabindex="-1" autocomplete="off";
            }
            button type="submit" { (cx.t("join-submit")) }
        }
    }
}

/// A sign-up whose every field passed.
#[derive(Debug)]
struct Checked {
    name: String,
    email: String,
    city: String,
    country: String,
    languages: Vec<String>,
}

fn text_ok(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= TEXT_MAX && !s.chars().any(char::is_control)
}

/// Checks the typed values; every problem goes into `filled.errors`.
fn check(filled: &mut Filled) -> Option<Checked> {
    let name = filled.value("name").trim().to_string();
    if !text_ok(&name) {
        filled.errors.push(("name", "join-error-name"));
    }
    let email = address::check(filled.value("email")).map(str::to_string);
    if email.is_none() {
        filled.errors.push(("email", "act-error-email"));
    }
    let city = filled.value("city").trim().to_string();
    if !text_ok(&city) {
        filled.errors.push(("city", "join-error-city"));
    }
    let country = country::normalise(filled.value("country"));
    if country.is_none() {
        filled.errors.push(("country", "act-error-country"));
    }
    let languages: Vec<String> = LANGUAGES
        .iter()
        .filter(|(code, _)| !filled.value(&format!("lang-{code}")).is_empty())
        .map(|(code, _)| code.to_string())
        .collect();
    if languages.is_empty() {
        filled.errors.push(("languages", "join-error-languages"));
    }
    if !filled.errors.is_empty() {
        return None;
    }
    Some(Checked {
        name,
        email: email?,
        city,
        country: country?,
        languages,
    })
}

/// `POST /join`.
pub async fn post(
    State(state): State<Shared>,
    Extension(join): Extension<Join>,
    Extension(lang): Extension<WebLang>,
    parts: Parts,
    axum::extract::Form(values): axum::extract::Form<Vec<(String, String)>>,
) -> Response {
    let page = cx(&state, lang, "/join");
    if join.closed {
        let csrf = csrf_issue(&state, &parts);
        let f = Filled::default();
        return render(
            &state,
            &join,
            lang,
            &csrf,
            &f,
            StatusCode::SERVICE_UNAVAILABLE,
        );
    }
    let values: HashMap<String, String> = values.into_iter().collect();
    let token = values.get(CSRF_FIELD).map_or("", String::as_str);
    if !csrf_check(&state, &parts.headers, token) {
        let title = page.t("act-csrf-title");
        let body = html! {
            h1 { (title) }
            p { (page.t("act-csrf")) }
            p { a href=(format!("/join?lang={}", lang.code())) { (page.t("act-again")) } }
        };
        return respond(&page, StatusCode::FORBIDDEN, &title, body);
    }
    // A robot filled the field people cannot see: answer as if all went well, keep nothing.
    if values.get(HONEYPOT).is_some_and(|v| !v.is_empty()) {
        return see_sent(lang);
    }
    if let Some(ip) = client_ip(&parts, state.trusted_proxy)
        && let Some(wait) = limited(&join.per_ip, &ip)
    {
        return too_many(&page, wait, "join-limit-ip");
    }
    let mut filled = Filled {
        values,
        errors: Vec::new(),
    };
    let Some(c) = check(&mut filled) else {
        let csrf = csrf_issue(&state, &parts);
        return render(
            &state,
            &join,
            lang,
            &csrf,
            &filled,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let address_hash = join.act.key.address_hash(&c.email);
    if let Some(wait) = limited(&join.per_address, &address_hash) {
        return too_many(&page, wait, "act-limit-address");
    }
    let link = join.act.key.new_link();
    let signup = NewSignup {
        token_hash: link.token_hash,
        nonce: link.nonce,
        name: c.name,
        email: c.email,
        address_hash,
        city: c.city,
        country: c.country,
        languages: c.languages,
        lang: lang.code().to_string(),
        submitted_at: OffsetDateTime::now_utc(),
    };
    let cap = join.act.limits.mails_per_address_per_day;
    match join
        .with_ledger(move |l| l.submit_signup(&signup, cap))
        .await
    {
        Ok(Submitted::Queued(_)) => {
            join.wake.notify_one();
            see_sent(lang)
        }
        Ok(Submitted::DailyCapReached) => daily_cap_reached(&page),
        Err(e) => failed(&page, &e),
    }
}

/// Post/redirect/get: a reload of the answer does not submit again.
fn see_sent(lang: WebLang) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(LOCATION, format!("/join/sent?lang={}", lang.code()))],
    )
        .into_response()
}

/// `GET /join/sent`.
pub async fn sent(State(state): State<Shared>, Extension(lang): Extension<WebLang>) -> Response {
    let cx = cx(&state, lang, "/join/sent");
    let title = cx.t("join-sent-title");
    let body = html! {
        h1 { (title) }
        p { (cx.t("join-sent")) }
        p { a href="/" { (cx.t("back-home")) } }
    };
    respond(&cx, StatusCode::OK, &title, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn filled(pairs: &[(&str, &str)]) -> Filled {
        Filled {
            values: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            errors: Vec::new(),
        }
    }

    #[test]
    fn a_good_signup_passes_and_each_bad_field_is_named() {
        let mut ok = filled(&[
            ("name", " Anna Nowak "),
            ("email", "anna@example.org"),
            ("city", "Gdańsk"),
            ("country", "pl"),
            ("lang-ru", "1"),
            ("lang-pl", "1"),
            ("lang-xx", "1"),
        ]);
        let got = check(&mut ok).unwrap();
        assert_eq!(
            (got.name.as_str(), got.country.as_str(), got.languages),
            ("Anna Nowak", "PL", vec!["ru".to_string(), "pl".to_string()])
        );
        let mut bad = filled(&[("name", "a\u{7}b"), ("lang-xx", "1")]);
        assert!(check(&mut bad).is_none());
        let fields: Vec<&str> = bad.errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "email", "city", "country", "languages"]);
    }

    proptest! {
        #[test]
        fn any_typed_values_are_checked_without_panicking(
            name in "\\PC{0,120}", email in "\\PC{0,40}", city in "\\PC{0,120}",
            country in "\\PC{0,3}", lang in "\\PC{0,6}",
        ) {
            let key = format!("lang-{lang}");
            let mut f = filled(&[
                ("name", &name), ("email", &email), ("city", &city),
                ("country", &country), (key.as_str(), "1"),
            ]);
            let passed = check(&mut f);
            prop_assert_eq!(passed.is_some(), f.errors.is_empty());
            if let Some(p) = passed {
                prop_assert!(!p.languages.is_empty() && p.name.chars().count() <= TEXT_MAX);
            }
        }
    }
}
