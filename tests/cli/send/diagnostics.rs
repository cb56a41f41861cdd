//! What `MARATHON_LOG` diagnostics may say: never a password, a letter's text, or an address
//! beyond the one a line is about.

use std::collections::BTreeSet;

use super::fixture::Fixture;
use super::headers::{PASSWORD, base64, tls_smtp};
use crate::mailserver::{MailServer, ServerOptions, TestCa};

/// The email addresses in `line` (words with an `@` between a name and a dotted domain).
fn addresses(line: &str) -> BTreeSet<&str> {
    line.split(|c: char| !(c.is_alphanumeric() || "@.-_+".contains(c)))
        .map(|w| w.trim_matches('.'))
        .filter(|w| {
            w.split_once('@')
                .is_some_and(|(name, domain)| !name.is_empty() && domain.contains('.'))
        })
        .collect()
}

// A test that read `RUST_LOG` (which marathon ignores) checked the password against logs that
// were never written; this one turns every diagnostic on, through retries and refusals.
#[test]
fn diagnostics_at_trace_level_carry_no_password_text_or_other_address() {
    let ca = TestCa::new();
    let server = MailServer::start(
        ServerOptions::new()
            .tls(&ca)
            .require_tls()
            .auth("coordinator", PASSWORD)
            .seed(15)
            .temp_fail_rate(0.3)
            .reject("^official3@"),
    );
    let fx = Fixture::new(8, &tls_smtp(server.port(), &ca));
    let out = fx
        .ws
        .marathon()
        .args(["send", "--yes"])
        .env("MARATHON_SMTP_PASSWORD", PASSWORD)
        .env("MARATHON_LOG", "trace")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}\n{}", server.log());
    assert!(
        stderr.lines().filter(|l| l.contains("TRACE")).count() > 10,
        "diagnostics were not on:\n{stderr}"
    );
    let encoded = [
        base64(format!("\0coordinator\0{PASSWORD}").as_bytes()),
        base64(PASSWORD.as_bytes()),
    ];
    for line in stderr.lines() {
        assert!(!line.contains(PASSWORD), "password in `{line}`");
        assert!(
            !encoded.iter().any(|e| line.contains(e.as_str())),
            "encoded password in `{line}`"
        );
        assert!(
            !line.contains("please release him") && !line.contains("Dear Official"),
            "letter text in `{line}`"
        );
        let found = addresses(line);
        assert!(found.len() <= 1, "addresses {found:?} in `{line}`");
    }
}
