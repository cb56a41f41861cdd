//! Volunteers' personal links: `marathon invite` mails each volunteer a link to their own
//! page on the campaign server. A link's token is derived from a random 128-bit nonce with
//! the workspace key (`.marathon/act-key`); the ledger keeps the nonce and the token's
//! SHA-256, never the token, so the ledger alone opens no page. A link stays valid until the
//! end of the campaign's report deadline (or of its last day without one).

mod run;

use std::collections::HashMap;

use time::{Duration, OffsetDateTime};

use crate::campaign::Campaign;
use crate::ledger::Invite;
use crate::manifest::LetterStatus;
use crate::recipients::Volunteer;

pub use run::{Request, run};

/// The path personal links open, followed by the token.
pub const LINK_PATH: &str = "/v/";

/// When links made for `campaign` stop opening pages: the end (UTC) of its report deadline,
/// or of its last day.
pub fn expiry(campaign: &Campaign) -> OffsetDateTime {
    let last = campaign.report_deadline.unwrap_or(campaign.ends);
    last.midnight().assume_utc() + Duration::days(1)
}

/// What one `invite` run will do, decided before anything is mailed.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Plan {
    /// Indices (in the volunteer list) of the volunteers to mail now.
    #[serde(skip)]
    pub send: Vec<usize>,
    /// Of those, never mailed before.
    pub new: usize,
    /// Of those, refused for now by an earlier run.
    pub deferred: usize,
    /// Of those, refused for good before and tried again (`--retry-failed`).
    pub retried: usize,
    /// Mailed and accepted before: never mailed again.
    pub delivered: usize,
    /// Handed over without an answer: never mailed again, so nobody gets two.
    pub in_doubt: usize,
    /// Refused for good and not tried again.
    pub failed: usize,
}

impl Plan {
    /// Decides the run for `volunteers` given the links the ledger holds.
    pub fn new(volunteers: &[Volunteer], known: &HashMap<String, Invite>, retry: bool) -> Plan {
        let mut plan = Plan::default();
        for (i, v) in volunteers.iter().enumerate() {
            match known.get(&v.id).and_then(|k| k.mail) {
                None => {
                    plan.new += 1;
                    plan.send.push(i);
                }
                Some(LetterStatus::Deferred) => {
                    plan.deferred += 1;
                    plan.send.push(i);
                }
                Some(LetterStatus::Failed) if retry => {
                    plan.retried += 1;
                    plan.send.push(i);
                }
                Some(LetterStatus::Failed) => plan.failed += 1,
                Some(LetterStatus::Sent) => plan.in_doubt += 1,
                Some(_) => plan.delivered += 1,
            }
        }
        plan
    }

    /// The plan in words, for people.
    pub fn text(&self) -> String {
        use crate::human::count;
        let mut s = format!(
            "{} to mail now ({} new, {} refused for now before, {} failed before)\n",
            count(self.send.len() as u64, "volunteer", "volunteers"),
            crate::human::group(self.new as u64),
            crate::human::group(self.deferred as u64),
            crate::human::group(self.retried as u64),
        );
        if self.delivered > 0 {
            s.push_str(&format!(
                "{} already mailed their link\n",
                count(self.delivered as u64, "volunteer", "volunteers")
            ));
        }
        if self.in_doubt > 0 {
            s.push_str(&format!(
                "{} handed to the server without an answer: not mailed again\n",
                count(self.in_doubt as u64, "link", "links")
            ));
        }
        if self.failed > 0 {
            s.push_str(&format!(
                "{} refused for good: add --retry-failed to try again\n",
                count(self.failed as u64, "link", "links")
            ));
        }
        s
    }
}

/// "Email me my link again": mails the volunteer whose address is `email` (compared without
/// case) their link, made now if they had none, pointing at `base`. Returns false, mailing
/// nothing, when no volunteer has that address; an error when the mail could not go (the
/// caller answers the visitor the same either way).
pub fn resend(ws: &crate::workspace::Workspace, email: &str, base: &str) -> anyhow::Result<bool> {
    use anyhow::bail;
    let wanted = email.trim().to_lowercase();
    let (book, _) = crate::recipients::load_dir(&ws.recipients_dir(), &ws.root);
    let Some(v) = book
        .volunteers
        .into_iter()
        .find(|v| v.email.trim().to_lowercase() == wanted)
    else {
        return Ok(false);
    };
    if expiry(&ws.campaign) <= OffsetDateTime::now_utc() {
        bail!("the report deadline has passed: no link is mailed");
    }
    let file = ws.campaign.smtp.clone().unwrap_or_default();
    let settings = crate::delivery::settings::Settings::resolve(
        &file,
        &crate::delivery::settings::Overrides::default(),
        &ws.root,
    )?;
    crate::delivery::run::check_plain(&settings)?;
    if !settings.has_server() {
        bail!("no mail server is set in `campaign.toml`");
    }
    let ledger = crate::ledger::Ledger::open(&ws.ledger_path())?;
    let _lock = ledger.lock_sending()?;
    let known: HashMap<String, Invite> = ledger
        .invite_of(&v.id)?
        .into_iter()
        .map(|i| (i.volunteer.clone(), i))
        .collect();
    let report = run::deliver(
        ws,
        &settings,
        ledger,
        std::slice::from_ref(&v),
        &known,
        base,
        run::Again::Yes,
        true,
    )?;
    if let Some(e) = report.stopped {
        return Err(e);
    }
    if report.delivered == 0 {
        bail!("the link of volunteer `{}` was not delivered", v.id);
    }
    Ok(true)
}
