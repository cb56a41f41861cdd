//! The public actions a coordinator looks at and withdraws together, on a PostgreSQL ledger
//! (see `ledger::audit`): the live web entries a selection names, and their withdrawal, each
//! by a correction with count 0, in one transaction.

use std::collections::HashMap;

use anyhow::{Result, bail};
use postgres::GenericClient;

use super::read::ACTION_COLUMNS;
use super::write::{Cells, new_batch};
use crate::ledger::audit::{
    Actor, WebAction, WebSelection, Withdrawal, checked_reason, web_action_row,
};

/// The live web entries a selection names: `$1` from and `$2` until (Unix seconds, the
/// confirmation time truncated to seconds as SQLite's `unixepoch` reads it), `$3` the IP
/// prefix, `$4` the domain, `$5` the last entry.
const WHERE: &str = "NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = w.entry)
    AND ($1::int8 IS NULL
         OR floor(extract(epoch FROM w.confirmed_at::timestamptz))::int8 >= $1::int8)
    AND ($2::int8 IS NULL
         OR floor(extract(epoch FROM w.confirmed_at::timestamptz))::int8 < $2::int8)
    AND ($3::text IS NULL OR w.ip_prefix = $3::text)
    AND ($4::text IS NULL OR w.email_domain = $4::text)
    AND ($5::int8 IS NULL OR w.entry <= $5::int8)";

/// The live public actions `sel` selects, oldest first.
pub(in crate::ledger) fn web_actions(
    conn: &mut impl GenericClient,
    sel: &WebSelection,
) -> Result<Vec<WebAction>> {
    let sql = format!(
        "SELECT {ACTION_COLUMNS}, w.entry, w.confirmed_at, w.ip_prefix, w.email_domain
         FROM web_entry w JOIN entry e ON e.id = w.entry WHERE {WHERE} ORDER BY w.entry"
    );
    let from = sel.from.map(|t| t.unix_timestamp());
    let until = sel.until.map(|t| t.unix_timestamp());
    conn.query(
        &sql,
        &[&from, &until, &sel.ip_prefix, &sel.email_domain, &sel.upto],
    )?
    .iter()
    .map(web_action_row)
    .collect()
}

/// Withdraws every live public action `sel` selects: for each, a correction with count 0
/// whose note is `reason`, in one batch naming `actor`, in one transaction, the summary
/// cells taken down by what they counted. An entry corrected by another writer meanwhile
/// is left to that correction and not counted here.
pub(in crate::ledger) fn withdraw(
    conn: &mut postgres::Client,
    sel: &WebSelection,
    reason: &str,
    actor: &Actor,
) -> Result<Withdrawal> {
    let reason = checked_reason(sel, reason)?;
    let mut tx = conn.transaction()?;
    let found = web_actions(&mut tx, sel)?;
    let mut done = Withdrawal::default();
    if found.is_empty() {
        return Ok(done);
    }
    let batch = new_batch(&mut tx, "web", None, Some(actor))?;
    let ids: Vec<i64> = found.iter().map(|w| w.entry).collect();
    // One correction per entry, in id order; the unique index on `corrects` makes one
    // corrected at the same time by another writer a conflict, which adds nothing.
    let withdrawn = tx.query(
        "INSERT INTO entry (batch, kind, count, case_id, prisoner, recipient, volunteer, grp,
             country, channel, day, note, corrects)
         SELECT $1, e.kind, 0, e.case_id, e.prisoner, e.recipient, e.volunteer, e.grp,
             e.country, e.channel, e.day, $2, e.id
         FROM entry e WHERE e.id = ANY($3) ORDER BY e.id
         ON CONFLICT (corrects) WHERE corrects IS NOT NULL DO NOTHING
         RETURNING corrects",
        &[&batch, &reason, &ids],
    )?;
    let by_id: HashMap<i64, &WebAction> = found.iter().map(|w| (w.entry, w)).collect();
    let mut cells = Cells::default();
    for r in withdrawn {
        let id: i64 = r.try_get(0)?;
        let Some(w) = by_id.get(&id) else {
            bail!("entry {id} was withdrawn without being selected");
        };
        cells.entry(&w.action, -1);
        done.entries += 1;
        done.actions += w.action.count;
    }
    cells.flush(&mut tx)?;
    tx.commit()?;
    Ok(done)
}
