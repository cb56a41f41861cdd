//! `marathon serve` over HTTP: the real binary on 127.0.0.1, spoken to with a small HTTP/1.1
//! client of our own (one request per connection, so every answer is read exactly as sent).
//! The harness is here; the tests are in the files beside it.

#![allow(dead_code)]

mod act;
pub mod admin;
mod admin_pg;
pub mod flood;
mod forms_pg;
mod headers;
pub mod join;
mod live;
mod overview;
mod privacy;
mod signals;
pub mod steer;
mod tally;
pub mod volunteer;
pub mod volunteer_admin;
mod volunteer_edit;
mod volunteer_pg;
mod withdraw;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, ChildStdout, Stdio};
use std::time::{Duration, Instant};

use crate::support::Workspace;

pub use act::act_post;

/// A running `marathon serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    stdout: BufReader<ChildStdout>,
}

impl Server {
    /// Starts `marathon serve --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1 EXTRA...` in `ws`
    /// and waits for the address it prints.
    pub fn start(ws: &Workspace, extra: &[&str]) -> Server {
        let mut child = ws
            .marathon()
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--trusted-proxy",
                "127.0.0.1",
            ])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let Some(addr) = line.trim().strip_prefix("listening on http://") else {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("marathon serve printed {line:?}; stderr:\n{err}");
        };
        let addr = addr.parse().unwrap();
        Server {
            child,
            addr,
            stdout,
        }
    }

    /// The process id, for signals.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `signal` (`HUP`, `TERM`) to the server.
    pub fn signal(&self, signal: &str) {
        let ok = std::process::Command::new("kill")
            .args([format!("-{signal}"), self.pid().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{signal} failed");
    }

    /// Waits up to `limit` for the server to exit; its exit code and stderr.
    pub fn wait_exit(mut self, limit: Duration) -> (Option<i32>, String) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut err = String::new();
                if let Some(mut e) = self.child.stderr.take() {
                    e.read_to_string(&mut err).unwrap();
                }
                return (status.code(), err);
            }
            assert!(
                start.elapsed() < limit,
                "the server did not exit within {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `GET path` with no extra headers.
    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], b"")
    }

    /// One request on a new connection, read to its end.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut s = self.send(method, path, headers, body);
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        Response::parse(&raw)
    }

    /// Opens a connection and sends one request; the caller reads the answer.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> TcpStream {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() || method == "POST" {
            req.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes()).unwrap();
        s.write_all(body).unwrap();
        s
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response as received.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names in lowercase, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
        let head = std::str::from_utf8(&raw[..split]).unwrap();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .map(|l| {
                let (k, v) = l.split_once(':').unwrap();
                (k.trim().to_ascii_lowercase(), v.trim().to_string())
            })
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
        {
            body = dechunk(&body);
        }
        Response {
            status,
            headers,
            body,
        }
    }

    /// The first header called `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every header called `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body as UTF-8.
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_text = std::str::from_utf8(&b[..end]).unwrap();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[end + 2..end + 2 + size]);
        b = &b[end + 2 + size + 2..];
    }
}

/// An open `/events` stream, read event by event.
pub struct Events {
    reader: BufReader<TcpStream>,
    /// The status line and headers of the answer.
    pub head: String,
}

impl Events {
    /// Subscribes to `/events?lang=LANG` and checks the answer's headers.
    pub fn open(server: &Server, lang: &str) -> Events {
        let s = server.send("GET", &format!("/events?lang={lang}"), &[], b"");
        let mut reader = BufReader::new(s);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_ascii_lowercase().contains("text/event-stream"),
            "{head}"
        );
        Events { reader, head }
    }

    /// The data of the next `tally` event (keep-alive comments skipped), as JSON. Chunk
    /// size lines of the chunked encoding are skipped too: they never start with `data:`.
    pub fn next(&mut self) -> serde_json::Value {
        let mut event = String::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).unwrap();
            assert!(n > 0, "the event stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(rest) = line.strip_prefix("event:") {
                event = rest.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data:")
                && event == "tally"
            {
                return serde_json::from_str(data.trim()).unwrap();
            }
        }
    }
}

impl Events {
    /// Everything the server still sends, until it closes the connection.
    pub fn rest(mut self) -> String {
        let mut out = String::new();
        self.reader.read_to_string(&mut out).unwrap();
        out
    }
}

/// Polls `check` every 50 ms until it returns `Some`, for at most `limit`.
pub fn within<T>(limit: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return Some(v);
        }
        if start.elapsed() > limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The group report the web tests import: five countries, one of them (FR, 2 actions) under
/// the default public threshold.
pub const REPORT: &str = "ref;date;kind;count;case;prisoner;country;group;volunteer;note\n\
r1;2026-08-04;card;230;defenders;tamara-viarbitskaya;DE;Köln Schreibgruppe;;written at the fair\n\
r2;2026-08-05;appeal;41;unionists;;PL;Kraków Letter Circle;;\n\
r3;2026-08-05;petition;1204;journalists;;LT;;;\n\
r4;2026-08-09;card;17;unionists;uladzimir-kryvanos;SE;Uppsala skrivare;Greta Lindqvist;greta.lindqvist@example.org\n\
r5;2026-08-12;social;2;defenders;;FR;;Odile Marchand;\n";

/// A copy of the sample campaign with [`REPORT`] imported.
pub fn sample_with_report() -> Workspace {
    let ws = Workspace::sample();
    ws.write("report.csv", REPORT);
    ws.ok(&["import", "report.csv"]);
    ws
}

/// Opens the confirmation link at `url` (of either form) as client `ip` and presses its
/// button, with the page's CSRF cookie and token; the answer.
pub fn confirm_link(server: &Server, url: &str, ip: &str) -> Response {
    let path = &url[url
        .find("/confirm/")
        .and_then(|i| url[..i].rfind('/'))
        .unwrap()..];
    let (cookie, token) = csrf_of(&server.request("GET", path, &[("X-Forwarded-For", ip)], b""));
    server.request(
        "POST",
        path,
        &[
            ("X-Forwarded-For", ip),
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        format!("csrf={token}").as_bytes(),
    )
}

/// The CSRF cookie and the form's token of a page that answered 200.
pub fn csrf_of(page: &Response) -> (String, String) {
    assert_eq!(page.status, 200, "{}", page.text());
    let cookie = page
        .all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("marathon_csrf="))
        .expect("a CSRF cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let html = page.text();
    let at = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    (cookie, html[at..].split('"').next().unwrap().to_string())
}
