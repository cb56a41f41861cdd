//! One `invite` run: the volunteers and the ledger's links in, the plan out; with `--yes`,
//! new links stored before any mail goes, then the mails handed to the same engine, quotas
//! and journal discipline as `send` (`sent` durable before hand-over, the answer after), so a
//! resumed run never mails anyone twice.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use fluent_bundle::FluentValue;
use rand::RngCore;
use serde_json::json;
use time::OffsetDateTime;

use super::{LINK_PATH, Plan, expiry};
use crate::act::key::{ActKey, token_hash};
use crate::delivery::engine::{self, Compose, Options};
use crate::delivery::journal::{self, Event, Journal};
use crate::delivery::message::{Identity, compose_notice};
use crate::delivery::plan::domain_of;
use crate::delivery::run::check_plain;
use crate::delivery::schedule::Schedule;
use crate::delivery::settings::{Overrides, Settings};
use crate::delivery::transport::Transport;
use crate::ledger::{Invite, Ledger};
use crate::outcome::Outcome;
use crate::recipients::Volunteer;
use crate::web::i18n::{Catalog, WebLang};
use crate::workspace::Workspace;

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Only these volunteers (all when empty).
    pub volunteers: Vec<String>,
    /// Mail for real; without it only the plan is printed.
    pub yes: bool,
    /// Also try again the links refused for good.
    pub retry_failed: bool,
    /// The server's public address (overrides `public_url` of `[web]`).
    pub url: Option<String>,
    /// Print JSON instead of text.
    pub json: bool,
    /// No text.
    pub quiet: bool,
}

/// The journal of a run: events name volunteers by their index in the run's list.
struct InviteJournal {
    ledger: Ledger,
    ids: Arc<[String]>,
}

impl Journal for InviteJournal {
    fn record(&mut self, events: &[Event]) -> Result<()> {
        let mut out = Vec::with_capacity(events.len());
        for e in events {
            let id = self
                .ids
                .get(e.letter)
                .ok_or_else(|| anyhow!("no volunteer number {} in this run", e.letter))?;
            out.push((id.clone(), e.status, e.detail.clone(), e.at));
        }
        self.ledger.record_invite_mail(&out)
    }
}

/// The volunteers of the workspace named in `only` (all when empty); an unknown id is an
/// error naming it.
fn volunteers(ws: &Workspace, only: &[String]) -> Result<Vec<Volunteer>> {
    let (book, _) = crate::recipients::load_dir(&ws.recipients_dir(), &ws.root);
    for id in only {
        if book.volunteer(id).is_none() {
            bail!("volunteer `{id}` is not in the recipient files (`marathon check` lists them)");
        }
    }
    Ok(book
        .volunteers
        .into_iter()
        .filter(|v| only.is_empty() || only.contains(&v.id))
        .collect())
}

/// Runs `invite` in `ws`.
pub fn run(ws: &Workspace, req: &Request) -> Result<Outcome> {
    let file = ws.campaign.smtp.clone().unwrap_or_default();
    let settings = Settings::resolve(&file, &Overrides::default(), &ws.root)?;
    check_plain(&settings)?;
    let people = volunteers(ws, &req.volunteers)?;
    let base = req
        .url
        .clone()
        .or_else(|| ws.campaign.web.as_ref().and_then(|w| w.public_url.clone()))
        .map(|u| u.trim_end_matches('/').to_string());
    let sending = req.yes;
    if sending && !settings.has_server() {
        bail!("nothing was sent: no mail server is set in `campaign.toml` (see `docs/send.md`)");
    }
    let Some(base) = base.or_else(|| (!sending).then(String::new)) else {
        bail!(
            "nothing was sent: the links need the server's public address: set `public_url` \
             in the `[web]` table of `campaign.toml`, or give --url"
        );
    };
    if expiry(&ws.campaign) <= OffsetDateTime::now_utc() {
        bail!(
            "the campaign's report deadline ({}) has passed: a link would open nothing; move \
             `report_deadline` in `campaign.toml` to invite",
            ws.campaign.report_deadline.unwrap_or(ws.campaign.ends)
        );
    }
    // The plan alone never creates a ledger.
    let ledger_path = ws.ledger_path();
    let ledger = if sending || crate::ledger::address::exists(&ledger_path) {
        Some(Ledger::open(&ledger_path)?)
    } else {
        None
    };
    let _lock = match &ledger {
        Some(l) if sending => Some(l.lock_sending()?),
        _ => None,
    };
    let known: HashMap<String, Invite> = match &ledger {
        Some(l) => l
            .invites()?
            .into_iter()
            .map(|i| (i.volunteer.clone(), i))
            .collect(),
        None => HashMap::new(),
    };
    let plan = Plan::new(&people, &known, req.retry_failed);
    let say = |text: &str| {
        if !req.quiet && !req.json {
            crate::out!("{text}");
        }
    };
    say(&plan.text());
    let Some(ledger) = ledger.filter(|_| sending && !plan.send.is_empty()) else {
        say(if sending {
            "nothing to send\n"
        } else {
            "nothing was sent: add --yes to mail the links\n"
        });
        if req.json {
            crate::outln!("{}", json!({ "plan": plan, "sent": false }));
        }
        return Ok(Outcome::Done);
    };

    let chosen: Vec<Volunteer> = plan.send.iter().map(|&i| people[i].clone()).collect();
    let report = deliver(
        ws,
        &settings,
        ledger,
        &chosen,
        &known,
        &base,
        Again::No,
        req.quiet || req.json,
    )?;
    let word = |n: usize| crate::human::count(n as u64, "link", "links");
    say(&format!("{} mailed\n", word(report.delivered)));
    for (i, reason) in report.failed.iter().chain(&report.deferred) {
        say(&format!("  `{}`: {reason}\n", chosen[*i].id));
    }
    if !report.deferred.is_empty() {
        say(&format!(
            "{} refused for now: run `marathon invite --yes` again later\n",
            word(report.deferred.len())
        ));
    }
    if !report.in_doubt.is_empty() {
        say(&format!(
            "{} handed over without an answer: not mailed again\n",
            word(report.in_doubt.len())
        ));
    }
    if req.json {
        crate::outln!(
            "{}",
            json!({
                "plan": plan,
                "sent": true,
                "delivered": report.delivered,
                "failed": report.failed.len(),
                "deferred": report.deferred.len(),
                "in_doubt": report.in_doubt.len(),
                "not_sent": report.not_attempted.len(),
            })
        );
    }
    if let Some(e) = report.stopped {
        return Err(e);
    }
    let all_done = report.failed.is_empty()
        && report.deferred.is_empty()
        && report.in_doubt.is_empty()
        && report.not_attempted.is_empty();
    Ok(if all_done {
        Outcome::Done
    } else {
        Outcome::SomeFailed
    })
}

/// One invitation mail, ready to compose.
struct Mail {
    to: String,
    name: String,
    lang: WebLang,
    url: String,
    /// The Message-ID key: the link's nonce, so a resent mail keeps its id.
    key: String,
}

/// Whether the links are mailed again on request (a new Message-ID) or as a run's first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Again {
    /// A run of `invite`.
    No,
    /// "Email me my link again".
    Yes,
}

/// Stores a link for each of `chosen` who has none in `known`, then mails each their link
/// through the engine, the ledger as journal; returns the engine's report.
#[allow(clippy::too_many_arguments)]
pub(super) fn deliver(
    ws: &Workspace,
    settings: &Settings,
    mut ledger: Ledger,
    chosen: &[Volunteer],
    known: &HashMap<String, Invite>,
    base: &str,
    again: Again,
    quiet: bool,
) -> Result<engine::Report> {
    // Every link exists in the ledger before its mail is composed: a mail handed over always
    // carries a token the server knows.
    let key = ActKey::load_or_create(&ws.root)?;
    let expires = expiry(&ws.campaign);
    let fresh: Vec<(String, Vec<u8>, [u8; 32])> = chosen
        .iter()
        .filter(|v| !known.contains_key(&v.id))
        .map(|v| {
            let mut nonce = vec![0u8; 16];
            rand::rng().fill_bytes(&mut nonce);
            let hash = token_hash(&key.invite_token(&nonce));
            (v.id.clone(), nonce, hash)
        })
        .collect();
    ledger.add_invites(&fresh, expires)?;
    let links: HashMap<String, Invite> = ledger
        .invites()?
        .into_iter()
        .map(|i| (i.volunteer.clone(), i))
        .collect();

    let ids: Arc<[String]> = chosen.iter().map(|v| v.id.clone()).collect();
    let sender = &ws.campaign.sender;
    let identity =
        Identity::new(&ws.campaign.id, &sender.name, &sender.email).map_err(|e| anyhow!(e))?;
    let catalog = Catalog::new()?;
    let campaign = ws.campaign.name.clone();
    let schedule = Arc::new(Schedule::new(&settings.limits));
    let mut mails = Vec::with_capacity(chosen.len());
    for (i, v) in chosen.iter().enumerate() {
        let link = links
            .get(&v.id)
            .with_context(|| format!("the link of volunteer `{}` was not stored", v.id))?;
        schedule.push(i, &domain_of(&v.email), link.first_sent_at);
        mails.push(Mail {
            to: v.email.clone(),
            name: v.name.clone(),
            lang: v
                .languages
                .iter()
                .find_map(|l| WebLang::from_code(l))
                .unwrap_or(WebLang::En),
            url: format!("{base}{LINK_PATH}{}", key.invite_token(&link.nonce)),
            key: match again {
                // A link asked for again is a new message, not a resend of the first.
                Again::Yes => format!(
                    "invite-{}-{}",
                    crate::act::address::hex(&link.nonce),
                    OffsetDateTime::now_utc().unix_timestamp()
                ),
                Again::No => format!("invite-{}", crate::act::address::hex(&link.nonce)),
            },
        });
    }
    let mails: Arc<[Mail]> = mails.into();
    let compose_fn: Arc<Compose> = Arc::new(move |i, date: OffsetDateTime| {
        let m = mails
            .get(i)
            .ok_or_else(|| format!("no volunteer number {i} in this run"))?;
        let expires_text =
            crate::i18n::long_date((expires - time::Duration::days(1)).date(), m.lang.code());
        let args = [
            ("campaign", FluentValue::from(campaign.clone())),
            ("name", FluentValue::from(m.name.clone())),
            ("link", FluentValue::from(m.url.clone())),
            ("expires", FluentValue::from(expires_text)),
        ];
        let subject = catalog.fmt(m.lang, "invite-mail-subject", &args);
        let text = catalog.fmt(m.lang, "invite-mail-body", &args);
        compose_notice(&identity, &m.to, &m.key, &subject, text, date)
    });

    let transport = Arc::new(settings.transport()?);
    let options = Options {
        connections: settings.connections.get(),
        retries: settings.retries,
        retry_delay: settings.retry_delay,
        probe_after: std::time::Duration::from_secs(30),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the sending runtime")?;
    let (handle, writer) = journal::spawn(InviteJournal { ledger, ids });
    let progress = crate::ui::progress(chosen.len() as u64, "inviting", quiet);
    let report = runtime.block_on(async {
        // Nothing is marked sent until one connection (TLS and login included) works.
        let first = transport
            .connect()
            .await
            .map_err(|e| anyhow!("cannot send, nothing was sent: {e}"))?;
        anyhow::Ok(
            engine::run(
                transport.clone(),
                Some(first),
                schedule,
                handle,
                compose_fn,
                options,
                progress.clone(),
            )
            .await,
        )
    });
    progress.finish_and_clear();
    writer
        .join()
        .map_err(|_| anyhow!("the ledger writer ended abnormally"))?;
    runtime.shutdown_background();
    report
}
