//! Summary cells: the change a write makes to the `cell` table, gathered in memory while
//! the write runs and added in one pass before it commits, so that an import of millions
//! of rows touches each cell once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rusqlite::Connection;

use super::bulk::Bulk;
use crate::action::{Action, ActionKind, Channel};

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

/// Adds up entries into [`CellDeltas`] on a thread of its own, so that a large import
/// spends its writing thread on the entries themselves.
pub struct CellWorker {
    tx: Option<std::sync::mpsc::SyncSender<Vec<Action>>>,
    handle: Option<std::thread::JoinHandle<CellDeltas>>,
}

impl CellWorker {
    /// Starts the thread.
    pub fn start() -> Self {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Action>>(1024);
        let handle = std::thread::spawn(move || {
            let mut cells = CellDeltas::default();
            for chunk in rx {
                for a in &chunk {
                    cells.entry(a, 1);
                }
            }
            cells
        });
        Self {
            tx: Some(tx),
            handle: Some(handle),
        }
    }

    /// Adds these entries.
    pub fn add(&mut self, actions: Vec<Action>) -> anyhow::Result<()> {
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(actions).is_ok());
        if !sent {
            anyhow::bail!("the summary thread stopped");
        }
        Ok(())
    }

    /// Waits for the thread and returns the sum of everything added.
    pub fn finish(mut self) -> anyhow::Result<CellDeltas> {
        drop(self.tx.take());
        self.handle
            .take()
            .and_then(|h| h.join().ok())
            .ok_or_else(|| anyhow::anyhow!("the summary thread failed"))
    }
}

/// Pending changes to summary cells, keyed by interned strings.
pub struct CellDeltas {
    names: HashMap<Box<str>, u32, Fx>,
    strings: Vec<Box<str>>,
    /// Julian day number to the interned `YYYY-MM-DD`.
    days: HashMap<i32, u32, Fx>,
    /// The symbols of every kind and channel, in `ALL` order (`email` is both).
    kinds: [u32; 8],
    channels: [u32; 7],
    /// Kind, country, channel, day, case: one map update per entry for the three small
    /// dimensions, spread over them when flushed.
    small: HashMap<(u32, u32, u32, u32, u32), i64, Fx>,
    deltas: HashMap<(Dim, u32, u32, u32), i64, Fx>,
}

impl Default for CellDeltas {
    fn default() -> Self {
        let mut cells = CellDeltas {
            names: HashMap::default(),
            strings: Vec::new(),
            days: HashMap::default(),
            kinds: [0; 8],
            channels: [0; 7],
            small: HashMap::default(),
            deltas: HashMap::default(),
        };
        for (i, k) in ActionKind::ALL.into_iter().enumerate() {
            cells.kinds[i] = cells.sym(k.as_str());
        }
        for (i, c) in Channel::ALL.into_iter().enumerate() {
            cells.channels[i] = cells.sym(c.as_str());
        }
        cells
    }
}

impl CellDeltas {
    fn kind_sym(&self, kind: ActionKind) -> u32 {
        self.kinds[kind as usize]
    }

    fn channel_sym(&self, channel: Channel) -> u32 {
        self.channels[channel as usize]
    }

    fn day_sym(&mut self, day: time::Date) -> u32 {
        if let Some(&id) = self.days.get(&day.to_julian_day()) {
            return id;
        }
        let id = self.sym(&day.to_string());
        self.days.insert(day.to_julian_day(), id);
        id
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
        let day = self.day_sym(a.day);
        let case = self.sym(&a.case);
        let n = sign * a.count as i64;
        let country = self.sym(&a.country);
        let small = (
            self.kind_sym(a.kind),
            country,
            self.channel_sym(a.channel),
            day,
            case,
        );
        *self.small.entry(small).or_insert(0) += n;
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

    /// Writes the changes, in key order so that the table's B-tree is walked once, many
    /// rows per statement.
    pub fn flush(mut self, tx: &Connection) -> rusqlite::Result<()> {
        for ((kind, country, channel, day, case), n) in std::mem::take(&mut self.small) {
            self.add(Dim::Kind, kind, day, case, n);
            self.add(Dim::Country, country, day, case, n);
            self.add(Dim::Channel, channel, day, case, n);
        }
        let s = &self.strings;
        // Rank every symbol by its text, so that sorting compares integers.
        let mut order: Vec<u32> = (0..s.len() as u32).collect();
        order.sort_unstable_by(|a, b| s[*a as usize].cmp(&s[*b as usize]));
        let mut rank = vec![0u32; s.len()];
        for (r, sym) in order.iter().enumerate() {
            rank[*sym as usize] = r as u32;
        }
        let mut rows: Vec<_> = self.deltas.into_iter().filter(|(_, n)| *n != 0).collect();
        rows.sort_unstable_by_key(|((dim, value, day, case), _)| {
            (
                dim.as_str(),
                rank[*value as usize],
                rank[*day as usize],
                rank[*case as usize],
            )
        });
        const UPSERT: &str = "INSERT INTO cell (dim, value, day, case_id, actions) VALUES ";
        const ON_CONFLICT: &str = " ON CONFLICT (dim, value, day, case_id)
            DO UPDATE SET actions = actions + excluded.actions";
        const PER: usize = 100;
        let many = format!(
            "{UPSERT}{}{ON_CONFLICT}",
            vec!["(?, ?, ?, ?, ?)"; PER].join(", ")
        );
        let mut many = Bulk::new(tx, &many)?;
        let mut one = Bulk::new(tx, &format!("{UPSERT}(?, ?, ?, ?, ?){ON_CONFLICT}"))?;
        for chunk in rows.chunks(PER) {
            let stmt = if chunk.len() == PER {
                &mut many
            } else {
                &mut one
            };
            for part in chunk.chunks(if chunk.len() == PER { PER } else { 1 }) {
                stmt.run(|b| {
                    for (i, ((dim, value, day, case), n)) in part.iter().enumerate() {
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
        Ok(())
    }
}
