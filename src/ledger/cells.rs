//! Summary cells: the change a write makes to the `cell` table, gathered in memory while
//! the write runs and added in one pass before it commits, so that an import of millions
//! of rows touches each cell once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rusqlite::Connection;

use crate::action::{Action, ActionKind};

/// A summary dimension: the `dim` column of `cell`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dim {
    /// Actions by kind.
    Kind,
    /// Actions by country.
    Country,
    /// Actions by channel.
    Channel,
    /// Actions by group.
    Group,
    /// Actions by volunteer.
    Volunteer,
    /// Solidarity actions by prisoner.
    Prisoner,
    /// Solidarity letters confirmed received, by prisoner.
    Received,
}

impl Dim {
    /// The name stored in `cell.dim`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dim::Kind => "kind",
            Dim::Country => "country",
            Dim::Channel => "channel",
            Dim::Group => "group",
            Dim::Volunteer => "volunteer",
            Dim::Prisoner => "prisoner",
            Dim::Received => "received",
        }
    }
}

/// A small fast hasher for keys that are short strings and integers chosen by the program
/// (not by an attacker who could aim for collisions): the multiply-rotate step of rustc's
/// FxHash.
#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Fx = BuildHasherDefault<FxHasher>;

/// Pending changes to summary cells.
#[derive(Default)]
pub struct CellDeltas {
    names: HashMap<Box<str>, u32, Fx>,
    strings: Vec<Box<str>>,
    deltas: HashMap<(Dim, u32, u32, u32), i64, Fx>,
}

impl CellDeltas {
    fn sym(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.names.get(s) {
            return id;
        }
        // Fewer than 2^32 distinct strings fit in memory long before this could wrap.
        let id = self.strings.len() as u32;
        self.strings.push(s.into());
        self.names.insert(s.into(), id);
        id
    }

    fn add(&mut self, dim: Dim, value: u32, day: u32, case: u32, n: i64) {
        *self.deltas.entry((dim, value, day, case)).or_insert(0) += n;
    }

    /// Adds (`sign` 1) or takes away (`sign` -1) the contribution of one entry.
    pub fn entry(&mut self, a: &Action, sign: i64) {
        let day = a.day.to_string();
        let day = self.sym(&day);
        let case = self.sym(&a.case);
        let n = sign * a.count as i64;
        let kind = self.sym(a.kind.as_str());
        self.add(Dim::Kind, kind, day, case, n);
        let country = self.sym(&a.country);
        self.add(Dim::Country, country, day, case, n);
        let channel = self.sym(a.channel.as_str());
        self.add(Dim::Channel, channel, day, case, n);
        if let Some(g) = &a.group {
            let g = self.sym(g);
            self.add(Dim::Group, g, day, case, n);
        }
        if let Some(v) = &a.volunteer {
            let v = self.sym(v);
            self.add(Dim::Volunteer, v, day, case, n);
        }
        if let (ActionKind::Solidarity, Some(p)) = (a.kind, &a.prisoner) {
            let p = self.sym(p);
            self.add(Dim::Prisoner, p, day, case, n);
        }
    }

    /// Adds one solidarity letter confirmed received by `prisoner`.
    pub fn received(&mut self, prisoner: &str, day: &str, case: &str) {
        let (p, d, c) = (self.sym(prisoner), self.sym(day), self.sym(case));
        self.add(Dim::Received, p, d, c, 1);
    }

    /// Writes the changes, in key order so that the table's B-tree is walked once.
    pub fn flush(self, tx: &Connection) -> rusqlite::Result<()> {
        let mut rows: Vec<_> = self.deltas.into_iter().filter(|(_, n)| *n != 0).collect();
        let s = &self.strings;
        rows.sort_unstable_by(|(a, _), (b, _)| {
            (
                a.0.as_str(),
                &s[a.1 as usize],
                &s[a.2 as usize],
                &s[a.3 as usize],
            )
                .cmp(&(
                    b.0.as_str(),
                    &s[b.1 as usize],
                    &s[b.2 as usize],
                    &s[b.3 as usize],
                ))
        });
        let mut stmt = tx.prepare_cached(
            "INSERT INTO cell (dim, value, day, case_id, actions) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (dim, value, day, case_id) DO UPDATE SET actions = actions + excluded.actions",
        )?;
        for ((dim, value, day, case), n) in rows {
            stmt.execute(rusqlite::params![
                dim.as_str(),
                &*s[value as usize],
                &*s[day as usize],
                &*s[case as usize],
                n
            ])?;
        }
        Ok(())
    }
}
