//! Letter events: storing a letter's metadata once, appending its status changes, counting
//! it as one action with its first counting event, and reading the latest states back.

use std::collections::HashMap;

use anyhow::{Result, bail};
use rusqlite::{Connection, TransactionBehavior, params};
use time::format_description::well_known::Rfc3339;

use super::audit::{Actor, new_batch_by};
use super::cells::CellDeltas;
use super::labels::Labels;
use super::write::{INSERT_ENTRY, insert_entry};
use super::{LetterEvent, LetterState, counts_as_action};
use crate::action::{Action, ActionKind};
use crate::manifest::{LetterKind, LetterStatus};

/// Metadata of letters this connection has stored or read back, so that the second event
/// of a letter in a run (`delivered` after `sent`) neither tries to store it again nor reads
/// it back. Only committed rows are kept; the stored metadata never changes (append-only),
/// so it cannot go stale. Emptied when it grows past [`Seen::MAX`].
#[derive(Debug, Default)]
pub(super) struct Seen(HashMap<String, Stored>);

impl Seen {
    /// Letters remembered at most; a run's letters need them only between two events.
    const MAX: usize = 65_536;

    /// What this connection knows of letter `id`: committed before, or in `fresh`.
    fn get<'s>(&'s self, fresh: &'s HashMap<String, Stored>, id: &str) -> Option<&'s Stored> {
        self.0.get(id).or_else(|| fresh.get(id))
    }

    fn add(&mut self, fresh: HashMap<String, Stored>) {
        if self.0.len() + fresh.len() > Self::MAX {
            self.0.clear();
        }
        self.0.extend(fresh);
    }
}

/// Records `events` in one transaction.
pub(super) fn record(
    conn: &mut Connection,
    seen: &mut Seen,
    events: &[LetterEvent<'_>],
    actor: Option<&Actor>,
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let batch = new_batch_by(&tx, "letters", None, actor)?;
    let mut cells = CellDeltas::default();
    // Letters stored or read back in this transaction: remembered once it commits.
    let mut fresh: HashMap<String, Stored> = HashMap::new();
    {
        let mut add_letter = tx.prepare_cached(
            "INSERT OR IGNORE INTO letter (id, kind, case_id, prisoner, recipient, sender,
                 sender_country, channel, template, language, batch)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        let mut add_event = tx.prepare_cached(
            "INSERT INTO letter_event (letter, status, detail, origin, at, day, batch)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut counted = tx.prepare_cached("SELECT 1 FROM entry_row WHERE letter = ?1")?;
        let mut received_before = tx.prepare_cached(
            "SELECT 1 FROM letter_event
             WHERE letter = ?1 AND status IN ('received', 'replied') AND id < ?2",
        )?;
        let mut stored = tx.prepare_cached(
            "SELECT kind, case_id, prisoner, recipient, sender, sender_country, channel
             FROM letter WHERE id = ?1",
        )?;
        let mut add_entry = tx.prepare_cached(INSERT_ENTRY)?;
        let mut labels = Labels::default();
        for ev in events {
            let l = &*ev.letter;
            if l.id.trim().is_empty() {
                bail!("a letter event has an empty letter id");
            }
            if seen.get(&fresh, &l.id).is_none() {
                let meta = Stored::of(l);
                let added = add_letter.execute(params![
                    l.id,
                    meta.kind,
                    meta.case,
                    meta.prisoner,
                    meta.recipient,
                    meta.sender,
                    meta.country,
                    meta.channel,
                    l.template,
                    l.language,
                    batch,
                ])?;
                if added == 1 {
                    fresh.insert(l.id.clone(), meta);
                }
            }
            let at = ev.at.format(&Rfc3339)?;
            let day = ev.at.date().to_string();
            let event_id = add_event.insert(params![
                l.id,
                ev.status.as_str(),
                ev.detail,
                ev.origin,
                at,
                day,
                batch
            ])?;
            // Most events (`sent` above all) neither count nor confirm receipt: the stored
            // metadata is needed only for those that do.
            let counts = counts_as_action(ev.status) && !counted.exists([&l.id])?;
            let receipt = matches!(ev.status, LetterStatus::Received | LetterStatus::Replied);
            if !counts && !receipt {
                continue;
            }
            let meta = match seen.get(&fresh, &l.id) {
                Some(meta) => meta.clone(),
                None => {
                    let meta = stored.query_row([&l.id], |r| {
                        Ok(Stored {
                            kind: r.get(0)?,
                            case: r.get(1)?,
                            prisoner: r.get(2)?,
                            recipient: r.get(3)?,
                            sender: r.get(4)?,
                            country: r.get(5)?,
                            channel: r.get(6)?,
                        })
                    })?;
                    fresh.insert(l.id.clone(), meta.clone());
                    meta
                }
            };
            if counts {
                let action = meta.action(ev.at.date())?;
                let numbers = labels.of(&tx, &action)?;
                insert_entry(
                    &mut add_entry,
                    numbers,
                    batch,
                    None,
                    &action,
                    None,
                    Some(&l.id),
                )?;
                cells.entry(&action, 1);
            }
            if receipt
                && meta.kind == "solidarity"
                && !received_before.exists(params![l.id, event_id])?
            {
                cells.received(&meta.prisoner, &day, &meta.case);
            }
        }
    }
    cells.flush(&tx)?;
    tx.commit()?;
    seen.add(fresh);
    Ok(())
}

/// A letter's metadata as first stored (on either store).
#[derive(Debug, Clone)]
pub(in crate::ledger) struct Stored {
    pub kind: String,
    pub case: String,
    pub prisoner: String,
    pub recipient: String,
    pub sender: String,
    pub country: String,
    pub channel: String,
}

impl Stored {
    /// The metadata stored for `l` by its first event.
    pub(in crate::ledger) fn of(l: &crate::manifest::ManifestEntry) -> Self {
        Stored {
            kind: kind_name(l.kind).to_string(),
            case: l.case.clone(),
            prisoner: l.prisoner.clone(),
            recipient: l.recipient.id.clone(),
            sender: l.sender.id.clone(),
            country: l.sender.country.to_ascii_uppercase(),
            channel: channel_name(l.channel).to_string(),
        }
    }

    /// The action a counted letter stands for.
    pub(in crate::ledger) fn action(&self, day: time::Date) -> Result<Action> {
        let kind = match self.kind.as_str() {
            "appeal" => ActionKind::Appeal,
            "solidarity" => ActionKind::Solidarity,
            other => bail!("letter kind `{other}` in the ledger is not known"),
        };
        Ok(Action {
            kind,
            count: 1,
            case: self.case.clone(),
            prisoner: Some(self.prisoner.clone()),
            recipient: Some(self.recipient.clone()),
            volunteer: Some(self.sender.clone()),
            group: None,
            country: self.country.clone(),
            channel: self
                .channel
                .parse()
                .map_err(|e: String| anyhow::anyhow!("{e}"))?,
            day,
            note: None,
        })
    }
}

fn kind_name(kind: LetterKind) -> &'static str {
    ActionKind::from(kind).as_str()
}

fn channel_name(c: crate::manifest::Channel) -> &'static str {
    crate::action::Channel::from(c).as_str()
}

/// The latest state of every letter, folding its events in the order they were recorded.
pub(super) fn states(conn: &Connection) -> Result<HashMap<String, LetterState>> {
    let mut out = HashMap::new();
    super::statuses::each(conn, true, |l| {
        out.insert(l.id.to_string(), l.state()?);
        Ok(())
    })?;
    Ok(out)
}
