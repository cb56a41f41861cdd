//! Labels: the kinds, channels and cases entries name, stored once each in `label` and
//! named in `entry_row` by number (see the schema's version 3).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rusqlite::{Connection, OptionalExtension};
use time::Date;

use super::cells::FxHasher;
use crate::action::{Action, ActionKind, Channel};

/// The Julian day number of 1970-01-01, day 0 of `entry_row.day`.
const EPOCH_JULIAN: i64 = 2_440_588;

/// `day` as stored in `entry_row.day`: days since 1970-01-01.
pub(super) fn day_number(day: Date) -> i64 {
    i64::from(day.to_julian_day()) - EPOCH_JULIAN
}

/// The label numbers of one entry.
#[derive(Debug, Clone, Copy)]
pub(super) struct EntryLabels {
    pub kind: i64,
    pub case: i64,
    pub channel: i64,
}

/// Label numbers looked up or added within one transaction. Not to be kept across
/// transactions: a label added by one that rolls back is gone.
#[derive(Default)]
pub(super) struct Labels {
    ids: HashMap<Box<str>, i64, BuildHasherDefault<FxHasher>>,
    kinds: [Option<i64>; ActionKind::ALL.len()],
    channels: [Option<i64>; Channel::ALL.len()],
}

impl Labels {
    /// The number of label `name`, added when missing.
    pub fn id(&mut self, tx: &Connection, name: &str) -> rusqlite::Result<i64> {
        if let Some(&id) = self.ids.get(name) {
            return Ok(id);
        }
        let found = tx
            .prepare_cached("SELECT id FROM label WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => tx
                .prepare_cached("INSERT INTO label (name) VALUES (?1)")?
                .insert([name])?,
        };
        self.ids.insert(name.into(), id);
        Ok(id)
    }

    /// The label numbers of `a`'s kind, case and channel.
    pub fn of(&mut self, tx: &Connection, a: &Action) -> rusqlite::Result<EntryLabels> {
        let kind = match self.kinds[a.kind as usize] {
            Some(id) => id,
            None => {
                let id = self.id(tx, a.kind.as_str())?;
                self.kinds[a.kind as usize] = Some(id);
                id
            }
        };
        let channel = match self.channels[a.channel as usize] {
            Some(id) => id,
            None => {
                let id = self.id(tx, a.channel.as_str())?;
                self.channels[a.channel as usize] = Some(id);
                id
            }
        };
        Ok(EntryLabels {
            kind,
            case: self.id(tx, &a.case)?,
            channel,
        })
    }
}
