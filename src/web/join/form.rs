//! `/join`: the sign-up form (name, email, city, country, languages they write) and its
//! POST, and `/join/sent`, which says the link is on its way.

use std::collections::HashMap;

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use maud::{Markup, html};
use time::OffsetDateTime;

use super::Join;
use crate::act::address;
use crate::action::country;
use crate::ledger::NewSignup;
use crate::web::act::{limited, respond, too_many};
use crate::web::forms::{self, Filled, country_field, cx, gate, has_errors, honeypot, submitted};
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, Csrf, csrf_issue};
use crate::web::state::Shared;

/// The form's name in paths and ids.
const FORM: &str = "join";

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

/// A labelled field of the sign-up form.
fn field(cx: &Cx<'_>, filled: &Filled, name: &str, input: Markup) -> Markup {
    forms::field(cx, filled, FORM, name, input)
}

fn form(cx: &Cx<'_>, csrf: &Csrf, filled: &Filled) -> Markup {
    let lang = cx.lang.code();
    let described = |name: &str| filled.described(FORM, name);
    let invalid = |name: &str| filled.invalid(name);
    html! {
        h1 { (cx.t("join-title")) }
        p { (cx.t("join-intro")) }
        (has_errors(cx, filled, FORM))
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
            (country_field(cx, filled, FORM))
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
            (honeypot(cx, FORM))
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
    if let Some(stopped) = gate(
        &state,
        &parts,
        &page,
        FORM,
        &values,
        &join.per_ip,
        "join-limit-ip",
    ) {
        return stopped;
    }
    let mut filled = Filled::new(values);
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
    let stored = join
        .with_ledger(move |l| l.submit_signup(&signup, cap))
        .await;
    submitted(&page, FORM, stored, &join.wake)
}

/// `GET /join/sent`.
pub async fn sent(State(state): State<Shared>, Extension(lang): Extension<WebLang>) -> Response {
    forms::sent(&state, lang, FORM)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn filled(pairs: &[(&str, &str)]) -> Filled {
        Filled::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
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
