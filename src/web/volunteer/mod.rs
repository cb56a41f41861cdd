//! The volunteer's own pages: `/v/TOKEN` (the personal link from `marathon invite`: it sets
//! the volunteer session cookie and redirects, so the token leaves the address bar),
//! `/me` (their prisoners, letters, appeals, history and the campaign counter), the reports
//! "posted", "a reply came", "returned" recorded as letter events in the ledger, the print
//! views, and the letters' text edited before printing, checked against the country rules
//! live and on saving. Every page answers a missing, forged or expired session, another
//! volunteer's letter and a guessed letter id alike; `/me/link` mails a volunteer their link
//! again.

mod again;
mod data;
mod edit;
mod me;
mod pages;
mod print;
mod report;
pub mod session;

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use maud::html;

use super::act::respond;
use super::pages::layout::Cx;
use super::state::Shared;
use crate::ledger::Ledger;
use crate::web::ledger_slot::LedgerSlot;

/// What the volunteer pages share beside the server's state.
pub struct VolunteerState {
    /// The ledger connection the pages read and write with (used on blocking threads).
    ledger: LedgerSlot,
    /// Personal links opened per client address.
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    /// "Email me my link again" per client address.
    again_ip: DefaultKeyedRateLimiter<IpAddr>,
    /// "Email me my link again" per email address.
    again_address: DefaultKeyedRateLimiter<String>,
    /// Letter edits saved per volunteer.
    saves: DefaultKeyedRateLimiter<String>,
    /// Live checks of an edit per volunteer.
    checks: DefaultKeyedRateLimiter<String>,
    /// The address book, letters and assignment as last read.
    data: data::Cache,
    /// Each volunteer's page sections as last rendered.
    pages: pages::Pages,
}

/// Shared volunteer state, as the handlers receive it.
pub type Volunteers = Arc<VolunteerState>;

/// Personal links one address may open per minute: enough for a writing evening where a
/// room of volunteers shares one address, and a guesser meets it long before a 256-bit token.
const LINKS_PER_MINUTE: u32 = 30;

/// Links one client address may ask to be mailed again per hour; one email address may be
/// mailed once an hour.
const AGAIN_PER_HOUR: u32 = 5;

/// Letter edits one volunteer may save per minute: far above anyone's typing of letters.
const SAVES_PER_MINUTE: u32 = 20;

/// Live checks one volunteer's page may ask per minute (one per pause in typing).
const CHECKS_PER_MINUTE: u32 = 240;

impl VolunteerState {
    /// Opens the ledger and the key of the server's workspace.
    pub fn start(state: &Shared) -> Result<Volunteers> {
        let ws = state.workspace();
        let per_ip = RateLimiter::keyed(Quota::per_minute(
            NonZeroU32::new(LINKS_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
        ));
        let me = Arc::new(VolunteerState {
            ledger: LedgerSlot::new(Ledger::open(&ws.ledger_path())?),
            per_ip,
            again_ip: RateLimiter::keyed(Quota::per_hour(
                NonZeroU32::new(AGAIN_PER_HOUR).unwrap_or(NonZeroU32::MIN),
            )),
            again_address: RateLimiter::keyed(Quota::per_hour(NonZeroU32::MIN)),
            saves: RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(SAVES_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
            )),
            checks: RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(CHECKS_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
            )),
            data: data::Cache::default(),
            pages: pages::Pages::default(),
        });
        let weak = Arc::downgrade(&me);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                let Some(me) = weak.upgrade() else { return };
                me.per_ip.retain_recent();
                me.again_ip.retain_recent();
                me.again_address.retain_recent();
                me.saves.retain_recent();
                me.checks.retain_recent();
            }
        });
        Ok(me)
    }

    /// Runs `f` with the pages' ledger on a blocking thread.
    async fn with_ledger<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Ledger) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.ledger.run(f).await
    }
}

/// The volunteer routes; their handlers need the [`Volunteers`] extension added by the server.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/v/{token}", get(session::open))
        .route("/me", get(me::get))
        .route(again::PATH, get(again::get).post(again::post))
        .route("/me/print", get(print::all))
        .route("/me/print.css", get(print::css))
        .route("/me/letters/{id}/print", get(print::one))
        .route("/me/letters/{id}/report", post(report::post))
        .route("/me/letters/{id}/edit", post(edit::post))
        .route("/me/letters/{id}/check", post(edit::check))
        .route(edit::JS_PATH, get(edit::js))
}

/// The one answer to a missing session, a letter of another volunteer and an unknown letter
/// or link: nothing here (404), whatever the reason.
fn gone(cx: &Cx<'_>) -> Response {
    let title = cx.t("vol-gone-title");
    let body = html! {
        h1 { (title) }
        p { (cx.t("vol-gone")) }
        p { (cx.t("vol-no-session")) }
        p { a href=(again::PATH) { (cx.t("vol-again-title")) } }
        p { a href="/" { (cx.t("back-home")) } }
    };
    respond(cx, StatusCode::NOT_FOUND, &title, body)
}
