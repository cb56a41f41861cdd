//! `/act`: the form (kind, count, case, country, optional group, email) and its POST, and
//! `/act/sent`, which says the link is on its way.

use std::collections::HashMap;

use axum::Extension;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use maud::{Markup, html};
use time::OffsetDateTime;

use super::{Act, limited, respond, too_many};
use crate::act::address;
use crate::action::{ActionKind, country};
use crate::campaign::Campaign;
use crate::ledger::NewPending;
use crate::web::forms::{self, Filled, country_field, cx, gate, has_errors, honeypot, submitted};
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, Csrf, client_ip, csrf_issue};
use crate::web::state::Shared;

/// The form's name in paths and ids.
const FORM: &str = "act";

/// The longest group name accepted.
const GROUP_MAX: usize = 100;

/// `GET /act`.
pub async fn get(
    State(state): State<Shared>,
    Extension(act): Extension<Act>,
    Extension(lang): Extension<WebLang>,
    parts: Parts,
) -> Response {
    let mut filled = Filled::default();
    if let Some(q) = parts.uri.query() {
        for (k, v) in q.split('&').filter_map(|kv| kv.split_once('=')) {
            if k == "case" {
                filled.values.insert("case".into(), v.to_string());
            }
        }
    }
    let csrf = csrf_issue(&state, &parts);
    render(&state, &act, lang, &csrf, &filled, StatusCode::OK)
}

fn render(
    state: &Shared,
    act: &Act,
    lang: WebLang,
    csrf: &Csrf,
    filled: &Filled,
    status: StatusCode,
) -> Response {
    let cx = cx(state, lang, "/act");
    let title = cx.t("act-title");
    let body = match &act.closed {
        Some(_) => html! { h1 { (title) } p { (cx.t("act-closed")) } },
        None => form(&cx, state, act, csrf, filled),
    };
    let mut res = respond(&cx, status, &title, body);
    csrf.apply(&mut res);
    res
}

fn field(cx: &Cx<'_>, filled: &Filled, name: &str, input: Markup) -> Markup {
    forms::field(cx, filled, FORM, name, input)
}

fn form(cx: &Cx<'_>, state: &Shared, act: &Act, csrf: &Csrf, filled: &Filled) -> Markup {
    let ws = state.workspace();
    let lang = cx.lang.code();
    let described = |name: &str| filled.described(FORM, name);
    let invalid = |name: &str| filled.invalid(name);
    let count = if filled.value("count").is_empty() {
        "1"
    } else {
        filled.value("count")
    };
    html! {
        h1 { (cx.t("act-title")) }
        p { (cx.t("act-intro")) }
        (has_errors(cx, filled, FORM))
        form.act method="post" action=(format!("/act?lang={lang}")) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(csrf.token);
            (field(cx, filled, "kind", html! {
                select #act-kind name="kind" required aria-describedby=[described("kind")] aria-invalid=[invalid("kind")] {
                    @for k in ActionKind::ALL {
                        option value=(k.as_str()) selected[filled.value("kind") == k.as_str()] {
                            (cx.t(&format!("act-kind-{}", k.as_str())))
                        }
                    }
                }
            }))
            (field(cx, filled, "count", html! {
                input #act-count type="number" name="count" min="1" max=(act.limits.max_count)
                    value=(count) required inputmode="numeric" aria-describedby=[described("count")] aria-invalid=[invalid("count")];
            }))
            (field(cx, filled, "case", html! {
                select #act-case name="case" required aria-describedby=[described("case")] aria-invalid=[invalid("case")] {
                    @for c in &ws.campaign.cases {
                        option value=(c.id) selected[filled.value("case") == c.id] { (c.title) }
                    }
                }
            }))
            (country_field(cx, filled, FORM))
            (field(cx, filled, "group", html! {
                input #act-group type="text" name="group" maxlength=(GROUP_MAX)
                    value=(filled.value("group")) aria-describedby=[described("group")] aria-invalid=[invalid("group")];
            }))
            (field(cx, filled, "email", html! {
                input #act-email type="email" name="email" required autocomplete="email"
                    value=(filled.value("email")) aria-describedby=[described("email")] aria-invalid=[invalid("email")];
            }))
            p.hint { (cx.t("act-email-hint")) }
            (honeypot(cx, FORM))
            button type="submit" { (cx.t("act-submit")) }
        }
    }
}

/// A submission whose every field passed.
#[derive(Debug)]
struct Checked {
    kind: ActionKind,
    count: u64,
    case: String,
    country: String,
    group: Option<String>,
    email: String,
}

/// Checks the typed values against `campaign` and `max_count`; every problem goes into
/// `filled.errors`.
fn check(filled: &mut Filled, campaign: &Campaign, max_count: u64) -> Option<Checked> {
    let kind = filled.value("kind").parse::<ActionKind>().ok();
    if kind.is_none() {
        filled.errors.push(("kind", "act-error-kind"));
    }
    let count = filled
        .value("count")
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=max_count).contains(n));
    if count.is_none() {
        filled.errors.push(("count", "act-error-count"));
    }
    let case = filled.value("case").to_string();
    if campaign.case(&case).is_none() {
        filled.errors.push(("case", "act-error-case"));
    }
    let country = country::normalise(filled.value("country"));
    if country.is_none() {
        filled.errors.push(("country", "act-error-country"));
    }
    let group = filled.value("group").trim().to_string();
    if group.chars().count() > GROUP_MAX || group.chars().any(char::is_control) {
        filled.errors.push(("group", "act-error-group"));
    }
    let email = address::check(filled.value("email")).map(str::to_string);
    if email.is_none() {
        filled.errors.push(("email", "act-error-email"));
    }
    if !filled.errors.is_empty() {
        return None;
    }
    Some(Checked {
        kind: kind?,
        count: count?,
        case,
        country: country?,
        group: (!group.is_empty()).then_some(group),
        email: email?,
    })
}

/// `POST /act`.
pub async fn post(
    State(state): State<Shared>,
    Extension(act): Extension<Act>,
    Extension(lang): Extension<WebLang>,
    parts: Parts,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let page = cx(&state, lang, "/act");
    if act.closed.is_some() {
        let csrf = csrf_issue(&state, &parts);
        return render(
            &state,
            &act,
            lang,
            &csrf,
            &Filled::default(),
            StatusCode::SERVICE_UNAVAILABLE,
        );
    }
    if let Some(stopped) = gate(
        &state,
        &parts,
        &page,
        FORM,
        &values,
        &act.per_ip,
        "act-limit-ip",
    ) {
        return stopped;
    }
    let mut filled = Filled::new(values);
    let checked = check(
        &mut filled,
        &state.workspace().campaign,
        act.limits.max_count,
    );
    let Some(Checked {
        kind,
        count,
        case,
        country,
        group,
        email,
    }) = checked
    else {
        let csrf = csrf_issue(&state, &parts);
        return render(
            &state,
            &act,
            lang,
            &csrf,
            &filled,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let address_hash = act.key.address_hash(&email);
    if let Some(wait) = limited(&act.per_address, &address_hash) {
        return too_many(&page, wait, "act-limit-address");
    }
    let link = act.key.new_link();
    let pending = NewPending {
        token_hash: link.token_hash,
        nonce: link.nonce,
        email,
        address_hash,
        kind,
        count,
        case,
        country,
        group,
        lang: lang.code().to_string(),
        submitted_at: OffsetDateTime::now_utc(),
        ip_prefix: client_ip(&parts, state.trusted_proxy).map(crate::act::origin::ip_prefix),
    };
    let cap = act.limits.mails_per_address_per_day;
    let stored = act
        .with_ledger(move |l| l.submit_pending(&pending, cap))
        .await;
    submitted(&page, FORM, stored, &act.wake)
}

/// `GET /act/sent`.
pub async fn sent(State(state): State<Shared>, Extension(lang): Extension<WebLang>) -> Response {
    forms::sent(&state, lang, FORM)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn campaign() -> Campaign {
        let text = "id = \"c\"\nname = \"C\"\nstarts = 2026-08-04\nends = 2026-08-18\n\
                    [sender]\nname = \"S\"\nemail = \"s@example.org\"\n\
                    [[cases]]\nid = \"alpha\"\ntitle = \"A\"\n";
        Campaign::parse(text, std::path::Path::new("campaign.toml")).unwrap()
    }

    fn filled(pairs: &[(&str, &str)]) -> Filled {
        Filled::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_good_submission_passes_and_each_bad_field_is_named() {
        let c = campaign();
        let mut ok = filled(&[
            ("kind", "solidarity"),
            ("count", " 3 "),
            ("case", "alpha"),
            ("country", "de"),
            ("group", "  "),
            ("email", "a@example.org"),
        ]);
        let got = check(&mut ok, &c, 50).unwrap();
        assert_eq!(
            (got.count, got.country.as_str(), got.group),
            (3, "DE", None)
        );
        let mut bad = filled(&[("count", "51"), ("case", "beta"), ("group", "a\u{7}b")]);
        assert!(check(&mut bad, &c, 50).is_none());
        let fields: Vec<&str> = bad.errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            ["kind", "count", "case", "country", "group", "email"]
        );
    }

    proptest! {
        #[test]
        fn any_typed_values_are_checked_without_panicking(
            kind in "\\PC{0,12}", count in "\\PC{0,12}", case in "\\PC{0,8}",
            country in "\\PC{0,3}", group in "\\PC{0,120}", email in "\\PC{0,40}",
        ) {
            let mut f = filled(&[
                ("kind", &kind), ("count", &count), ("case", &case),
                ("country", &country), ("group", &group), ("email", &email),
            ]);
            let passed = check(&mut f, &campaign(), 50);
            prop_assert_eq!(passed.is_some(), f.errors.is_empty());
            if let Some(p) = passed {
                prop_assert!((1..=50).contains(&p.count));
            }
        }
    }
}
