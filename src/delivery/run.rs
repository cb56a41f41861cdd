//! One `send` run from start to end: settings, manifest and ledger in; the plan; a first
//! connection that must succeed before any letter is marked sent; the engine; the summary
//! and the failures file out.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;
use serde_json::json;

use super::config::Security;
use super::engine::{self, Compose, Options};
use super::journal::{self, LedgerJournal};
use super::letters::RunLetters;
use super::message::{Body, Identity, compose};
use super::plan::{Choice, Known, Plan, Planner, States, Twice};
use super::report::{failure_row, plan_text, summary_text, write_failures};
use super::schedule::Schedule;
use super::settings::{Overrides, Settings};
use super::transport::Transport;
use crate::dir::Handle;
use crate::ledger::{Ledger, LetterStatuses};
use crate::manifest::{self, Channel, LetterStatus, ManifestEntry, Places, Reader};
use crate::outcome::Outcome;
use crate::workspace::Workspace;

/// The ledger's page cache during a run, in MiB.
const LEDGER_CACHE_MIB: u32 = 16;

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Settings given as flags.
    pub overrides: Overrides,
    /// Send for real; without it only the plan is printed.
    pub yes: bool,
    /// Which letters beyond the remaining ones, and how many.
    pub choice: Choice,
    /// Where to write the failures CSV (default `letters/failures.csv`).
    pub failures: Option<PathBuf>,
    /// Print JSON instead of text.
    pub json: bool,
    /// No progress bar, no text.
    pub quiet: bool,
}

/// Runs `send` in `ws`.
pub fn run(ws: &Workspace, req: &Request) -> Result<Outcome> {
    let file = ws.campaign.smtp.clone().unwrap_or_default();
    let settings = Settings::resolve(&file, &req.overrides, &ws.root)?;
    check_plain(&settings)?;
    // Without a mail server only the plan is shown (`marathon send` then says what to add).
    let sending = req.yes && settings.has_server();
    let sender = &ws.campaign.sender;
    let identity =
        Identity::new(&ws.campaign.id, &sender.name, &sender.email).map_err(|e| anyhow!(e))?;
    let manifest_path = ws.letters_dir().join(manifest::MANIFEST_FILE);
    let reader = Reader::open(&manifest_path)?;

    let ledger_path = ws.ledger_path();
    let ledger = if sending || crate::ledger::address::exists(&ledger_path) {
        let ledger = Ledger::open(&ledger_path)?;
        // A run touches each letter's pages once or twice: a large cache would only grow with
        // the ledger (measured at a million letters: 475 MB with the default, still rising).
        ledger.limit_cache(LEDGER_CACHE_MIB)?;
        Some(ledger)
    } else {
        None
    };
    // Two runs on one SQLite ledger would each send the letters the other has not marked
    // yet: the ledger's lock, taken before its letter states are read, is held until the run
    // ends (the system drops it if the process dies). On a PostgreSQL ledger runs go side by
    // side: each letter is claimed in the database before it is handed over, and a letter
    // another run has is left to it.
    let _lock = match &ledger {
        Some(l) if sending && !l.is_postgres() => Some(l.lock_sending()?),
        _ => None,
    };
    let (statuses, elsewhere) = match &ledger {
        Some(l) => (l.letter_statuses()?, l.letters_sent_elsewhere()?),
        None => Default::default(),
    };
    let known = Live {
        statuses: &statuses,
        elsewhere: &elsewhere,
    };
    let (mut plan, places) = plan(reader, &known, req.choice, &settings)?;
    drop((statuses, elsewhere));
    let failures_path = req
        .failures
        .clone()
        .unwrap_or_else(|| ws.letters_dir().join("failures.csv"));

    let say = |text: &str| {
        if !req.quiet && !req.json {
            crate::out!("{text}");
        }
    };
    say(&plan_text(&plan, &settings));
    let Some(ledger) = ledger.filter(|_| sending) else {
        if settings.has_server() {
            say("nothing was sent: add --yes to send (or --yes --limit 5 for a test batch)\n");
        }
        if req.json {
            crate::outln!("{}", json!({ "plan": plan, "sent": false }));
        }
        return Ok(Outcome::Done);
    };
    if plan.send.is_empty() {
        say("nothing to send\n");
        if req.json {
            crate::outln!("{}", json!({ "plan": plan, "sent": false }));
        }
        return Ok(Outcome::Done);
    }

    let transport = Arc::new(settings.transport()?);
    // One thread drives every connection: sending is waiting on sockets, and on a small
    // machine the mail server and the ledger writer need the other cores more than a second
    // runtime thread does (measured: a fifth less CPU a letter than the multi-thread runtime).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the sending runtime")?;

    let schedule = Arc::new(Schedule::new(&settings.limits));
    let mut first_sent = std::mem::take(&mut plan.first_sent);
    let domains: Vec<&str> = settings
        .limits
        .per_domain
        .keys()
        .map(String::as_str)
        .collect();
    for i in 0..plan.send.len() {
        let class = plan.domains.get(i).map_or(0, |&k| k as usize);
        let domain = class.checked_sub(1).and_then(|k| domains.get(k)).copied();
        schedule.push(i, domain.unwrap_or(""), first_sent.remove(&i));
    }
    plan.domains = Vec::new();
    let sending = plan.send.len();
    let letters = Arc::new(RunLetters::new(places, std::mem::take(&mut plan.send)));
    let letters_dir = Handle::open(&ws.letters_dir())?;
    let compose_letters = letters.clone();
    let compose_fn: Arc<Compose> = Arc::new(move |i, date| {
        let entry = compose_letters.get(i).map_err(|e| format!("{e:#}"))?;
        let body = Body::load(&entry, &letters_dir)?;
        compose(&entry, &identity, body, date)
    });
    let options = Options {
        connections: settings.connections.get(),
        retries: settings.retries,
        retry_delay: settings.retry_delay,
        probe_after: std::time::Duration::from_secs(30),
    };
    // Group commit: a transaction costs nearly as much for one letter as for ten, so the
    // writer gathers for a few milliseconds unless three quarters of the workers are already
    // waiting on it. Measured with 16 connections against smtp-sink (bench/send.sh, three
    // interleaved runs each): 1 ms or all 16 waiting, 4,784 messages/s; 2 ms or 12, 5,124;
    // 4 ms or 12, 5,433. With one or two connections every request is written at once.
    let gather = journal::Gather {
        window: std::time::Duration::from_millis(4),
        waiters: (options.connections * 3 / 4).max(1),
    };
    // The writer only appends to the WAL; another thread copies it back into the ledger file
    // and waits for the disk, so no commit of the run stops for a checkpoint.
    let mut ledger = ledger;
    ledger.checkpoint_aside()?;
    let (journal, writer) =
        journal::spawn_gathering(LedgerJournal::new(ledger, letters.clone()), gather);
    let progress = crate::ui::progress(sending as u64, "sending", req.quiet || req.json);
    let started = Instant::now();

    let report = runtime.block_on(async {
        // Nothing is marked sent until one connection (TLS and login included) works.
        let first = transport
            .connect()
            .await
            .map_err(|e| anyhow!("cannot send, nothing was sent: {e}"))?;
        let stopper = schedule.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!(
                    "interrupted: waiting for the answers to letters already handed over \
                     (press Ctrl-C again to quit at once; they would stay in doubt)"
                );
                stopper.stop();
            }
            if tokio::signal::ctrl_c().await.is_ok() {
                // Every recorded event is committed; quitting now only leaves letters in doubt.
                std::process::exit(130);
            }
        });
        let report = engine::run(
            transport.clone(),
            Some(first),
            schedule.clone(),
            journal,
            compose_fn,
            options,
            progress.clone(),
        )
        .await;
        anyhow::Ok(report)
    });
    progress.finish_and_clear();
    let elapsed = started.elapsed();
    let journal = writer
        .join()
        .map_err(|_| anyhow!("the ledger writer ended abnormally"))?;
    runtime.shutdown_background();
    let report = report?;

    let mut reasons = HashMap::new();
    for (i, reason) in &report.in_doubt {
        reasons.insert(letters.get(*i)?.id.clone(), reason.clone());
    }
    // Letters another run is still sending are its to report.
    let elsewhere = journal.ledger.letters_sent_elsewhere()?;
    let rows = failures(&manifest_path, &journal.ledger, &reasons, &elsewhere)?;
    write_failures(&failures_path, &rows)?;

    say(&summary_text(&report, elapsed));
    if !rows.is_empty() {
        say(&format!(
            "{} not delivered, listed in `{}`\n",
            crate::human::count(rows.len() as u64, "letter", "letters"),
            failures_path.display()
        ));
    }
    if req.json {
        let result = json!({
            "plan": plan,
            "sent": true,
            "delivered": report.delivered,
            "failed": report.failed.len(),
            "deferred": report.deferred.len(),
            "in_doubt": report.in_doubt.len(),
            "not_sent": report.not_attempted.len(),
            "by_other_run": report.by_other_run.len(),
            "seconds": elapsed.as_secs_f64(),
            "failures_file": (!rows.is_empty()).then(|| failures_path.display().to_string()),
        });
        crate::outln!("{result}");
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

/// The two fields of a manifest line the plan reads first: a letter the ledger knows as
/// accepted (or later in its life) needs nothing more, so its entry is not taken apart.
#[derive(Deserialize)]
struct Glance<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    channel: Channel,
}

/// The plan from the email letters of the manifest, read one at a time; the manifest stays
/// open to read the letters to send again by their place. Every letter that may be sent is
/// read whole (a line that is not a manifest entry stops the plan before anything is sent);
/// one already delivered is only counted. An id listed twice among the letters to send
/// would be sent twice, so it stops the run.
fn plan(
    mut reader: Reader,
    known: &Live<'_>,
    choice: Choice,
    settings: &Settings,
) -> Result<(Plan, Places)> {
    let mut planner = Planner::new(known, choice, &settings.limits);
    let shown = reader.path().display().to_string();
    let twice = |id: String| anyhow!("{shown}: letter `{id}` is listed twice");
    while let Some(line) = reader.next_line()? {
        let (number, place) = (line.number, line.place);
        let not_entry = || format!("{shown}:{number}: not a manifest entry");
        // Without any letter state every letter may be sent: read whole at once.
        if !known.statuses.is_empty() {
            let glance: Glance<'_> = serde_json::from_slice(line.bytes).with_context(not_entry)?;
            if glance.channel != Channel::Email || planner.add_settled(&glance.id) {
                continue;
            }
        }
        let entry: ManifestEntry = serde_json::from_slice(line.bytes).with_context(not_entry)?;
        if entry.channel == Channel::Email {
            planner.add(place, &entry).map_err(|Twice(id)| twice(id))?;
        }
    }
    let plan = planner.finish().map_err(|Twice(id)| twice(id))?;
    Ok((plan, reader.places()))
}

/// The ledger's letter states for a plan, where a letter another run is sending now (its
/// `sent` with no answer yet, under the claim of a session still connected) is not in doubt
/// but still to go: this run takes it up, and the claim leaves it to that run.
struct Live<'a> {
    statuses: &'a LetterStatuses,
    elsewhere: &'a HashSet<String>,
}

impl States for Live<'_> {
    fn known(&self, id: &str) -> Option<Known> {
        let known = self.statuses.known(id)?;
        if known.status == LetterStatus::Sent && self.elsewhere.contains(id) {
            return None;
        }
        Some(known)
    }
}

/// Every email letter of the manifest at `path` not delivered according to the ledger (read
/// after the run), in manifest order, but for those another run is still sending
/// (`elsewhere`); `reasons` are this run's explanations, by letter id, for letters left in
/// doubt. Holds the states of those letters only.
fn failures(
    path: &std::path::Path,
    ledger: &Ledger,
    reasons: &HashMap<String, String>,
    elsewhere: &HashSet<String>,
) -> Result<Vec<super::report::FailureRow>> {
    let undone = ledger.unfinished_letters()?;
    let mut rows = Vec::new();
    if undone.is_empty() {
        return Ok(rows);
    }
    let mut reader = Reader::open(path)?;
    while let Some((_, _, entry)) = reader.next_entry()? {
        if entry.channel != Channel::Email {
            continue;
        }
        if elsewhere.contains(&entry.id) {
            continue;
        }
        if let Some(state) = undone.get(&entry.id) {
            let reason = reasons.get(&entry.id).map(String::as_str);
            rows.extend(failure_row(&entry, state, reason));
        }
    }
    Ok(rows)
}

/// A password never crosses the network unencrypted: `plain` with a login is refused unless
/// the server is on this machine.
pub fn check_plain(settings: &Settings) -> Result<()> {
    let local = settings.host == "localhost"
        || settings
            .host
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if settings.security == Security::Plain && settings.login.is_some() && !local {
        bail!(
            "`security = \"plain\"` with a login would send the password unencrypted to `{}`; \
             use `starttls` or `tls`",
            settings.host
        );
    }
    Ok(())
}
