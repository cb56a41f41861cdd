//! Load for the "I took action" benchmark in bench/serve.sh: HTTP/1.1 keep-alive clients, one
//! thread per connection, std only (built with `rustc -O`).
//!
//!   act_load submit ADDR N CONNECTIONS      N form submissions, bench-<i>@example.org
//!   act_load confirm ADDR TOKENS CONNECTIONS one confirmation POST per token in file TOKENS
//!
//! Each takes the CSRF cookie and token from `GET /act` first, as a browser would. Prints the
//! answers by status, the wall time and the rate of the expected answers (303 for a
//! submission, 200 for a confirmation).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Instant;

struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Conn {
    fn open(addr: &str) -> Conn {
        let s = TcpStream::connect(addr).expect("connect");
        s.set_nodelay(true).unwrap();
        Conn { reader: BufReader::new(s.try_clone().unwrap()), writer: s }
    }

    /// Sends one request; returns the status, the headers (lowercase names) and the body.
    fn call(&mut self, req: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
        self.writer.write_all(req.as_bytes()).unwrap();
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        let status: u16 = line.split_whitespace().nth(1).expect("status").parse().unwrap();
        let mut headers = Vec::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line).unwrap();
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .map_or(0, |(_, v)| v.parse().unwrap());
        let mut body = vec![0; len];
        self.reader.read_exact(&mut body).unwrap();
        (status, headers, body)
    }
}

/// The CSRF cookie and token of a fresh `GET /act`.
fn csrf(addr: &str) -> (String, String) {
    let mut c = Conn::open(addr);
    let (status, headers, body) =
        c.call(&format!("GET /act HTTP/1.1\r\nHost: {addr}\r\n\r\n"));
    assert_eq!(status, 200, "GET /act");
    let cookie = headers
        .iter()
        .find(|(k, v)| k == "set-cookie" && v.starts_with("marathon_csrf="))
        .map(|(_, v)| v.split(';').next().unwrap().to_string())
        .expect("a CSRF cookie");
    let html = String::from_utf8_lossy(&body);
    let at = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    (cookie, html[at..].split('"').next().unwrap().to_string())
}

fn post(addr: &str, path: &str, cookie: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (mode, addr, what, conns) = (&args[1], args[2].clone(), &args[3], args[4].parse::<usize>().unwrap());
    let (cookie, token) = csrf(&addr);
    let requests: Vec<String> = match mode.as_str() {
        "submit" => (0..what.parse::<usize>().unwrap())
            .map(|i| {
                let body = format!(
                    "csrf={token}&kind=solidarity&count=2&case=case-00&country=PL&group=&email=bench-{i}%40example.org&website="
                );
                post(&addr, "/act", &cookie, &body)
            })
            .collect(),
        "confirm" => std::fs::read_to_string(what)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(|t| post(&addr, &format!("/act/confirm/{t}"), &cookie, &format!("csrf={token}")))
            .collect(),
        m => panic!("unknown mode {m}"),
    };
    let expected = if mode == "submit" { 303 } else { 200 };
    let total = requests.len();
    let queue = Arc::new(Mutex::new(requests));
    let counts = Arc::new(Mutex::new(BTreeMap::<u16, usize>::new()));
    let start = Instant::now();
    let workers: Vec<_> = (0..conns)
        .map(|_| {
            let (queue, counts, addr) = (queue.clone(), counts.clone(), addr.clone());
            std::thread::spawn(move || {
                let mut c = Conn::open(&addr);
                loop {
                    let Some(req) = queue.lock().unwrap().pop() else { break };
                    let (status, _, _) = c.call(&req);
                    *counts.lock().unwrap().entry(status).or_default() += 1;
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    let counts = counts.lock().unwrap();
    let good = counts.get(&expected).copied().unwrap_or(0);
    println!(
        "{mode}: {total} requests, {conns} connections, {secs:.2} s; answers {counts:?}; {:.0} {}/s",
        good as f64 / secs,
        if mode == "submit" { "submissions" } else { "confirmed actions" }
    );
}
