//! Browser test harness: one chromedriver and one headless Chromium session shared by the
//! whole test run, with helpers to open pages, fill and click, read text, save screenshots
//! under `target/screenshots/` and run axe-core in the page.
//!
//! Without `chromedriver` on the PATH the browser tests skip with a message, unless
//! `MARATHON_TEST_REQUIRE_BROWSER` is set (`scripts/test.sh` sets it), when they fail.

#![allow(dead_code)]

mod act;
mod admin;
mod harness;
mod join;
pub use join::{join_link, join_workspace, mailed_link};
mod public;
mod steer;
mod volunteer;
mod volunteer_admin;
mod volunteer_edit;
mod webdriver;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::repo_root;
use webdriver::{WdError, command, element_id, element_ref};

/// The shared browser; `None` when chromedriver is missing and not required, an error when it
/// could not start (kept, so that the next test does not start another).
type Shared = Option<Result<Mutex<Browser>, String>>;
static BROWSER: OnceLock<Shared> = OnceLock::new();

/// Locks the shared browser for one test, starting it on first use (its cookies are cleared
/// for each test). Returns `None`, after saying why, when the browser tests are skipped.
pub fn browser() -> Option<MutexGuard<'static, Browser>> {
    let shared = BROWSER.get_or_init(|| match find_chromedriver() {
        Some(driver) => Some(
            std::panic::catch_unwind(|| Mutex::new(Browser::start(&driver))).map_err(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| "the browser did not start".into())
            }),
        ),
        None if std::env::var_os("MARATHON_TEST_REQUIRE_BROWSER").is_some() => panic!(
            "chromedriver is not installed and MARATHON_TEST_REQUIRE_BROWSER is set: install the \
             Debian package chromium-driver (scripts/test.sh does)"
        ),
        None => {
            // Written past the test harness's capture, so that the skip shows in a passing run.
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "skipping the browser tests: chromedriver is not installed (Debian package \
                 chromium-driver; `bash scripts/test.sh` installs it)"
            );
            None
        }
    });
    let shared = match shared.as_ref()? {
        Ok(shared) => shared,
        Err(e) => panic!("{e}"),
    };
    let guard = shared
        .lock()
        // A test that panicked while holding the browser leaves it usable.
        .unwrap_or_else(|poison| poison.into_inner());
    guard.reset();
    Some(guard)
}

fn find_chromedriver() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MARATHON_TEST_CHROMEDRIVER") {
        return Some(PathBuf::from(path));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromedriver"))
            .find(|p| p.is_file())
    })
}

/// A serious or critical accessibility violation found by axe-core.
#[derive(Debug, Clone)]
pub struct Violation {
    /// The axe rule (`color-contrast`, `label`, ...).
    pub rule: String,
    /// `serious` or `critical`.
    pub impact: String,
    /// What the rule checks.
    pub help: String,
    /// CSS selectors of the offending elements.
    pub targets: Vec<String>,
}

/// chromedriver and one Chromium session.
pub struct Browser {
    port: u16,
    session: String,
    /// The driver runs under a small shell that stops it (and with it Chromium) when this
    /// pipe closes, which happens when the test process exits however it exits.
    _watch: ChildStdin,
    _driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(driver: &Path) -> Browser {
        let port = free_port();
        // `cat` returns when the test process is gone; then the driver and Chromium stop.
        // `set -m` gives the driver a process group of its own, which Chromium joins.
        let script = r#"set -m
            "$1" --port="$2" --allowed-ips=127.0.0.1 --log-level=SEVERE &
            pid=$!
            cat >/dev/null
            kill -TERM -- "-$pid" 2>/dev/null; sleep 1; kill -KILL -- "-$pid" 2>/dev/null"#;
        let mut child = Command::new("bash")
            .args(["-c", script, "chromedriver-watch"])
            .arg(driver)
            .arg(port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver.display()));
        let watch = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match command(port, "GET", "/status", None) {
                Ok(v) if v["ready"] == true => break,
                _ if Instant::now() > deadline => {
                    let mut said = String::new();
                    let _ = out.read_line(&mut said);
                    panic!("chromedriver did not start on port {port}: {said}");
                }
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        // Keep reading the driver's stdout so that it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let profile = tempfile::tempdir().unwrap();
        let binary = std::env::var("MARATHON_TEST_CHROMIUM").unwrap_or("/usr/bin/chromium".into());
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-breakpad",
                    "--disable-crash-reporter", "--window-size=1280,1000",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": { "intl.accept_languages": "en" },
            },
        }}});
        let session = command(port, "POST", "/session", Some(&caps))
            .unwrap_or_else(|e| panic!("cannot start a Chromium session: {e}"));
        let session = session["sessionId"].as_str().unwrap().to_string();
        Browser {
            port,
            session,
            _watch: watch,
            _driver: child,
            _profile: profile,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WdError> {
        let path = format!("/session/{}{path}", self.session);
        command(self.port, method, &path, body.as_ref())
    }

    fn must(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.cmd(method, path, body)
            .unwrap_or_else(|e| panic!("webdriver {method} {path}: {e}"))
    }

    /// Forgets cookies and leaves the page, so that each test starts afresh.
    fn reset(&self) {
        let _ = self.cmd("POST", "/url", Some(json!({ "url": "about:blank" })));
        // Cookies belong to a host, not a port: every test server on 127.0.0.1 shares them,
        // and WebDriver's own delete only reaches the page shown. Chromium's command clears
        // them all.
        let clear = json!({ "cmd": "Network.clearBrowserCookies", "params": {} });
        if let Err(e) = self.cmd("POST", "/goog/cdp/execute", Some(clear)) {
            panic!("cannot clear the browser's cookies: {e}");
        }
    }

    /// Opens `url` and waits for the page to load.
    pub fn goto(&self, url: &str) {
        self.must("POST", "/url", Some(json!({ "url": url })));
    }

    /// The address of the page shown.
    pub fn url(&self) -> String {
        self.must("GET", "/url", None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// The page's title.
    pub fn title(&self) -> String {
        self.must("GET", "/title", None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn find(&self, css: &str) -> String {
        let found = self.must(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        element_id(&found).unwrap_or_else(|| panic!("no element id for `{css}`: {found}"))
    }

    /// True when an element matches `css`.
    pub fn exists(&self, css: &str) -> bool {
        let found = self.must(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found.as_array().is_some_and(|a| !a.is_empty())
    }

    /// Types `text` into the field matching `css`, replacing what it held.
    pub fn fill(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.must("POST", &format!("/element/{id}/clear"), Some(json!({})));
        self.must(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Chooses the option with value `value` in the `<select>` matching `css`.
    pub fn select(&self, css: &str, value: &str) {
        self.click(&format!("{css} option[value=\"{value}\"]"));
    }

    /// Clicks the element matching `css` (and waits for a page it loads).
    pub fn click(&self, css: &str) {
        let id = self.find(css);
        self.must("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Clicks the element matching `css`, which submits a form or follows a link, and waits
    /// until the next page has loaded (a click alone may return before it has).
    pub fn submit(&self, css: &str) {
        self.exec("window.__marathonLeaving = true;", vec![]);
        self.click(css);
        self.wait_for("the next page", Duration::from_secs(15), |b| {
            b.cmd(
                "POST",
                "/execute/sync",
                Some(json!({
                    "script": "return !window.__marathonLeaving && document.readyState === 'complete';",
                    "args": [],
                })),
            )
            .is_ok_and(|v| v == true)
        });
    }

    /// The visible text of the element matching `css`.
    /// Retried for a few seconds while the element is missing or from a page being left, so
    /// that a read right after a navigating click sees the new page.
    pub fn text(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let found = self.cmd(
                "POST",
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            );
            let text = found.and_then(|f| {
                let id = element_id(&f).unwrap_or_default();
                self.cmd("GET", &format!("/element/{id}/text"), None)
            });
            match text {
                Ok(t) => return t.as_str().unwrap_or("").to_string(),
                Err(e) if Instant::now() > deadline => panic!("text of `{css}`: {e}"),
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    /// The value of attribute `name` of the element matching `css`.
    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        let id = self.find(css);
        let v = self.must("GET", &format!("/element/{id}/attribute/{name}"), None);
        v.as_str().map(str::to_owned)
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page; returns its value.
    pub fn exec(&self, script: &str, args: Vec<Value>) -> Value {
        self.must(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs `script` with the element matching `css` as `arguments[0]`.
    pub fn exec_on(&self, css: &str, script: &str) -> Value {
        let id = self.find(css);
        self.exec(script, vec![element_ref(&id)])
    }

    /// Saves a screenshot of the whole page as `target/screenshots/NAME.png`; returns the path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let dir = repo_root().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        // Chromium's own command captures beyond the window, the whole page.
        let params = json!({ "format": "png", "captureBeyondViewport": true });
        let cdp = json!({ "cmd": "Page.captureScreenshot", "params": params });
        let data = match self.cmd("POST", "/goog/cdp/execute", Some(cdp)) {
            Ok(v) => v["data"].as_str().unwrap_or("").to_string(),
            Err(_) => self
                .must("GET", "/screenshot", None)
                .as_str()
                .unwrap()
                .to_string(),
        };
        let png = webdriver::base64_decode(&data);
        assert!(
            png.starts_with(b"\x89PNG"),
            "screenshot {name} is not a PNG"
        );
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Prints the page shown to a PDF on A4 paper, as the browser's print dialog would with
    /// its default settings, and writes it to `path`.
    pub fn print_pdf(&self, path: &Path) {
        let params = json!({ "page": { "width": 21.0, "height": 29.7 }, "background": true });
        let data = self.must("POST", "/print", Some(params));
        let pdf = webdriver::base64_decode(data.as_str().unwrap_or(""));
        assert!(pdf.starts_with(b"%PDF"), "the browser printed no PDF");
        std::fs::write(path, pdf).unwrap();
    }

    /// Prints the page to PDF, keeps a copy as `target/screenshots/NAME.pdf`, and returns
    /// its text as `pdftotext -layout` reads it.
    pub fn print_pdf_text(&self, name: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("page.pdf");
        self.print_pdf(&pdf);
        std::fs::copy(
            &pdf,
            repo_root().join(format!("target/screenshots/{name}.pdf")),
        )
        .unwrap();
        let out = std::process::Command::new("pdftotext")
            .args(["-layout", pdf.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext");
        assert!(out.status.success(), "pdftotext failed on {name}.pdf");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs axe-core in the page; returns its serious and critical violations.
    pub fn axe(&self) -> Vec<Violation> {
        static AXE: OnceLock<String> = OnceLock::new();
        let source = AXE.get_or_init(|| {
            let path = repo_root().join("target/test-env/node_modules/axe-core/axe.min.js");
            std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "cannot read {}: {e}; `bash scripts/test.sh` installs axe-core",
                    path.display()
                )
            })
        });
        self.exec(&format!("{source}\n;return true;"), vec![]);
        let run = r#"const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ rule: v.id, impact: v.impact, help: v.help,
                             targets: v.nodes.map(n => n.target.join(' ')) }))))
              .catch(e => done({ error: String(e) }));"#;
        let found = self.must(
            "POST",
            "/execute/async",
            Some(json!({ "script": run, "args": [] })),
        );
        if let Some(e) = found.get("error") {
            panic!("axe-core failed in the page: {e}");
        }
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|v| Violation {
                rule: v["rule"].as_str().unwrap_or("").into(),
                impact: v["impact"].as_str().unwrap_or("").into(),
                help: v["help"].as_str().unwrap_or("").into(),
                targets: v["targets"]
                    .as_array()
                    .map(|t| {
                        t.iter()
                            .filter_map(|s| s.as_str().map(Into::into))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// Asserts that axe-core finds no serious or critical violation in the page.
    pub fn assert_accessible(&self, page: &str) {
        let found = self.axe();
        assert!(
            found.is_empty(),
            "{page}: axe-core found serious or critical violations:\n{found:#?}"
        );
    }

    /// Waits up to `timeout` for `check` to hold, polling; panics with `what` otherwise.
    pub fn wait_for(&self, what: &str, timeout: Duration, mut check: impl FnMut(&Browser) -> bool) {
        let deadline = Instant::now() + timeout;
        while !check(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
