//! `/me`: the volunteer's page, in their language unless they chose another: the campaign
//! counter, the people they write to with each case's summary, their post letters (the text
//! to post, or the one they saved, beside their own-language version) each with its editor,
//! the buttons reporting each letter, their appeals with each one's state, and their history.
//! The sections below the header are kept between requests (`pages.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use maud::{Markup, PreEscaped, html};
use time::OffsetDateTime;

use super::data::Data;
use super::{Volunteers, edit, gone, pages, session};
use crate::ledger::{ChangeMarker, LetterEdit, VolunteerEvent};
use crate::manifest::{Channel, LetterKind, LetterStatus, ManifestEntry};
use crate::pack::{PackLetter, text_html};
use crate::web::act::{failed, respond};
use crate::web::i18n::{WebLang, cookie};
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, csrf_issue};
use crate::web::state::Shared;

/// The language of a volunteer's page: the one chosen (`?lang=` or the cookie), else the
/// first of theirs the site speaks, else the browser's.
pub fn language(parts: &Parts, negotiated: WebLang, theirs: &[String]) -> WebLang {
    let chosen = parts
        .uri
        .query()
        .is_some_and(|q| q.split('&').any(|kv| kv.starts_with("lang=")))
        || cookie(&parts.headers, "lang").is_some();
    if chosen {
        return negotiated;
    }
    theirs
        .iter()
        .find_map(|l| WebLang::from_code(l))
        .unwrap_or(negotiated)
}

/// The latest event of each letter.
pub fn latest(events: &[VolunteerEvent]) -> HashMap<&str, &VolunteerEvent> {
    let mut out = HashMap::new();
    for e in events {
        out.insert(e.letter.as_str(), e);
    }
    out
}

fn state_label(cx: &Cx<'_>, s: Option<LetterStatus>) -> String {
    cx.t(&format!(
        "vol-state-{}",
        s.map_or("none", LetterStatus::as_str)
    ))
}

/// `GET /me`.
pub async fn get(
    State(state): State<Shared>,
    Extension(vol): Extension<Volunteers>,
    Extension(lang): Extension<WebLang>,
    parts: Parts,
) -> Response {
    let data = vol.data.get(state.workspace());
    let who = session::volunteer(&state, &parts.headers);
    let Some(v) = who.as_deref().and_then(|id| data.volunteer(id)) else {
        let cx = Cx {
            lang,
            catalog: &state.catalog,
            path: "/me",
            query: String::new(),
        };
        return gone(&cx);
    };
    let lang = language(&parts, lang, &v.languages);
    let cx = Cx {
        lang,
        catalog: &state.catalog,
        path: "/me",
        query: String::new(),
    };
    let today = OffsetDateTime::now_utc().date().to_string();
    // The sections as last rendered, unless the ledger changed since.
    let kept = vol.pages.get(&v.id, lang, &data, &today);
    let id = v.id.clone();
    let read = vol
        .with_ledger(move |l| {
            let marker = l.change_marker()?;
            match kept {
                Some((m, html)) if m == marker => Ok(Read::Kept(html)),
                _ => Ok(Read::Fresh(
                    marker,
                    l.volunteer_events(&id)?,
                    l.letter_edits(&id)?,
                )),
            }
        })
        .await;
    let sections = match read {
        Ok(Read::Kept(html)) => html,
        Ok(Read::Fresh(marker, events, edits)) => {
            let mine = Mine {
                id: &v.id,
                events: &events,
                edits: &edits,
            };
            let html = Arc::new(sections(&cx, &data, &mine, &today).into_string());
            vol.pages
                .put(&v.id, lang, data.clone(), marker, today, html.clone());
            html
        }
        Err(e) => return failed(&cx, &e),
    };
    let csrf = csrf_issue(&state, &parts);
    let query = parts.uri.query().unwrap_or("");
    let recorded = query.split('&').any(|kv| kv == "recorded=1");
    let saved = query.split('&').any(|kv| kv == "saved=1");
    let snap = state.snapshot();
    let campaign = &data.ws.campaign;
    let body = html! {
        header.campaign {
            h1 { (cx.catalog.fmt(lang, "vol-hello", &[("name", v.name.clone().into())])) }
            p { (campaign.name) }
            p.headline { (cx.catalog.headline(lang, snap.tally.actions, snap.tally.countries)) }
        }
        @if recorded { p.thanks role="status" { (cx.t("vol-recorded")) } }
        @if saved { p.thanks role="status" { (cx.t("edit-saved")) } }
        (PreEscaped(pages::with_token(&sections, &csrf.token)))
    };
    let mut res = respond(&cx, StatusCode::OK, &cx.t("vol-title"), body);
    csrf.apply(&mut res);
    res
}

/// What a request reads from the ledger: nothing new since the kept sections, or the
/// volunteer's letter events and edits at a marker.
enum Read {
    Kept(Arc<String>),
    Fresh(
        ChangeMarker,
        Vec<VolunteerEvent>,
        HashMap<String, LetterEdit>,
    ),
}

/// What the ledger and the address book say of the volunteer whose page it is.
struct Mine<'a> {
    id: &'a str,
    events: &'a [VolunteerEvent],
    edits: &'a HashMap<String, LetterEdit>,
}

/// The sections of the page below its header, with [`pages::CSRF_SLOT`] for the token.
fn sections(cx: &Cx<'_>, data: &Data, mine: &Mine<'_>, today: &str) -> Markup {
    let (id, events) = (mine.id, mine.events);
    let lang = cx.lang;
    let campaign = &data.ws.campaign;
    let csrf = pages::CSRF_SLOT;
    let last = latest(events);
    let mut post: Vec<PackLetter> = data.post_letters(id).as_ref().clone();
    crate::pack::apply_edits(&mut post, mine.edits);
    // Letters to the people they write to first, then the appeals to post.
    post.sort_by_key(|l| l.kind != LetterKind::Solidarity);
    let appeals: Vec<&ManifestEntry> = data
        .letters_of(id)
        .filter(|e| e.kind == LetterKind::Appeal)
        .collect();
    let names: HashMap<&str, &str> = data
        .letters_of(id)
        .map(|e| (e.id.as_str(), e.recipient.name.as_str()))
        .collect();
    html! {
        section aria-labelledby="prisoners-h" {
            h2 #prisoners-h { (cx.t("vol-prisoners")) }
            @let prisoners = data.prisoners_of(id);
            @if prisoners.is_empty() { p { (cx.t("vol-none")) } }
            @for pid in &prisoners {
                @if let Some(p) = data.book.prisoner(pid) {
                    article.case {
                        h3 { (p.name) }
                        @if let Some(c) = campaign.case(&p.case) {
                            p { strong { (c.title) } }
                            @if let Some(s) = &c.summary { p { (s) } }
                        }
                    }
                }
            }
        }
        section aria-labelledby="letters-h" {
            h2 #letters-h { (cx.t("vol-letters")) }
            @if post.is_empty() { p { (cx.t("vol-none")) } }
            @else { p { a href="/me/print" { (cx.t("vol-print-all")) } } }
            @for l in &post {
                @let state_now = last.get(l.id.as_str()).map(|e| e.status);
                article.letter id=(format!("letter-{}", l.id)) {
                    h3 { (cx.catalog.fmt(lang, "vol-letter-to", &[("name", l.recipient.clone().into())])) }
                    p { (cx.t("vol-state")) ": " strong { (state_label(cx, state_now)) } }
                    @let edited = mine.edits.contains_key(&l.id);
                    div.versions {
                        div.version lang=(l.language) {
                            h4 {
                                (cx.t("vol-original"))
                                @if edited { " " span.edited { (cx.t("edit-yours")) } }
                            }
                            (maud::PreEscaped(text_html(&l.text)))
                        }
                        @if let Some(t) = &l.translation {
                            div.version {
                                h4 { (cx.t("vol-translation")) }
                                (maud::PreEscaped(text_html(t)))
                            }
                        }
                    }
                    @if let Some(e) = data.letter_of(id, &l.id).filter(|e| edit::editable(e)) {
                        details.edit open[edited] {
                            summary { (cx.t("edit-open")) }
                            @let v = if edited { edit::verdict(cx, data, e, &l.text) } else { edit::Verdict::default() };
                            (edit::form(cx, &l.id, &l.text, edited, &v, csrf))
                        }
                    }
                    p { a href=(format!("/me/letters/{}/print", l.id)) { (cx.t("vol-print")) } }
                    (report_form(cx, &l.id, Channel::Post, csrf, today))
                }
            }
        }
        script src=(edit::JS_PATH) defer {}
        section aria-labelledby="appeals-h" {
            h2 #appeals-h { (cx.t("vol-appeals")) }
            @if appeals.is_empty() { p { (cx.t("vol-none")) } }
            @else {
                ul.appeals {
                    @for a in &appeals {
                        li {
                            (a.recipient.name) ": "
                            strong { (state_label(cx, last.get(a.id.as_str()).map(|e| e.status))) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="history-h" {
            h2 #history-h { (cx.t("vol-history")) }
            @if events.is_empty() { p { (cx.t("vol-history-empty")) } }
            @else {
                ol.history {
                    @for e in events.iter().rev() {
                        li {
                            (crate::i18n::long_date(e.at.date(), lang.code())) " — "
                            (names.get(e.letter.as_str()).copied().unwrap_or("")) ": "
                            (state_label(cx, Some(e.status)))
                        }
                    }
                }
            }
        }
    }
}

/// The form reporting what became of letter `id`: a date and one button per report. `csrf` is
/// a token or [`pages::CSRF_SLOT`], written as it is.
fn report_form(cx: &Cx<'_>, id: &str, channel: Channel, csrf: &str, today: &str) -> Markup {
    let field = format!("date-{id}");
    html! {
        form.report method="post" action=(format!("/me/letters/{id}/report")) {
            input type="hidden" name=(CSRF_FIELD) value=(PreEscaped(csrf));
            fieldset {
                legend { (cx.t("vol-report")) }
                label for=(field) { (cx.t("vol-date")) }
                input #(field) type="date" name="date" value=(today) max=(today) required;
                @if channel == Channel::Post {
                    button type="submit" name="status" value="posted" { (cx.t("vol-do-posted")) }
                }
                button type="submit" name="status" value="replied" { (cx.t("vol-do-replied")) }
                @if channel == Channel::Post {
                    button type="submit" name="status" value="returned" { (cx.t("vol-do-returned")) }
                }
            }
        }
    }
}
