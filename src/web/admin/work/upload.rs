//! `/admin/upload`: a group report uploaded and imported all rows or none, with the same
//! reader and checks as `marathon import`; its problems shown placed by line (or sheet, row
//! and column) and field, and nothing written when there is any.

use axum::Extension;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use maud::html;

use super::{actor, counted, notice, rules, work_page};
use crate::action::report::upload::{Uploaded, import_upload};
use crate::web::admin::{Admin, AdminSession, cx};
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, Csrf, csrf_check, csrf_issue};
use crate::web::state::Shared;

/// Where the page lives.
pub const PATH: &str = "/admin/upload";

/// The form's file field.
const FILE_FIELD: &str = "report";

fn form(cx: &Cx<'_>, csrf: &Csrf) -> maud::Markup {
    html! {
        p { (cx.t("work-upload-intro")) }
        form method="post" action=(PATH) enctype="multipart/form-data" {
            input type="hidden" name=(CSRF_FIELD) value=(csrf.token);
            label for="report" { (cx.t("work-upload-file")) }
            input #report type="file" name=(FILE_FIELD) required
                accept=".csv,.tsv,.txt,.xlsx,.ods,.json";
            button type="submit" { (cx.t("work-upload-button")) }
        }
    }
}

/// The empty form.
pub async fn get(
    State(state): State<Shared>,
    Extension(lang): Extension<WebLang>,
    who: AdminSession,
    parts: Parts,
) -> Response {
    let cx = cx(&state, lang, PATH);
    let csrf = csrf_issue(&state, &parts);
    let title = cx.t("work-upload-title");
    work_page(&cx, &who, &csrf, StatusCode::OK, &title, form(&cx, &csrf))
}

/// Reads the upload, checks the form's token, imports all rows or none.
pub async fn post(
    State(state): State<Shared>,
    Extension(lang): Extension<WebLang>,
    Extension(admin): Extension<Admin>,
    who: AdminSession,
    parts: Parts,
    mut multipart: Multipart,
) -> Response {
    let cx = cx(&state, lang, PATH);
    let csrf = csrf_issue(&state, &parts);
    let title = cx.t("work-upload-title");
    let answer = |status: StatusCode, problem: bool, message: maud::Markup| {
        let body = html! { (notice(problem, message)) (form(&cx, &csrf)) };
        work_page(&cx, &who, &csrf, status, &title, body)
    };
    let mut token = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                let file_name = field.file_name().map(str::to_string);
                let Ok(bytes) = field.bytes().await else {
                    return answer(
                        StatusCode::BAD_REQUEST,
                        true,
                        html! { (cx.t("work-upload-unreadable")) },
                    );
                };
                if name == CSRF_FIELD {
                    token = String::from_utf8_lossy(&bytes).into_owned();
                } else if name == FILE_FIELD {
                    file = Some((
                        file_name.unwrap_or_else(|| "report.csv".into()),
                        bytes.to_vec(),
                    ));
                }
            }
            Ok(None) => break,
            Err(_) => {
                return answer(
                    StatusCode::BAD_REQUEST,
                    true,
                    html! { (cx.t("work-upload-unreadable")) },
                );
            }
        }
    }
    if !csrf_check(&state, &parts.headers, &token) {
        return answer(StatusCode::FORBIDDEN, true, html! { (cx.t("admin-csrf")) });
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            true,
            html! { (cx.t("work-upload-empty")) },
        );
    };
    // Only the file's own name, never a client's path.
    let name = name
        .rsplit(['/', '\\'])
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("report.csv")
        .to_string();
    let rules = rules(&state);
    let by = actor(&who);
    let shown = name.clone();
    let done = admin
        .with_ledger(move |l| import_upload(l, &bytes, &name, rules, &by))
        .await;
    match done {
        Ok(Uploaded::Imported(s)) => {
            tracing::info!(coordinator = %who.name, file = %shown, rows = s.added, "report imported");
            let mut text = cx.catalog.fmt(
                lang,
                "work-upload-done",
                &[
                    ("file", shown.clone().into()),
                    ("rows", counted(&cx, "work-rows", s.added).into()),
                    ("actions", counted(&cx, "work-actions", s.actions).into()),
                ],
            );
            if s.unchanged > 0 || !s.changed.is_empty() {
                text.push(' ');
                text.push_str(&cx.catalog.fmt(
                    lang,
                    "work-upload-skipped",
                    &[(
                        "rows",
                        counted(&cx, "work-rows", s.unchanged + s.changed.len() as u64).into(),
                    )],
                ));
            }
            answer(
                StatusCode::OK,
                false,
                html! {
                    (text)
                    @for c in &s.changed {
                        br;
                        (format!("{shown}:{}: changed since it was imported from {} as entry {}; not imported again", c.line, c.earlier, c.entry))
                    }
                },
            )
        }
        Ok(Uploaded::Refused { problems, rows }) => {
            let head = cx.catalog.fmt(
                lang,
                "work-upload-refused",
                &[
                    ("file", shown.into()),
                    ("rows", counted(&cx, "work-rows", rows).into()),
                    ("count", (rows as f64).into()),
                ],
            );
            answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                true,
                html! {
                    p { (head) }
                    ul.problems { @for p in &problems { li { code { (p) } } } }
                },
            )
        }
        Err(e) => {
            // A file that cannot be read at all: its message names the file, never a path
            // of the server.
            answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                true,
                html! {
                    p { (cx.t("work-upload-nothing")) }
                    p { code { (format!("{e:#}")) } }
                },
            )
        }
    }
}
