//! The web's own tables in `ledger copy`: submissions waiting for their link, the daily mail
//! counts, sign-ups, invitations and their mails' events, read out of an SQLite ledger and
//! written into an empty one as they are (ids, token hashes, nonces and mail states), so
//! that a link mailed before the copy still works on the copy. The PostgreSQL side is in
//! `pg::web_copy`.

use anyhow::{Result, bail};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

/// The type of a column, as both stores read and write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// An integer (`INTEGER`, `bigint`).
    Int,
    /// Text.
    Text,
    /// Bytes (`BLOB`, `bytea`).
    Bytes,
}

/// One value of a copied row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Field {
    Null,
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

/// A web table: its name, its columns in the order read and written, the order its rows are
/// read in, and whether its ids are never reused (so the copy carries on after the
/// original's highest id ever given, not only after the rows still there).
pub(crate) struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Ty)],
    pub order: &'static str,
    pub never_reused: bool,
}

use Ty::{Bytes, Int, Text};

/// The web tables, in the order they are written (an invitation before its events).
pub(crate) const TABLES: [Table; 5] = [
    Table {
        name: "pending_action",
        columns: &[
            ("id", Int),
            ("token", Bytes),
            ("nonce", Bytes),
            ("email", Text),
            ("address_hash", Text),
            ("kind", Text),
            ("count", Int),
            ("case_id", Text),
            ("country", Text),
            ("grp", Text),
            ("lang", Text),
            ("submitted_at", Int),
            ("mail_status", Text),
            ("mail_detail", Text),
            ("mail_attempts", Int),
            ("mail_at", Int),
            ("ip_prefix", Text),
        ],
        order: "id",
        never_reused: true,
    },
    Table {
        name: "confirm_mail_day",
        columns: &[("address_hash", Text), ("day", Int), ("mails", Int)],
        order: "address_hash, day",
        never_reused: false,
    },
    Table {
        name: "signup",
        columns: &[
            ("id", Int),
            ("token", Bytes),
            ("nonce", Bytes),
            ("name", Text),
            ("email", Text),
            ("address_hash", Text),
            ("city", Text),
            ("country", Text),
            ("languages", Text),
            ("lang", Text),
            ("submitted_at", Int),
            ("confirmed_at", Int),
            ("volunteer", Text),
            ("mail_status", Text),
            ("mail_detail", Text),
            ("mail_attempts", Int),
            ("mail_at", Int),
        ],
        order: "id",
        never_reused: true,
    },
    Table {
        name: "invite",
        columns: &[
            ("volunteer", Text),
            ("nonce", Bytes),
            ("token_hash", Bytes),
            ("expires_at", Text),
            ("created_at", Text),
        ],
        order: "volunteer",
        never_reused: false,
    },
    Table {
        name: "invite_event",
        columns: &[
            ("id", Int),
            ("volunteer", Text),
            ("status", Text),
            ("detail", Text),
            ("at", Text),
        ],
        order: "id",
        never_reused: false,
    },
];

impl Table {
    /// The column names, comma-separated.
    pub fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// True when the table has an `id` column.
    pub fn has_id(&self) -> bool {
        self.columns[0].0 == "id"
    }
}

/// The rows of one web table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TableRows {
    /// Its rows, each with one field per column of its [`Table`].
    pub rows: Vec<Vec<Field>>,
    /// The highest id it ever gave (0: none, or ids that may be reused).
    pub high_water: i64,
}

/// The web tables' rows, in the order of [`TABLES`] (empty when not read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WebRows(pub Vec<TableRows>);

impl WebRows {
    /// The rows of table `name`.
    pub fn count(&self, name: &str) -> u64 {
        TABLES
            .iter()
            .zip(&self.0)
            .find(|(t, _)| t.name == name)
            .map_or(0, |(_, r)| r.rows.len() as u64)
    }
}

/// Reads every row of the web tables of an SQLite ledger.
pub(super) fn read_sqlite(conn: &Connection) -> Result<WebRows> {
    let mut out = Vec::new();
    for t in &TABLES {
        let mut stmt = conn.prepare(&format!(
            "SELECT {} FROM {} ORDER BY {}",
            t.column_list(),
            t.name,
            t.order
        ))?;
        let mut rows = stmt.query([])?;
        let mut read = TableRows::default();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(t.columns.len());
            for (i, &(column, ty)) in t.columns.iter().enumerate() {
                let field = match (r.get::<_, Value>(i)?, ty) {
                    (Value::Null, _) => Field::Null,
                    (Value::Integer(n), Int) => Field::Int(n),
                    (Value::Text(s), Text) => Field::Text(s),
                    (Value::Blob(b), Bytes) => Field::Bytes(b),
                    (v, _) => bail!(
                        "table `{}`, row {}: column `{column}` holds {:?}, not {ty:?}",
                        t.name,
                        read.rows.len() + 1,
                        v.data_type()
                    ),
                };
                row.push(field);
            }
            read.rows.push(row);
        }
        if t.never_reused {
            read.high_water = conn
                .query_row(
                    "SELECT seq FROM sqlite_sequence WHERE name = ?1",
                    [t.name],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(0);
        }
        out.push(read);
    }
    Ok(WebRows(out))
}

/// Writes the web tables' rows into an SQLite ledger whose web tables are empty, in the
/// caller's transaction; ids never reused carry on after the original's highest.
pub(super) fn write_sqlite(conn: &Connection, web: &WebRows) -> Result<()> {
    for (t, read) in TABLES.iter().zip(&web.0) {
        let marks: Vec<String> = (1..=t.columns.len()).map(|i| format!("?{i}")).collect();
        let mut add = conn.prepare(&format!(
            "INSERT INTO {} ({}) VALUES ({})",
            t.name,
            t.column_list(),
            marks.join(", ")
        ))?;
        for row in &read.rows {
            add.execute(params_from_iter(row.iter().map(|f| match f {
                Field::Null => Value::Null,
                Field::Int(n) => Value::Integer(*n),
                Field::Text(s) => Value::Text(s.clone()),
                Field::Bytes(b) => Value::Blob(b.clone()),
            })))?;
        }
        if t.never_reused && read.high_water > 0 {
            conn.execute(
                "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1 AND seq < ?2",
                params![t.name, read.high_water],
            )?;
            conn.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT ?1, ?2
                 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?1)",
                params![t.name, read.high_water],
            )?;
        }
    }
    Ok(())
}
