//! The web's own tables in `ledger copy` on PostgreSQL (see `ledger::web_copy`): read out
//! with the highest id each ever gave, and written into an empty ledger with their ids, the
//! id sequences moved past them.

use anyhow::{Result, bail};
use postgres::types::ToSql;
use postgres::{GenericClient, Transaction};

use super::super::web_copy::{Field, TABLES, TableRows, Ty, WebRows};

/// Reads every row of the web tables.
pub(in crate::ledger) fn read(conn: &mut impl GenericClient) -> Result<WebRows> {
    let mut out = Vec::new();
    for t in &TABLES {
        let sql = format!(
            "SELECT {} FROM {} ORDER BY {}",
            t.column_list(),
            t.name,
            t.order
        );
        let mut read = TableRows::default();
        for r in conn.query(&sql, &[])? {
            let mut row = Vec::with_capacity(t.columns.len());
            for (i, &(_, ty)) in t.columns.iter().enumerate() {
                let field = match ty {
                    Ty::Int => r.try_get::<_, Option<i64>>(i)?.map(Field::Int),
                    Ty::Text => r.try_get::<_, Option<String>>(i)?.map(Field::Text),
                    Ty::Bytes => r.try_get::<_, Option<Vec<u8>>>(i)?.map(Field::Bytes),
                };
                row.push(field.unwrap_or(Field::Null));
            }
            read.rows.push(row);
        }
        if t.never_reused {
            read.high_water = conn
                .query_one(
                    "SELECT pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass)",
                    &[&t.name],
                )?
                .get::<_, Option<i64>>(0)
                .unwrap_or(0);
        }
        out.push(read);
    }
    Ok(WebRows(out))
}

/// Writes the web tables' rows into a ledger whose web tables are empty, in `tx`; new rows
/// take ids after the copied ones (and after the original's highest ever given).
pub(in crate::ledger) fn write(tx: &mut Transaction<'_>, web: &WebRows) -> Result<()> {
    for (t, read) in TABLES.iter().zip(&web.0) {
        let marks: Vec<String> = (1..=t.columns.len()).map(|i| format!("${i}")).collect();
        let add = tx.prepare(&format!(
            "INSERT INTO {} ({}) {} VALUES ({})",
            t.name,
            t.column_list(),
            if t.has_id() {
                "OVERRIDING SYSTEM VALUE"
            } else {
                ""
            },
            marks.join(", ")
        ))?;
        for row in &read.rows {
            let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(row.len());
            for (f, &(column, ty)) in row.iter().zip(t.columns) {
                values.push(match (f, ty) {
                    (Field::Null, Ty::Int) => Box::new(None::<i64>),
                    (Field::Null, Ty::Text) => Box::new(None::<String>),
                    (Field::Null, Ty::Bytes) => Box::new(None::<Vec<u8>>),
                    (Field::Int(n), Ty::Int) => Box::new(*n),
                    (Field::Text(s), Ty::Text) => Box::new(s.clone()),
                    (Field::Bytes(b), Ty::Bytes) => Box::new(b.clone()),
                    (f, _) => bail!("table `{}`: column `{column}` holds {f:?}", t.name),
                });
            }
            let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
            tx.execute(&add, &refs)?;
        }
        // Marked as given (not only set), so that a copy of this copy reads it back.
        if t.has_id() {
            tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{0}', 'id'), v)
                     FROM (SELECT greatest($1, coalesce((SELECT max(id) FROM {0}), 0)) AS v) AS s
                     WHERE v > 0",
                    t.name
                ),
                &[&read.high_water],
            )?;
        }
    }
    Ok(())
}
