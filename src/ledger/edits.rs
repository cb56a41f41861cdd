//! Volunteers' edits of their letters' text before printing: append-only, each save a new
//! row naming the volunteer who made it; the latest row of a letter is its text, and a row
//! with no text reverts it to the generated one.

use std::collections::HashMap;

use anyhow::{Context, Result};
use rusqlite::params;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Ledger, Store};

/// Version 9: the volunteers' edits of their letters.
pub(super) const V9: &str = "
-- One save of a letter's text by a volunteer; the latest row of a letter wins, and a row
-- whose text is NULL reverts the letter to the generated text.
CREATE TABLE letter_edit (
    id        INTEGER PRIMARY KEY,
    letter    TEXT NOT NULL,
    volunteer TEXT NOT NULL,
    text      TEXT,
    saved_at  TEXT NOT NULL
);
CREATE INDEX letter_edit_volunteer ON letter_edit(volunteer, letter, id);
CREATE TRIGGER letter_edit_no_update BEFORE UPDATE ON letter_edit
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: an edit cannot be changed'); END;
CREATE TRIGGER letter_edit_no_delete BEFORE DELETE ON letter_edit
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: an edit cannot be deleted'); END;
";

/// The latest saved text of one letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterEdit {
    /// The letter id.
    pub letter: String,
    /// The volunteer who saved it.
    pub volunteer: String,
    /// The text to print instead of the generated one.
    pub text: String,
    /// When it was saved.
    pub saved_at: OffsetDateTime,
}

impl Ledger {
    /// Keeps `text` as letter `letter`'s text, saved by volunteer `volunteer`; `None` reverts
    /// the letter to its generated text. Each call adds a row; earlier ones stay.
    pub fn save_letter_edit(
        &mut self,
        letter: &str,
        volunteer: &str,
        text: Option<&str>,
    ) -> Result<()> {
        let now = OffsetDateTime::now_utc().format(&Rfc3339)?;
        let saved = match &self.store {
            Store::Sqlite(conn) => conn
                .execute(
                    "INSERT INTO letter_edit (letter, volunteer, text, saved_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![letter, volunteer, text, now],
                )
                .map(drop)
                .map_err(anyhow::Error::from),
            Store::Pg(pg) => {
                super::pg::edits::save(&mut *pg.client(), letter, volunteer, text, &now)
            }
        };
        saved.with_context(|| self.context("cannot save the letter's text"))
    }

    /// The edited letters of volunteer `volunteer`, by letter id: the latest save of each
    /// letter that has not been reverted.
    pub fn letter_edits(&self, volunteer: &str) -> Result<HashMap<String, LetterEdit>> {
        let read = || -> Result<HashMap<String, LetterEdit>> {
            let saves = match &self.store {
                Store::Sqlite(conn) => {
                    let mut st = conn.prepare_cached(
                        "SELECT volunteer, letter, text, saved_at FROM letter_edit
                         WHERE volunteer = ?1 ORDER BY id",
                    )?;
                    let rows = st.query_map([volunteer], save_row)?;
                    rows.collect::<rusqlite::Result<Vec<Save>>>()?
                }
                Store::Pg(pg) => super::pg::edits::of_volunteer(&mut *pg.client(), volunteer)?,
            };
            Ok(latest(saves)?.remove(volunteer).unwrap_or_default())
        };
        read().with_context(|| self.context("cannot read the letters' edits"))
    }

    /// Every volunteer's edited letters, by volunteer id then letter id, read at once (as
    /// [`Ledger::letter_edits`] reads one volunteer's): for `marathon pack`, which prints
    /// every volunteer's letters.
    pub fn all_letter_edits(&self) -> Result<HashMap<String, HashMap<String, LetterEdit>>> {
        let read = || -> Result<HashMap<String, HashMap<String, LetterEdit>>> {
            let saves = match &self.store {
                Store::Sqlite(conn) => {
                    let mut st = conn.prepare_cached(
                        "SELECT volunteer, letter, text, saved_at FROM letter_edit ORDER BY id",
                    )?;
                    let rows = st.query_map([], save_row)?;
                    rows.collect::<rusqlite::Result<Vec<Save>>>()?
                }
                Store::Pg(pg) => super::pg::edits::all(&mut *pg.client())?,
            };
            latest(saves)
        };
        read().with_context(|| self.context("cannot read the letters' edits"))
    }
}

/// One saved row: volunteer, letter, text (`None`: a revert), when.
pub(super) type Save = (String, String, Option<String>, String);

fn save_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Save> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

/// The latest save of each volunteer's letters from `saves` (oldest first), reverted ones
/// left out.
fn latest(saves: Vec<Save>) -> Result<HashMap<String, HashMap<String, LetterEdit>>> {
    let mut out: HashMap<String, HashMap<String, LetterEdit>> = HashMap::new();
    for (volunteer, letter, text, at) in saves {
        let mine = out.entry(volunteer.clone()).or_default();
        match text {
            Some(text) => {
                let saved_at = OffsetDateTime::parse(&at, &Rfc3339)
                    .with_context(|| format!("bad time `{at}`"))?;
                mine.insert(
                    letter.clone(),
                    LetterEdit {
                        letter,
                        volunteer,
                        text,
                        saved_at,
                    },
                );
            }
            None => {
                mine.remove(&letter);
            }
        }
    }
    Ok(out)
}
