//! `/admin/record`: one action, or the correction of an entry (a withdrawal with count 0),
//! with the same checks as `marathon record`; the entry names the coordinator.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use axum::{Extension, Form};
use maud::{Markup, html};

use super::{actor, notice, rules, work_page};
use crate::action::{Action, ActionKind, Channel, RawAction, Rules};
use crate::ledger::{Actor, Ledger};
use crate::web::admin::{Admin, AdminSession, cx};
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, Csrf, csrf_check, csrf_issue};
use crate::web::state::Shared;

/// Where the page lives.
pub const PATH: &str = "/admin/record";

/// The describing fields, in the order of the form: (name, input type).
const FIELDS: [(&str, &str); 11] = [
    ("kind", "select"),
    ("count", "number"),
    ("case", "text"),
    ("prisoner", "text"),
    ("recipient", "text"),
    ("volunteer", "text"),
    ("group", "text"),
    ("country", "text"),
    ("channel", "select"),
    ("date", "date"),
    ("note", "text"),
];

type Values = HashMap<String, String>;

fn value<'a>(v: &'a Values, k: &str) -> &'a str {
    v.get(k).map_or("", |s| s.trim())
}

fn form(cx: &Cx<'_>, csrf: &Csrf, v: &Values, errors: &[(String, String)]) -> Markup {
    let error = |f: &str| errors.iter().find(|(k, _)| k == f).map(|(_, m)| m.clone());
    html! {
        p { (cx.t("work-record-intro")) }
        form.work method="post" action=(PATH) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(csrf.token);
            div.field {
                label for="corrects" { (cx.t("work-record-corrects")) }
                input #corrects type="number" name="corrects" min="1" value=(value(v, "corrects"));
                @if let Some(m) = error("corrects") { p.error #corrects-error { (m) } }
            }
            div.field {
                input #withdraw type="checkbox" name="withdraw" value="1"
                    checked[value(v, "withdraw") == "1"];
                label for="withdraw" { (cx.t("work-record-withdraw")) }
            }
            @for (name, kind) in FIELDS {
                div.field {
                    label for=(name) { (name) }
                    @let err = error(name);
                    @if kind == "select" {
                        select id=(name) name=(name) aria-invalid=[err.as_ref().map(|_| "true")] {
                            option value="" { "—" }
                            @let names: Vec<&str> = if name == "kind" {
                                ActionKind::ALL.iter().map(|k| k.as_str()).collect()
                            } else {
                                Channel::ALL.iter().map(|c| c.as_str()).collect()
                            };
                            @for n in names {
                                option value=(n) selected[value(v, name) == n] { (n) }
                            }
                        }
                    } @else {
                        input id=(name) type=(kind) name=(name) value=(value(v, name))
                            aria-invalid=[err.as_ref().map(|_| "true")];
                    }
                    @if let Some(m) = err { p.error { (m) } }
                }
            }
            button type="submit" { (cx.t("work-record-button")) }
        }
    }
}

/// The empty form (`?corrects=ID` fills the entry to correct).
pub async fn get(
    State(state): State<Shared>,
    Extension(lang): Extension<WebLang>,
    who: AdminSession,
    parts: Parts,
    axum::extract::Query(q): axum::extract::Query<Values>,
) -> Response {
    let cx = cx(&state, lang, PATH);
    let csrf = csrf_issue(&state, &parts);
    let title = cx.t("work-record-title");
    let body = form(&cx, &csrf, &q, &[]);
    work_page(&cx, &who, &csrf, StatusCode::OK, &title, body)
}

/// What the form asks for: a new action, or the correction of an entry.
enum Asked {
    New,
    Correct { id: i64, withdraw: bool },
}

/// The new entry and what it records, or the problems by field.
type Checked = Result<(i64, Action), Vec<(String, String)>>;

fn problems(p: Vec<crate::action::FieldError>) -> Checked {
    Err(p
        .into_iter()
        .map(|e| (e.field.to_string(), e.message))
        .collect())
}

/// Checks and records what was asked, with the checks of `marathon record`.
fn apply(
    l: &mut Ledger,
    asked: Asked,
    rules: &Rules,
    given: RawAction,
    by: &Actor,
) -> anyhow::Result<Checked> {
    let (action, corrects) = match asked {
        Asked::New => match rules.check(given) {
            Ok(a) => (a, None),
            Err(p) => return Ok(problems(p)),
        },
        Asked::Correct { id, withdraw } => {
            let Some(original) = l.entry(id)? else {
                return Ok(Err(vec![(
                    "corrects".into(),
                    format!("there is no entry {id}"),
                )]));
            };
            if let Some(later) = original.corrected_by {
                let m = format!(
                    "entry {id} was already corrected by entry {later}; correct entry {later} instead"
                );
                return Ok(Err(vec![("corrects".into(), m)]));
            }
            if withdraw {
                let note = given.note.clone().or(original.action.note.clone());
                let zero = Action {
                    count: 0,
                    note,
                    ..original.action
                };
                (zero, Some(id))
            } else {
                match rules.check(over(RawAction::of(&original.action), given)) {
                    Ok(a) => (a, Some(id)),
                    Err(p) => return Ok(problems(p)),
                }
            }
        }
    };
    let entry = match corrects {
        None => l.record_action_by(&action, by)?,
        Some(id) => l.record_correction_by(id, &action, by)?,
    };
    Ok(Ok((entry, action)))
}

fn raw(v: &Values) -> RawAction {
    let get = |k: &str| Some(value(v, k).to_string()).filter(|s| !s.is_empty());
    RawAction {
        kind: get("kind"),
        count: get("count"),
        case: get("case"),
        prisoner: get("prisoner"),
        recipient: get("recipient"),
        volunteer: get("volunteer"),
        group: get("group"),
        country: get("country"),
        channel: get("channel"),
        date: get("date"),
        note: get("note"),
    }
}

/// `base` with the fields filled in the form put over it.
fn over(base: RawAction, given: RawAction) -> RawAction {
    RawAction {
        kind: given.kind.or(base.kind),
        count: given.count.or(base.count),
        case: given.case.or(base.case),
        prisoner: given.prisoner.or(base.prisoner),
        recipient: given.recipient.or(base.recipient),
        volunteer: given.volunteer.or(base.volunteer),
        group: given.group.or(base.group),
        country: given.country.or(base.country),
        channel: given.channel.or(base.channel),
        date: given.date.or(base.date),
        note: given.note.or(base.note),
    }
}

/// Checks the token and the fields, then records the action or correction.
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
    let title = cx.t("work-record-title");
    let answer =
        |status: StatusCode, top: Option<Markup>, errors: &[(String, String)], v: &Values| {
            let body = html! {
                @if let Some(t) = &top { (t) }
                (form(&cx, &csrf, v, errors))
            };
            work_page(&cx, &who, &csrf, status, &title, body)
        };
    if !csrf_check(&state, &parts.headers, value(&v, CSRF_FIELD)) {
        let top = notice(true, html! { (cx.t("admin-csrf")) });
        return answer(StatusCode::FORBIDDEN, Some(top), &[], &v);
    }
    let asked = match value(&v, "corrects") {
        "" => Asked::New,
        text => match text.parse::<i64>() {
            Ok(id) if id > 0 => Asked::Correct {
                id,
                withdraw: value(&v, "withdraw") == "1",
            },
            _ => {
                let errors = [(
                    "corrects".to_string(),
                    format!("`{text}` is not an entry number"),
                )];
                return answer(StatusCode::UNPROCESSABLE_ENTITY, None, &errors, &v);
            }
        },
    };
    let rules = rules(&state);
    let given = raw(&v);
    let by = actor(&who);
    let done = admin
        .with_ledger(move |l| apply(l, asked, &rules, given, &by))
        .await;
    match done {
        Ok(Ok((entry, action))) => {
            tracing::info!(coordinator = %who.name, entry, "entry recorded on the web");
            let text = cx.catalog.fmt(
                lang,
                "work-record-done",
                &[
                    ("entry", entry.into()),
                    ("count", (action.count as i64).into()),
                    ("kind", action.kind.as_str().into()),
                    ("case", action.case.clone().into()),
                ],
            );
            answer(
                StatusCode::OK,
                Some(notice(false, html! { (text) })),
                &[],
                &Values::new(),
            )
        }
        Ok(Err(errors)) => {
            let top = notice(true, html! { (cx.t("work-record-nothing")) });
            answer(StatusCode::UNPROCESSABLE_ENTITY, Some(top), &errors, &v)
        }
        Err(e) => {
            tracing::error!("{e:#}");
            let top = notice(
                true,
                html! { (cx.t("work-record-nothing")) " " code { (format!("{e:#}")) } },
            );
            answer(StatusCode::UNPROCESSABLE_ENTITY, Some(top), &[], &v)
        }
    }
}
