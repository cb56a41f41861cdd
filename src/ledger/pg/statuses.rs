//! Reading letters' states back from a PostgreSQL ledger: the server folds each letter's
//! events to its latest one, so only one row a letter crosses the connection.

use std::collections::{HashMap, HashSet};

use anyhow::{Result, anyhow};
use postgres::GenericClient;

use super::super::LetterState;
use super::super::statuses::{LetterStatuses, Unfinished, parse_time};
use crate::manifest::LetterStatus;

/// Each letter's latest event, the number of its `sent` events and the first one's time.
const LATEST: &str = "
SELECT l.letter, l.status, l.detail, l.at, coalesce(s.attempts, 0), s.first_sent
FROM (SELECT DISTINCT ON (letter) letter, status, detail, at
      FROM letter_event ORDER BY letter, id DESC) l
LEFT JOIN (SELECT letter, count(*) AS attempts, (array_agg(at ORDER BY id))[1] AS first_sent
           FROM letter_event WHERE status = 'sent' GROUP BY letter) s USING (letter)";

fn status(letter: &str, text: &str) -> Result<LetterStatus> {
    text.parse()
        .map_err(|e: String| anyhow!("letter `{letter}`: {e}"))
}

/// The latest state of every letter with events.
pub(in crate::ledger) fn states(
    conn: &mut impl GenericClient,
) -> Result<HashMap<String, LetterState>> {
    let mut out = HashMap::new();
    for r in conn.query(LATEST, &[])? {
        let letter: String = r.get(0);
        let at: String = r.get(3);
        let first: Option<String> = r.get(5);
        let state = LetterState {
            status: status(&letter, r.get(1))?,
            detail: r.get(2),
            at: parse_time(&letter, &at)?,
            attempts: u32::try_from(r.get::<_, i64>(4)).unwrap_or(u32::MAX),
            first_sent_at: first.map(|t| parse_time(&letter, &t)).transpose()?,
        };
        out.insert(letter, state);
    }
    Ok(out)
}

/// The compact latest statuses a `send` plan reads.
pub(in crate::ledger) fn statuses(conn: &mut impl GenericClient) -> Result<LetterStatuses> {
    let mut out = LetterStatuses::default();
    for r in conn.query(LATEST, &[])? {
        let letter: &str = r.get(0);
        let first: Option<&str> = r.get(5);
        let first = first.map(|t| parse_time(letter, t)).transpose()?;
        out.add_latest(letter, status(letter, r.get(1))?, first);
    }
    Ok(out)
}

/// Letters whose latest status is `sent`, `deferred` or `failed`, with that event.
pub(in crate::ledger) fn unfinished(
    conn: &mut impl GenericClient,
) -> Result<HashMap<String, Unfinished>> {
    let rows = conn.query(
        "SELECT letter, status, detail, at FROM (
             SELECT DISTINCT ON (letter) letter, status, detail, at
             FROM letter_event ORDER BY letter, id DESC) l
         WHERE status IN ('sent', 'deferred', 'failed')",
        &[],
    )?;
    let mut out = HashMap::new();
    for r in rows {
        let letter: String = r.get(0);
        let at: String = r.get(3);
        let u = Unfinished {
            status: status(&letter, r.get(1))?,
            detail: r.get(2),
            at: parse_time(&letter, &at)?,
        };
        out.insert(letter, u);
    }
    Ok(out)
}

/// The (volunteer, prisoner) pairs whose solidarity letter counts as an action.
pub(in crate::ledger) fn counted_pairs(
    conn: &mut impl GenericClient,
) -> Result<HashSet<(String, String)>> {
    let rows = conn.query(
        "SELECT DISTINCT l.sender, l.prisoner FROM letter l
         JOIN (SELECT DISTINCT ON (letter) letter, status
               FROM letter_event ORDER BY letter, id DESC) e ON e.letter = l.id
         WHERE l.kind = 'solidarity' AND e.status NOT IN ('sent', 'deferred', 'failed')",
        &[],
    )?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}
