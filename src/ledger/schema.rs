//! The ledger's SQLite schema, its versioned migrations, and the check that a file is a
//! marathon ledger before anything is written to it.

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, TransactionBehavior};

/// `PRAGMA application_id` of a marathon ledger ("MRTN"), so that another program's
/// database is recognised as foreign instead of being migrated.
pub const APPLICATION_ID: i32 = 0x4d52_544e;

/// A migration: its SQL, then what SQL alone cannot do.
pub(super) type Migration = (&'static str, Option<fn(&Connection) -> Result<()>>);

/// The migrations, in order; `PRAGMA user_version` is the number applied so far.
pub(super) const MIGRATIONS: [Migration; 11] = [
    (V1, None),
    (V2, None),
    (V3, None),
    (V4, Some(super::keys::migrate)),
    (super::pending::V5, None),
    // Version 6: sign-ups of new volunteers (`/join`).
    (super::signups::SIGNUPS, None),
    // Version 7: who made each web change; the IP prefix and email domain of web entries.
    (super::audit::V7, None),
    // Version 8: volunteers' personal links and their mails (`marathon invite`).
    (super::invites::V8, None),
    // Version 9: volunteers' edits of their letters' text (`/me`).
    (super::edits::V9, None),
    // Version 10: one summary cell a volunteer over all days and cases, so that counting
    // the volunteers with any action reads one row each instead of one a day and case.
    (super::cells::VOLUNTEER_TOTALS, None),
    // Version 11: the ledger's identity (`meta.ledger_id`), for `ledger sync` and `copy`.
    (super::identity::META, Some(super::identity::migrate)),
];

/// The ledger version this program writes.
#[cfg(test)]
pub(super) const VERSION: usize = MIGRATIONS.len();

/// The SQLite ledger version this program writes (`PRAGMA user_version`).
pub(super) const MIGRATIONS_APPLIED: usize = MIGRATIONS.len();

/// Version 1: the append-only tables, the summary cells, and triggers refusing any change
/// to a written row.
pub(super) const V1: &str = "
-- One write: a `record`, an `import` of one file, or one call recording letter events.
CREATE TABLE batch (
    id          INTEGER PRIMARY KEY,
    origin      TEXT NOT NULL,          -- 'record', 'import', 'letters'
    file        TEXT,                   -- import: the file as given
    recorded_at TEXT NOT NULL           -- RFC 3339, UTC
);

-- One row per action entry: `count` actions of one kind for one case, from one country, on
-- one day. A correction is a new row whose `corrects` names the entry it replaces.
CREATE TABLE entry (
    id        INTEGER PRIMARY KEY,
    batch     INTEGER NOT NULL REFERENCES batch(id),
    line      INTEGER,                  -- import: 1-based line in the file
    kind      TEXT NOT NULL,
    count     INTEGER NOT NULL CHECK (count >= 0),
    case_id   TEXT NOT NULL,
    prisoner  TEXT,
    recipient TEXT,
    volunteer TEXT,
    grp       TEXT,
    country   TEXT NOT NULL,
    channel   TEXT NOT NULL,
    day       TEXT NOT NULL,            -- YYYY-MM-DD
    note      TEXT,
    corrects  INTEGER REFERENCES entry(id),
    letter    TEXT                      -- the letter this entry counts, if any
);
-- An entry is corrected at most once (correct the correction to change it again), and a
-- letter is counted at most once.
CREATE UNIQUE INDEX entry_corrects ON entry(corrects) WHERE corrects IS NOT NULL;
CREATE UNIQUE INDEX entry_letter ON entry(letter) WHERE letter IS NOT NULL;

-- A generated letter's metadata, stored with its first event.
CREATE TABLE letter (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,       -- 'appeal', 'solidarity'
    case_id        TEXT NOT NULL,
    prisoner       TEXT NOT NULL,
    recipient      TEXT NOT NULL,
    sender         TEXT NOT NULL,
    sender_country TEXT NOT NULL,
    channel        TEXT NOT NULL,       -- 'email', 'post'
    template       TEXT NOT NULL,
    language       TEXT NOT NULL,
    batch          INTEGER NOT NULL REFERENCES batch(id)
) WITHOUT ROWID;

-- Every change in a letter's life; the latest (highest id) is its state.
CREATE TABLE letter_event (
    id     INTEGER PRIMARY KEY,
    letter TEXT NOT NULL REFERENCES letter(id),
    status TEXT NOT NULL,
    detail TEXT,
    origin TEXT NOT NULL,
    at     TEXT NOT NULL,               -- RFC 3339 with the recorder's offset
    day    TEXT NOT NULL,               -- the date of `at` in that offset
    batch  INTEGER NOT NULL REFERENCES batch(id)
);
CREATE INDEX letter_event_letter ON letter_event(letter, id);
CREATE INDEX letter_event_undelivered ON letter_event(letter)
    WHERE status IN ('returned', 'withheld');

-- Imported row keys (see `action::report`): the first import of a key wins. `entry` is an
-- entry id; it is not declared a foreign key because checking one per row would cost a
-- random lookup in `entry` for every imported row.
CREATE TABLE import_key (
    key     INTEGER PRIMARY KEY,
    content INTEGER NOT NULL,
    entry   INTEGER NOT NULL
);

-- Summary cells kept in the same transaction as every write, so that a tally reads a few
-- thousand cells instead of millions of entries. `actions` is the sum of `count` over the
-- live (uncorrected) entries with that value, day and case; dims: kind, country, channel,
-- group, volunteer, prisoner (solidarity actions per prisoner) and received (solidarity
-- letters per prisoner confirmed received). Derived data: rebuilt by `tally --rebuild`.
CREATE TABLE cell (
    dim     TEXT NOT NULL,
    value   TEXT NOT NULL,
    day     TEXT NOT NULL,
    case_id TEXT NOT NULL,
    actions INTEGER NOT NULL,
    PRIMARY KEY (dim, value, day, case_id)
) WITHOUT ROWID;

CREATE TRIGGER batch_append_only_u BEFORE UPDATE ON batch
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER batch_append_only_d BEFORE DELETE ON batch
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER entry_append_only_u BEFORE UPDATE ON entry
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER entry_append_only_d BEFORE DELETE ON entry
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER letter_append_only_u BEFORE UPDATE ON letter
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER letter_append_only_d BEFORE DELETE ON letter
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER letter_event_append_only_u BEFORE UPDATE ON letter_event
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER letter_event_append_only_d BEFORE DELETE ON letter_event
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER import_key_append_only_u BEFORE UPDATE ON import_key
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER import_key_append_only_d BEFORE DELETE ON import_key
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
";

/// Version 2: `import_key` without rowids. A table keyed by rowid searches from its root
/// for every explicit key inserted; an index B-tree (a table WITHOUT ROWID) appends a key
/// larger than all before on its last page without a search, which is how an import writes
/// its sorted keys. Same rows, same size, same lookups.
const V2: &str = "
CREATE TABLE import_key_v2 (
    key     INTEGER PRIMARY KEY,
    content INTEGER NOT NULL,
    entry   INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO import_key_v2 (key, content, entry)
    SELECT key, content, entry FROM import_key ORDER BY key;
-- Dropping a table fires no trigger; its own triggers go with it.
DROP TABLE import_key;
ALTER TABLE import_key_v2 RENAME TO import_key;
CREATE TRIGGER import_key_append_only_u BEFORE UPDATE ON import_key
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER import_key_append_only_d BEFORE DELETE ON import_key
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
";

/// Version 3: compact entries. An entry names its kind, case and channel by the number of a
/// `label` and its day by a number (days since 1970-01-01), which takes a row from about 61
/// bytes to about 37: less to write, to commit and to read back. The view `entry` shows the
/// entries with the names and dates of before, so queries written for versions 1 and 2 (and
/// `docs/tally-queries.sql`) read the same rows.
const V3: &str = "
-- Every kind, channel and case an entry names, each stored once.
CREATE TABLE label (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE entry_row (
    id        INTEGER PRIMARY KEY,
    batch     INTEGER NOT NULL REFERENCES batch(id),
    line      INTEGER,                  -- import: 1-based line in the file
    kind      INTEGER NOT NULL REFERENCES label(id),
    count     INTEGER NOT NULL CHECK (count >= 0),
    case_id   INTEGER NOT NULL REFERENCES label(id),
    country   TEXT NOT NULL,
    channel   INTEGER NOT NULL REFERENCES label(id),
    day       INTEGER NOT NULL,         -- days since 1970-01-01
    volunteer TEXT,
    grp       TEXT,
    prisoner  TEXT,
    recipient TEXT,
    note      TEXT,
    corrects  INTEGER REFERENCES entry_row(id),
    letter    TEXT
);
INSERT INTO label (name)
    SELECT kind FROM entry UNION SELECT channel FROM entry UNION SELECT case_id FROM entry;
INSERT INTO entry_row (id, batch, line, kind, count, case_id, country, channel, day,
        volunteer, grp, prisoner, recipient, note, corrects, letter)
    SELECT e.id, e.batch, e.line, k.id, e.count, c.id, e.country, ch.id,
        CAST(julianday(e.day) - 2440587.5 AS INTEGER),
        e.volunteer, e.grp, e.prisoner, e.recipient, e.note, e.corrects, e.letter
    FROM entry e
    JOIN label k ON k.name = e.kind
    JOIN label c ON c.name = e.case_id
    JOIN label ch ON ch.name = e.channel
    ORDER BY e.id;
-- The table's own indexes and triggers go with it; the DELETE a DROP implies fires none.
DROP TABLE entry;
CREATE UNIQUE INDEX entry_corrects ON entry_row(corrects) WHERE corrects IS NOT NULL;
CREATE UNIQUE INDEX entry_letter ON entry_row(letter) WHERE letter IS NOT NULL;
CREATE TRIGGER entry_append_only_u BEFORE UPDATE ON entry_row
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER entry_append_only_d BEFORE DELETE ON entry_row
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER label_append_only_u BEFORE UPDATE ON label
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER label_append_only_d BEFORE DELETE ON label
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
-- The entries as versions 1 and 2 stored them, column for column.
CREATE VIEW entry AS
    SELECT e.id, e.batch, e.line, k.name AS kind, e.count, c.name AS case_id, e.prisoner,
        e.recipient, e.volunteer, e.grp, e.country, ch.name AS channel,
        date(e.day * 86400, 'unixepoch') AS day, e.note, e.corrects, e.letter
    FROM entry_row e
    JOIN label k ON k.id = e.kind
    JOIN label c ON c.id = e.case_id
    JOIN label ch ON ch.id = e.channel;
";

/// Version 4: imported row keys as sorted runs (see `ledger::keys`), 22 bytes per key and
/// one blob per import and bucket instead of one B-tree row per key. The keys of
/// `import_key` move into runs, then the table goes.
const V4: &str = "
-- Imported row keys (see `action::report`): for each import and each bucket (a key's top 12
-- bits) that its keys fall in, one run of 22-byte records sorted by key: the key, the
-- content fingerprint and the entry id, big-endian. The first import of a key wins. An
-- import merges the runs of a bucket holding many into one (in its own transaction), so
-- this table is not append-only; no key is ever dropped.
CREATE TABLE import_run (
    id     INTEGER PRIMARY KEY,
    bucket INTEGER NOT NULL,
    keys   BLOB NOT NULL
);
CREATE INDEX import_run_bucket ON import_run(bucket);
";

/// What a file turned out to hold.
struct Identity {
    application_id: i32,
    version: usize,
    tables: Vec<String>,
}

fn identify(conn: &Connection) -> rusqlite::Result<Identity> {
    let application_id = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut stmt =
        conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?;
    let tables = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(Identity {
        application_id,
        version: usize::try_from(version).unwrap_or(usize::MAX),
        tables,
    })
}

/// Checks that the open file is empty or a marathon ledger, switches it to WAL, and applies
/// the missing migrations in one transaction.
pub fn prepare(conn: &mut Connection, shown: &str) -> Result<()> {
    let not_ledger =
        || format!("`{shown}` is not a marathon ledger (not an SQLite database, or damaged)");
    // One read transaction, so that a migration committed by another process meanwhile is
    // seen whole (its tables and its application id) or not at all.
    let id = when_free(shown, || {
        let tx = conn.transaction()?;
        let id = identify(&tx)?;
        tx.commit()?;
        Ok(id)
    })
    .with_context(not_ledger)?;
    check_identity(&id, shown)?;
    // WAL lets readers run beside the one writer. FULL syncs the WAL at every commit, so a
    // commit that returned survives a power cut, not only a killed process (NORMAL would
    // sync only at checkpoints, and a power cut could lose a `sent` event that `send`
    // went on from). See docs/ledger.md, "What survives a power cut".
    let mode: String = when_free(shown, || {
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
    })
    .with_context(|| format!("`{shown}`: cannot switch the ledger to WAL mode"))?;
    if !mode.eq_ignore_ascii_case("wal") {
        bail!("`{shown}`: cannot switch the ledger to WAL mode (got `{mode}`)");
    }
    // A large page cache keeps a big import from spilling pages to the WAL and reading them
    // back; SQLite allocates it only as pages are used.
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -1048576;",
    )
    .with_context(|| format!("`{shown}`: cannot set up the connection"))?;
    if id.version == MIGRATIONS.len() {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .with_context(|| format!("`{shown}`: cannot lock the ledger to upgrade it"))?;
    // Another process may have migrated the file while this one waited for the lock.
    let id = identify(&tx).with_context(not_ledger)?;
    check_identity(&id, shown)?;
    if id.version > 0 && id.version < MIGRATIONS.len() {
        // Rewriting millions of entries takes a while (about 40 s for ten million): say why
        // the command is silent meanwhile.
        eprintln!(
            "upgrading the ledger `{shown}` from version {} to {}, once",
            id.version,
            MIGRATIONS.len()
        );
    }
    for (i, (sql, then)) in MIGRATIONS.iter().enumerate().skip(id.version) {
        let what = || format!("`{shown}`: cannot apply ledger migration {}", i + 1);
        tx.execute_batch(sql).with_context(what)?;
        if let Some(then) = then {
            then(&tx).with_context(what)?;
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()
        .with_context(|| format!("`{shown}`: cannot commit the ledger migrations"))?;
    Ok(())
}

/// Runs `f` again while another process holds a lock it does not wait for by itself (a new
/// file's switch to WAL, a read beside a writer that is creating the tables), for up to
/// [`super::BUSY_TIMEOUT`].
fn when_free<T>(shown: &str, mut f: impl FnMut() -> rusqlite::Result<T>) -> Result<T> {
    let start = std::time::Instant::now();
    loop {
        match f() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                if start.elapsed() > super::BUSY_TIMEOUT {
                    bail!("`{shown}` stayed locked by another process");
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            other => return Ok(other?),
        }
    }
}

fn check_identity(id: &Identity, shown: &str) -> Result<()> {
    let ours = id.application_id == APPLICATION_ID;
    if !ours && (id.application_id != 0 || !id.tables.is_empty()) {
        let tables = id
            .tables
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        bail!(
            "`{shown}` is an SQLite database of another program (tables: {tables}), not a marathon ledger"
        );
    }
    if id.version > MIGRATIONS.len() {
        bail!(
            "`{shown}` was written by a newer marathon (ledger version {}, this one knows up to {}); upgrade marathon",
            id.version,
            MIGRATIONS.len()
        );
    }
    Ok(())
}
