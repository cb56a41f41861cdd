//! The ledger API of the web's own tables: submissions of the form "I took action" waiting
//! for their link, sign-ups, their confirmation mails, and the withdrawal of public actions.

use anyhow::{Context, Result};
use time::OffsetDateTime;

use super::{
    Actor, Confirmation, Joined, Ledger, NewPending, NewSignup, OutboxMail, PendingAction, Signup,
    Store, Submitted, WebAction, WebSelection, Withdrawal, audit, pending, pg, signups,
};
use crate::manifest::LetterStatus;

impl Ledger {
    /// Stores a submission of the web form and counts its confirmation mail against the
    /// address's day, unless the address already had `daily_cap` mails today (then nothing is
    /// stored): one transaction.
    pub fn submit_pending(&mut self, p: &NewPending, daily_cap: u32) -> Result<Submitted> {
        let what = self.context("cannot store the submission");
        match &mut self.store {
            Store::Sqlite(c) => pending::submit(c, p, daily_cap),
            Store::Pg(pg) => pg::pending::submit(pg.client_mut(), p, daily_cap),
        }
        .context(what)
    }

    /// The submission waiting for the link whose token hashes to `token_hash`.
    pub fn pending_action(&self, token_hash: &[u8; 32]) -> Result<Option<PendingAction>> {
        match &self.store {
            Store::Sqlite(c) => pending::find(c, token_hash),
            Store::Pg(pg) => pg::pending::find(&mut *pg.client(), token_hash),
        }
        .with_context(|| self.context("cannot read a submission"))
    }

    /// Confirms a submission at `now`: within `window` of its submission it becomes an
    /// ordinary entry (channel `online`, today's date in UTC, origin `web`, the salted
    /// address hash kept beside it) and the submission with its address is deleted, in one
    /// transaction; an older one is deleted and counts nothing.
    pub fn confirm_pending(
        &mut self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
        window: time::Duration,
    ) -> Result<Confirmation> {
        let what = self.context("cannot confirm the submission");
        match &mut self.store {
            Store::Sqlite(c) => pending::confirm(c, token_hash, now, window),
            Store::Pg(pg) => pg::pending::confirm(pg.client_mut(), token_hash, now, window),
        }
        .context(what)
    }

    /// Deletes the submissions not confirmed within `window` of `now` (their links then count
    /// nothing) and old daily mail counts; returns how many submissions went.
    pub fn expire_pending(&mut self, now: OffsetDateTime, window: time::Duration) -> Result<usize> {
        let what = self.context("cannot delete expired submissions");
        match &mut self.store {
            Store::Sqlite(c) => pending::expire(c, now, window),
            Store::Pg(pg) => pg::pending::expire(pg.client_mut(), now, window),
        }
        .context(what)
    }

    /// Up to `limit` confirmation mails still to send (never tried, or refused for now) of
    /// submissions made at or after `since`: an older link could no longer be used.
    pub fn confirmation_outbox(
        &self,
        limit: usize,
        since: OffsetDateTime,
    ) -> Result<Vec<OutboxMail>> {
        match &self.store {
            Store::Sqlite(c) => pending::outbox(c, limit, since),
            Store::Pg(pg) => pg::pending::outbox(&mut *pg.client(), limit, since),
        }
        .with_context(|| self.context("cannot read the confirmation outbox"))
    }

    /// Records the fate of confirmation mails (by submission id) in one transaction: `sent`
    /// before hand-over, then `delivered`, `deferred` or `failed`.
    pub fn record_confirmation_mail(
        &mut self,
        events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
    ) -> Result<()> {
        let what = self.context("cannot record confirmation mails");
        match &mut self.store {
            Store::Sqlite(c) => pending::record_mail(c, events),
            Store::Pg(pg) => pg::pending::record_mail(pg.client_mut(), events),
        }
        .context(what)
    }

    /// The status and attempts of the confirmation mail of submission `id`, while it waits.
    pub fn confirmation_mail_state(&self, id: i64) -> Result<Option<(String, u32)>> {
        match &self.store {
            Store::Sqlite(c) => pending::mail_state(c, id),
            Store::Pg(pg) => pg::pending::mail_state(&mut *pg.client(), id),
        }
        .with_context(|| self.context("cannot read a confirmation mail"))
    }

    /// The entries confirmed on the web by the address with this salted hash.
    pub fn web_entries(&self, address_hash: &str) -> Result<Vec<i64>> {
        match &self.store {
            Store::Sqlite(c) => pending::web_entries(c, address_hash),
            Store::Pg(pg) => pg::pending::web_entries(&mut *pg.client(), address_hash),
        }
        .with_context(|| self.context("cannot read web entries"))
    }

    /// Stores a sign-up from `/join` and counts its confirmation mail against the address's
    /// day (shared with the form "I took action"), unless the address already had
    /// `daily_cap` mails today: one transaction.
    pub fn submit_signup(&mut self, s: &NewSignup, daily_cap: u32) -> Result<Submitted> {
        let what = self.context("cannot store the sign-up");
        match &mut self.store {
            Store::Sqlite(c) => signups::submit(c, s, daily_cap),
            Store::Pg(pg) => pg::signups::submit(pg.client_mut(), s, daily_cap),
        }
        .context(what)
    }

    /// The sign-up whose link token hashes to `token_hash`.
    pub fn signup(&self, token_hash: &[u8; 32]) -> Result<Option<Signup>> {
        match &self.store {
            Store::Sqlite(c) => signups::find(c, token_hash),
            Store::Pg(pg) => pg::signups::find(&mut *pg.client(), token_hash),
        }
        .with_context(|| self.context("cannot read a sign-up"))
    }

    /// Every sign-up, oldest first (`confirmed_only`: the confirmed ones).
    pub fn signups(&self, confirmed_only: bool) -> Result<Vec<Signup>> {
        match &self.store {
            Store::Sqlite(c) => signups::list(c, confirmed_only),
            Store::Pg(pg) => pg::signups::list(&mut *pg.client(), confirmed_only),
        }
        .with_context(|| self.context("cannot read the sign-ups"))
    }

    /// Confirms a sign-up at `now` within `window` of its submission, giving it the first
    /// free volunteer id among `slug`, `slug-2`... (`taken` says which ids the address book
    /// holds); a second click finds it confirmed; an expired one is deleted. One transaction.
    pub fn confirm_signup(
        &mut self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
        window: time::Duration,
        slug: &str,
        taken: &dyn Fn(&str) -> bool,
    ) -> Result<Joined> {
        let what = self.context("cannot confirm the sign-up");
        match &mut self.store {
            Store::Sqlite(c) => signups::confirm(c, token_hash, now, window, slug, taken),
            Store::Pg(pg) => {
                pg::signups::confirm(pg.client_mut(), token_hash, now, window, slug, taken)
            }
        }
        .context(what)
    }

    /// Deletes the sign-ups not confirmed within `window` of `now`; returns how many went.
    pub fn expire_signups(&mut self, now: OffsetDateTime, window: time::Duration) -> Result<usize> {
        let what = self.context("cannot delete expired sign-ups");
        match &mut self.store {
            Store::Sqlite(c) => signups::expire(c, now, window),
            Store::Pg(pg) => pg::signups::expire(pg.client_mut(), now, window),
        }
        .context(what)
    }

    /// Up to `limit` sign-up confirmation mails still to send, of sign-ups made at or after
    /// `since` (older links can no longer be used).
    pub fn signup_outbox(&self, limit: usize, since: OffsetDateTime) -> Result<Vec<Signup>> {
        match &self.store {
            Store::Sqlite(c) => signups::outbox(c, limit, since),
            Store::Pg(pg) => pg::signups::outbox(&mut *pg.client(), limit, since),
        }
        .with_context(|| self.context("cannot read the sign-up outbox"))
    }

    /// Records the fate of sign-up confirmation mails (by sign-up id) in one transaction.
    pub fn record_signup_mail(
        &mut self,
        events: &[(i64, LetterStatus, Option<String>, OffsetDateTime)],
    ) -> Result<()> {
        let what = self.context("cannot record sign-up mails");
        match &mut self.store {
            Store::Sqlite(c) => signups::record_mail(c, events),
            Store::Pg(pg) => pg::signups::record_mail(pg.client_mut(), events),
        }
        .context(what)
    }

    /// The live public actions (confirmed on the web) that `sel` selects, oldest first.
    pub fn web_actions(&self, sel: &WebSelection) -> Result<Vec<WebAction>> {
        match &self.store {
            Store::Sqlite(conn) => audit::web_actions(conn, sel),
            Store::Pg(pg) => pg::audit::web_actions(&mut *pg.client(), sel),
        }
        .with_context(|| self.context("cannot read the public actions"))
    }

    /// Withdraws every live public action `sel` selects, each by a correction with count 0
    /// noting `reason`, written by `actor`, in one transaction. A selection without any
    /// condition is refused.
    pub fn withdraw_web_actions(
        &mut self,
        sel: &WebSelection,
        reason: &str,
        actor: &Actor,
    ) -> Result<Withdrawal> {
        let what = self.context("cannot withdraw the public actions");
        match &mut self.store {
            Store::Sqlite(conn) => audit::withdraw(conn, sel, reason, actor),
            Store::Pg(pg) => pg::audit::withdraw(pg.client_mut(), sel, reason, actor),
        }
        .context(what)
    }
}
