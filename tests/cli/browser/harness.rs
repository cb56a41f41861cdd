//! The harness itself, against pages served by a tiny server in the test: typing, clicking,
//! reading text, screenshots and axe-core each do what they say.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use super::browser;

const GOOD: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Form</title></head><body><main><h1>Say hello</h1>
<form action="/hello" method="get"><label for="name">Your name</label>
<input id="name" name="name"><button type="submit">Send</button></form></main></body></html>"#;

const BAD: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Bad</title></head><body><main><img src="/x.png"><input name="nolabel">
<button></button></main></body></html>"#;

/// Serves `GOOD` at `/`, a greeting at `/hello?name=…` and `BAD` at `/bad`, on a thread for
/// the rest of the test run; returns the base address.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            let body = if target == "/bad" {
                BAD.to_string()
            } else if let Some(q) = target.strip_prefix("/hello?name=") {
                let name = q.replace('+', " ").replace('<', "");
                format!(
                    r#"<!doctype html><html lang="en"><head><title>Hi</title></head>
                    <body><main><p id="greeting">Hello, {name}</p></main></body></html>"#
                )
            } else {
                GOOD.to_string()
            };
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

#[test]
fn browser_fills_a_form_reads_the_answer_and_saves_a_screenshot() {
    let Some(b) = browser() else { return };
    let base = serve();
    b.goto(&format!("{base}/"));
    assert_eq!(b.title(), "Form");
    b.fill("#name", "Ada");
    b.submit("button[type=submit]");
    assert_eq!(b.text("#greeting"), "Hello, Ada");
    assert!(b.url().ends_with("/hello?name=Ada"), "{}", b.url());
    let shot = b.screenshot("harness-greeting");
    assert!(std::fs::metadata(&shot).unwrap().len() > 1_000);
}

#[test]
fn axe_passes_a_labelled_form_and_names_the_violations_of_a_bad_page() {
    let Some(b) = browser() else { return };
    let base = serve();
    b.goto(&format!("{base}/"));
    b.assert_accessible("the good page");
    b.goto(&format!("{base}/bad"));
    let rules: Vec<String> = b.axe().into_iter().map(|v| v.rule).collect();
    for rule in ["image-alt", "label", "button-name"] {
        assert!(rules.iter().any(|r| r == rule), "{rule} not in {rules:?}");
    }
}
