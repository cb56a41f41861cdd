//! The `[smtp]` table of the campaign file: the mail server, how to log in, and how fast to
//! send. Passwords never live here; the table only says where to find one.

use std::collections::BTreeMap;
use std::num::{NonZeroU32, NonZeroUsize};

use serde::{Deserialize, Deserializer, Serialize};

use super::rate::{Rate, Span};

/// The environment variable holding the password unless `password_env` names another.
pub const DEFAULT_PASSWORD_ENV: &str = "MARATHON_SMTP_PASSWORD";

/// Mail server settings as written in `[smtp]`; every field can be overridden by a flag.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// The organisation's mail server (submission host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Port; defaults to 587 for `starttls`, 465 for `tls`, 25 for `plain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// How the connection is encrypted; `starttls` unless set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Security>,
    /// Login name; without it, no login is attempted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The environment variable holding the password (default `MARATHON_SMTP_PASSWORD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_env: Option<String>,
    /// A file holding the password (relative to the workspace); its first line is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_file: Option<String>,
    /// A shell command printing the password (for example `pass show smtp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_command: Option<String>,
    /// An extra certificate authority to trust (PEM, relative to the workspace), for servers
    /// with a certificate from the organisation's own CA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<String>,
    /// The overall sending rate, for example `14 per second`; unthrottled when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Rate>,
    /// How many messages may leave at once after a pause (default 1: evenly spaced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst: Option<NonZeroU32>,
    /// Quotas per recipient domain, for example `{ "example.org" = "50 per 5 minutes" }`;
    /// messages to a domain are spaced evenly so no window holds more than the quota.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub per_domain: BTreeMap<String, Rate>,
    /// Connections open at once (default 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections: Option<NonZeroUsize>,
    /// How many times a temporarily refused letter is tried again in one run (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// The wait before the first retry; it doubles each time, with jitter (default `2s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_delay: Option<Span>,
    /// How long to wait for any one server reply (default `60s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Span>,
    /// Refused: present only to explain where passwords go.
    #[serde(
        default,
        skip_serializing,
        deserialize_with = "refuse_password",
        rename = "password"
    )]
    _password: Option<Refused>,
}

/// Never constructed: the type of the refused `password` key.
#[derive(Debug, Clone, PartialEq)]
enum Refused {}

fn refuse_password<'de, D: Deserializer<'de>>(_: D) -> Result<Option<Refused>, D::Error> {
    Err(serde::de::Error::custom(format!(
        "field `password`: passwords do not go in the campaign file; put it in the \
         environment variable named by `password_env` (default `{DEFAULT_PASSWORD_ENV}`), \
         in a file named by `password_file`, or print it from `password_command`"
    )))
}

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Connect in clear, then upgrade with STARTTLS; refuse a server that cannot.
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption at all; only when asked for by name.
    Plain,
}

impl Security {
    /// The usual port for this kind of connection.
    pub fn default_port(self) -> u16 {
        match self {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::Plain => 25,
        }
    }

    /// The name used in files and flags.
    pub fn as_str(self) -> &'static str {
        match self {
            Security::Starttls => "starttls",
            Security::Tls => "tls",
            Security::Plain => "plain",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SmtpConfig, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_a_full_table() {
        let c = parse(
            r#"
host = "smtp.example.org"
port = 2525
security = "tls"
user = "letters@example.org"
password_env = "ORG_SMTP"
ca_file = "certs/ca.pem"
rate = "14 per second"
burst = 20
per_domain = { "example.org" = "50 per 5 minutes", "example.net" = "30/min" }
connections = 8
retries = 3
retry_delay = "500ms"
timeout = "30s"
"#,
        )
        .unwrap();
        assert_eq!(c.security, Some(Security::Tls));
        assert_eq!(c.rate.unwrap().per_second(), 14.0);
        assert_eq!(c.per_domain["example.org"].period.as_secs(), 300);
        assert_eq!(c.connections.unwrap().get(), 8);
    }

    // The campaign loader reports the message and position only, never the offending line.
    #[test]
    fn password_key_says_where_passwords_go() {
        let text = "id = \"c\"\nname = \"C\"\nstarts = 2026-08-04\nends = 2026-08-18\n\
                    [sender]\nname = \"G\"\nemail = \"letters@example.org\"\n\
                    [smtp]\nhost = \"h\"\npassword = \"hunter2\"\n";
        let err = crate::campaign::Campaign::parse(text, std::path::Path::new("campaign.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("campaign.toml: line 10"), "{err}");
        assert!(
            err.contains("passwords do not go in the campaign file"),
            "{err}"
        );
        assert!(err.contains(DEFAULT_PASSWORD_ENV), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        assert!(parse("hots = \"h\"").unwrap_err().contains("hots"));
        assert!(parse("security = \"ssl\"").unwrap_err().contains("ssl"));
        assert!(parse("rate = \"lots\"").unwrap_err().contains("per second"));
        assert!(parse("burst = 0").is_err());
    }

    #[test]
    fn serialises_back_without_the_refused_key() {
        let c = parse("host = \"h\"\nrate = \"50 per 5 minutes\"").unwrap();
        let text = toml::to_string(&c).unwrap();
        assert!(!text.contains("password"), "{text}");
        assert_eq!(parse(&text).unwrap(), c);
    }
}
