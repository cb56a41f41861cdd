//! The confirmation mails' outbox: submissions whose mail is queued or refused for now are
//! read from the ledger and handed to the same sending engine, settings, quotas and journal
//! discipline as `send` (`sent` recorded durably before hand-over, the answer after), so a
//! restart neither loses a mail nor sends one twice. A mail handed over without an answer is
//! in doubt and never sent again.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use time::OffsetDateTime;
use tokio::sync::Notify;

use crate::delivery::engine::{self, Compose, Options};
use crate::delivery::journal::{self, Event, Journal};
use crate::delivery::message::{Identity, Outgoing};
use crate::delivery::plan::domain_of;
use crate::delivery::run::check_plain;
use crate::delivery::schedule::Schedule;
use crate::delivery::settings::{Overrides, Settings};
use crate::delivery::smtp::Smtp;
use crate::ledger::{Ledger, OutboxMail};
use crate::manifest::LetterStatus;
use crate::workspace::Workspace;

/// Builds the message of one confirmation mail dated `date`; an error fails that mail.
pub type ComposeMail<M = OutboxMail> =
    dyn Fn(&M, OffsetDateTime) -> Result<Outgoing, String> + Send + Sync;

/// Where a mailer's mails wait in the ledger, and where their fate is written: the
/// submissions of "I took action" ([`Actions`]) or the sign-ups of `/join`.
pub trait Outbox: Send + Sync + 'static {
    /// One mail as the ledger gives it.
    type Mail: Send + Sync + 'static;
    /// Up to `limit` mails still to send.
    fn take(ledger: &Ledger, limit: usize) -> Result<Vec<Self::Mail>>;
    /// The row a mail's events are recorded on, and its address.
    fn key(mail: &Self::Mail) -> (i64, &str);
    /// Records what became of mails, by row.
    fn record(
        ledger: &mut Ledger,
        events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
    ) -> Result<()>;
    /// Deletes what was not confirmed in time at `now`.
    fn expire(ledger: &mut Ledger, now: OffsetDateTime) -> Result<usize>;
}

/// The confirmation mails of "I took action".
pub struct Actions;

impl Outbox for Actions {
    type Mail = OutboxMail;
    fn take(ledger: &Ledger, limit: usize) -> Result<Vec<OutboxMail>> {
        ledger.confirmation_outbox(limit, OffsetDateTime::now_utc() - super::CONFIRM_WINDOW)
    }
    fn key(mail: &OutboxMail) -> (i64, &str) {
        (mail.id, &mail.email)
    }
    fn record(
        ledger: &mut Ledger,
        events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
    ) -> Result<()> {
        ledger.record_confirmation_mail(events)
    }
    fn expire(ledger: &mut Ledger, now: OffsetDateTime) -> Result<usize> {
        ledger.expire_pending(now, super::CONFIRM_WINDOW)
    }
}

/// Most mails taken from the outbox in one round.
const ROUND: usize = 1_000;

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// Mails taken from the outbox.
    pub taken: usize,
    /// Accepted by the server.
    pub delivered: usize,
    /// Refused for good.
    pub failed: usize,
    /// Refused for now (tried again in a later round).
    pub deferred: usize,
    /// Handed over without an answer.
    pub in_doubt: usize,
}

/// Sends the outbox's mails through the campaign's `[smtp]` settings.
pub struct Mailer<O: Outbox = Actions> {
    ledger: PathBuf,
    identity: Identity,
    transport: Arc<Smtp>,
    /// One schedule for the server's life, so the rate limits hold across rounds (a new one
    /// only after a round stopped it).
    schedule: Arc<Schedule>,
    limits: crate::delivery::settings::Limits,
    options: Options,
    outbox: std::marker::PhantomData<O>,
}

/// The journal of one round: events name mails by their index in the round's list.
struct OutboxJournal<O: Outbox> {
    ledger: Ledger,
    mails: Arc<[O::Mail]>,
}

impl<O: Outbox> Journal for OutboxJournal<O> {
    fn record(&mut self, events: &[Event]) -> Result<()> {
        let mut out = Vec::with_capacity(events.len());
        for e in events {
            let mail = self
                .mails
                .get(e.letter)
                .ok_or_else(|| anyhow!("no mail number {} in this round", e.letter))?;
            out.push((O::key(mail).0, e.status, e.detail.clone(), e.at));
        }
        O::record(&mut self.ledger, &out)
    }
}

impl<O: Outbox> Mailer<O> {
    /// A mailer for `ws` with the `[smtp]` settings of its campaign file (the password is read
    /// now, so a missing one stops the server at start, not at the first mail).
    pub fn new(ws: &Workspace) -> Result<Mailer<O>> {
        let file = ws.campaign.smtp.clone().unwrap_or_default();
        let settings = Settings::resolve(&file, &Overrides::default(), &ws.root)
            .context("the form \"I took action\" mails its confirmation links")?;
        check_plain(&settings)?;
        let sender = &ws.campaign.sender;
        let identity =
            Identity::new(&ws.campaign.id, &sender.name, &sender.email).map_err(|e| anyhow!(e))?;
        let transport = Arc::new(settings.transport()?);
        Ok(Mailer {
            ledger: ws.ledger_path(),
            identity,
            transport,
            schedule: Arc::new(Schedule::new(&settings.limits)),
            limits: settings.limits.clone(),
            options: Options {
                connections: settings.connections.get().min(4),
                retries: settings.retries,
                retry_delay: settings.retry_delay,
                probe_after: Duration::from_secs(30),
            },
            outbox: std::marker::PhantomData,
        })
    }

    /// The sender identity mails go out with.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// Sends what the outbox holds now, once; returns what became of it.
    pub async fn round(&mut self, compose: Arc<ComposeMail<O::Mail>>) -> Result<Round> {
        if self.schedule.is_stopped() {
            // A round stopped by an unrecordable answer: its leftovers are still queued in the
            // ledger, and a fresh schedule takes them again.
            self.schedule = Arc::new(Schedule::new(&self.limits));
        }
        let path = self.ledger.clone();
        let (ledger, mails) = tokio::task::spawn_blocking(move || -> Result<_> {
            let ledger = Ledger::open(&path)?;
            let mails = O::take(&ledger, ROUND)?;
            Ok((ledger, mails))
        })
        .await
        .map_err(|e| anyhow!("the outbox reader ended abnormally: {e}"))??;
        if mails.is_empty() {
            return Ok(Round::default());
        }
        let mails: Arc<[O::Mail]> = mails.into();
        for (i, m) in mails.iter().enumerate() {
            self.schedule.push(i, &domain_of(O::key(m).1), None);
        }
        let (handle, writer) = journal::spawn(OutboxJournal::<O> {
            ledger,
            mails: mails.clone(),
        });
        let for_compose = mails.clone();
        let compose_fn: Arc<Compose> = Arc::new(move |i, date| {
            let mail = for_compose
                .get(i)
                .ok_or_else(|| format!("no mail number {i} in this round"))?;
            compose(mail, date)
        });
        let report = engine::run(
            self.transport.clone(),
            None,
            self.schedule.clone(),
            handle,
            compose_fn,
            self.options.clone(),
            indicatif::ProgressBar::hidden(),
        )
        .await;
        tokio::task::spawn_blocking(move || writer.join())
            .await
            .map_err(|e| anyhow!("the outbox writer ended abnormally: {e}"))?
            .map_err(|_| anyhow!("the outbox writer ended abnormally"))?;
        for (i, reason) in &report.failed {
            tracing::warn!(
                "confirmation mail {} failed: {reason}",
                O::key(&mails[*i]).0
            );
        }
        if let Some(e) = &report.stopped {
            tracing::warn!("confirmation mails stopped: {e:#}");
        }
        Ok(Round {
            taken: mails.len(),
            delivered: report.delivered,
            failed: report.failed.len(),
            deferred: report.deferred.len(),
            in_doubt: report.in_doubt.len(),
        })
    }

    /// Sends the outbox whenever `wake` is notified, and at least every `every` (mails
    /// refused for now, submissions from another process); deletes submissions past the
    /// confirmation window as it goes. Runs until its task is dropped.
    pub async fn run(
        mut self,
        compose: Arc<ComposeMail<O::Mail>>,
        wake: Arc<Notify>,
        every: Duration,
    ) {
        let mut last_expiry: Option<tokio::time::Instant> = None;
        loop {
            if last_expiry.is_none_or(|t| t.elapsed() > Duration::from_secs(600)) {
                last_expiry = Some(tokio::time::Instant::now());
                if let Err(e) = expire::<O>(&self.ledger).await {
                    tracing::warn!("{e:#}");
                }
            }
            match self.round(compose.clone()).await {
                // More may be waiting beyond one round: go on at once.
                Ok(r) if r.taken == ROUND => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!("confirmation mails: {e:#}"),
            }
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(every) => {}
            }
        }
    }
}

async fn expire<O: Outbox>(path: &Path) -> Result<usize> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        O::expire(&mut Ledger::open(&path)?, OffsetDateTime::now_utc())
    })
    .await
    .map_err(|e| anyhow!("the expiry task ended abnormally: {e}"))?
}
