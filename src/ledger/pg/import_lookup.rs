//! The look-ups of a PostgreSQL import's keys, shared with a second connection: half of each
//! chunk's keys is looked up there while the import's own connection looks up the other
//! half, so that two server processes search the index at once. The keys looked up are
//! committed ones (this import writes its own at its end), which any connection sees, so the
//! second one needs no part of the import's transaction. When it cannot be opened, the
//! import's connection looks up every key, as before.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::{Result, anyhow};
use postgres::Client;

use super::keys;

/// Keys of a chunk from which half of them go to the second connection.
const SHARE_FROM: usize = 10_000;

/// The second connection, on a thread of its own.
struct Helper {
    jobs: SyncSender<Vec<i64>>,
    found: Receiver<Result<Vec<(i64, i64)>>>,
    thread: JoinHandle<()>,
}

/// Looks keys up through the import's connection and, once opened, a second one.
pub struct Lookups {
    /// The ledger's URL, to open the second connection (it holds no password).
    url: String,
    helper: Option<Helper>,
    /// True once opening the second connection was tried.
    tried: bool,
}

impl Lookups {
    /// Look-ups for the ledger at `url`; the second connection opens on the first look-up
    /// large enough to share.
    pub fn new(url: &str) -> Self {
        Lookups {
            url: url.to_string(),
            helper: None,
            tried: false,
        }
    }

    /// The (key, content) pairs of `wanted` that the ledger holds.
    pub fn contents(&mut self, client: &mut Client, wanted: &[i64]) -> Result<Vec<(i64, i64)>> {
        if wanted.len() < SHARE_FROM {
            return keys::contents(client, wanted);
        }
        if !self.tried {
            self.tried = true;
            self.helper = self.open();
        }
        let Some(helper) = &self.helper else {
            return keys::contents(client, wanted);
        };
        let (theirs, ours) = wanted.split_at(wanted.len() / 2);
        if helper.jobs.send(theirs.to_vec()).is_err() {
            self.helper = None;
            return keys::contents(client, wanted);
        }
        let mut found = keys::contents(client, ours);
        let theirs = helper
            .found
            .recv()
            .map_err(|_| anyhow!("the import's second connection to the ledger closed"))
            .and_then(|r| r);
        match (&mut found, theirs) {
            (Ok(found), Ok(theirs)) => found.extend(theirs),
            (Ok(_), Err(e)) => return Err(e),
            (Err(_), _) => {}
        }
        found
    }

    /// Opens the second connection on its thread; `None` when it cannot be opened.
    fn open(&self) -> Option<Helper> {
        let client = super::connect::Settings::from_url(&self.url)
            .and_then(|s| s.connect())
            .map_err(|e| tracing::debug!("import: no second connection for look-ups: {e:#}"))
            .ok()?;
        let (jobs, rx) = sync_channel::<Vec<i64>>(1);
        let (tx, found) = sync_channel(1);
        let thread = std::thread::spawn(move || {
            let mut client: Client = client;
            for wanted in rx {
                if tx.send(look_up(&mut client, &wanted)).is_err() {
                    break;
                }
            }
        });
        Some(Helper {
            jobs,
            found,
            thread,
        })
    }
}

/// Looks `wanted` up in a transaction of its own, searching the index only as the import's
/// connection does (see `import`): settings of the transaction alone, so that a pooler in
/// transaction mode hands no changed session to its next client.
fn look_up(client: &mut Client, wanted: &[i64]) -> Result<Vec<(i64, i64)>> {
    let mut tx = client.transaction()?;
    tx.batch_execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")?;
    let found = keys::contents(&mut tx, wanted)?;
    tx.commit()?;
    Ok(found)
}

impl Drop for Lookups {
    fn drop(&mut self) {
        if let Some(h) = self.helper.take() {
            drop(h.jobs);
            let _ = h.thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::ledger::Ledger;
    use crate::ledger::pg::testdb::TestDb;

    // Keys looked up through two connections come back as through one.
    #[test]
    fn a_shared_look_up_finds_what_one_connection_finds() {
        let Some(db) = TestDb::create("lookup_shared") else {
            return;
        };
        let mut l = Ledger::open(&PathBuf::from(&db.url)).unwrap();
        let a = crate::ledger::tests::action(crate::action::ActionKind::Appeal, 1, "DE");
        let mut imp = l.import("keys.csv").unwrap();
        for k in 0..15_000i64 {
            imp.add(k as u64 + 2, k * 7, k, a.clone()).unwrap();
        }
        imp.finish().unwrap();
        // Half of the keys are there.
        let wanted: Vec<i64> = (0..30_000i64).map(|k| k * 7).collect();
        let mut client = db.client();
        let mut one = keys::contents(&mut client, &wanted).unwrap();
        let mut lookups = Lookups::new(&db.url);
        let mut two = lookups.contents(&mut client, &wanted).unwrap();
        assert!(lookups.helper.is_some(), "the second connection opened");
        one.sort_unstable();
        two.sort_unstable();
        assert_eq!(one.len(), 15_000);
        assert_eq!(one, two);
    }
}
