//! `ledger sync`: the entries, corrections and letter events of a local ledger pushed into a
//! shared PostgreSQL ledger in one transaction. Every row keeps its identity (the local
//! ledger's id and its id there), so whatever was synced before, from this file or from a
//! copy of it, is recognised and added nothing; an imported row whose key the shared ledger
//! holds with other content is reported as `import` reports it, never merged.

use std::collections::{HashMap, HashSet};

use anyhow::{Context, Result, bail};
use postgres::Transaction;
use serde::Serialize;

use super::super::import::Changed;
use super::super::transfer::{EntryRow, Origin, Rows};
use super::letters::{self, Meta, NewEvent};
use crate::manifest::LetterStatus;

/// Advisory lock namespace of syncs ("MRTS"), keyed by the local ledger id: two syncs of
/// one ledger take turns.
const SYNC_LOCK: i32 = 0x4d52_5453;

/// What a sync added, or with `--dry-run` would add.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncSummary {
    /// The local ledger's identity.
    pub ledger_id: String,
    /// Entries added (corrections included; letters' entries come with their events).
    pub entries: u64,
    /// Actions the shared ledger counts more afterwards (a correction counts the difference).
    pub actions: i64,
    /// Corrections among them.
    pub corrections: u64,
    /// Letter events added.
    pub events: u64,
    /// Entries and events synced before: nothing added.
    pub already: u64,
    /// Imported rows the shared ledger already holds with the same content (imported there
    /// too): nothing added.
    pub unchanged: u64,
    /// Imported rows the shared ledger holds with other content: reported, not added.
    pub changed: Vec<Changed>,
    /// Corrections that could not be applied (their entry was corrected in the shared
    /// ledger meanwhile, or was not added): reported, not added.
    pub refused: Vec<String>,
}

/// Pushes `local` into the shared ledger in `tx` (committed by the caller, or rolled back
/// for a dry run).
pub(in crate::ledger) fn push(tx: &mut Transaction<'_>, local: &Rows) -> Result<SyncSummary> {
    let me = local.ledger_id.as_str();
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        &[&SYNC_LOCK, &me],
    )?;
    let shared_id: String = tx
        .query_one("SELECT value FROM meta WHERE key = 'ledger_id'", &[])?
        .get(0);
    let mut s = SyncSummary {
        ledger_id: me.to_string(),
        ..SyncSummary::default()
    };
    // Every ledger the local rows were made in: this one, and those a copied shared
    // ledger had synced from.
    let mut ledgers: Vec<&str> = vec![me];
    let froms = local.batches.iter().map(|b| &b.origin_of);
    let froms = froms
        .chain(local.entries.iter().map(|e| &e.origin_of))
        .chain(local.events.iter().map(|e| &e.origin_of));
    for (l, _) in froms.flatten() {
        if !ledgers.contains(&l.as_str()) {
            ledgers.push(l);
        }
    }
    let mut batch_ids: HashMap<i64, i64> = HashMap::new();
    let batches = known(tx, "batch", "''", &ledgers, &shared_id)?;
    for b in &local.batches {
        if let Some((id, _)) = batches.get(&identity(me, b.id, &b.origin_of)) {
            batch_ids.insert(b.id, *id);
        }
    }
    let known_entries = known(tx, "entry", ENTRY_PRINT, &ledgers, &shared_id)?;
    let mut entries: HashMap<i64, i64> = HashMap::new();
    // Entries whose identity the shared ledger holds with other content: left out.
    let mut clashing: HashSet<i64> = HashSet::new();
    for e in &local.entries {
        let who = identity(me, e.id, &e.origin_of);
        if let Some((id, print)) = known_entries.get(&who) {
            if *print == entry_print(&e.action) {
                entries.insert(e.id, *id);
            } else {
                clashing.insert(e.id);
                s.refused.push(clash("entry", e.id, &who));
            }
        }
    }
    let known_events = known(tx, "letter_event", EVENT_PRINT, &ledgers, &shared_id)?;

    // Letter events first: a letter's entry comes with its first counting event, and a
    // correction of that entry needs it.
    let letters: HashMap<&str, &super::super::transfer::LetterRow> =
        local.letters.iter().map(|l| (l.id.as_str(), l)).collect();
    let mut run: Vec<NewEvent<'_>> = Vec::new();
    let mut run_batch = None;
    for ev in &local.events {
        let who = identity(me, ev.id, &ev.origin_of);
        if let Some((_, print)) = known_events.get(&who) {
            if *print == format!("{}|{}|{}", ev.letter, ev.status, ev.at) {
                s.already += 1;
            } else {
                s.refused.push(clash("letter event", ev.id, &who));
            }
            continue;
        }
        let Some(l) = letters.get(ev.letter.as_str()) else {
            bail!(
                "letter event {} names letter `{}`, which the ledger does not hold",
                ev.id,
                ev.letter
            );
        };
        if run_batch.is_some_and(|b| b != ev.batch) {
            let b = shared_batch(tx, local, &mut batch_ids, run_batch.unwrap_or_default())?;
            let added = letters::write(tx, &run, b, false)?;
            s.entries += added;
            s.actions += added as i64;
            run.clear();
        }
        run_batch = Some(ev.batch);
        let status: LetterStatus = ev
            .status
            .parse()
            .map_err(|e: String| anyhow::anyhow!("letter `{}`: {e}", ev.letter))?;
        run.push(NewEvent {
            letter: &ev.letter,
            meta: Meta {
                kind: l.kind.clone(),
                case: l.case_id.clone(),
                prisoner: l.prisoner.clone(),
                recipient: l.recipient.clone(),
                sender: l.sender.clone(),
                country: l.sender_country.clone(),
                channel: l.channel.clone(),
            },
            template: &l.template,
            language: &l.language,
            status,
            detail: ev.detail.as_deref(),
            origin: &ev.origin,
            at: ev.at.clone(),
            day: ev.day.clone(),
            from: Some(match &ev.origin_of {
                Some((l, id)) => (l.as_str(), *id),
                None => (me, ev.id),
            }),
        });
        s.events += 1;
    }
    if let Some(b) = run_batch.filter(|_| !run.is_empty()) {
        let b = shared_batch(tx, local, &mut batch_ids, b)?;
        let added = letters::write(tx, &run, b, false)?;
        s.entries += added;
        s.actions += added as i64;
    }

    let keys: HashMap<i64, (i64, i64)> = local
        .keys
        .iter()
        .map(|&(key, content, entry)| (entry, (key, content)))
        .collect();
    let stored = stored_keys(tx, local, &entries)?;
    let mut cells = super::write::Cells::default();
    for e in &local.entries {
        if entries.contains_key(&e.id) {
            s.already += 1;
            continue;
        }
        if clashing.contains(&e.id) {
            continue;
        }
        if let Some(letter) = &e.letter {
            // Counted with the letter's events above (or before): the same letter is one
            // entry wherever it was counted.
            let id: Option<i64> = tx
                .query_opt("SELECT id FROM entry WHERE letter = $1", &[letter])?
                .map(|r| r.get(0));
            if let Some(id) = id {
                entries.insert(e.id, id);
            }
            continue;
        }
        let corrects = match e.corrects {
            None => None,
            Some(local_id) => match entries.get(&local_id) {
                Some(&id) => Some(id),
                None => {
                    s.refused.push(format!(
                        "entry {}: it corrects entry {local_id}, which was not added to the shared ledger",
                        e.id
                    ));
                    continue;
                }
            },
        };
        if let Some(target) = corrects {
            let by: Option<i64> = tx
                .query_opt("SELECT id FROM entry WHERE corrects = $1", &[&target])?
                .map(|r| r.get(0));
            if let Some(by) = by {
                s.refused.push(format!(
                    "entry {}: the entry it corrects (shared entry {target}) was already corrected by shared entry {by}",
                    e.id
                ));
                continue;
            }
        }
        let key = keys.get(&e.id).copied();
        if let Some(found) = key.and_then(|(k, _)| stored.get(&k)) {
            let content = key.map_or(0, |k| k.1);
            if found.content == content {
                s.unchanged += 1;
                entries.insert(e.id, found.entry);
            } else {
                s.changed.push(Changed {
                    line: e.line.unwrap_or_default() as u64,
                    entry: found.entry,
                    earlier: found.earlier.clone(),
                });
            }
            continue;
        }
        let b = shared_batch(tx, local, &mut batch_ids, e.batch)?;
        if let Some(target) = corrects {
            let old = action_of(tx, target)?
                .with_context(|| format!("shared entry {target} is missing"))?;
            cells.entry(&old, -1);
            s.corrections += 1;
            s.actions -= old.count as i64;
        }
        let id = insert(tx, e, b, corrects, key, me)?;
        cells.entry(&e.action, 1);
        entries.insert(e.id, id);
        s.entries += 1;
        s.actions += e.action.count as i64;
    }
    cells.flush(tx)?;
    Ok(s)
}

/// A local row's identity: where it was made and its id there.
fn identity(me: &str, id: i64, from: &Origin) -> (String, i64) {
    match from {
        Some((l, n)) => (l.clone(), *n),
        None => (me.to_string(), id),
    }
}

/// An imported row key the shared ledger holds.
struct StoredKey {
    content: i64,
    entry: i64,
    /// Where its row came from: `FILE:LINE`.
    earlier: String,
}

/// The keys of `local`'s imported entries not synced before that the shared ledger holds
/// (imported there too), read in a few queries instead of one a row.
fn stored_keys(
    tx: &mut Transaction<'_>,
    local: &Rows,
    synced: &HashMap<i64, i64>,
) -> Result<HashMap<i64, StoredKey>> {
    let wanted: Vec<i64> = local
        .keys
        .iter()
        .filter(|(_, _, entry)| !synced.contains_key(entry))
        .map(|&(key, _, _)| key)
        .collect();
    let mut out = HashMap::new();
    for chunk in wanted.chunks(10_000) {
        let rows = tx.query(
            "SELECT k.key, k.content, e.id, b.file, e.line FROM import_key k
             JOIN entry e ON e.id = k.entry JOIN batch b ON b.id = e.batch
             WHERE k.key = ANY($1)",
            &[&chunk],
        )?;
        for r in rows {
            let file: Option<String> = r.get(3);
            let line: Option<i64> = r.get(4);
            let key = StoredKey {
                content: r.get(1),
                entry: r.get(2),
                earlier: format!("{}:{}", file.unwrap_or_default(), line.unwrap_or_default()),
            };
            out.insert(r.get(0), key);
        }
    }
    Ok(out)
}

/// What an entry records, as one text, in SQL ([`entry_print`] in Rust).
const ENTRY_PRINT: &str = "concat_ws('|', kind, count, case_id, coalesce(prisoner, ''),
    coalesce(recipient, ''), coalesce(volunteer, ''), coalesce(grp, ''), country, channel,
    day::text, coalesce(note, ''))";

/// What a letter event records, as one text.
const EVENT_PRINT: &str = "concat_ws('|', letter, status, at)";

/// [`ENTRY_PRINT`] of `a`.
fn entry_print(a: &crate::action::Action) -> String {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    format!(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
        a.kind.as_str(),
        a.count,
        a.case,
        o(&a.prisoner),
        o(&a.recipient),
        o(&a.volunteer),
        o(&a.group),
        a.country,
        a.channel.as_str(),
        a.day,
        o(&a.note)
    )
}

/// The report of a row whose identity the shared ledger holds with other content.
fn clash(what: &str, id: i64, who: &(String, i64)) -> String {
    format!(
        "{what} {id}: the shared ledger holds {what} {} of ledger {} with other content (two \
         copies of one ledger file written separately?)",
        who.1, who.0
    )
}

/// The shared id and `print` (an SQL expression) of every row of `table` made in one of
/// `ledgers`, by identity; rows made in the shared ledger itself count as made in
/// `shared_id` (a local file copied from it).
fn known(
    tx: &mut Transaction<'_>,
    table: &str,
    print: &str,
    ledgers: &[&str],
    shared_id: &str,
) -> Result<HashMap<(String, i64), (i64, String)>> {
    let mut out = HashMap::new();
    for &l in ledgers {
        let rows = if l == shared_id {
            let sql = format!("SELECT id, id, {print} FROM {table} WHERE origin_ledger IS NULL");
            tx.query(&sql, &[])?
        } else {
            let sql = format!(
                "SELECT origin_id, id, {print} FROM {table} WHERE origin_ledger = $1::text::uuid"
            );
            tx.query(&sql, &[&l])?
        };
        out.extend(
            rows.iter()
                .map(|r| ((l.to_string(), r.get(0)), (r.get(1), r.get(2)))),
        );
    }
    Ok(out)
}

/// The shared batch standing for local batch `local_id`, added when missing.
fn shared_batch(
    tx: &mut Transaction<'_>,
    local: &Rows,
    ids: &mut HashMap<i64, i64>,
    local_id: i64,
) -> Result<i64> {
    if let Some(&id) = ids.get(&local_id) {
        return Ok(id);
    }
    let Some(b) = local.batches.iter().find(|b| b.id == local_id) else {
        bail!("batch {local_id} is missing from the ledger");
    };
    let from = identity(&local.ledger_id, b.id, &b.origin_of);
    let id: i64 = tx
        .query_one(
            "INSERT INTO batch (origin, file, recorded_at, actor, origin_ledger, origin_id)
             VALUES ($1, $2, $3, $4, $5::text::uuid, $6) RETURNING id",
            &[
                &b.origin,
                &b.file,
                &b.recorded_at,
                &b.actor,
                &from.0,
                &from.1,
            ],
        )?
        .get(0);
    ids.insert(local_id, id);
    Ok(id)
}

fn insert(
    tx: &mut Transaction<'_>,
    e: &EntryRow,
    batch: i64,
    corrects: Option<i64>,
    key: Option<(i64, i64)>,
    me: &str,
) -> Result<i64> {
    let (l, n) = identity(me, e.id, &e.origin_of);
    letters::insert_entry(
        tx,
        batch,
        &e.action,
        letters::Placed {
            line: e.line,
            corrects,
            key,
            from: Some((&l, n)),
            ..letters::Placed::default()
        },
    )
}

/// What shared entry `id` records.
fn action_of(tx: &mut Transaction<'_>, id: i64) -> Result<Option<crate::action::Action>> {
    let Some(r) = tx.query_opt(
        "SELECT kind, count, case_id, prisoner, recipient, volunteer, grp, country, channel,
             day::text, note FROM entry WHERE id = $1",
        &[&id],
    )?
    else {
        return Ok(None);
    };
    let bad = |what: &str, e: String| anyhow::anyhow!("shared entry {id}: {what}: {e}");
    let kind: &str = r.get(0);
    let channel: &str = r.get(8);
    let count: i64 = r.get(1);
    let day: &str = r.get(9);
    Ok(Some(crate::action::Action {
        kind: kind.parse().map_err(|e| bad("kind", e))?,
        count: u64::try_from(count).map_err(|_| bad("count", count.to_string()))?,
        case: r.get(2),
        prisoner: r.get(3),
        recipient: r.get(4),
        volunteer: r.get(5),
        group: r.get(6),
        country: r.get(7),
        channel: channel.parse().map_err(|e| bad("channel", e))?,
        day: time::Date::parse(
            day,
            time::macros::format_description!("[year]-[month]-[day]"),
        )?,
        note: r.get(10),
    }))
}

impl super::super::Ledger {
    /// Pushes `local`'s entries, corrections and letter events into this shared PostgreSQL
    /// ledger in one transaction (see the module docs); with `dry_run`, rolls it back and
    /// only says what it would add.
    pub fn sync_from(
        &mut self,
        local: &super::super::Ledger,
        dry_run: bool,
    ) -> Result<SyncSummary> {
        let what = self.context("cannot sync into this ledger");
        let rows = local.rows()?;
        let super::super::Store::Pg(pg) = &mut self.store else {
            bail!("{what}: `ledger sync` writes into a PostgreSQL ledger (a `postgres://` URL)");
        };
        let mut client = pg.client();
        let mut tx = client.transaction().context(what.clone())?;
        let s = push(&mut tx, &rows).context(what.clone())?;
        if dry_run {
            tx.rollback().context(what)?;
        } else {
            tx.commit().context(what)?;
        }
        Ok(s)
    }
}
