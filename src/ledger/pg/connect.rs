//! Connecting to a PostgreSQL ledger: the URL's parts, a service file (`service=NAME`), the
//! password (`PGPASSWORD`, then a password file), and TLS verified against a CA file or the
//! public roots. The client library reads none of these by itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use postgres::Client;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// The settings a connection is made from, after the URL, the service file and the
/// environment were read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Host name, address, or socket folder (starting with `/`).
    pub host: String,
    /// Port.
    pub port: u16,
    /// User name.
    pub user: String,
    /// Database name.
    pub dbname: String,
    /// `disable`, `prefer`, `require`, `verify-ca` or `verify-full`.
    pub sslmode: String,
    /// A CA certificate file (PEM) TLS is verified against.
    pub sslrootcert: Option<PathBuf>,
    /// The application name shown in `pg_stat_activity`.
    pub application_name: String,
    /// Seconds to wait for the connection.
    pub connect_timeout: u64,
    /// The password, from the service file, `PGPASSWORD` or a password file; never shown.
    password: Option<String>,
}

/// Decodes `%XX` escapes of a URL part.
fn decode(part: &str) -> Result<String> {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = part
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            let Some(b) = hex else {
                bail!("bad `%` escape in `{part}`");
            };
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).with_context(|| format!("`{part}` is not UTF-8 once decoded"))
}

/// The parts of a `postgres://user@host:port/dbname?key=value` URL, by libpq's names.
fn url_parts(url: &str) -> Result<BTreeMap<String, String>> {
    let Some((_, rest)) = url.split_once("://") else {
        bail!("not a URL");
    };
    let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, db) = main.split_once('/').unwrap_or((main, ""));
    let mut out = BTreeMap::new();
    let hostport = match authority.rsplit_once('@') {
        Some((user, hp)) => {
            if user.contains(':') {
                bail!("the URL holds a password");
            }
            if !user.is_empty() {
                out.insert("user".to_string(), decode(user)?);
            }
            hp
        }
        None => authority,
    };
    let (host, port) = match hostport.strip_prefix('[') {
        // An IPv6 address: `[::1]:5432`.
        Some(v6) => {
            let (h, after) = v6.split_once(']').context("an unclosed `[` in the host")?;
            (h, after.strip_prefix(':'))
        }
        None => match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        },
    };
    if !host.is_empty() {
        out.insert("host".to_string(), decode(host)?);
    }
    if let Some(p) = port.filter(|p| !p.is_empty()) {
        out.insert("port".to_string(), p.to_string());
    }
    if !db.is_empty() {
        out.insert("dbname".to_string(), decode(db)?);
    }
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = decode(k)?;
        if k == "password" {
            bail!("the URL holds a password");
        }
        out.insert(k, decode(v)?);
    }
    Ok(out)
}

/// The home folder, for `~/.pgpass` and `~/.pg_service.conf`.
fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// The section `name` of a service file (`[name]` then `key=value` lines).
pub fn service_section(text: &str, name: &str) -> Option<BTreeMap<String, String>> {
    let mut found = None;
    let mut current: Option<BTreeMap<String, String>> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if let Some(done) = current.take() {
                found = Some(done);
                break;
            }
            if section.trim() == name {
                current = Some(BTreeMap::new());
            }
            continue;
        }
        if let (Some(map), Some((k, v))) = (current.as_mut(), line.split_once('=')) {
            map.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    found.or(current)
}

/// The password a password file gives `s`: the first line `host:port:db:user:password`
/// matching it, `*` matching anything, `\:` and `\\` escaped.
pub fn pgpass_lookup(text: &str, s: &Settings) -> Option<String> {
    let port = s.port.to_string();
    // libpq matches a socket connection against `localhost`.
    let host = if s.host.starts_with('/') {
        "localhost"
    } else {
        &s.host
    };
    let wanted = [host, port.as_str(), s.dbname.as_str(), s.user.as_str()];
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => cur.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut cur)),
                _ => cur.push(c),
            }
        }
        fields.push(cur);
        if fields.len() != 5 {
            continue;
        }
        if fields[..4]
            .iter()
            .zip(wanted)
            .all(|(f, w)| f == "*" || f == w)
        {
            return fields.pop();
        }
    }
    None
}

/// Reads a password file unless others may read it (libpq ignores it then too, saying so).
fn read_pgpass(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "warning: the password file `{}` is readable by others; it is ignored (chmod 600 it)",
                path.display()
            );
            return None;
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    std::fs::read_to_string(path).ok()
}

impl Settings {
    /// The settings for `url`: its parts, over those of its service file section when it
    /// names `service=NAME`, over `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE` and the
    /// defaults; then the password.
    pub fn from_url(url: &str) -> Result<Settings> {
        let mut parts = url_parts(url)?;
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let service = parts.remove("service").or_else(|| env("PGSERVICE"));
        let mut from_service = BTreeMap::new();
        if let Some(name) = &service {
            let file = env("PGSERVICEFILE")
                .map(PathBuf::from)
                .or_else(|| home().map(|h| h.join(".pg_service.conf")))
                .context("no service file: set `PGSERVICEFILE` or `HOME`")?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read the service file `{}`", file.display()))?;
            from_service = service_section(&text, name).with_context(|| {
                format!(
                    "the service file `{}` has no service `{name}`",
                    file.display()
                )
            })?;
        }
        let get = |k: &str, env_name: &str| {
            parts
                .get(k)
                .cloned()
                .or_else(|| from_service.get(k).cloned())
                .or_else(|| env(env_name))
        };
        let user = get("user", "PGUSER")
            .or_else(|| env("USER"))
            .unwrap_or_else(|| "postgres".to_string());
        let port = get("port", "PGPORT").unwrap_or_else(|| "5432".to_string());
        let mut s = Settings {
            host: get("host", "PGHOST").unwrap_or_else(|| "localhost".to_string()),
            port: port
                .parse()
                .with_context(|| format!("the port `{port}` is not a number"))?,
            dbname: get("dbname", "PGDATABASE").unwrap_or_else(|| user.clone()),
            user,
            sslmode: get("sslmode", "PGSSLMODE").unwrap_or_else(|| "prefer".to_string()),
            sslrootcert: get("sslrootcert", "PGSSLROOTCERT").map(PathBuf::from),
            application_name: get("application_name", "PGAPPNAME")
                .unwrap_or_else(|| "marathon".to_string()),
            connect_timeout: get("connect_timeout", "PGCONNECT_TIMEOUT")
                .and_then(|t| t.parse().ok())
                .unwrap_or(30),
            password: from_service.get("password").cloned(),
        };
        if !matches!(
            s.sslmode.as_str(),
            "disable" | "prefer" | "require" | "verify-ca" | "verify-full"
        ) {
            bail!(
                "`sslmode={}` is not known (disable, prefer, require, verify-ca, verify-full)",
                s.sslmode
            );
        }
        if s.password.is_none() {
            s.password = env("PGPASSWORD");
        }
        if s.password.is_none() {
            let file = env("PGPASSFILE")
                .map(PathBuf::from)
                .or_else(|| home().map(|h| h.join(".pgpass")));
            if let Some(text) = file.as_deref().and_then(read_pgpass) {
                s.password = pgpass_lookup(&text, &s);
            }
        }
        Ok(s)
    }

    /// True when the connection must use TLS: `sslmode` `require`, `verify-ca` or
    /// `verify-full`, or a CA file given. TLS is always verified (the server's certificate
    /// chain and its host name); `prefer` without a CA file connects without TLS.
    pub fn tls(&self) -> bool {
        self.sslmode != "disable" && (self.sslmode != "prefer" || self.sslrootcert.is_some())
    }

    /// Whether a password was found (for tests; the password itself is never shown).
    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }

    /// Opens a connection.
    pub fn connect(&self) -> Result<Client> {
        let mut config = postgres::Config::new();
        config
            .host(&self.host)
            .port(self.port)
            .user(&self.user)
            .dbname(&self.dbname)
            .application_name(&self.application_name)
            .connect_timeout(Duration::from_secs(self.connect_timeout));
        if let Some(pw) = &self.password {
            config.password(pw);
        }
        if !self.tls() {
            config.ssl_mode(postgres::config::SslMode::Disable);
            return Ok(config.connect(postgres::NoTls)?);
        }
        config.ssl_mode(postgres::config::SslMode::Require);
        let mut roots = rustls::RootCertStore::empty();
        match &self.sslrootcert {
            Some(file) => {
                let bytes = std::fs::read(file)
                    .with_context(|| format!("cannot read the CA file `{}`", file.display()))?;
                let mut any = false;
                for cert in CertificateDer::pem_slice_iter(&bytes) {
                    let cert = cert
                        .with_context(|| format!("the CA file `{}` is not PEM", file.display()))?;
                    roots.add(cert).with_context(|| {
                        format!("the CA file `{}` holds a bad certificate", file.display())
                    })?;
                    any = true;
                }
                if !any {
                    bail!("the CA file `{}` holds no certificate", file.display());
                }
            }
            None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .context("cannot set up TLS")?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let connector = tokio_postgres_rustls::MakeRustlsConnect::new(tls);
        Ok(config.connect(connector)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_parts_are_decoded_by_name() {
        let p = url_parts(
            "postgres://m%40rathon@[::1]:5433/camp%20aign?sslmode=verify-full&sslrootcert=/ca.pem",
        )
        .unwrap();
        assert_eq!(p["user"], "m@rathon");
        assert_eq!(p["host"], "::1");
        assert_eq!(p["port"], "5433");
        assert_eq!(p["dbname"], "camp aign");
        assert_eq!(p["sslmode"], "verify-full");
        assert_eq!(p["sslrootcert"], "/ca.pem");
        let socket = url_parts("postgresql://%2Ftmp%2Fpg/x").unwrap();
        assert_eq!(socket["host"], "/tmp/pg");
        assert!(url_parts("postgres://a:b@h/x").is_err());
        assert!(url_parts("postgres://h/x?password=b").is_err());
    }

    #[test]
    fn a_service_section_is_found_by_name() {
        let text = "# services\n[other]\nhost=a\n\n[ledger]\nhost = db.example.org\nport=6432\npassword=pw\n[last]\nhost=z\n";
        let s = service_section(text, "ledger").unwrap();
        assert_eq!(s["host"], "db.example.org");
        assert_eq!(s["port"], "6432");
        assert_eq!(s["password"], "pw");
        assert_eq!(service_section(text, "last").unwrap()["host"], "z");
        assert!(service_section(text, "missing").is_none());
    }

    #[test]
    fn a_password_file_matches_the_first_fitting_line() {
        let s = Settings {
            host: "db".into(),
            port: 5432,
            user: "ann".into(),
            dbname: "camp".into(),
            ..Settings::default()
        };
        let text = "# comment\nother:*:*:*:no\ndb:5432:camp:bob:no\ndb:*:camp:ann:y\\:es\\\\\n*:*:*:*:fallback\n";
        assert_eq!(pgpass_lookup(text, &s).as_deref(), Some("y:es\\"));
        let socket = Settings {
            host: "/run/pg".into(),
            ..s.clone()
        };
        assert_eq!(
            pgpass_lookup("localhost:5432:camp:ann:sock\n", &socket).as_deref(),
            Some("sock")
        );
        assert_eq!(pgpass_lookup("db:1:camp:ann:no\n", &s), None);
    }

    #[test]
    fn tls_is_used_when_asked_or_when_a_ca_is_given() {
        let mut s = Settings {
            sslmode: "prefer".into(),
            ..Settings::default()
        };
        assert!(!s.tls());
        s.sslrootcert = Some("ca.pem".into());
        assert!(s.tls());
        s.sslmode = "disable".into();
        assert!(!s.tls());
        s.sslmode = "require".into();
        s.sslrootcert = None;
        assert!(s.tls());
    }
}
