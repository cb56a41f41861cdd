//! Volunteers' edits of their letters on a PostgreSQL ledger (see `ledger::edits`).

use anyhow::{Context, Result};
use postgres::GenericClient;

/// Version 3 of the PostgreSQL schema: the volunteers' edits of their letters, append-only
/// like SQLite's version 9.
pub const EDITS: &str = r#"
CREATE TABLE letter_edit (
    id        bigserial PRIMARY KEY,
    letter    text NOT NULL,
    volunteer text NOT NULL,
    text      text,
    saved_at  text NOT NULL
);
CREATE INDEX letter_edit_volunteer ON letter_edit(volunteer, letter, id);
CREATE TRIGGER letter_edit_append_only BEFORE UPDATE OR DELETE ON letter_edit
    FOR EACH ROW EXECUTE FUNCTION marathon_append_only();
CREATE TRIGGER letter_edit_no_truncate BEFORE TRUNCATE ON letter_edit
    FOR EACH STATEMENT EXECUTE FUNCTION marathon_append_only();
"#;

/// Adds one save (`text` `None`: a revert), and moves the change marker in the same
/// transaction.
pub fn save(
    client: &mut impl GenericClient,
    letter: &str,
    volunteer: &str,
    text: Option<&str>,
    saved_at: &str,
) -> Result<()> {
    let mut tx = client
        .transaction()
        .context("cannot save the letter's text")?;
    tx.execute(
        "INSERT INTO letter_edit (letter, volunteer, text, saved_at) VALUES ($1, $2, $3, $4)",
        &[&letter, &volunteer, &text, &saved_at],
    )
    .context("cannot save the letter's text")?;
    // `letter_edit` has no trigger moving the change marker (the `change` table of
    // schema.rs), and a volunteer's page is kept until the marker moves: it is moved here,
    // last, as the triggers do at commit.
    tx.execute(
        "UPDATE change SET n = n + 1 WHERE slot = pg_backend_pid() % 16",
        &[],
    )
    .context("cannot save the letter's text")?;
    tx.commit().context("cannot save the letter's text")
}

/// Every save of volunteer `volunteer`, oldest first: (volunteer, letter, text, saved_at).
pub fn of_volunteer(
    client: &mut impl GenericClient,
    volunteer: &str,
) -> Result<Vec<crate::ledger::edits::Save>> {
    let rows = client.query(
        "SELECT volunteer, letter, text, saved_at FROM letter_edit WHERE volunteer = $1
         ORDER BY id",
        &[&volunteer],
    )?;
    Ok(rows.iter().map(save_of).collect())
}

/// Every save of every volunteer, oldest first.
pub fn all(client: &mut impl GenericClient) -> Result<Vec<crate::ledger::edits::Save>> {
    let rows = client.query(
        "SELECT volunteer, letter, text, saved_at FROM letter_edit ORDER BY id",
        &[],
    )?;
    Ok(rows.iter().map(save_of).collect())
}

fn save_of(r: &postgres::Row) -> crate::ledger::edits::Save {
    (r.get(0), r.get(1), r.get(2), r.get(3))
}
