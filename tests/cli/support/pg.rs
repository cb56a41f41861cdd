//! PostgreSQL for the CLI tests: a fresh database per test on the cluster `MARATHON_TEST_PG`
//! names (`scripts/test.sh` starts one and exports it), a workspace whose campaign file
//! points at it, and a cluster of a test's own for the tests that restart the server.
//! Without `MARATHON_TEST_PG` these tests skip with a line on stderr, unless
//! `MARATHON_TEST_REQUIRE_PG=1`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use super::Workspace;

/// A database created for one test, dropped when it ends.
pub struct TestDb {
    admin: String,
    name: String,
    /// The database's URL.
    pub url: String,
}

/// The URL `admin` with its database replaced by `name`.
/// What one run printed or wrote, by a name for it.
pub type Seen = BTreeMap<String, String>;

/// Asserts that a run on PostgreSQL saw what the same run on SQLite saw, answer by answer.
pub fn assert_same(sqlite: &Seen, pg: &Seen) {
    for (what, on_sqlite) in sqlite {
        assert_eq!(
            Some(on_sqlite),
            pg.get(what),
            "`{what}` differs between SQLite and PostgreSQL"
        );
    }
    assert_eq!(sqlite.len(), pg.len());
}

/// Runs `run` on an SQLite ledger (`None`), then, with a test cluster, on a fresh PostgreSQL
/// database named after `test` (its URL), and asserts both saw the same.
pub fn same_on_both_stores(test: &str, run: impl Fn(Option<&str>) -> Seen) {
    let sqlite = run(None);
    if let Some(db) = TestDb::create(test) {
        assert_same(&sqlite, &run(Some(&db.url)));
    }
}

pub fn with_dbname(admin: &str, name: &str) -> String {
    let (main, query) = admin.split_once('?').unwrap_or((admin, ""));
    let scheme_end = main.find("://").map_or(0, |i| i + 3);
    let base = match main[scheme_end..].find('/') {
        Some(i) => &main[..scheme_end + i],
        None => main,
    };
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}

/// The admin URL of the test cluster, or `None` after a line on stderr.
pub fn admin_url(test: &str) -> Option<String> {
    let found = std::env::var("MARATHON_TEST_PG")
        .ok()
        .filter(|v| !v.is_empty());
    if found.is_none() {
        assert!(
            std::env::var("MARATHON_TEST_REQUIRE_PG").as_deref() != Ok("1"),
            "MARATHON_TEST_REQUIRE_PG=1 but MARATHON_TEST_PG is not set"
        );
        eprintln!(
            "{test}: skipped on PostgreSQL (MARATHON_TEST_PG not set; scripts/test.sh sets it)"
        );
    }
    found
}

fn unique_name() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "t_{}_{}_{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

impl TestDb {
    /// Creates a database on the test cluster, or `None` when there is none.
    pub fn create(test: &str) -> Option<TestDb> {
        let admin = admin_url(test)?;
        Some(Self::on(&admin))
    }

    /// Creates a database on the cluster `admin` names.
    pub fn on(admin: &str) -> TestDb {
        let name = unique_name();
        let mut c = postgres::Client::connect(admin, postgres::NoTls).expect("the test cluster");
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let url = with_dbname(admin, &name);
        TestDb {
            admin: admin.to_string(),
            name,
            url,
        }
    }

    /// A plain connection, for looking behind the ledger's API.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).expect("the test database")
    }

    /// Entries in the ledger, counted by the database itself.
    pub fn entries(&self) -> i64 {
        self.client()
            .query_one("SELECT count(*) FROM entry", &[])
            .unwrap()
            .get(0)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// Points the workspace's campaign file at `url` (its `ledger` setting).
pub fn use_ledger(ws: &Workspace, url: &str) {
    let text = ws.read("campaign.toml");
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("ledger = "))
        .map(|l| format!("{l}\n"))
        .collect();
    let (first, rest) = text.split_once('\n').unwrap();
    ws.write(
        "campaign.toml",
        format!("{first}\nledger = \"{url}\"\n{rest}"),
    );
}

/// A PostgreSQL cluster of one test's own (for tests that restart or stop the server),
/// stopped and deleted when dropped.
pub struct OwnCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// Its admin URL.
    pub admin: String,
}

impl OwnCluster {
    /// Starts a cluster with `initdb` and `pg_ctl` from `MARATHON_TEST_PG_BIN`, or `None`
    /// when the test cluster is not given either.
    pub fn start(test: &str) -> Option<OwnCluster> {
        Self::start_with(test, None)
    }

    /// Starts a cluster that also accepts TLS with the certificate `cert` and key `key`
    /// (PEM files, copied into the cluster's folder).
    pub fn start_tls(test: &str, cert: &Path, key: &Path) -> Option<OwnCluster> {
        Self::start_with(test, Some((cert, key)))
    }

    fn start_with(test: &str, tls: Option<(&Path, &Path)>) -> Option<OwnCluster> {
        admin_url(test)?;
        let bin = PathBuf::from(
            std::env::var("MARATHON_TEST_PG_BIN")
                .expect("scripts/test.sh sets MARATHON_TEST_PG_BIN"),
        );
        let dir = tempfile::Builder::new()
            .prefix("marathon-own-pg.")
            .tempdir()
            .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = OwnCluster {
            dir,
            bin,
            admin: format!("postgres://marathon@127.0.0.1:{port}/postgres"),
        };
        if is_root() {
            run(Command::new("chown").arg("postgres:").arg(c.dir.path()));
        }
        run(c
            .cmd("initdb")
            .args([
                "-U",
                "marathon",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ])
            .args(["--no-instructions", "--no-sync", "-D"])
            .arg(c.data()));
        let mut opts = format!(
            "-c listen_addresses=127.0.0.1 -k {} -p {port} -c fsync=on",
            c.dir.path().display()
        );
        if let Some((cert, key)) = tls {
            // The server reads its key only when the server's user owns it, mode 0600.
            let (to_cert, to_key) = (
                c.dir.path().join("server.pem"),
                c.dir.path().join("server.key"),
            );
            std::fs::copy(cert, &to_cert).unwrap();
            std::fs::copy(key, &to_key).unwrap();
            std::fs::set_permissions(&to_key, std::os::unix::fs::PermissionsExt::from_mode(0o600))
                .unwrap();
            if is_root() {
                run(Command::new("chown")
                    .arg("postgres:")
                    .arg(&to_cert)
                    .arg(&to_key));
            }
            opts.push_str(&format!(
                " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
                to_cert.display(),
                to_key.display()
            ));
        }
        run(c.ctl().args(["-w", "-t", "60", "-s", "-o", &opts, "start"]));
        Some(c)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn cmd(&self, tool: &str) -> Command {
        let path = self.bin.join(tool);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn ctl(&self) -> Command {
        let mut c = self.cmd("pg_ctl");
        c.arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("log"));
        c
    }

    /// Restarts the server (fast shutdown: open sessions are ended, their transactions
    /// rolled back).
    pub fn restart(&self) {
        run(self
            .ctl()
            .args(["-m", "fast", "-w", "-t", "60", "-s", "restart"]));
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        let _ = self
            .ctl()
            .args(["-m", "immediate", "-w", "-s", "stop"])
            .output();
    }
}

fn is_root() -> bool {
    std::env::var("USER").as_deref() == Ok("root")
        || Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

fn run(c: &mut Command) {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{c:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
