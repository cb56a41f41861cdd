//! `/admin`, the coordinators' side of the server: the login (`login.rs`, with the lockout
//! in `lockout.rs`), the sessions and the [`AdminSession`] extractor (`session.rs`), the
//! overview (`overview.rs`) and the volunteers with the web sign-ups (`volunteers.rs`).
//! Accounts come from `.marathon/admins.toml` (`marathon admin add`), read again at each
//! request so a removed account is out at once.

pub mod charts;
pub mod csv;
pub mod lockout;
pub mod login;
pub mod overview;
pub mod session;
pub mod volunteers;
pub mod work;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Result;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use maud::{Markup, html};

pub use session::AdminSession;

use super::pages::errors::Rendered;
use super::pages::layout::{Cx, page};
use super::security::Csrf;
use super::state::Shared;
use crate::admin::Accounts;
use crate::ledger::Ledger;
use crate::web::ledger_slot::LedgerSlot;

/// What the admin pages share beside the server's state.
pub struct AdminState {
    root: PathBuf,
    sessions: Mutex<session::Sessions>,
    lockout: Mutex<lockout::Lockout>,
    ledger: LedgerSlot,
    /// The overview last gathered (`overview.rs`).
    overview: Arc<overview::OverviewCache>,
    /// Password checks running at once (each takes ~19 MiB and tens of milliseconds of
    /// CPU): a flood of logins queues here instead of taking the machine.
    checking: tokio::sync::Semaphore,
}

/// How many password checks may run at once.
const CHECKS_AT_ONCE: usize = 2;

/// Shared admin state, as the handlers receive it (an `Extension`).
pub type Admin = Arc<AdminState>;

impl AdminState {
    /// Opens a ledger connection for the overview; sessions start empty.
    pub fn start(state: &Shared) -> Result<Admin> {
        let ws = state.workspace();
        let ledger = Ledger::open(&ws.ledger_path())?;
        Ok(Arc::new(AdminState {
            root: ws.root.clone(),
            sessions: Mutex::default(),
            lockout: Mutex::default(),
            ledger: LedgerSlot::new(ledger),
            overview: Arc::default(),
            checking: tokio::sync::Semaphore::new(CHECKS_AT_ONCE),
        }))
    }

    /// The accounts as the file says now.
    pub fn accounts(&self) -> Result<Accounts> {
        Accounts::load(&self.root)
    }

    /// The coordinator of session `id`, when it is live and the account still exists.
    fn session(&self, id: &str) -> Option<String> {
        // A poisoned lock only means a request panicked; the map is still whole.
        let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        let name = sessions.touch(id, Instant::now())?;
        match self.accounts() {
            Ok(a) if a.contains(&name) => Some(name),
            Ok(_) => {
                sessions.end_all(&name);
                None
            }
            Err(e) => {
                tracing::error!("{e:#}");
                None
            }
        }
    }

    /// Runs `f` with the admin ledger connection on a blocking thread.
    pub async fn with_ledger<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Ledger) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.ledger.run(f).await
    }
}

/// The admin routes; their handlers need the [`Admin`] extension added by the server.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/admin", get(overview::get))
        .route("/admin/login", get(login::get).post(login::post))
        .route("/admin/logout", post(login::logout))
        .route("/admin/progress.json", get(overview::progress))
        .route("/admin/admin.js", get(overview::script))
        .route("/admin/csv/{name}", get(csv::get))
        .route(volunteers::PATH, get(volunteers::get))
        .merge(work::routes())
}

/// A page's context for an admin page at `path`.
pub fn cx<'a>(state: &'a Shared, lang: crate::web::i18n::WebLang, path: &'a str) -> Cx<'a> {
    Cx {
        lang,
        catalog: &state.catalog,
        path,
        query: String::new(),
    }
}

/// An admin page: the coordinators' navigation (who is logged in, the logout button,
/// carrying `csrf`), then `body`.
pub fn admin_page(
    cx: &Cx<'_>,
    who: &AdminSession,
    csrf: &Csrf,
    title: &str,
    body: Markup,
) -> Response {
    let nav = html! {
        nav.admin-nav aria-label=(cx.t("admin-nav")) {
            a href="/admin" { (cx.t("admin-overview")) }
            a href=(work::upload::PATH) { (cx.t("work-upload-title")) }
            a href=(work::record::PATH) { (cx.t("work-record-title")) }
            a href=(work::withdraw::PATH) { (cx.t("work-withdraw-title")) }
            a href=(volunteers::PATH) { (cx.t("vols-title")) }
            span.admin-who { (cx.catalog.fmt(cx.lang, "admin-logged-in-as", &[("name", who.name.clone().into())])) }
            form method="post" action="/admin/logout" {
                input type="hidden" name=(super::security::CSRF_FIELD) value=(csrf.token);
                button type="submit" { (cx.t("admin-logout")) }
            }
        }
    };
    let mut res = respond(cx, StatusCode::OK, title, html! { (nav) (body) });
    csrf.apply(&mut res);
    no_store(&mut res);
    res
}

/// A page of ours with `status`.
pub fn respond(cx: &Cx<'_>, status: StatusCode, title: &str, body: Markup) -> Response {
    let mut res = (status, Html(page(cx, title, body).into_string())).into_response();
    res.extensions_mut().insert(Rendered);
    res
}

/// Marks a response as never to be stored by a browser or proxy (coordinators' data).
pub fn no_store(res: &mut Response) {
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
}
