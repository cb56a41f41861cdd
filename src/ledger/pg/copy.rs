//! `ledger copy` on PostgreSQL: every row of a PostgreSQL ledger read out in id order, and a
//! whole ledger written into an empty PostgreSQL one with its ids, identity and history
//! intact, its summary cells added up from the copied rows, in one transaction.

use std::io::Write;

use anyhow::{Result, bail};
use postgres::{GenericClient, Transaction};
use time::Date;
use time::macros::format_description;

use super::super::transfer::{
    BatchRow, EntryRow, EventRow, LetterRow, Rows, WebEntryRow, identity,
};
use crate::action::Action;

fn origin(ledger: Option<String>, id: Option<i64>) -> Option<(String, i64)> {
    ledger.zip(id)
}

fn day(text: &str) -> Result<Date> {
    Ok(Date::parse(
        text,
        format_description!("[year]-[month]-[day]"),
    )?)
}

/// Reads every row of the PostgreSQL ledger, each table in id order.
pub(in crate::ledger) fn read(conn: &mut impl GenericClient) -> Result<Rows> {
    let mut out = Rows {
        ledger_id: conn
            .query_one("SELECT value FROM meta WHERE key = 'ledger_id'", &[])?
            .get(0),
        ..Rows::default()
    };
    for r in conn.query(
        "SELECT id, origin, file, recorded_at, actor, origin_ledger::text, origin_id
         FROM batch ORDER BY id",
        &[],
    )? {
        out.batches.push(BatchRow {
            id: r.get(0),
            origin: r.get(1),
            file: r.get(2),
            recorded_at: r.get(3),
            actor: r.get(4),
            origin_of: origin(r.get(5), r.get(6)),
        });
    }
    for r in conn.query(
        "SELECT e.id, e.batch, e.line, e.kind, e.count, e.case_id, e.prisoner, e.recipient,
             e.volunteer, e.grp, e.country, e.channel, e.day::text, e.note, e.corrects,
             e.letter, k.key, k.content, e.origin_ledger::text, e.origin_id
         FROM entry e LEFT JOIN import_key k ON k.entry = e.id ORDER BY e.id",
        &[],
    )? {
        let id: i64 = r.get(0);
        let bad = |what: &str, e: String| anyhow::anyhow!("entry {id}: {what}: {e}");
        let kind: &str = r.get(3);
        let channel: &str = r.get(11);
        let count: i64 = r.get(4);
        let action = Action {
            kind: kind.parse().map_err(|e| bad("kind", e))?,
            count: u64::try_from(count).map_err(|_| bad("count", count.to_string()))?,
            case: r.get(5),
            prisoner: r.get(6),
            recipient: r.get(7),
            volunteer: r.get(8),
            group: r.get(9),
            country: r.get(10),
            channel: channel.parse().map_err(|e| bad("channel", e))?,
            day: day(r.get(12))?,
            note: r.get(13),
        };
        let key: Option<i64> = r.get(16);
        let content: Option<i64> = r.get(17);
        if let Some((key, content)) = key.zip(content) {
            out.keys.push((key, content, id));
        }
        out.entries.push(EntryRow {
            id,
            batch: r.get(1),
            line: r.get(2),
            action,
            corrects: r.get(14),
            letter: r.get(15),
            origin_of: origin(r.get(18), r.get(19)),
        });
    }
    for r in conn.query(
        "SELECT id, kind, case_id, prisoner, recipient, sender, sender_country, channel,
             template, language, batch FROM letter ORDER BY batch, id",
        &[],
    )? {
        out.letters.push(LetterRow {
            id: r.get(0),
            kind: r.get(1),
            case_id: r.get(2),
            prisoner: r.get(3),
            recipient: r.get(4),
            sender: r.get(5),
            sender_country: r.get(6),
            channel: r.get(7),
            template: r.get(8),
            language: r.get(9),
            batch: r.get(10),
        });
    }
    for r in conn.query(
        "SELECT id, letter, status, detail, origin, at, day::text, batch, origin_ledger::text,
             origin_id FROM letter_event ORDER BY id",
        &[],
    )? {
        out.events.push(EventRow {
            id: r.get(0),
            letter: r.get(1),
            status: r.get(2),
            detail: r.get(3),
            origin: r.get(4),
            at: r.get(5),
            day: r.get(6),
            batch: r.get(7),
            origin_of: origin(r.get(8), r.get(9)),
        });
    }
    for r in conn.query(
        "SELECT entry, address_hash, confirmed_at, ip_prefix, email_domain
         FROM web_entry ORDER BY entry",
        &[],
    )? {
        out.web_entries.push(WebEntryRow {
            entry: r.get(0),
            address_hash: r.get(1),
            confirmed_at: r.get(2),
            ip_prefix: r.get(3),
            email_domain: r.get(4),
        });
    }
    out.keys.sort_unstable();
    Ok(out)
}

/// A value in `COPY`'s text format: backslash escapes, `\N` for NULL.
fn field(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        None => out.extend_from_slice(b"\\N"),
        Some(v) => {
            for b in v.bytes() {
                match b {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
        }
    }
}

/// One `COPY` text line of `values`.
fn line(out: &mut Vec<u8>, values: &[Option<&str>]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        field(out, *v);
    }
    out.push(b'\n');
}

/// Streams `lines` into `table (columns)` through `COPY ... FROM STDIN`.
fn copy_in(tx: &mut Transaction<'_>, table: &str, columns: &str, lines: &[u8]) -> Result<()> {
    let mut w = tx.copy_in(&format!("COPY {table} ({columns}) FROM STDIN"))?;
    w.write_all(lines)?;
    w.finish()?;
    Ok(())
}

/// Writes `rows` into the empty PostgreSQL ledger of `tx`: ids as they are, every row with
/// its identity (where it was made: `origin_ledger`, `origin_id`), the id sequences moved past
/// them, the summary cells added up. The copy keeps its own ledger id for what is written in
/// it afterwards.
pub(in crate::ledger) fn write(tx: &mut Transaction<'_>, rows: &Rows) -> Result<()> {
    let busy: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM batch) OR EXISTS (SELECT 1 FROM letter)
                 OR EXISTS (SELECT 1 FROM pending_action) OR EXISTS (SELECT 1 FROM signup)
                 OR EXISTS (SELECT 1 FROM invite) OR EXISTS (SELECT 1 FROM confirm_mail_day)",
            &[],
        )?
        .get(0);
    if busy {
        bail!("it is not empty");
    }
    let num = |n: i64| n.to_string();
    let mut buf = Vec::new();
    for b in &rows.batches {
        let (l, o) = split(&rows.ledger_id, b.id, &b.origin_of);
        line(
            &mut buf,
            &[
                Some(&num(b.id)),
                Some(&b.origin),
                b.file.as_deref(),
                Some(&b.recorded_at),
                b.actor.as_deref(),
                l,
                o.as_deref(),
            ],
        );
    }
    copy_in(
        tx,
        "batch",
        "id, origin, file, recorded_at, actor, origin_ledger, origin_id",
        &buf,
    )?;
    buf.clear();
    for e in &rows.entries {
        let a = &e.action;
        let (l, o) = split(&rows.ledger_id, e.id, &e.origin_of);
        line(
            &mut buf,
            &[
                Some(&num(e.id)),
                Some(&num(e.batch)),
                e.line.map(num).as_deref(),
                Some(a.kind.as_str()),
                Some(&a.count.to_string()),
                Some(&a.case),
                a.prisoner.as_deref(),
                a.recipient.as_deref(),
                a.volunteer.as_deref(),
                a.group.as_deref(),
                Some(&a.country),
                Some(a.channel.as_str()),
                Some(&a.day.to_string()),
                a.note.as_deref(),
                e.corrects.map(num).as_deref(),
                e.letter.as_deref(),
                l,
                o.as_deref(),
            ],
        );
    }
    copy_in(
        tx,
        "entry",
        "id, batch, line, kind, count, case_id, prisoner, recipient, volunteer, grp, country, \
         channel, day, note, corrects, letter, origin_ledger, origin_id",
        &buf,
    )?;
    buf.clear();
    // The keys in key order, as an import writes them (see `keys`).
    let mut keys: Vec<super::keys::Key> = rows
        .keys
        .iter()
        .map(|&(key, content, entry)| super::keys::Key {
            key,
            content,
            entry,
        })
        .collect();
    keys.sort_unstable_by_key(|k| k.key);
    super::keys::write_runs(tx, &[&keys], &mut false)?;
    for l in &rows.letters {
        line(
            &mut buf,
            &[
                Some(&l.id),
                Some(&l.kind),
                Some(&l.case_id),
                Some(&l.prisoner),
                Some(&l.recipient),
                Some(&l.sender),
                Some(&l.sender_country),
                Some(&l.channel),
                Some(&l.template),
                Some(&l.language),
                Some(&num(l.batch)),
            ],
        );
    }
    copy_in(
        tx,
        "letter",
        "id, kind, case_id, prisoner, recipient, sender, sender_country, channel, template, \
         language, batch",
        &buf,
    )?;
    buf.clear();
    for ev in &rows.events {
        let (l, o) = split(&rows.ledger_id, ev.id, &ev.origin_of);
        line(
            &mut buf,
            &[
                Some(&num(ev.id)),
                Some(&ev.letter),
                Some(&ev.status),
                ev.detail.as_deref(),
                Some(&ev.origin),
                Some(&ev.at),
                Some(&ev.day),
                Some(&num(ev.batch)),
                l,
                o.as_deref(),
            ],
        );
    }
    copy_in(
        tx,
        "letter_event",
        "id, letter, status, detail, origin, at, day, batch, origin_ledger, origin_id",
        &buf,
    )?;
    buf.clear();
    for w in &rows.web_entries {
        line(
            &mut buf,
            &[
                Some(&num(w.entry)),
                Some(&w.address_hash),
                Some(&w.confirmed_at),
                w.ip_prefix.as_deref(),
                w.email_domain.as_deref(),
            ],
        );
    }
    copy_in(
        tx,
        "web_entry",
        "entry, address_hash, confirmed_at, ip_prefix, email_domain",
        &buf,
    )?;
    // New rows take ids after the copied ones.
    for table in ["batch", "entry", "letter_event"] {
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                     coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            ),
            &[],
        )?;
    }
    super::web_copy::write(tx, &rows.web)?;
    rebuild_cells(tx)?;
    Ok(())
}

/// The identity columns of a copied row: where it was made, and its id there.
fn split<'a>(
    ledger: &'a str,
    id: i64,
    from: &'a Option<(String, i64)>,
) -> (Option<&'a str>, Option<String>) {
    let (l, n) = identity(ledger, id, from);
    (Some(l), Some(n.to_string()))
}

/// Adds up the summary cells from the entries and letter events, as SQLite's rebuild does:
/// every live (uncorrected) entry by kind, country, channel, group, volunteer and (solidarity)
/// prisoner, and every solidarity letter's first confirmation of receipt.
pub(in crate::ledger) fn rebuild_cells(tx: &mut Transaction<'_>) -> Result<()> {
    tx.batch_execute(
        "DELETE FROM cell;
         INSERT INTO cell (dim, value, day, case_id, actions)
         SELECT dim, value, day, case_id, sum(n) FROM (
             SELECT d.dim, d.value, e.day, e.case_id, e.count AS n
             FROM entry e
             CROSS JOIN LATERAL (VALUES ('kind', e.kind), ('country', e.country),
                 ('channel', e.channel), ('group', e.grp), ('volunteer', e.volunteer),
                 ('prisoner', CASE WHEN e.kind = 'solidarity' THEN e.prisoner END)) AS d(dim, value)
             WHERE d.value IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
             UNION ALL
             SELECT 'received', l.prisoner, ev.day, l.case_id, 1
             FROM letter l
             JOIN LATERAL (SELECT day FROM letter_event
                           WHERE letter = l.id AND status IN ('received', 'replied')
                           ORDER BY id LIMIT 1) ev ON true
             WHERE l.kind = 'solidarity'
         ) AS c
         GROUP BY dim, value, day, case_id
         HAVING sum(n) <> 0",
    )?;
    Ok(())
}
