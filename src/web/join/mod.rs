//! Sign-up of new volunteers: the form at `/join` (name, email, city, country, languages
//! they write), the page that says a link is on its way, and `/join/confirm/TOKEN` (a GET
//! shows the sign-up and a button; the POST confirms it and assigns the newcomer prisoners by
//! the fair rule of `marathon assign`, nobody else's pairs moving). The same layers as `/act`:
//! CSRF, a honeypot, per-IP and per-address limits (429 with `Retry-After`), the daily cap on
//! confirmation mails per address; the mails go through the same outbox machinery.

mod confirm;
mod form;
mod mail;

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use axum::Router;
use axum::routing::get;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::Notify;

use super::act::Act;
use super::state::Shared;
use crate::act::outbox::{Mailer, Outbox};
use crate::ledger::{Ledger, Signup};
use crate::manifest::LetterStatus;
use crate::web::ledger_slot::LedgerSlot;

/// How often the sign-up outbox is looked at without being woken.
const OUTBOX_EVERY: Duration = Duration::from_secs(30);

/// The sign-ups' confirmation mails.
pub struct Signups;

impl Outbox for Signups {
    type Mail = Signup;
    fn take(ledger: &Ledger, limit: usize) -> Result<Vec<Signup>> {
        let since = time::OffsetDateTime::now_utc() - crate::act::CONFIRM_WINDOW;
        ledger.signup_outbox(limit, since)
    }
    fn key(mail: &Signup) -> (i64, &str) {
        (mail.id, &mail.email)
    }
    fn record(
        ledger: &mut Ledger,
        events: &[(i64, LetterStatus, Option<String>, time::OffsetDateTime)],
    ) -> Result<()> {
        ledger.record_signup_mail(events)
    }
    fn expire(ledger: &mut Ledger, now: time::OffsetDateTime) -> Result<usize> {
        ledger.expire_signups(now, crate::act::CONFIRM_WINDOW)
    }
}

/// What the sign-up pages share beside the server's state and the act pages' key and limits.
pub struct JoinState {
    /// Key, limits and the base of links, shared with `/act`.
    pub act: Act,
    ledger: LedgerSlot,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_address: DefaultKeyedRateLimiter<String>,
    wake: Arc<Notify>,
    closed: bool,
}

/// Shared sign-up state, as the handlers receive it.
pub type Join = Arc<JoinState>;

impl JoinState {
    /// Opens the ledger and starts the sign-up outbox sender; without a usable `[smtp]` the
    /// form is closed (and says so).
    pub fn start(state: &Shared, act: &Act) -> Result<Join> {
        let ws = state.workspace();
        let ledger = Ledger::open(&ws.ledger_path())?;
        let limits = act.limits;
        let per_hour = |n: u32, burst: u32| {
            let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
            Quota::per_hour(n).allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN))
        };
        let wake = Arc::new(Notify::new());
        let closed = match Mailer::<Signups>::new(&ws) {
            Ok(mailer) => {
                let compose = mail::composer(
                    state.catalog.clone(),
                    ws.clone(),
                    mailer.identity().clone(),
                    act.base_url.clone(),
                );
                tokio::spawn(mailer.run(compose, wake.clone(), OUTBOX_EVERY));
                false
            }
            Err(e) => {
                eprintln!("the sign-up form is closed: {e:#}");
                true
            }
        };
        let join = Arc::new(JoinState {
            act: act.clone(),
            ledger: LedgerSlot::new(ledger),
            per_ip: RateLimiter::keyed(per_hour(limits.per_ip_per_hour, limits.per_ip_burst)),
            per_address: RateLimiter::keyed(per_hour(
                limits.per_address_per_hour,
                limits.per_address_per_hour,
            )),
            wake,
            closed,
        });
        let weak = Arc::downgrade(&join);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                let Some(join) = weak.upgrade() else { return };
                join.per_ip.retain_recent();
                join.per_address.retain_recent();
            }
        });
        Ok(join)
    }

    /// Runs `f` with the sign-ups' ledger on a blocking thread; one at a time, so two
    /// confirmations never assign from the same saved assignment.
    async fn with_ledger<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Ledger) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.ledger.run(f).await
    }
}

/// The sign-up routes; their handlers need the [`Join`] extension added by the server.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/join", get(form::get).post(form::post))
        .route("/join/sent", get(form::sent))
        .route(
            "/join/confirm/{token}",
            get(confirm::get).post(confirm::post),
        )
}
