//! A ledger's identity: the `ledger_id` (a random UUID) written once in its `meta` table, so
//! that an entry, batch or letter event made in ledger L with local id N is known everywhere
//! as (L, N). A shared ledger keeps those pairs unique, so syncing an offline ledger twice,
//! or a copy of it, adds nothing the second time.

use anyhow::{Context, Result};
use rand::RngCore;
use rusqlite::{Connection, OptionalExtension};

/// The migration adding `meta` and `origin` (version 11 of the SQLite schema); [`migrate`]
/// then writes the ledger id.
pub(super) const META: &str = "
-- Facts about the ledger itself, one row each: `ledger_id`, its identity (a UUID) in synced
-- and copied ledgers. Written once.
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER meta_append_only_u BEFORE UPDATE ON meta
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER meta_append_only_d BEFORE DELETE ON meta
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

-- Rows made in another ledger (copied by `ledger copy`, or synced into the ledger that was
-- copied): their identity there. A row not listed was made in this ledger: its identity is
-- (ledger_id, id).
CREATE TABLE origin (
    tbl       TEXT NOT NULL,            -- 'batch', 'entry', 'letter_event'
    id        INTEGER NOT NULL,         -- the row's id in this ledger
    ledger    TEXT NOT NULL,            -- the ledger_id it was made in
    origin_id INTEGER NOT NULL,         -- its id there
    PRIMARY KEY (tbl, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX origin_identity ON origin(tbl, ledger, origin_id);
CREATE TRIGGER origin_append_only_u BEFORE UPDATE ON origin
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER origin_append_only_d BEFORE DELETE ON origin
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
";

/// Gives a ledger without an id a new one (a new file, or one written before version 11).
pub(super) fn migrate(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO meta (name, value) VALUES ('ledger_id', ?1)",
        [new_ledger_id()],
    )?;
    Ok(())
}

/// A random (version 4) UUID in its usual text form, lowercase.
pub fn new_ledger_id() -> String {
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// True for a UUID in the form [`new_ledger_id`] writes (any version, either case).
#[cfg(test)]
pub fn is_ledger_id(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The ledger id of an SQLite ledger.
pub(super) fn read(conn: &Connection) -> Result<String> {
    let id: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE name = 'ledger_id'", [], |r| {
            r.get(0)
        })
        .optional()?;
    id.context("the ledger has no `ledger_id` in its `meta` table")
}

impl super::Ledger {
    /// This ledger's identity: a UUID given when it was created (or upgraded to version 11);
    /// entries made here are known elsewhere by it and their ids.
    pub fn ledger_id(&self) -> Result<String> {
        match &self.store {
            super::Store::Sqlite(conn) => {
                read(conn).with_context(|| self.context("cannot read the ledger id"))
            }
            super::Store::Pg(pg) => Ok(pg.ledger_id().to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Ledger;
    use super::*;

    // Every ledger needs an identity for sync: a file from before version 11 gets one on
    // upgrade, and it stays the same once written.
    #[test]
    fn an_upgraded_ledger_gets_an_id_that_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            for (sql, then) in &super::super::schema::MIGRATIONS[..8] {
                conn.execute_batch(sql).unwrap();
                if let Some(then) = then {
                    then(&conn).unwrap();
                }
            }
            conn.execute_batch(&format!(
                "PRAGMA user_version = 8; PRAGMA application_id = {};
                 INSERT INTO batch (id, origin, recorded_at) VALUES (1, 'record', 'x');",
                super::super::schema::APPLICATION_ID
            ))
            .unwrap();
        }
        let l = Ledger::open(&path).unwrap();
        let id = l.ledger_id().unwrap();
        assert!(is_ledger_id(&id), "{id}");
        drop(l);
        let l = Ledger::open(&path).unwrap();
        assert_eq!(l.ledger_id().unwrap(), id);
        let err = l
            .conn()
            .execute("UPDATE meta SET value = 'x' WHERE name = 'ledger_id'", [])
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
        let other = Ledger::open(&dir.path().join("other.sqlite")).unwrap();
        assert_ne!(other.ledger_id().unwrap(), id);
    }

    #[test]
    fn ledger_ids_are_uuids_and_differ() {
        let a = new_ledger_id();
        let b = new_ledger_id();
        assert!(is_ledger_id(&a), "{a}");
        assert_ne!(a, b);
        assert_eq!(&a[14..15], "4");
        assert!(!is_ledger_id("not-a-uuid"));
        assert!(!is_ledger_id(&a[1..]));
    }
}
