//! Who made each change on the web, and the public actions a coordinator looks at and
//! withdraws together: a batch names its actor (`coordinator NAME`, `volunteer ID`), a web
//! entry keeps its submitter's IP prefix and address domain (never the full IP or address),
//! and a bulk withdrawal corrects every matching live web entry to count 0 in one
//! transaction.

use anyhow::{Result, bail};
use rusqlite::{Connection, TransactionBehavior, params};
use serde::Serialize;
use time::OffsetDateTime;

use super::cells::CellDeltas;
use super::cols::Cols;
use super::labels::Labels;
use super::read::{ACTION_COLUMNS, action_from_row};
use super::write::{INSERT_ENTRY, insert_entry, now};
use crate::action::Action;

/// Version 7 of the schema: who made each write on the web, and where each web entry came
/// from, coarsely.
pub(super) const V7: &str = "
-- Who made a write on the web: `coordinator NAME` or `volunteer ID`; NULL from the CLI.
ALTER TABLE batch ADD COLUMN actor TEXT;
-- The submitter's network (/24 for IPv4, /48 for IPv6) and the address's domain, kept with a
-- confirmed web entry so that a coordinator can withdraw a flood from one place together.
ALTER TABLE web_entry ADD COLUMN ip_prefix TEXT;
ALTER TABLE web_entry ADD COLUMN email_domain TEXT;
ALTER TABLE pending_action ADD COLUMN ip_prefix TEXT;
CREATE INDEX web_entry_ip_prefix ON web_entry(ip_prefix);
CREATE INDEX web_entry_email_domain ON web_entry(email_domain);
CREATE INDEX web_entry_confirmed_at ON web_entry(confirmed_at);
";

/// Who made a change on the web; stored with the change's batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "role", content = "name", rename_all = "lowercase")]
pub enum Actor {
    /// A coordinator signed in to `/admin`, by account name.
    Coordinator(String),
    /// A volunteer on their own page, by volunteer id.
    Volunteer(String),
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Actor::Coordinator(name) => write!(f, "coordinator {name}"),
            Actor::Volunteer(id) => write!(f, "volunteer {id}"),
        }
    }
}

/// Which public (web-confirmed) actions to look at or withdraw; the conditions given all
/// hold. Only live entries (not corrected) match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebSelection {
    /// Confirmed at or after this time.
    pub from: Option<OffsetDateTime>,
    /// Confirmed before this time.
    pub until: Option<OffsetDateTime>,
    /// The submitter's network, as [`crate::act::origin::ip_prefix`] writes it.
    pub ip_prefix: Option<String>,
    /// The address's domain, lowercase.
    pub email_domain: Option<String>,
    /// Entries up to this id only: what was listed, not what came in since.
    pub upto: Option<i64>,
}

impl WebSelection {
    /// True when no condition narrows the selection (every public action would match).
    pub fn is_open(&self) -> bool {
        self.from.is_none()
            && self.until.is_none()
            && self.ip_prefix.is_none()
            && self.email_domain.is_none()
    }
}

/// One public action, as a coordinator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebAction {
    /// The entry.
    pub entry: i64,
    /// What it records.
    pub action: Action,
    /// When its link was clicked (RFC 3339, UTC).
    pub confirmed_at: String,
    /// The submitter's network, when known (entries from before it was kept have none).
    pub ip_prefix: Option<String>,
    /// The address's domain, when known.
    pub email_domain: Option<String>,
}

/// What a bulk withdrawal did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Withdrawal {
    /// Entries withdrawn.
    pub entries: u64,
    /// The actions they counted.
    pub actions: u64,
}

/// Starts a batch written by `actor`; returns its id.
pub(super) fn new_batch_by(
    tx: &Connection,
    origin: &str,
    file: Option<&str>,
    actor: Option<&Actor>,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO batch (origin, file, recorded_at, actor) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![origin, file, now(), actor.map(Actor::to_string)])?;
    Ok(tx.last_insert_rowid())
}

/// Unix seconds of a stored RFC 3339 time: `unixepoch` reads the fractions and offsets a
/// plain text comparison would get wrong.
const WHERE: &str = "NOT EXISTS (SELECT 1 FROM entry_row c WHERE c.corrects = w.entry)
    AND (?1 IS NULL OR unixepoch(w.confirmed_at) >= ?1)
    AND (?2 IS NULL OR unixepoch(w.confirmed_at) < ?2)
    AND (?3 IS NULL OR w.ip_prefix = ?3)
    AND (?4 IS NULL OR w.email_domain = ?4)
    AND (?5 IS NULL OR w.entry <= ?5)";

fn bind(s: &WebSelection) -> [Option<rusqlite::types::Value>; 5] {
    use rusqlite::types::Value;
    [
        s.from.map(|t| Value::Integer(t.unix_timestamp())),
        s.until.map(|t| Value::Integer(t.unix_timestamp())),
        s.ip_prefix.clone().map(Value::Text),
        s.email_domain.clone().map(Value::Text),
        s.upto.map(Value::Integer),
    ]
}

/// Reads a public action from the action columns followed by `w.entry, w.confirmed_at,
/// w.ip_prefix, w.email_domain`, on either store.
pub(super) fn web_action_row<R: Cols>(r: &R) -> Result<WebAction, R::Error> {
    Ok(WebAction {
        action: action_from_row(r, 0)?,
        entry: r.col(11)?,
        confirmed_at: r.col(12)?,
        ip_prefix: r.col(13)?,
        email_domain: r.col(14)?,
    })
}

/// The live public actions `sel` selects, oldest first.
pub(super) fn web_actions(conn: &Connection, sel: &WebSelection) -> Result<Vec<WebAction>> {
    let sql = format!(
        "SELECT {ACTION_COLUMNS}, w.entry, w.confirmed_at, w.ip_prefix, w.email_domain
         FROM web_entry w JOIN entry e ON e.id = w.entry WHERE {WHERE} ORDER BY w.entry"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(bind(sel)), |r| web_action_row(r))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The reason for withdrawing what `sel` selects, trimmed; an error when `sel` sets no
/// condition (it would take every public action) or the reason is blank. On either store.
pub(super) fn checked_reason<'a>(sel: &WebSelection, reason: &'a str) -> Result<&'a str> {
    if sel.is_open() {
        bail!("a withdrawal needs a time window, an IP prefix or an email domain");
    }
    let reason = reason.trim();
    if reason.is_empty() {
        bail!("a withdrawal needs a reason");
    }
    Ok(reason)
}

/// Withdraws every live public action `sel` selects: for each, a correction with count 0
/// whose note is `reason`, in one batch naming `actor`, in one transaction.
pub(super) fn withdraw(
    conn: &mut Connection,
    sel: &WebSelection,
    reason: &str,
    actor: &Actor,
) -> Result<Withdrawal> {
    let reason = checked_reason(sel, reason)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = web_actions(&tx, sel)?;
    let mut done = Withdrawal::default();
    if found.is_empty() {
        return Ok(done);
    }
    let batch = new_batch_by(&tx, "web", None, Some(actor))?;
    let mut labels = Labels::default();
    let mut cells = CellDeltas::default();
    {
        let mut stmt = tx.prepare_cached(INSERT_ENTRY)?;
        for w in &found {
            let zero = Action {
                count: 0,
                note: Some(reason.to_string()),
                ..w.action.clone()
            };
            let l = labels.of(&tx, &zero)?;
            insert_entry(&mut stmt, l, batch, None, &zero, Some(w.entry), None)?;
            cells.entry(&w.action, -1);
            done.entries += 1;
            done.actions += w.action.count;
        }
    }
    cells.flush(&tx)?;
    tx.commit()?;
    Ok(done)
}
