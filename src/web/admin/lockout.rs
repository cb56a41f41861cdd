//! The login's lockout: after [`FREE_TRIES`] wrong passwords in a row, an account name or
//! a client address waits before it may try again, longer after each further miss
//! ([`BASE`] doubled, up to [`LONGEST`]). While it waits, no password is even checked.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Wrong passwords allowed before the first wait.
pub const FREE_TRIES: u32 = 5;

/// The first wait.
pub const BASE: Duration = Duration::from_secs(30);

/// The longest wait.
pub const LONGEST: Duration = Duration::from_secs(3600);

/// How many names and addresses are remembered at most (the oldest are forgotten first).
const REMEMBERED: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Strikes {
    misses: u32,
    until: Option<Instant>,
    last: Instant,
}

/// Misses per key (`name:…` or `ip:…`).
#[derive(Debug, Default)]
pub struct Lockout {
    keys: HashMap<String, Strikes>,
}

impl Lockout {
    /// How long `key` must still wait at `now`, or `None` when it may try.
    pub fn wait(&self, key: &str, now: Instant) -> Option<Duration> {
        let until = self.keys.get(key)?.until?;
        (until > now).then(|| until - now)
    }

    /// Counts a wrong password for `key` at `now`.
    pub fn miss(&mut self, key: &str, now: Instant) {
        if self.keys.len() >= REMEMBERED && !self.keys.contains_key(key) {
            self.forget_oldest();
        }
        let s = self.keys.entry(key.to_string()).or_insert(Strikes {
            misses: 0,
            until: None,
            last: now,
        });
        s.misses = s.misses.saturating_add(1);
        s.last = now;
        if s.misses >= FREE_TRIES {
            let doublings = (s.misses - FREE_TRIES).min(16);
            let wait = BASE.saturating_mul(1 << doublings).min(LONGEST);
            s.until = Some(now + wait);
        }
    }

    /// Forgets the misses of `key` (after a good password).
    pub fn clear(&mut self, key: &str) {
        self.keys.remove(key);
    }

    fn forget_oldest(&mut self) {
        let mut lasts: Vec<Instant> = self.keys.values().map(|s| s.last).collect();
        lasts.sort_unstable();
        let cut = lasts[lasts.len() / 2];
        self.keys.retain(|_, s| s.last > cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_misses_lock_and_each_further_miss_doubles_the_wait() {
        let mut l = Lockout::default();
        let t0 = Instant::now();
        for _ in 0..FREE_TRIES - 1 {
            l.miss("name:anna", t0);
        }
        assert_eq!(l.wait("name:anna", t0), None);
        l.miss("name:anna", t0);
        assert_eq!(l.wait("name:anna", t0), Some(BASE));
        assert_eq!(l.wait("name:boris", t0), None);
        let later = t0 + BASE;
        assert_eq!(l.wait("name:anna", later), None);
        l.miss("name:anna", later);
        assert_eq!(l.wait("name:anna", later), Some(BASE * 2));
        for _ in 0..40 {
            l.miss("name:anna", later);
        }
        assert_eq!(l.wait("name:anna", later), Some(LONGEST));
        l.clear("name:anna");
        assert_eq!(l.wait("name:anna", later), None);
    }
}
