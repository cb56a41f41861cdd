//! `GET /admin`, where the campaign stands on one screen (headline, each breakdown with its
//! chart and CSV link, the email run's progress, the prisoners who need letters, the
//! volunteers who have reported nothing), and `GET /admin/progress.json`, which the page's
//! script polls so the email figures move while `send` runs in another process.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use anyhow::Result;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde_json::json;
use time::{Date, OffsetDateTime};

use super::charts::{bars, kind_label, stacked_days};
use super::{Admin, AdminSession, admin_page, cx};
use crate::admin::overview::{self, BIRTHDAY_DAYS, Overview};
use crate::i18n::{country_name, long_date};
use crate::ledger::{ChangeMarker, Ledger};
use crate::manifest::MANIFEST_FILE;
use crate::recipients;
use crate::status::EmailLetters;
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::csrf_issue;
use crate::web::state::Shared;
use crate::workspace::Workspace;

/// The overview's data, read on a blocking thread: the last one gathered while nothing it
/// was gathered from has changed since, else gathered again.
pub async fn load(state: &Shared, admin: &Admin) -> Result<Arc<Overview>> {
    let ws = state.workspace();
    let cache = admin.overview.clone();
    admin
        .with_ledger(move |ledger| cache.get_or_gather(ledger, ws))
        .await
}

/// The last overview gathered, served again until the ledger, the day, the workspace's
/// settings or a file it reads (address book, assignment, manifest) changes: gathering
/// reads the ledger's summary and letter states, which takes a while over millions of
/// actions, and a coordinator's page reloads, polls and CSV downloads ask for the same.
#[derive(Default)]
pub struct OverviewCache(Mutex<Option<Cached>>);

struct Cached {
    source: Source,
    overview: Arc<Overview>,
}

/// What an overview was gathered from.
struct Source {
    /// Taken before gathering: a write while gathering moves the ledger's marker past it,
    /// so the next request gathers again.
    marker: ChangeMarker,
    today: Date,
    /// Held, so that a reloaded workspace (a new `Arc`) never compares equal to it.
    ws: Arc<Workspace>,
    files: Vec<FileStamp>,
}

impl Source {
    fn same(&self, other: &Source) -> bool {
        self.marker == other.marker
            && self.today == other.today
            && Arc::ptr_eq(&self.ws, &other.ws)
            && self.files == other.files
    }
}

/// A file's identity and last change as the file system tells them; `None` when missing.
#[derive(Debug, PartialEq, Eq)]
struct FileStamp {
    path: PathBuf,
    seen: Option<(SystemTime, u64, u64)>,
}

fn stamp(path: &Path) -> FileStamp {
    let seen = std::fs::metadata(path).ok().map(|m| {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        (
            m.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            m.len(),
            inode,
        )
    });
    FileStamp {
        path: path.to_path_buf(),
        seen,
    }
}

/// The files the overview reads besides the ledger: every entry of `recipients/` (a file
/// added, removed or rewritten), the assignment and the manifest.
fn file_stamps(ws: &Workspace) -> Vec<FileStamp> {
    let dir = ws.recipients_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths.push(dir);
    paths.push(crate::assignment::path(&ws.root));
    paths.push(ws.letters_dir().join(MANIFEST_FILE));
    paths.iter().map(|p| stamp(p)).collect()
}

impl OverviewCache {
    /// The overview of `ws` on `ledger` as of now.
    fn get_or_gather(&self, ledger: &Ledger, ws: Arc<Workspace>) -> Result<Arc<Overview>> {
        let source = Source {
            marker: ledger.change_marker()?,
            today: OffsetDateTime::now_utc().date(),
            files: file_stamps(&ws),
            ws,
        };
        // A poisoned lock only means a request panicked; the value inside is whole (it is
        // replaced in one assignment).
        let mut cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = cached.as_ref().filter(|c| c.source.same(&source)) {
            return Ok(c.overview.clone());
        }
        let ws = &source.ws;
        let (book, _) = recipients::load_dir(&ws.recipients_dir(), &ws.root);
        let overview = Arc::new(overview::gather(ledger, ws, &book, source.today)?);
        *cached = Some(Cached {
            source,
            overview: overview.clone(),
        });
        Ok(overview)
    }
}

/// `GET /admin`.
pub async fn get(
    State(state): State<Shared>,
    Extension(admin): Extension<Admin>,
    Extension(lang): Extension<WebLang>,
    who: AdminSession,
    parts: Parts,
) -> Response {
    let cx = cx(&state, lang, "/admin");
    let csrf = csrf_issue(&state, &parts);
    let o = match load(&state, &admin).await {
        Ok(o) => o,
        Err(e) => {
            tracing::error!("{e:#}");
            return crate::web::pages::errors::error_page(&cx, StatusCode::INTERNAL_SERVER_ERROR);
        }
    };
    let title = cx.t("admin-overview");
    let body = body(&cx, &state, &o);
    admin_page(&cx, &who, &csrf, &title, body)
}

fn csv_link(cx: &Cx<'_>, name: &str) -> Markup {
    html! { p.csv { a href=(format!("/admin/csv/{name}.csv")) download { (cx.t("admin-csv")) } } }
}

fn body(cx: &Cx<'_>, state: &Shared, o: &Overview) -> Markup {
    let ws = state.workspace();
    let t = &o.tally;
    let lang = cx.lang.code();
    let kinds: Vec<(String, u64)> = t
        .by_kind
        .iter()
        .map(|l| (kind_label(cx, &l.name), l.actions))
        .collect();
    let countries: Vec<(String, u64)> = t
        .by_country
        .iter()
        .map(|l| {
            (
                country_name(&l.name, lang).unwrap_or(&l.name).to_string(),
                l.actions,
            )
        })
        .collect();
    let cases: Vec<(String, u64)> = t
        .by_case
        .iter()
        .map(|l| (l.title.clone().unwrap_or_else(|| l.name.clone()), l.actions))
        .collect();
    html! {
        h1 { (cx.t("admin-overview")) }
        p.headline { (cx.catalog.headline(cx.lang, t.actions, t.countries)) }
        dl.figures {
            dt { (cx.t("admin-volunteers-active")) } dd { (cx.lang.group(t.volunteers)) }
            dt { (cx.t("admin-groups")) } dd { (cx.lang.group(t.groups)) }
            dt { (cx.t("admin-corrections")) } dd { (cx.lang.group(t.corrections.unwrap_or(0))) }
        }
        section #email-progress aria-labelledby="email-h" data-poll="/admin/progress.json" {
            h2 #email-h { (cx.t("admin-email")) }
            (email(cx, &o.email))
            p.note #email-live role="status" data-ended=(cx.t("admin-login-expired")) { (cx.t("admin-email-live")) }
        }
        section aria-labelledby="days-h" {
            h2 #days-h { (cx.t("admin-per-day")) }
            (stacked_days(cx, "days-chart", &o.kinds, &o.per_day))
            (csv_link(cx, "day"))
        }
        section aria-labelledby="kind-h" {
            h2 #kind-h { (cx.t("admin-per-kind")) }
            (bars(cx, "kind-chart", &cx.t("admin-per-kind"), &cx.t("admin-col-kind"), &kinds))
            (csv_link(cx, "kind"))
        }
        section aria-labelledby="country-h" {
            h2 #country-h { (cx.t("admin-per-country")) }
            (bars(cx, "country-chart", &cx.t("admin-per-country"), &cx.t("col-country"), &countries))
            (csv_link(cx, "country"))
        }
        section aria-labelledby="case-h" {
            h2 #case-h { (cx.t("admin-per-case")) }
            (bars(cx, "case-chart", &cx.t("admin-per-case"), &cx.t("admin-col-case"), &cases))
            (csv_link(cx, "case"))
        }
        section aria-labelledby="fewest-h" {
            h2 #fewest-h { (cx.t("admin-fewest")) }
            (prisoners(cx, t.fewest_letters.as_deref().unwrap_or(&[]), &o.birthdays))
            (csv_link(cx, "fewest"))
            h3 { (cx.t("admin-none-received")) }
            (prisoners(cx, t.none_received.as_deref().unwrap_or(&[]), &o.birthdays))
            (csv_link(cx, "none-received"))
        }
        section aria-labelledby="birthdays-h" {
            h2 #birthdays-h { (cx.catalog.fmt(cx.lang, "admin-birthdays", &[("days", BIRTHDAY_DAYS.into())])) }
            @if o.birthdays.is_empty() {
                p { (cx.t("admin-none")) }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (cx.t("admin-col-prisoner")) }
                        th scope="col" { (cx.t("admin-col-birthday")) }
                        th scope="col" { (cx.t("admin-col-sent")) }
                        th scope="col" { (cx.t("admin-col-received")) }
                    } }
                    tbody { @for b in &o.birthdays { tr {
                        td { (b.name) }
                        td { (long_date(b.day, lang)) }
                        td.num { (cx.lang.group(b.sent)) }
                        td.num { (cx.lang.group(b.received)) }
                    } } }
                }
            }
            (csv_link(cx, "birthdays"))
        }
        section aria-labelledby="silent-h" {
            h2 #silent-h { (cx.t("admin-silent")) }
            @if o.silent.is_empty() {
                p { (cx.t("admin-none")) }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (cx.t("admin-col-volunteer")) }
                        th scope="col" { (cx.t("admin-col-group")) }
                        th scope="col" { (cx.t("admin-col-prisoners")) }
                    } }
                    tbody { @for v in &o.silent { tr {
                        td { (v.name) }
                        td { (v.group.as_deref().unwrap_or("")) }
                        td.num { (cx.lang.group(v.prisoners)) }
                    } } }
                }
            }
            (csv_link(cx, "silent"))
        }
        p.note { (ws.campaign.name) }
        script src="/admin/admin.js" defer {}
    }
}

fn prisoners(
    cx: &Cx<'_>,
    list: &[crate::tally::PrisonerLine],
    birthdays: &[overview::Birthday],
) -> Markup {
    let lang = cx.lang.code();
    html! {
        @if list.is_empty() {
            p { (cx.t("admin-none")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (cx.t("admin-col-prisoner")) }
                    th scope="col" { (cx.t("admin-col-case")) }
                    th scope="col" { (cx.t("admin-col-sent")) }
                    th scope="col" { (cx.t("admin-col-received")) }
                    th scope="col" { (cx.t("admin-col-birthday")) }
                } }
                tbody { @for p in list { tr {
                    td { (p.name) }
                    td { (p.case) }
                    td.num { (cx.lang.group(p.sent)) }
                    td.num { (cx.lang.group(p.received)) }
                    td { @if let Some(b) = birthdays.iter().find(|b| b.id == p.id) { (long_date(b.day, lang)) } }
                } } }
            }
        }
    }
}

const EMAIL_FIELDS: [&str; 5] = ["delivered", "deferred", "failed", "in_doubt", "not_sent"];

fn email_value(e: &EmailLetters, field: &str) -> u64 {
    match field {
        "delivered" => e.delivered,
        "deferred" => e.deferred,
        "failed" => e.failed,
        "in_doubt" => e.in_doubt,
        _ => e.not_sent,
    }
}

fn email(cx: &Cx<'_>, e: &EmailLetters) -> Markup {
    let done = e.delivered + e.failed;
    html! {
        p { (cx.catalog.fmt(cx.lang, "admin-email-total", &[("n", e.letters.into()), ("nText", cx.lang.group(e.letters).into())])) }
        progress #email-bar max=(e.letters.max(1)) value=(done) aria-label=(cx.t("admin-email")) {}
        dl.figures {
            @for f in EMAIL_FIELDS {
                dt { (cx.t(&format!("admin-email-{f}"))) }
                dd data-field=(f) { (cx.lang.group(email_value(e, f))) }
            }
        }
    }
}

/// `GET /admin/progress.json`: the email letters by state, with the page language's
/// grouped numbers.
pub async fn progress(
    State(state): State<Shared>,
    Extension(admin): Extension<Admin>,
    Extension(lang): Extension<WebLang>,
    _who: AdminSession,
) -> Response {
    let ws = state.workspace();
    let read = admin
        .with_ledger(move |ledger| overview::progress(ledger, &ws))
        .await;
    let (e, _) = match read {
        Ok(p) => p,
        Err(e) => {
            tracing::error!("{e:#}");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut v = json!({ "letters": e.letters, "done": e.delivered + e.failed });
    for f in EMAIL_FIELDS {
        let n = email_value(&e, f);
        v[f] = json!(n);
        v[format!("{f}_text")] = json!(lang.group(n));
    }
    (
        [
            (CONTENT_TYPE, "application/json; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        v.to_string(),
    )
        .into_response()
}

/// `GET /admin/admin.js`: the overview's poll of the email progress.
pub async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        include_str!("admin.js"),
    )
        .into_response()
}
