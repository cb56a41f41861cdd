//! The settings one `send` run uses: the `[smtp]` table with the command-line flags laid over
//! it, checked once. Everything later trusts these values.

use std::collections::BTreeMap;
use std::num::{NonZeroU32, NonZeroUsize};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, bail};

use super::config::{DEFAULT_PASSWORD_ENV, Security, SmtpConfig};
use super::rate::Rate;
use super::secret::PasswordSource;

/// Values given on the command line; each replaces the campaign file's value.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--host`.
    pub host: Option<String>,
    /// `--port`.
    pub port: Option<u16>,
    /// `--security`.
    pub security: Option<Security>,
    /// `--user`.
    pub user: Option<String>,
    /// `--password-env`.
    pub password_env: Option<String>,
    /// `--password-file` (relative to the current folder).
    pub password_file: Option<PathBuf>,
    /// `--password-command`.
    pub password_command: Option<String>,
    /// `--ca-file` (relative to the current folder).
    pub ca_file: Option<PathBuf>,
    /// `--connections`.
    pub connections: Option<NonZeroUsize>,
    /// `--rate`.
    pub rate: Option<Rate>,
    /// `--burst`.
    pub burst: Option<NonZeroU32>,
}

/// A login: the user name and where the password comes from (read only when sending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// The user name.
    pub user: String,
    /// Where the password is.
    pub password: PasswordSource,
}

/// How fast to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The overall rate; `None` sends as fast as the server accepts.
    pub rate: Option<Rate>,
    /// Messages that may leave at once after a pause.
    pub burst: NonZeroU32,
    /// Quotas per recipient domain (lowercase domain names).
    pub per_domain: BTreeMap<String, Rate>,
}

/// Checked settings for one run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mail server host name; empty when neither `[smtp]` nor `--host` names one (see
    /// [`Settings::has_server`]).
    pub host: String,
    /// Mail server port.
    pub port: u16,
    /// Encryption.
    pub security: Security,
    /// Login, if the server wants one.
    pub login: Option<Login>,
    /// Extra CA certificate to trust.
    pub ca_file: Option<PathBuf>,
    /// Connections open at once.
    pub connections: NonZeroUsize,
    /// Rate limits.
    pub limits: Limits,
    /// Retries of a temporarily refused letter within one run.
    pub retries: u32,
    /// Wait before the first retry.
    pub retry_delay: Duration,
    /// Longest wait for any one server reply.
    pub timeout: Duration,
}

impl Settings {
    /// The SMTP transport these settings describe: the password read from its source (the
    /// environment or a file) and the server's certificate trust set up. Shared by `send`
    /// and every mail the web server sends, so they connect the same way.
    pub fn transport(&self) -> Result<super::smtp::Smtp> {
        let login = match &self.login {
            Some(l) => Some((l.user.clone(), l.password.read()?)),
            None => None,
        };
        let trust = super::tls::Trust::new(&self.host, self.ca_file.as_deref())?;
        Ok(super::smtp::Smtp::new(
            self.host.clone(),
            self.port,
            self.security,
            trust,
            login,
            self.timeout,
        ))
    }

    /// True when a mail server is named; without one a run only shows its plan.
    pub fn has_server(&self) -> bool {
        !self.host.is_empty()
    }

    /// Lays `over` on `file` (paths in `file` are relative to `root`) and checks the result.
    pub fn resolve(file: &SmtpConfig, over: &Overrides, root: &Path) -> Result<Self> {
        // Without a host the plan can still be shown; `has_server` stops the sending.
        let host = over
            .host
            .clone()
            .or_else(|| file.host.clone())
            .filter(|h| !h.trim().is_empty())
            .unwrap_or_default();
        let security = over.security.or(file.security).unwrap_or_default();
        let port = over.port.or(file.port).unwrap_or(security.default_port());
        let login = match over.user.clone().or_else(|| file.user.clone()) {
            None => None,
            Some(user) => Some(Login {
                user,
                password: password_source(file, over, root)?,
            }),
        };
        let ca_file = over
            .ca_file
            .clone()
            .or_else(|| file.ca_file.as_ref().map(|f| root.join(f)));
        let mut per_domain = BTreeMap::new();
        for (domain, rate) in &file.per_domain {
            let d = domain.trim().to_ascii_lowercase();
            if d.is_empty() || d.contains('@') || d.contains(char::is_whitespace) {
                bail!(
                    "`[smtp]` field `per_domain`: `{domain}` is not a domain name like `example.org`"
                );
            }
            per_domain.insert(d, *rate);
        }
        Ok(Settings {
            host,
            port,
            security,
            login,
            ca_file,
            connections: over
                .connections
                .or(file.connections)
                .unwrap_or(NonZeroUsize::new(4).unwrap_or(NonZeroUsize::MIN)),
            limits: Limits {
                rate: over.rate.or(file.rate),
                burst: over.burst.or(file.burst).unwrap_or(NonZeroU32::MIN),
                per_domain,
            },
            retries: file.retries.unwrap_or(5),
            retry_delay: file.retry_delay.map_or(Duration::from_secs(2), |s| s.0),
            timeout: file.timeout.map_or(Duration::from_secs(60), |s| s.0),
        })
    }
}

/// The one place the password comes from: a flag's source wins over the file's; the file may
/// name a password file or command but not both; the environment is the fallback.
fn password_source(file: &SmtpConfig, over: &Overrides, root: &Path) -> Result<PasswordSource> {
    let flags = [
        over.password_command.clone().map(PasswordSource::Command),
        over.password_file.clone().map(PasswordSource::File),
        over.password_env.clone().map(PasswordSource::Env),
    ];
    let mut flags = flags.into_iter().flatten();
    if let Some(source) = flags.next() {
        if flags.next().is_some() {
            bail!("give only one of `--password-env`, `--password-file` and `--password-command`");
        }
        return Ok(source);
    }
    match (&file.password_file, &file.password_command) {
        (Some(_), Some(_)) => {
            bail!("`[smtp]`: set only one of `password_file` and `password_command`")
        }
        (Some(f), None) => Ok(PasswordSource::File(root.join(f))),
        (None, Some(c)) => Ok(PasswordSource::Command(c.clone())),
        (None, None) => Ok(PasswordSource::Env(
            file.password_env
                .clone()
                .unwrap_or_else(|| DEFAULT_PASSWORD_ENV.to_string()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(text: &str) -> SmtpConfig {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn defaults_are_safe() {
        let s = Settings::resolve(
            &cfg("host = \"mail.example.org\""),
            &Overrides::default(),
            Path::new("/ws"),
        )
        .unwrap();
        assert_eq!(s.security, Security::Starttls);
        assert_eq!(s.port, 587);
        assert_eq!(s.login, None);
        assert_eq!(s.limits.rate, None);
        assert_eq!(s.limits.burst.get(), 1);
        assert_eq!(s.connections.get(), 4);
    }

    #[test]
    fn flags_win_and_paths_are_resolved() {
        let file = cfg(
            "host = \"a\"\nuser = \"u\"\npassword_file = \"pw\"\nca_file = \"ca.pem\"\nsecurity = \"tls\"\nper_domain = { \"Example.ORG\" = \"50 per 5 minutes\" }",
        );
        let s = Settings::resolve(&file, &Overrides::default(), Path::new("/ws")).unwrap();
        assert_eq!(s.port, 465);
        assert_eq!(s.ca_file.as_deref(), Some(Path::new("/ws/ca.pem")));
        assert_eq!(
            s.login.unwrap().password,
            PasswordSource::File("/ws/pw".into())
        );
        assert!(s.limits.per_domain.contains_key("example.org"));
        let over = Overrides {
            host: Some("b".into()),
            port: Some(2525),
            password_env: Some("X".into()),
            ..Default::default()
        };
        let s = Settings::resolve(&file, &over, Path::new("/ws")).unwrap();
        assert_eq!((s.host.as_str(), s.port), ("b", 2525));
        assert_eq!(s.login.unwrap().password, PasswordSource::Env("X".into()));
    }

    #[test]
    fn password_defaults_to_the_environment() {
        let s = Settings::resolve(
            &cfg("host = \"a\"\nuser = \"u\""),
            &Overrides::default(),
            Path::new("/"),
        )
        .unwrap();
        assert_eq!(
            s.login.unwrap().password,
            PasswordSource::Env(DEFAULT_PASSWORD_ENV.into())
        );
    }

    #[test]
    fn contradictions_are_errors() {
        let unset = Settings::resolve(
            &SmtpConfig::default(),
            &Overrides::default(),
            Path::new("/"),
        )
        .unwrap();
        assert!(!unset.has_server());
        let both =
            cfg("host = \"a\"\nuser = \"u\"\npassword_file = \"f\"\npassword_command = \"c\"");
        assert!(Settings::resolve(&both, &Overrides::default(), Path::new("/")).is_err());
        let bad = cfg("host = \"a\"\nper_domain = { \"someone@example.org\" = \"1/s\" }");
        assert!(Settings::resolve(&bad, &Overrides::default(), Path::new("/")).is_err());
    }
}
