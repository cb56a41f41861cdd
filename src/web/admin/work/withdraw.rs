//! `/admin/withdraw`: the public actions (confirmed on the web) of a time window, an IP
//! prefix or an email domain, listed with their totals, then withdrawn in one step: each a
//! correction with count 0 naming the coordinator and the reason given. The form carries the
//! last entry listed, so that actions confirmed after the list was shown are not withdrawn
//! unseen.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use axum::{Extension, Form};
use maud::{Markup, html};
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::{actor, counted, notice, work_page};
use crate::act::origin::{parse_domain, parse_prefix};
use crate::ledger::{WebAction, WebSelection};
use crate::web::admin::{Admin, AdminSession, cx};
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, Csrf, csrf_check, csrf_issue};
use crate::web::state::Shared;

/// Where the page lives.
pub const PATH: &str = "/admin/withdraw";

/// Rows shown in the list; the totals count them all.
const SHOWN: usize = 500;

type Values = HashMap<String, String>;

fn value<'a>(v: &'a Values, k: &str) -> &'a str {
    v.get(k).map_or("", |s| s.trim())
}

/// A time as a browser's `datetime-local` field sends it (`2026-12-10T09:30`, seconds
/// optional) or a bare date, read as UTC.
fn parse_time(text: &str) -> Option<OffsetDateTime> {
    let minutes = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let day = format_description!("[year]-[month]-[day]");
    PrimitiveDateTime::parse(text, minutes)
        .or_else(|_| PrimitiveDateTime::parse(text, seconds))
        .map(PrimitiveDateTime::assume_utc)
        .ok()
        .or_else(|| {
            time::Date::parse(text, day)
                .ok()
                .map(|d| d.midnight().assume_utc())
        })
}

/// The selection the fields ask for, or the fields' problems (field, message id).
fn selection(v: &Values) -> Result<WebSelection, Vec<(&'static str, &'static str)>> {
    let mut sel = WebSelection::default();
    let mut errors = Vec::new();
    for (field, slot) in [("from", &mut sel.from), ("until", &mut sel.until)] {
        match value(v, field) {
            "" => {}
            t => match parse_time(t) {
                Some(at) => *slot = Some(at),
                None => errors.push((field, "work-withdraw-bad-time")),
            },
        }
    }
    match value(v, "ip") {
        "" => {}
        t => match parse_prefix(t) {
            Some(p) => sel.ip_prefix = Some(p),
            None => errors.push(("ip", "work-withdraw-bad-ip")),
        },
    }
    match value(v, "domain") {
        "" => {}
        t => match parse_domain(t) {
            Some(d) => sel.email_domain = Some(d),
            None => errors.push(("domain", "work-withdraw-bad-domain")),
        },
    }
    if let Ok(upto) = value(v, "upto").parse::<i64>() {
        sel.upto = Some(upto);
    }
    if errors.is_empty() {
        Ok(sel)
    } else {
        Err(errors)
    }
}

fn search_form(cx: &Cx<'_>, v: &Values, errors: &[(&str, &str)]) -> Markup {
    let error = |f: &str| errors.iter().find(|(k, _)| *k == f).map(|(_, m)| cx.t(m));
    html! {
        p { (cx.t("work-withdraw-intro")) }
        form.work method="get" action=(PATH) {
            @for (name, kind, label) in [
                ("from", "datetime-local", "work-withdraw-from"),
                ("until", "datetime-local", "work-withdraw-until"),
                ("ip", "text", "work-withdraw-ip"),
                ("domain", "text", "work-withdraw-domain"),
            ] {
                div.field {
                    label for=(name) { (cx.t(label)) }
                    @let err = error(name);
                    input id=(name) type=(kind) name=(name) value=(value(v, name))
                        aria-invalid=[err.as_ref().map(|_| "true")];
                    @if let Some(m) = err { p.error { (m) } }
                }
            }
            button type="submit" { (cx.t("work-withdraw-show")) }
        }
    }
}

fn listing(cx: &Cx<'_>, csrf: &Csrf, v: &Values, found: &[WebAction]) -> Markup {
    let actions: u64 = found.iter().map(|w| w.action.count).sum();
    let upto = found.iter().map(|w| w.entry).max().unwrap_or(0);
    let summary = both(cx, "work-withdraw-found", found.len() as u64, actions);
    html! {
        h2 { (summary) }
        @if !found.is_empty() {
            table.work-list {
                thead { tr {
                    th scope="col" { (cx.t("work-col-entry")) }
                    th scope="col" { (cx.t("work-col-confirmed")) }
                    th scope="col" { (cx.t("work-col-action")) }
                    th scope="col" { (cx.t("work-col-ip")) }
                    th scope="col" { (cx.t("work-col-domain")) }
                } }
                tbody {
                    @for w in found.iter().take(SHOWN) {
                        tr {
                            td { (w.entry) }
                            td { (to_the_second(&w.confirmed_at)) }
                            td { (format!("{} × {}, {}, {}", crate::human::group(w.action.count), w.action.kind, w.action.case, w.action.country)) }
                            td { (w.ip_prefix.as_deref().unwrap_or("—")) }
                            td { (w.email_domain.as_deref().unwrap_or("—")) }
                        }
                    }
                }
            }
            form.work method="post" action=(PATH) {
                input type="hidden" name=(CSRF_FIELD) value=(csrf.token);
                @for name in ["from", "until", "ip", "domain"] {
                    input type="hidden" name=(name) value=(value(v, name));
                }
                input type="hidden" name="upto" value=(upto);
                div.field {
                    label for="reason" { (cx.t("work-withdraw-reason")) }
                    input #reason type="text" name="reason" required maxlength="200";
                }
                button type="submit" { (both(cx, "work-withdraw-button", found.len() as u64, actions)) }
            }
        }
    }
}

/// A stored RFC 3339 time shown to the second: `2026-12-06 11:09:37`.
fn to_the_second(at: &str) -> String {
    at.get(..19)
        .map_or_else(|| at.to_string(), |s| s.replace('T', " "))
}

/// The message `id` with its `entries` and `actions` counted.
fn both(cx: &Cx<'_>, id: &str, entries: u64, actions: u64) -> String {
    cx.catalog.fmt(
        cx.lang,
        id,
        &[
            ("count", (entries as f64).into()),
            ("entries", counted(cx, "work-entries", entries).into()),
            ("actions", counted(cx, "work-actions", actions).into()),
        ],
    )
}

/// The search form and, once a condition is given, the matching live public actions.
pub async fn get(
    State(state): State<Shared>,
    Extension(lang): Extension<WebLang>,
    Extension(admin): Extension<Admin>,
    who: AdminSession,
    parts: Parts,
    Query(v): Query<Values>,
) -> Response {
    let cx = cx(&state, lang, PATH);
    let csrf = csrf_issue(&state, &parts);
    let title = cx.t("work-withdraw-title");
    let sel = match selection(&v) {
        Ok(sel) => sel,
        Err(errors) => {
            let body = search_form(&cx, &v, &errors);
            return work_page(
                &cx,
                &who,
                &csrf,
                StatusCode::UNPROCESSABLE_ENTITY,
                &title,
                body,
            );
        }
    };
    if sel.is_open() {
        let body = search_form(&cx, &v, &[]);
        return work_page(&cx, &who, &csrf, StatusCode::OK, &title, body);
    }
    match admin.with_ledger(move |l| l.web_actions(&sel)).await {
        Ok(found) => {
            let body = html! { (search_form(&cx, &v, &[])) (listing(&cx, &csrf, &v, &found)) };
            work_page(&cx, &who, &csrf, StatusCode::OK, &title, body)
        }
        Err(e) => {
            tracing::error!("{e:#}");
            let body = html! { (notice(true, html! { (cx.t("work-failed")) })) (search_form(&cx, &v, &[])) };
            work_page(
                &cx,
                &who,
                &csrf,
                StatusCode::INTERNAL_SERVER_ERROR,
                &title,
                body,
            )
        }
    }
}

/// Withdraws what the listed selection holds, up to the last entry listed.
pub async fn post(
    State(state): State<Shared>,
    Extension(lang): Extension<WebLang>,
    Extension(admin): Extension<Admin>,
    who: AdminSession,
    parts: Parts,
    Form(v): Form<Values>,
) -> Response {
    let cx = cx(&state, lang, PATH);
    let csrf = csrf_issue(&state, &parts);
    let title = cx.t("work-withdraw-title");
    let answer = |status: StatusCode, problem: bool, message: Markup| {
        let body = html! { (notice(problem, message)) (search_form(&cx, &v, &[])) };
        work_page(&cx, &who, &csrf, status, &title, body)
    };
    if !csrf_check(&state, &parts.headers, value(&v, CSRF_FIELD)) {
        return answer(StatusCode::FORBIDDEN, true, html! { (cx.t("admin-csrf")) });
    }
    let sel = match selection(&v) {
        Ok(sel) if !sel.is_open() && sel.upto.is_some() => sel,
        Ok(_) => {
            return answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                true,
                html! { (cx.t("work-withdraw-no-condition")) },
            );
        }
        Err(errors) => {
            let body = search_form(&cx, &v, &errors);
            return work_page(
                &cx,
                &who,
                &csrf,
                StatusCode::UNPROCESSABLE_ENTITY,
                &title,
                body,
            );
        }
    };
    let reason = value(&v, "reason").to_string();
    if reason.is_empty() {
        return answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            true,
            html! { (cx.t("work-withdraw-no-reason")) },
        );
    }
    let by = actor(&who);
    match admin
        .with_ledger(move |l| l.withdraw_web_actions(&sel, &reason, &by))
        .await
    {
        Ok(done) => {
            tracing::info!(coordinator = %who.name, entries = done.entries, actions = done.actions, "public actions withdrawn");
            let text = both(&cx, "work-withdraw-done", done.entries, done.actions);
            answer(StatusCode::OK, false, html! { (text) })
        }
        Err(e) => {
            tracing::error!("{e:#}");
            answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                true,
                html! { (cx.t("work-failed")) },
            )
        }
    }
}
