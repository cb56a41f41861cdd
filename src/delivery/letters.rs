//! The letters of one run, by their index in the plan: read again from the manifest when a
//! worker or the ledger writer needs one, so a run holds its letters' places and not their
//! entries. The few letters in flight are kept at hand so that each is read once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use anyhow::{Result, anyhow};

use crate::manifest::{ManifestEntry, Place, Places};

/// Letters kept at hand at most; far more than the connections have in flight (two a
/// connection: the one being sent and the one whose answer is being recorded).
const AT_HAND: usize = 4_096;

/// The letters of one run.
pub struct RunLetters {
    places: Places,
    send: Vec<Place>,
    at_hand: Mutex<HashMap<usize, Arc<ManifestEntry>>>,
}

impl RunLetters {
    /// The letters at `send` (the plan's list) in the manifest open as `places`.
    pub fn new(places: Places, send: Vec<Place>) -> Self {
        Self {
            places,
            send,
            at_hand: Mutex::new(HashMap::new()),
        }
    }

    /// How many letters the run has.
    pub fn len(&self) -> usize {
        self.send.len()
    }

    /// True when the run has no letters.
    pub fn is_empty(&self) -> bool {
        self.send.is_empty()
    }

    /// Letter number `index` of the run.
    pub fn get(&self, index: usize) -> Result<Arc<ManifestEntry>> {
        if let Some(entry) = self.lock().get(&index) {
            return Ok(entry.clone());
        }
        let place = *self
            .send
            .get(index)
            .ok_or_else(|| anyhow!("no letter number {index} in this run"))?;
        let entry = Arc::new(self.places.entry(place)?);
        let mut at_hand = self.lock();
        if at_hand.len() >= AT_HAND {
            // Whatever is still needed is read again: cheaper than keeping ages.
            at_hand.clear();
        }
        at_hand.insert(index, entry.clone());
        Ok(entry)
    }

    /// Letter `index` is over for this run: it need not be kept at hand.
    pub fn done(&self, index: usize) {
        self.lock().remove(&index);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<usize, Arc<ManifestEntry>>> {
        // The map only caches entries read from the file; a poisoned one is still valid.
        self.at_hand
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}
