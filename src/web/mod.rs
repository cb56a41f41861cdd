//! `marathon serve`: the campaign on the web. This module builds the router (one file per
//! page or API area below it) and runs the server: it binds, serves until SIGTERM or Ctrl-C
//! (finishing the requests in flight), and reloads the workspace files on SIGHUP.
//!
//! Every response passes [`security::headers`]; the ledger is read only by the state's
//! watcher thread, through the `Ledger` API.
//!
//! Adding a page: a handler in `pages/` (or `api/`) taking `State<Shared>` and
//! `Extension<WebLang>`, its HTML built with maud inside [`pages::layout::page`], its text
//! in every file of `locales/`, one `.route(..)` line in [`router`]. A form takes its token
//! from [`security::csrf_issue`] (hidden field [`security::CSRF_FIELD`], and
//! [`security::Csrf::apply`] on the response) and checks it with [`security::csrf_check`];
//! rate limits key on [`security::client_ip`]. Blocking work (the ledger, SMTP) goes
//! through `tokio::task::spawn_blocking`, never holding a connection across an `.await`.

pub mod act;
pub mod admin;
pub mod api;
pub mod assets;
pub mod forms;
pub mod i18n;
pub mod join;
pub mod ledger_slot;
mod listen;
pub mod pages;
pub mod security;
pub mod state;
pub mod volunteer;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{any, get};
use axum::{Extension, Router};
use tokio::sync::watch;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use i18n::WebLang;
use pages::errors::{Rendered, error_page};
use state::{AppState, Shared};

/// The largest request body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The longest a request may take to be answered (a live stream, once answered, may last).
pub const TIME_LIMIT: Duration = Duration::from_secs(10);

/// How long a stopping server waits for requests in flight.
pub const GRACE: Duration = Duration::from_secs(10);

/// How the server is started.
#[derive(Debug, Clone)]
pub struct Options {
    /// The workspace folder (or one inside it).
    pub workspace: PathBuf,
    /// The address to listen on.
    pub listen: SocketAddr,
    /// The reverse proxy whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
    pub trusted_proxy: Option<IpAddr>,
}

/// Every route of the server, with its middleware. `/api/v1/tally.json`, the one route
/// meant to take heavy traffic, stands outside the middleware: it reads no body, needs no
/// language, and adds the security headers itself (the accept loop even answers it before
/// the router).
pub fn router(state: Shared) -> Router {
    let fast = Router::new()
        .route(api::tally::PATH, any(api::tally::any))
        .with_state(state.clone());
    let pages = Router::new()
        .route("/", get(pages::home::get))
        .route("/embed/counter", get(pages::embed::counter))
        .route("/events", get(api::events::get))
        .route(assets::CSS_PATH, get(assets::css))
        .route(assets::JS_PATH, get(assets::js))
        .merge(act::routes())
        .merge(join::routes())
        .merge(admin::routes())
        .merge(volunteer::routes())
        .fallback(not_found)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            TIME_LIMIT,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), error_pages))
        .layer(middleware::from_fn(i18n::choose))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .with_state(state);
    fast.merge(pages)
}

async fn not_found(State(state): State<Shared>, Extension(lang): Extension<WebLang>) -> Response {
    let cx = pages::Cx {
        lang,
        catalog: &state.catalog,
        path: "/",
        query: String::new(),
    };
    error_page(&cx, StatusCode::NOT_FOUND)
}

/// Middleware: any error response that is not already one of our pages (a rejected query,
/// a body too large, a timeout) becomes the plain error page, so no internal message shows.
async fn error_pages(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let lang = req
        .extensions()
        .get::<WebLang>()
        .copied()
        .unwrap_or(WebLang::En);
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error())
        || res.extensions().get::<Rendered>().is_some()
    {
        return res;
    }
    let cx = pages::Cx {
        lang,
        catalog: &state.catalog,
        path: "/",
        query: String::new(),
    };
    error_page(&cx, status)
}

/// Runs the server until SIGTERM or Ctrl-C. `listening` is called with the bound address
/// once requests are accepted.
pub fn run(options: &Options, listening: impl FnOnce(SocketAddr)) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(options, listening))
}

async fn serve(options: &Options, listening: impl FnOnce(SocketAddr)) -> Result<()> {
    let (stop_tx, stopping) = watch::channel(false);
    // Opening the ledgers blocks (a PostgreSQL ledger's client runs a runtime of its own,
    // which cannot start on a thread driving this one): done outside the async context, with
    // the runtime's handle at hand for the tasks the areas spawn.
    let handle = tokio::runtime::Handle::current();
    let (state, listener, act, join, admin, volunteers) = tokio::task::block_in_place(|| {
        let _runtime = handle.enter();
        let root = crate::workspace::find_root(&options.workspace)?;
        let state = AppState::start(root, options.trusted_proxy, stopping)?;
        let listener = listen::bind(options.listen)
            .with_context(|| format!("cannot listen on {}", options.listen))?;
        let addr = listener
            .local_addr()
            .context("cannot read the bound address")?;
        // Before saying it listens: a bad `[web]` table stops the server here.
        let act = act::ActState::start(&state, addr)?;
        let join = join::JoinState::start(&state, &act)?;
        listening(addr);
        spawn_reloader(state.clone())?;
        let admin = admin::AdminState::start(&state)?;
        let volunteers = volunteer::VolunteerState::start(&state)?;
        anyhow::Ok((state, listener, act, join, admin, volunteers))
    })?;
    let app = router(state.clone())
        .layer(Extension(act))
        .layer(Extension(join))
        .layer(Extension(admin))
        .layer(Extension(volunteers));
    let mut stopped = state.stopping.clone();
    tokio::spawn(async move {
        stop_signal().await;
        tracing::info!("stopping: finishing the requests in flight");
        let _ = stop_tx.send(true);
        // The sender must outlive the connections, which watch it.
        std::future::pending::<()>().await;
    });
    let deadline = async move {
        let _ = stopped.wait_for(|s| *s).await;
        tokio::time::sleep(GRACE).await;
    };
    tokio::select! {
        () = listen::serve(listener, app, state.clone()) => {}
        () = deadline => tracing::warn!("requests still open after {GRACE:?}; stopping anyway"),
    }
    Ok(())
}

/// Waits for SIGTERM or Ctrl-C.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    () = ctrl_c => {}
                }
            }
            Err(_) => ctrl_c.await,
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}

/// Reloads the workspace files on every SIGHUP.
fn spawn_reloader(state: Shared) -> Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut hup = signal(SignalKind::hangup()).context("cannot listen for SIGHUP")?;
        tokio::spawn(async move {
            while hup.recv().await.is_some() {
                let s = state.clone();
                let done = tokio::task::spawn_blocking(move || s.reload()).await;
                match done {
                    Ok(Ok(())) => eprintln!("reloaded the workspace files"),
                    Ok(Err(e)) => eprintln!("kept the previous workspace: {e:#}"),
                    Err(e) => eprintln!("kept the previous workspace: {e}"),
                }
            }
        });
    }
    #[cfg(not(unix))]
    let _ = state;
    Ok(())
}
