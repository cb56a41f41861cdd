//! Summary cells: the change a write makes to the `cell` table, gathered in memory while
//! the write runs and added in one pass before it commits, so that an import of millions
//! of rows touches each cell once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rusqlite::Connection;

use super::bulk::Bulk;
use crate::action::{Action, ActionKind, Channel};

/// Version 10 of the schema: the [`Dim::VolunteerTotal`] cells, added up from the
/// volunteers' cells of every day and case.
pub(super) const VOLUNTEER_TOTALS: &str = "
INSERT INTO cell (dim, value, day, case_id, actions)
    SELECT 'volunteer-total', value, '', '', SUM(actions) FROM cell
    WHERE dim = 'volunteer' GROUP BY value HAVING SUM(actions) <> 0;
";

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
    /// Actions by volunteer over all days and cases (day and case empty): one cell a
    /// volunteer, so that counting the volunteers with any action reads one row each.
    VolunteerTotal,
}

impl Dim {
    /// The position of [`Dim::as_str`] in alphabetical order (the order of `cell`'s key).
    pub fn rank(self) -> u8 {
        match self {
            Dim::Channel => 0,
            Dim::Country => 1,
            Dim::Group => 2,
            Dim::Kind => 3,
            Dim::Prisoner => 4,
            Dim::Received => 5,
            Dim::Volunteer => 6,
            Dim::VolunteerTotal => 7,
        }
    }

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
            Dim::VolunteerTotal => "volunteer-total",
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
        // The multiply leaves the low bits weak, and the table indexes by them: finish with
        // MurmurHash3's 64-bit mix.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

type Fx = BuildHasherDefault<FxHasher>;

/// Pending changes to summary cells, keyed by interned strings.
pub struct CellDeltas {
    names: HashMap<Box<str>, u32, Fx>,
    strings: Vec<Box<str>>,
    /// Julian day number to the interned `YYYY-MM-DD`.
    days: HashMap<i32, u32, Fx>,
    /// The symbols of every kind and channel, in `ALL` order (`email` is both).
    kinds: [u32; 8],
    channels: [u32; 7],
    /// The symbol of the empty string: the day and case of a [`Dim::VolunteerTotal`] cell.
    blank: u32,
    /// False where the [`Dim::VolunteerTotal`] cells are not kept (PostgreSQL).
    totals: bool,
    /// The [`Slot`] of each (Julian day, case) in `slots`: one small map lookup per entry
    /// for the three small dimensions.
    slot_of: HashMap<(i32, u32), u32, Fx>,
    slots: Vec<Slot>,
    deltas: HashMap<(Dim, u32, u32, u32), i64, Fx>,
}

/// Letters in the alphabet of a country code: codes of two capital letters index
/// [`Slot::countries`].
const LETTERS: usize = 26;

/// The changes by kind, channel and country of one day and case, in arrays indexed by the
/// kind's and channel's positions in `ALL` and by the country code's letters.
struct Slot {
    julian: i32,
    case: u32,
    kinds: [i64; ActionKind::ALL.len()],
    channels: [i64; Channel::ALL.len()],
    countries: Box<[i64; LETTERS * LETTERS]>,
}

/// The index of a country code of two capital ASCII letters (the codes imports check
/// against ISO 3166); anything else is counted under its text.
fn country_index(country: &str) -> Option<usize> {
    match *country.as_bytes() {
        [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => {
            Some(usize::from(a - b'A') * LETTERS + usize::from(b - b'A'))
        }
        _ => None,
    }
}

/// The code of [`country_index`] `i`.
fn country_code(i: usize) -> [u8; 2] {
    // `i` < LETTERS * LETTERS, so both letters are capitals.
    [b'A' + (i / LETTERS) as u8, b'A' + (i % LETTERS) as u8]
}

impl Default for CellDeltas {
    fn default() -> Self {
        let mut cells = CellDeltas {
            names: HashMap::default(),
            strings: Vec::new(),
            days: HashMap::default(),
            kinds: [0; 8],
            channels: [0; 7],
            blank: 0,
            totals: true,
            slot_of: HashMap::default(),
            slots: Vec::new(),
            deltas: HashMap::default(),
        };
        for (i, k) in ActionKind::ALL.into_iter().enumerate() {
            cells.kinds[i] = cells.sym(k.as_str());
        }
        for (i, c) in Channel::ALL.into_iter().enumerate() {
            cells.channels[i] = cells.sym(c.as_str());
        }
        cells.blank = cells.sym("");
        cells
    }
}

impl CellDeltas {
    /// Changes without the [`Dim::VolunteerTotal`] cells, which only an SQLite ledger keeps:
    /// one map entry less for each row of a volunteer.
    pub fn without_totals() -> Self {
        CellDeltas {
            totals: false,
            ..Self::default()
        }
    }

    fn day_sym(&mut self, day: time::Date) -> u32 {
        if let Some(&id) = self.days.get(&day.to_julian_day()) {
            return id;
        }
        let id = self.sym(&day.to_string());
        self.days.insert(day.to_julian_day(), id);
        id
    }

    /// The symbol of Julian day `julian`, as taken from a valid date by [`CellDeltas::entry`].
    fn julian_sym(&mut self, julian: i32) -> u32 {
        match self.days.get(&julian) {
            Some(&id) => id,
            None => match time::Date::from_julian_day(julian) {
                Ok(day) => self.day_sym(day),
                Err(_) => self.sym(&julian.to_string()),
            },
        }
    }

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
        let case = self.sym(&a.case);
        let n = sign * a.count as i64;
        let julian = a.day.to_julian_day();
        let next = self.slots.len() as u32;
        let at = *self.slot_of.entry((julian, case)).or_insert(next);
        if at == next {
            self.slots.push(Slot {
                julian,
                case,
                kinds: [0; ActionKind::ALL.len()],
                channels: [0; Channel::ALL.len()],
                countries: Box::new([0; LETTERS * LETTERS]),
            });
        }
        let slot = &mut self.slots[at as usize];
        slot.kinds[a.kind as usize] += n;
        slot.channels[a.channel as usize] += n;
        if let Some(i) = country_index(&a.country) {
            slot.countries[i] += n;
        } else {
            let (country, day) = (self.sym(&a.country), self.day_sym(a.day));
            self.add(Dim::Country, country, day, case, n);
        }
        if a.group.is_none() && a.volunteer.is_none() && a.prisoner.is_none() {
            return;
        }
        let day = self.day_sym(a.day);
        if let Some(g) = &a.group {
            let g = self.sym(g);
            self.add(Dim::Group, g, day, case, n);
        }
        if let Some(v) = &a.volunteer {
            let v = self.sym(v);
            self.add(Dim::Volunteer, v, day, case, n);
            if self.totals {
                self.add(Dim::VolunteerTotal, v, self.blank, self.blank, n);
            }
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

    /// Writes the changes, in key order so that the table's B-tree is walked once, many
    /// rows per statement.
    pub fn flush(self, tx: &Connection) -> rusqlite::Result<()> {
        self.sorted().write(tx)
    }

    /// The changes as rows of `cell`, sorted by its key (no SQL: this can run on another
    /// thread than the one writing).
    pub fn sorted(mut self) -> CellRows {
        // The slots' cells go beside the map, not into it: no key of theirs is in it (kinds
        // and channels are only counted in slots, and countries of two capital letters too),
        // and adding them would grow a map of a million cells once more.
        let mut from_slots = Vec::new();
        for slot in std::mem::take(&mut self.slots) {
            let (day, case) = (self.julian_sym(slot.julian), slot.case);
            for (i, &n) in slot.kinds.iter().enumerate() {
                from_slots.push(((Dim::Kind, self.kinds[i], day, case), n));
            }
            for (i, &n) in slot.channels.iter().enumerate() {
                from_slots.push(((Dim::Channel, self.channels[i], day, case), n));
            }
            for (i, &n) in slot.countries.iter().enumerate().filter(|(_, n)| **n != 0) {
                let code = country_code(i);
                let country = self.sym(std::str::from_utf8(&code).unwrap_or("??"));
                from_slots.push(((Dim::Country, country, day, case), n));
            }
        }
        let s = &self.strings;
        // Rank every symbol by its text, so that sorting compares integers.
        let mut order: Vec<(&str, u32)> = s.iter().zip(0..).map(|(t, i)| (&**t, i)).collect();
        order.sort_unstable();
        let mut rank = vec![0u32; s.len()];
        for (r, (_, sym)) in order.iter().enumerate() {
            rank[*sym as usize] = r as u32;
        }
        // The sort key computed once per row, not once per comparison.
        let mut rows: Vec<_> = self
            .deltas
            .into_iter()
            .chain(from_slots)
            .filter(|(_, n)| *n != 0)
            .map(|((dim, value, day, case), n)| {
                let key = (
                    dim.rank(),
                    rank[value as usize],
                    rank[day as usize],
                    rank[case as usize],
                );
                (key, (dim, value, day, case), n)
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        CellRows {
            rows: rows.into_iter().map(|(_, k, n)| (k, n)).collect(),
            strings: self.strings,
        }
    }
}

/// Changes to `cell`, sorted by its key, ready to be written.
pub struct CellRows {
    rows: Vec<((Dim, u32, u32, u32), i64)>,
    strings: Vec<Box<str>>,
}

impl CellRows {
    /// The changes held.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there is no change.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Calls `f` with each change (dim, value, day, case, actions) in key order, but the
    /// [`Dim::VolunteerTotal`] ones, which only an SQLite ledger keeps.
    pub fn each_but_totals(&self, mut f: impl FnMut(&'static str, &str, &str, &str, i64)) {
        let s = &self.strings;
        for ((dim, value, day, case), n) in &self.rows {
            if *dim != Dim::VolunteerTotal {
                f(
                    dim.as_str(),
                    &s[*value as usize],
                    &s[*day as usize],
                    &s[*case as usize],
                    *n,
                );
            }
        }
    }

    /// Adds the changes to `cell`, many rows per statement; the rest (all of them for the
    /// few rows of a letter batch) one at a time through the connection's statement cache,
    /// so that a small write compiles no SQL.
    pub fn write(self, tx: &Connection) -> rusqlite::Result<()> {
        let (rows, s) = (self.rows, &self.strings);
        const UPSERT: &str = "INSERT INTO cell (dim, value, day, case_id, actions) VALUES ";
        const ON_CONFLICT: &str = " ON CONFLICT (dim, value, day, case_id)
            DO UPDATE SET actions = actions + excluded.actions";
        const PER: usize = 100;
        let full = rows.len() - rows.len() % PER;
        if full > 0 {
            let many = format!(
                "{UPSERT}{}{ON_CONFLICT}",
                vec!["(?, ?, ?, ?, ?)"; PER].join(", ")
            );
            let mut many = Bulk::new(tx, &many)?;
            for chunk in rows[..full].chunks(PER) {
                many.run(|b| {
                    for (i, ((dim, value, day, case), n)) in chunk.iter().enumerate() {
                        let at = i * 5;
                        b.text(at + 1, dim.as_str());
                        b.text(at + 2, &s[*value as usize]);
                        b.text(at + 3, &s[*day as usize]);
                        b.text(at + 4, &s[*case as usize]);
                        b.int(at + 5, *n);
                    }
                })?;
            }
        }
        if full < rows.len() {
            let mut one =
                tx.prepare_cached(&format!("{UPSERT}(?1, ?2, ?3, ?4, ?5){ON_CONFLICT}"))?;
            for ((dim, value, day, case), n) in &rows[full..] {
                one.execute(rusqlite::params![
                    dim.as_str(),
                    &*s[*value as usize],
                    &*s[*day as usize],
                    &*s[*case as usize],
                    n
                ])?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dims_rank_in_the_order_of_their_names() {
        let dims = [
            Dim::Kind,
            Dim::Country,
            Dim::Channel,
            Dim::Group,
            Dim::Volunteer,
            Dim::Prisoner,
            Dim::Received,
            Dim::VolunteerTotal,
        ];
        let mut by_name = dims;
        by_name.sort_by_key(|d| d.as_str());
        let mut by_rank = dims;
        by_rank.sort_by_key(|d| d.rank());
        assert_eq!(by_name, by_rank);
        assert!(by_rank.iter().zip(0..).all(|(d, i)| d.rank() == i));
    }

    #[test]
    fn countries_by_code_or_by_text_reach_their_cells() {
        let mut cells = CellDeltas::default();
        let day = time::macros::date!(2026 - 12 - 10);
        let texts = ["DE", "ZA", "XK", "de", "D", "DEU", "É"];
        for (i, text) in texts.into_iter().enumerate() {
            let a = Action {
                kind: ActionKind::Appeal,
                count: 1 + i as u64,
                case: "alpha".into(),
                prisoner: None,
                recipient: None,
                volunteer: None,
                group: None,
                country: text.into(),
                channel: Channel::Post,
                day,
                note: None,
            };
            cells.entry(&a, 1);
            cells.entry(&a, 1);
        }
        let rows = cells.sorted();
        let countries: Vec<(&str, i64)> = rows
            .rows
            .iter()
            .filter(|((dim, ..), _)| *dim == Dim::Country)
            .map(|((_, value, ..), n)| (&*rows.strings[*value as usize], *n))
            .collect();
        let mut want: Vec<(&str, i64)> = texts.iter().zip(1..).map(|(t, n)| (*t, 2 * n)).collect();
        want.sort();
        assert_eq!(countries, want);
    }
}

#[cfg(test)]
#[path = "cells_tests.rs"]
mod totals_tests;
