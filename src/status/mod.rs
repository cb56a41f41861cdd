//! Where a campaign stands: the workspace checks, the letters generated and assigned, what
//! became of the email and post letters, the actions in the ledger, the days to the report
//! deadline and the next command worth running. Read from the manifest, the assignment and
//! the ledger's API; nothing is written, and a missing ledger is not created.

mod next;
mod render;

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;
use time::Date;

pub use next::Next;
pub use render::text;

use crate::diag::Diagnostics;
use crate::ledger::{Filter, Ledger, LetterStatuses};
use crate::manifest::{self, Channel, LetterKind, LetterStatus, MANIFEST_FILE, ManifestEntry};
use crate::pack::PACKS_DIR;
use crate::workspace::Workspace;

/// The whole status of a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// Campaign id.
    pub campaign: String,
    /// Campaign name.
    pub name: String,
    /// What `marathon check` finds.
    pub checks: Checks,
    /// The letters of the manifest.
    pub letters: Letters,
    /// The saved assignment; `None` before `marathon assign`.
    pub assigned: Option<Assigned>,
    /// What became of the email letters.
    pub email: EmailLetters,
    /// What became of the post letters.
    pub post: PostLetters,
    /// Actions counted in the ledger; `None` when there is no ledger yet.
    pub actions: Option<u64>,
    /// The report deadline, when the campaign file sets one.
    pub deadline: Option<Deadline>,
    /// True when the campaign file has an `[smtp]` table with a host.
    pub mail_server: bool,
    /// The next command worth running.
    pub next: Next,
}

/// Problems `marathon check` reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Checks {
    /// Errors (they stop `generate`).
    pub errors: u64,
    /// Warnings.
    pub warnings: u64,
}

impl From<&Diagnostics> for Checks {
    fn from(d: &Diagnostics) -> Self {
        Checks {
            errors: d.errors() as u64,
            warnings: d.warnings() as u64,
        }
    }
}

/// The generated letters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Letters {
    /// All letters in the manifest.
    pub generated: u64,
    /// Appeals among them.
    pub appeals: u64,
    /// Solidarity letters among them.
    pub solidarity: u64,
    /// Letter packs in `letters/packs/`.
    pub packs: u64,
}

/// The saved assignment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Assigned {
    /// Volunteer–prisoner pairs.
    pub pairs: u64,
    /// Volunteers with at least one prisoner.
    pub volunteers: u64,
    /// Prisoners with at least one volunteer.
    pub prisoners: u64,
}

/// The email letters of the manifest by their latest state in the ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EmailLetters {
    /// Email letters in the manifest.
    pub letters: u64,
    /// Accepted by the mail server (or with a later life: received, replied...).
    pub delivered: u64,
    /// Refused for now; the next `send` tries again.
    pub deferred: u64,
    /// Refused for good.
    pub failed: u64,
    /// Handed to the server with no answer.
    pub in_doubt: u64,
    /// Never handed to a server.
    pub not_sent: u64,
}

/// The post letters of the manifest by their latest state in the ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PostLetters {
    /// Post letters in the manifest.
    pub letters: u64,
    /// Reported posted (and nothing since).
    pub posted: u64,
    /// Confirmed received, or replied to.
    pub received: u64,
    /// Came back or were withheld.
    pub returned: u64,
    /// Not reported posted yet.
    pub not_posted: u64,
}

/// The report deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// The day group reports are due.
    pub day: Date,
    /// Days from today to that day; negative once it has passed.
    pub days_left: i64,
}

/// Gathers the status of `ws` on `today`, given what `marathon check` found.
pub fn gather(ws: &Workspace, checks: &Diagnostics, today: Date) -> Result<Status> {
    let manifest_path = ws.letters_dir().join(MANIFEST_FILE);
    let assignment = crate::assignment::load(&ws.root)?;
    let ledger_path = ws.ledger_path();
    // Opened only when it exists: a status never creates a ledger.
    let (states, actions) = if crate::ledger::address::exists(&ledger_path) {
        let ledger = Ledger::open(&ledger_path)?;
        let actions = ledger.figures(&Filter::default())?.actions;
        (ledger.letter_statuses()?, Some(actions))
    } else {
        (LetterStatuses::default(), None)
    };
    let (mut letters, email, post) = letter_counts(ws, &states)?;
    letters.packs = count_packs(&ws.letters_dir().join(PACKS_DIR));
    let assigned = assignment.map(|a| Assigned {
        pairs: a.pairs.len() as u64,
        volunteers: a
            .pairs
            .iter()
            .map(|p| &p.volunteer)
            .collect::<BTreeSet<_>>()
            .len() as u64,
        prisoners: a
            .pairs
            .iter()
            .map(|p| &p.prisoner)
            .collect::<BTreeSet<_>>()
            .len() as u64,
    });
    let deadline = ws.campaign.report_deadline.map(|day| Deadline {
        day,
        days_left: (day - today).whole_days(),
    });
    let mail_server = ws
        .campaign
        .smtp
        .as_ref()
        .and_then(|s| s.host.as_deref())
        .is_some_and(|h| !h.trim().is_empty());
    let letters_stale = assignment_newer_than_manifest(ws, &manifest_path);
    let mut status = Status {
        campaign: ws.campaign.id.clone(),
        name: ws.campaign.name.clone(),
        checks: Checks::from(checks),
        letters,
        assigned,
        email,
        post,
        actions,
        deadline,
        mail_server,
        next: Next::default(),
    };
    status.next = next::decide(&status, letters_stale);
    Ok(status)
}

/// The manifest's letters (none before `generate`) by kind, and by channel and latest state
/// in `states`. Read one letter at a time: a million letters cost no more memory than ten
/// (the statuses keep a few bytes a letter). `packs` is left at 0.
pub fn letter_counts(
    ws: &Workspace,
    states: &LetterStatuses,
) -> Result<(Letters, EmailLetters, PostLetters)> {
    let mut letters = Letters::default();
    let mut email = EmailLetters::default();
    let mut post = PostLetters::default();
    let path = ws.letters_dir().join(MANIFEST_FILE);
    if path.exists() {
        let mut reader = manifest::Reader::open(&path)?;
        while let Some((_, _, e)) = reader.next_entry()? {
            letters.generated += 1;
            match e.kind {
                LetterKind::Appeal => letters.appeals += 1,
                LetterKind::Solidarity => letters.solidarity += 1,
            }
            count_letter(&e, states.status(&e.id), &mut email, &mut post);
        }
    }
    Ok((letters, email, post))
}

/// Counts one letter of the manifest by its channel and latest state.
fn count_letter(
    e: &ManifestEntry,
    status: Option<LetterStatus>,
    email: &mut EmailLetters,
    post: &mut PostLetters,
) {
    match e.channel {
        Channel::Email => {
            email.letters += 1;
            let slot = match status {
                None => &mut email.not_sent,
                Some(LetterStatus::Sent) => &mut email.in_doubt,
                Some(LetterStatus::Deferred) => &mut email.deferred,
                Some(LetterStatus::Failed) => &mut email.failed,
                Some(_) => &mut email.delivered,
            };
            *slot += 1;
        }
        Channel::Post => {
            post.letters += 1;
            let slot = match status {
                Some(LetterStatus::Posted) => &mut post.posted,
                Some(LetterStatus::Received | LetterStatus::Replied) => &mut post.received,
                Some(LetterStatus::Returned | LetterStatus::Withheld) => &mut post.returned,
                _ => &mut post.not_posted,
            };
            *slot += 1;
        }
    }
}

/// The `.html` files in `letters/packs/` (none when the folder is missing).
fn count_packs(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .count() as u64
    })
}

/// True when the assignment was saved after the letters were generated: the letters do not
/// follow it yet.
fn assignment_newer_than_manifest(ws: &Workspace, manifest: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (
        modified(&crate::assignment::path(&ws.root)),
        modified(manifest),
    ) {
        (Some(a), Some(m)) => a > m,
        _ => false,
    }
}
