//! "I took action" on the web: the form at `/act`, the page that says a link is on its way,
//! and `/act/confirm/TOKEN` (a GET shows the submission and a button, the POST confirms, so
//! a mail scanner that follows links confirms nothing). The abuse layers, in order: CSRF,
//! the honeypot field, a per-IP limit, a per-address limit (both governor, a 429 page with
//! `Retry-After`), and the ledger's daily cap on confirmation mails per address.

pub(crate) mod confirm;
mod form;
mod mail;

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header::RETRY_AFTER};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use maud::html;
use tokio::sync::Notify;

use super::pages::errors::Rendered;
use super::pages::layout::{Cx, page};
use super::state::Shared;
use crate::act::config::Limits;
use crate::act::key::ActKey;
use crate::act::outbox::Mailer;
use crate::ledger::Ledger;
use crate::web::ledger_slot::LedgerSlot;

/// How often the outbox is looked at without being woken (mails refused for now).
const OUTBOX_EVERY: Duration = Duration::from_secs(30);

/// What the act pages share beside the server's state.
pub struct ActState {
    /// The form's key (address salt, link tokens).
    pub key: ActKey,
    /// Limits read from `[web]` at start.
    pub limits: Limits,
    /// The base of confirmation links, without a trailing `/`.
    pub base_url: String,
    /// The ledger connection the form writes with (one writer; used on blocking threads).
    ledger: LedgerSlot,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_address: DefaultKeyedRateLimiter<String>,
    /// Wakes the outbox sender after a submission.
    wake: Arc<Notify>,
    /// Why the form is closed, when no mail can go out.
    closed: Option<String>,
}

/// Shared act state, as the handlers receive it.
pub type Act = Arc<ActState>;

impl ActState {
    /// Reads the key and limits, opens the ledger and starts the outbox sender for the
    /// server at `addr`. Without a usable `[smtp]` the form is closed (and says so); the
    /// rest of the server runs.
    pub fn start(state: &Shared, addr: SocketAddr) -> Result<Act> {
        let ws = state.workspace();
        let config = ws.campaign.web.clone().unwrap_or_default();
        let limits = config.limits()?;
        let key = ActKey::load_or_create(&ws.root)?;
        let ledger = Ledger::open(&ws.ledger_path())?;
        let base_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"))
            .trim_end_matches('/')
            .to_string();
        let per_hour = |n: u32, burst: u32| {
            let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
            Quota::per_hour(n).allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN))
        };
        let wake = Arc::new(Notify::new());
        let closed = match Mailer::<crate::act::outbox::Actions>::new(&ws) {
            Ok(mailer) => {
                let compose = mail::composer(
                    state.catalog.clone(),
                    ws.clone(),
                    mailer.identity().clone(),
                    base_url.clone(),
                );
                tokio::spawn(mailer.run(compose, wake.clone(), OUTBOX_EVERY));
                None
            }
            Err(e) => {
                eprintln!("the form \"I took action\" is closed: {e:#}");
                Some(format!("{e:#}"))
            }
        };
        if config.public_url.is_none() && addr.ip().is_unspecified() {
            eprintln!(
                "confirmation links will point at {base_url}, which people cannot open: set \
                 `public_url` in the `[web]` table of `campaign.toml`"
            );
        }
        let act = Arc::new(ActState {
            key,
            base_url,
            per_ip: RateLimiter::keyed(per_hour(limits.per_ip_per_hour, limits.per_ip_burst)),
            per_address: RateLimiter::keyed(per_hour(
                limits.per_address_per_hour,
                limits.per_address_per_hour,
            )),
            limits,
            ledger: LedgerSlot::new(ledger),
            wake,
            closed,
        });
        // The limiters keep a state per key: forget the keys that are back to a full bucket.
        let weak = Arc::downgrade(&act);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                let Some(act) = weak.upgrade() else { return };
                act.per_ip.retain_recent();
                act.per_address.retain_recent();
            }
        });
        Ok(act)
    }

    /// Runs `f` with the form's ledger on a blocking thread.
    async fn with_ledger<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Ledger) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.ledger.run(f).await
    }
}

/// Seconds until `limiter` lets `key` in again, or `None` when it does now (and counts it).
pub(crate) fn limited<K>(limiter: &DefaultKeyedRateLimiter<K>, key: &K) -> Option<u64>
where
    K: std::hash::Hash + Eq + Clone,
{
    match limiter.check_key(key) {
        Ok(()) => None,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            Some(wait.as_secs() + 1)
        }
    }
}

/// The act routes; their handlers need the [`Act`] extension added by the server.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/act", get(form::get).post(form::post))
        .route("/act/sent", get(form::sent))
        .route(
            "/act/confirm/{token}",
            get(confirm::get).post(confirm::post),
        )
}

/// A page of ours with `status`.
pub(crate) fn respond(
    cx: &Cx<'_>,
    status: StatusCode,
    title: &str,
    body: maud::Markup,
) -> Response {
    let mut res = (status, Html(page(cx, title, body).into_string())).into_response();
    res.extensions_mut().insert(Rendered);
    res
}

/// The 429 page for an address that has had its confirmation mails for today: wait until
/// midnight UTC, when the daily cap starts again.
pub(crate) fn daily_cap_reached(cx: &Cx<'_>) -> Response {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let midnight = (now.div_euclid(86_400) + 1) * 86_400;
    too_many(cx, (midnight - now) as u64, "act-limit-daily")
}

/// The 429 page: wait `seconds` before trying again.
pub(crate) fn too_many(cx: &Cx<'_>, seconds: u64, message: &str) -> Response {
    let title = cx.t("act-limit-title");
    let minutes = seconds.div_ceil(60);
    let body = html! {
        h1 { (title) }
        p { (cx.t(message)) }
        p { (cx.catalog.fmt(cx.lang, "act-limit-wait", &[("minutes", minutes.into())])) }
        p { a href="/" { (cx.t("back-home")) } }
    };
    let mut res = respond(cx, StatusCode::TOO_MANY_REQUESTS, &title, body);
    if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
        res.headers_mut().insert(RETRY_AFTER, v);
    }
    res
}

/// A page for an error of ours (the message goes to the log, never to the page).
pub(crate) fn failed(cx: &Cx<'_>, e: &anyhow::Error) -> Response {
    tracing::error!("{e:#}");
    super::pages::errors::error_page(cx, StatusCode::INTERNAL_SERVER_ERROR)
}
