//! A real SMTP server for tests: `tests/smtp/server.py` (aiosmtpd) run on 127.0.0.1 as a
//! subprocess, with options mirroring its flags, and the messages it stored read back and
//! parsed with `mail-parser`.

#![allow(dead_code)]

pub mod ca;
mod stored;
mod tests;

pub use ca::TestCa;
pub use stored::{IndexEntry, StoredMessage};

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::support::repo_root;

/// How long `MailServer::start` waits for the server's `READY` line.
const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// What the test server should do; each setter mirrors one flag of `server.py`.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    tls: Option<(PathBuf, PathBuf)>,
    require_tls: bool,
    no_starttls: bool,
    auth: Option<(String, String)>,
    auth_plaintext: bool,
    seed: Option<u64>,
    temp_fail_rate: Option<f64>,
    temp_fail_code: Option<u16>,
    reject: Option<String>,
    drop_rate: Option<f64>,
    drop_after_store: bool,
    delay_ms: Option<u64>,
    pipelining: bool,
}

impl ServerOptions {
    /// A plain server: no TLS, no AUTH, no faults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Offers STARTTLS with the server certificate of `ca` (`--tls-cert`, `--tls-key`).
    pub fn tls(mut self, ca: &TestCa) -> Self {
        self.tls = Some((ca.cert_path().to_owned(), ca.key_path().to_owned()));
        self
    }

    /// Answers 530 to MAIL before STARTTLS (`--require-tls`; needs `tls`).
    pub fn require_tls(mut self) -> Self {
        self.require_tls = true;
        self
    }

    /// Does not offer STARTTLS even with a certificate (`--no-starttls`); a client's STARTTLS
    /// gets 454.
    pub fn no_starttls(mut self) -> Self {
        self.no_starttls = true;
        self
    }

    /// Requires AUTH PLAIN or LOGIN with these credentials (`--auth USER:PASSWORD`); 535 on a
    /// wrong password, 530 to MAIL without AUTH. AUTH is only offered after STARTTLS unless
    /// `auth_plaintext`.
    pub fn auth(mut self, user: &str, password: &str) -> Self {
        self.auth = Some((user.to_owned(), password.to_owned()));
        self
    }

    /// Allows AUTH without TLS (`--auth-plaintext`).
    pub fn auth_plaintext(mut self) -> Self {
        self.auth_plaintext = true;
        self
    }

    /// Seeds the fault generator (`--seed`); faults are drawn in message arrival order.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Share of messages refused at end of DATA with the temporary-failure code
    /// (`--temp-fail-rate`, 0 to 1).
    pub fn temp_fail_rate(mut self, rate: f64) -> Self {
        self.temp_fail_rate = Some(rate);
        self
    }

    /// The temporary-failure code: 421 (then the server closes the connection), 451 (the
    /// default) or 454 (`--temp-fail-code`).
    pub fn temp_fail_code(mut self, code: u16) -> Self {
        self.temp_fail_code = Some(code);
        self
    }

    /// 550 for RCPT addresses matching this Python regular expression (`--reject`).
    pub fn reject(mut self, pattern: &str) -> Self {
        self.reject = Some(pattern.to_owned());
        self
    }

    /// Share of messages after whose DATA the server cuts the connection without a reply
    /// (`--drop-rate`, 0 to 1). Such messages are not stored unless `drop_after_store`.
    pub fn drop_rate(mut self, rate: f64) -> Self {
        self.drop_rate = Some(rate);
        self
    }

    /// Stores a dropped message before cutting the connection (`--drop-after-store`): the
    /// message arrived but the client never heard so, as when a reply is lost.
    pub fn drop_after_store(mut self) -> Self {
        self.drop_after_store = true;
        self
    }

    /// Waits this long before replying to DATA (`--delay-ms`).
    pub fn delay_ms(mut self, ms: u64) -> Self {
        self.delay_ms = Some(ms);
        self
    }

    /// Advertises PIPELINING, so a client may send MAIL, RCPT and DATA in one write
    /// (`--pipelining`).
    pub fn pipelining(mut self) -> Self {
        self.pipelining = true;
        self
    }

    /// The command-line flags for `server.py`.
    fn args(&self) -> Vec<OsString> {
        let mut a: Vec<OsString> = Vec::new();
        let mut flag = |name: &str, value: Option<String>| {
            a.push(name.into());
            if let Some(v) = value {
                a.push(v.into());
            }
        };
        if let Some((cert, key)) = &self.tls {
            flag("--tls-cert", Some(cert.display().to_string()));
            flag("--tls-key", Some(key.display().to_string()));
        }
        if self.require_tls {
            flag("--require-tls", None);
        }
        if self.no_starttls {
            flag("--no-starttls", None);
        }
        if let Some((user, password)) = &self.auth {
            flag("--auth", Some(format!("{user}:{password}")));
        }
        if self.auth_plaintext {
            flag("--auth-plaintext", None);
        }
        if let Some(seed) = self.seed {
            flag("--seed", Some(seed.to_string()));
        }
        if let Some(rate) = self.temp_fail_rate {
            flag("--temp-fail-rate", Some(rate.to_string()));
        }
        if let Some(code) = self.temp_fail_code {
            flag("--temp-fail-code", Some(code.to_string()));
        }
        if let Some(pattern) = &self.reject {
            flag("--reject", Some(pattern.clone()));
        }
        if let Some(rate) = self.drop_rate {
            flag("--drop-rate", Some(rate.to_string()));
        }
        if self.drop_after_store {
            flag("--drop-after-store", None);
        }
        if let Some(ms) = self.delay_ms {
            flag("--delay-ms", Some(ms.to_string()));
        }
        if self.pipelining {
            flag("--pipelining", None);
        }
        a
    }
}

/// A running test SMTP server on 127.0.0.1; killed when dropped.
pub struct MailServer {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl MailServer {
    /// Starts `tests/smtp/server.py` on a free port and waits (10 s at most) until it accepts
    /// connections. Panics, with the server's output, if it cannot start.
    pub fn start(opts: ServerOptions) -> MailServer {
        let python = python();
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let log_path = dir.path().join("server.log");
        let log = std::fs::File::create(&log_path).unwrap();
        let mut child = Command::new(&python)
            .arg(repo_root().join("tests/smtp/server.py"))
            .args(["--port", "0", "--watch-stdin", "--store"])
            .arg(&store)
            .args(opts.args())
            // The server exits when this pipe closes, so it cannot outlive a killed test.
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}{HINT}", python.display()));

        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keep draining after READY so the server never blocks on a full pipe.
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let (port, problem) = match rx.recv_timeout(READY_TIMEOUT) {
            Ok(line) => match line.strip_prefix("READY ").map(|p| p.trim().parse::<u16>()) {
                Some(Ok(port)) => (Some(port), String::new()),
                _ => (None, format!("printed {line:?} instead of READY <port>")),
            },
            Err(mpsc::RecvTimeoutError::Timeout) => (
                None,
                format!("did not report READY within {READY_TIMEOUT:?}"),
            ),
            Err(mpsc::RecvTimeoutError::Disconnected) => (None, "exited before READY".to_owned()),
        };
        let Some(port) = port else {
            let _ = child.kill();
            let status = child.wait().ok();
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            panic!(
                "test SMTP server ({} tests/smtp/server.py {:?}) {problem}; exit status \
                 {status:?}\n--- server output ---\n{log}{HINT}",
                python.display(),
                opts.args()
            );
        };
        MailServer { child, port, dir }
    }

    /// The port the server listens on (on 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The folder holding `<seq>.eml` files and `index.jsonl`.
    pub fn store_dir(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// What the server wrote on stderr so far (warnings, tracebacks).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// The envelope of every stored message, in the order stored (cheap: no parsing).
    pub fn index(&self) -> Vec<IndexEntry> {
        stored::read_index(&self.store_dir())
    }

    /// Every stored message, in the order stored, parsed.
    pub fn messages(&self) -> Vec<StoredMessage> {
        let dir = self.store_dir();
        stored::read_index(&dir)
            .into_iter()
            .map(|entry| StoredMessage::load(&dir, entry))
            .collect()
    }

    /// The `Message-ID` of every stored message (without angle brackets), in the order
    /// stored; messages without one are left out.
    pub fn message_ids(&self) -> Vec<String> {
        self.index()
            .into_iter()
            .filter_map(|e| e.message_id)
            .collect()
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const HINT: &str = "\nthe test SMTP server needs Python with aiosmtpd: run `scripts/test.sh` \
                    (it creates target/test-env/venv), or set MARATHON_TEST_PYTHON to such a \
                    Python";

/// The Python that runs the server: `MARATHON_TEST_PYTHON`, else the venv made by
/// `scripts/test.sh`. Panics when neither exists: a missing server is never a skipped test.
fn python() -> PathBuf {
    let from_env = std::env::var_os("MARATHON_TEST_PYTHON").map(PathBuf::from);
    let venv = repo_root().join("target/test-env/venv/bin/python");
    let candidates: Vec<PathBuf> = from_env.into_iter().chain([venv]).collect();
    candidates
        .iter()
        .find(|p| is_file(p))
        .cloned()
        .unwrap_or_else(|| panic!("no Python for the test SMTP server among {candidates:?}{HINT}"))
}

fn is_file(p: &Path) -> bool {
    // A venv's python is a symlink; metadata() follows it.
    std::fs::metadata(p).is_ok_and(|m| m.is_file())
}
