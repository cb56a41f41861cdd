//! A small WebDriver client: JSON commands over HTTP/1.1 to a local chromedriver, one
//! connection per command (std only, no TLS, no async runtime).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

/// The W3C key of an element reference in WebDriver JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// An error answer from the driver, or a failed connection.
#[derive(Debug)]
pub struct WdError {
    /// The WebDriver error code (`no such element`, ...) or `transport`.
    pub error: String,
    /// The driver's message.
    pub message: String,
}

impl std::fmt::Display for WdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.message)
    }
}

/// Sends one command to the driver on 127.0.0.1:`port` and returns the `value` of its answer.
pub fn command(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<Value, WdError> {
    let transport = |e: std::io::Error| WdError {
        error: "transport".into(),
        message: format!("{method} {path}: {e}"),
    };
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(transport)?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(transport)?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).map_err(transport)?;
    // chromedriver keeps the connection open whatever the request says: read until the
    // answer is complete rather than to the end of the stream.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let body = loop {
        let n = stream.read(&mut buf).map_err(transport)?;
        raw.extend_from_slice(&buf[..n]);
        if let Some(body) = complete(&raw) {
            break body;
        }
        if n == 0 {
            return Err(WdError {
                error: "transport".into(),
                message: format!("{method} {path}: the answer ended early"),
            });
        }
    };
    let head = split_head(&raw).map(|(h, _)| h).unwrap_or_default();
    let answer: Value = serde_json::from_slice(&body).map_err(|e| WdError {
        error: "transport".into(),
        message: format!("{method} {path}: answer is not JSON ({e}): {head}"),
    })?;
    let value = answer.get("value").cloned().unwrap_or(Value::Null);
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        return Err(WdError {
            error: error.to_string(),
            message: value["message"].as_str().unwrap_or("").to_string(),
        });
    }
    Ok(value)
}

/// The body of a complete HTTP answer in `raw`, or `None` while more is to come.
fn complete(raw: &[u8]) -> Option<Vec<u8>> {
    let (head, rest) = split_head(raw)?;
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_ascii_lowercase())
        })
    };
    if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        return rest.ends_with(b"0\r\n\r\n").then(|| dechunk(rest));
    }
    let length: usize = header("content-length")?.parse().ok()?;
    (rest.len() >= length).then(|| rest[..length].to_vec())
}

fn split_head(raw: &[u8]) -> Option<(String, &[u8])> {
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    Some((
        String::from_utf8_lossy(&raw[..at]).into_owned(),
        &raw[at + 4..],
    ))
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&rest[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        rest = &rest[eol + 2..];
        if size == 0 || rest.len() < size {
            break;
        }
        out.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or(&[]);
    }
    out
}

/// The element id inside a WebDriver element reference.
pub fn element_id(value: &Value) -> Option<String> {
    value
        .get(ELEMENT_KEY)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// A WebDriver element reference for script arguments.
pub fn element_ref(id: &str) -> Value {
    json!({ ELEMENT_KEY: id })
}

/// Decodes standard base64 (the screenshot format).
pub fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn base64_decode_reads_padding_and_all_symbols() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("+/8="), [0xfb, 0xff]);
}
