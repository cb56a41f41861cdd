//! Editing a solidarity letter before printing: `POST /me/letters/ID/edit` keeps the
//! volunteer's text (or reverts to the generated one) in the ledger, and
//! `POST /me/letters/ID/check` answers the same verdict as JSON for the page's script
//! (`/me/edit-VERSION.js`), which shows it live as the volunteer types. Both run
//! [`verdict`], the country rules of `src/rules/` for the prisoner's country: a verdict the
//! server refuses is the one shown live, word for word, because it is computed once, here.
//!
//! What refuses (the letter would be thrown away, as `marathon pack` leaves it out): a text
//! in the wrong script or the other of Russian/Belarusian where only one is let through, a
//! text over the country's length limit, an empty text. What warns (saved, but shown): each
//! word or phrase that can get a letter withheld.

use std::collections::HashMap;
use std::path::Path as FsPath;

use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use governor::DefaultKeyedRateLimiter;
use maud::{Markup, PreEscaped, html};
use serde::Serialize;

use super::data::Data;
use super::{Volunteers, gone, session};
use crate::manifest::{Channel, LetterKind, ManifestEntry, Role};
use crate::rules::{find_withheld_words, letter_errors, rules_for};
use crate::web::act::{failed, limited, respond, too_many};
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, csrf_check, csrf_issue};
use crate::web::state::Shared;

/// Where the page's script is served (the version in the path: a new release never meets a
/// stale copy).
pub const JS_PATH: &str = concat!("/me/edit-", env!("CARGO_PKG_VERSION"), ".js");

const JS: &str = include_str!("edit.js");

/// The longest text accepted at all, whatever the country (a country's own limit is lower).
const MAX_TEXT: usize = 20_000;

/// What the rules say of a text: reasons it is refused, and warnings.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Why the letter would be thrown away; a text with any is not saved.
    pub refuse: Vec<String>,
    /// What may get the letter withheld; the text is saved all the same.
    pub warn: Vec<String>,
}

/// The verdict of the country rules on `text` as letter `entry`, in the page's language.
pub fn verdict(cx: &Cx<'_>, data: &Data, entry: &ManifestEntry, text: &str) -> Verdict {
    let mut v = Verdict::default();
    if text.trim().is_empty() {
        v.refuse.push(cx.t("edit-empty"));
        return v;
    }
    if text.chars().count() > MAX_TEXT {
        v.refuse.push(cx.t("edit-too-long"));
        return v;
    }
    let rules = rules_for(&data.ws.campaign, &entry.recipient.country);
    let language = entry.language.trim().to_ascii_lowercase();
    let origin = FsPath::new(&entry.path);
    for d in letter_errors(text, &language, &rules, origin).0 {
        v.refuse.push(d.message);
    }
    for hit in find_withheld_words(text, &language, &rules) {
        v.warn.push(cx.catalog.fmt(
            cx.lang,
            "edit-word",
            &[
                ("word", hit.text.into()),
                ("topic", hit.topic.into()),
                ("line", (hit.line as u64).into()),
            ],
        ));
    }
    v
}

/// True for the letters a volunteer may edit: solidarity letters posted to a prisoner.
pub fn editable(e: &ManifestEntry) -> bool {
    e.kind == LetterKind::Solidarity
        && e.channel == Channel::Post
        && e.recipient.role == Role::Prisoner
}

/// The verdict's lists, as the page shows them (the script fills the same element).
pub fn verdict_html(cx: &Cx<'_>, v: &Verdict) -> Markup {
    html! {
        @if !v.refuse.is_empty() {
            p.refuse { strong { (cx.t("edit-refused")) } }
            ul.refuse { @for m in &v.refuse { li { (m) } } }
        }
        @if !v.warn.is_empty() {
            p.warn { strong { (cx.t("edit-warned")) } }
            ul.warn { @for m in &v.warn { li { (m) } } }
        }
        @if v.refuse.is_empty() && v.warn.is_empty() {
            p.ok { (cx.t("edit-clean")) }
        }
    }
}

/// The editing form of letter `id` holding `text`, with its verdict. `csrf` is a token or
/// [`super::pages::CSRF_SLOT`], written as it is.
pub fn form(cx: &Cx<'_>, id: &str, text: &str, edited: bool, v: &Verdict, csrf: &str) -> Markup {
    let field = format!("text-{id}");
    html! {
        form.edit method="post" action=(format!("/me/letters/{id}/edit")) {
            input type="hidden" name=(CSRF_FIELD) value=(PreEscaped(csrf));
            label for=(field) { (cx.t("edit-label")) }
            textarea #(field) name="text" rows="12" spellcheck="false"
                data-check=(format!("/me/letters/{id}/check"))
                data-verdict=(format!("verdict-{id}"))
                aria-describedby=(format!("rules-{id} verdict-{id}")) { (text) }
            p.hint #(format!("rules-{id}")) { (cx.t("edit-rules")) }
            div.verdict #(format!("verdict-{id}")) role="status" aria-live="polite" {
                (verdict_html(cx, v))
            }
            button type="submit" name="action" value="save" { (cx.t("edit-save")) }
            @if edited {
                " "
                button type="submit" name="action" value="revert" { (cx.t("edit-revert")) }
            }
        }
    }
}

/// `GET` the editor's script ([`JS_PATH`]).
pub async fn js() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        JS,
    )
}

/// The letter of the request's volunteer that may be edited, with the checks every edit
/// request shares: a missing session, another volunteer's letter, a letter that cannot be
/// edited and a guessed id all answer [`gone`]; then the CSRF token and the limit.
fn admit<'d>(
    state: &Shared,
    limiter: &DefaultKeyedRateLimiter<String>,
    cx: &Cx<'_>,
    data: &'d Data,
    parts: &Parts,
    letter: &str,
    values: &HashMap<String, String>,
) -> Result<(String, &'d ManifestEntry), Response> {
    let who = session::volunteer(state, &parts.headers);
    let Some((id, entry)) = who.as_deref().and_then(|id| {
        data.volunteer(id)?;
        let e = data.letter_of(id, letter).filter(|e| editable(e))?;
        Some((id.to_string(), e))
    }) else {
        return Err(gone(cx));
    };
    let submitted = values.get(CSRF_FIELD).map_or("", String::as_str);
    if !csrf_check(state, &parts.headers, submitted) {
        let title = cx.t("act-csrf-title");
        let body = html! {
            h1 { (title) }
            p { (cx.t("act-csrf")) }
            p { a href="/me" { (cx.t("vol-title")) } }
        };
        return Err(respond(cx, StatusCode::FORBIDDEN, &title, body));
    }
    if let Some(wait) = limited(limiter, &id) {
        return Err(too_many(cx, wait, "edit-limit"));
    }
    Ok((id, entry))
}

/// The context of an edit request: with `theirs`, in the language of the volunteer's page (so
/// that the live verdict reads as the one on the page).
fn cx_of<'a>(state: &'a Shared, data: &Data, parts: &Parts, lang: WebLang, theirs: bool) -> Cx<'a> {
    let lang = if theirs {
        let langs = session::volunteer(state, &parts.headers)
            .and_then(|id| data.volunteer(&id).map(|v| v.languages.clone()))
            .unwrap_or_default();
        super::me::language(parts, lang, &langs)
    } else {
        lang
    };
    Cx {
        lang,
        catalog: &state.catalog,
        path: "/me",
        query: String::new(),
    }
}

/// The submitted text with line ends made `\n`.
fn submitted_text(values: &HashMap<String, String>) -> String {
    values
        .get("text")
        .map(|t| t.replace("\r\n", "\n").replace('\r', "\n"))
        .unwrap_or_default()
}

/// `POST /me/letters/ID/check`: the verdict on `text` as JSON.
pub async fn check(
    State(state): State<Shared>,
    Extension(vol): Extension<Volunteers>,
    Extension(lang): Extension<WebLang>,
    Path(letter): Path<String>,
    parts: Parts,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let data = vol.data.get(state.workspace());
    // Refusals answer in the request's language, as on every volunteer URL.
    let base = cx_of(&state, &data, &parts, lang, false);
    let entry = match admit(&state, &vol.checks, &base, &data, &parts, &letter, &values) {
        Ok((_, e)) => e,
        Err(res) => return res,
    };
    let cx = cx_of(&state, &data, &parts, lang, true);
    let v = verdict(&cx, &data, entry, &submitted_text(&values));
    let html = verdict_html(&cx, &v).into_string();
    (
        [
            (CONTENT_TYPE, "application/json"),
            (CACHE_CONTROL, "no-store"),
        ],
        serde_json::json!({ "refuse": v.refuse, "warn": v.warn, "html": html }).to_string(),
    )
        .into_response()
}

/// `POST /me/letters/ID/edit`: `action=save` keeps `text` unless the rules refuse it (then
/// the form comes back with the reasons and the text, nothing kept); `action=revert` brings
/// back the generated text.
pub async fn post(
    State(state): State<Shared>,
    Extension(vol): Extension<Volunteers>,
    Extension(lang): Extension<WebLang>,
    Path(letter): Path<String>,
    parts: Parts,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let data = vol.data.get(state.workspace());
    let base = cx_of(&state, &data, &parts, lang, false);
    let (id, entry) = match admit(&state, &vol.saves, &base, &data, &parts, &letter, &values) {
        Ok(found) => found,
        Err(res) => return res,
    };
    let cx = cx_of(&state, &data, &parts, lang, true);
    let revert = values.get("action").is_some_and(|a| a == "revert");
    let text = submitted_text(&values);
    if !revert {
        let v = verdict(&cx, &data, entry, &text);
        if !v.refuse.is_empty() {
            let title = cx.t("edit-refused-title");
            let csrf = csrf_issue(&state, &parts);
            let body = html! {
                h1 { (title) }
                p { (cx.catalog.fmt(lang, "vol-letter-to", &[("name", entry.recipient.name.clone().into())])) }
                (form(&cx, &entry.id, &text, false, &v, &csrf.token))
                p { a href="/me" { (cx.t("vol-title")) } }
                script src=(JS_PATH) defer {}
            };
            return respond(&cx, StatusCode::UNPROCESSABLE_ENTITY, &title, body);
        }
    }
    let letter_id = entry.id.clone();
    let saved = vol
        .with_ledger(move |l| {
            l.save_letter_edit(&letter_id, &id, (!revert).then_some(text.as_str()))
        })
        .await;
    match saved {
        Ok(()) => (
            StatusCode::SEE_OTHER,
            [(LOCATION, format!("/me?saved=1#letter-{letter}"))],
        )
            .into_response(),
        Err(e) => failed(&cx, &e),
    }
}
