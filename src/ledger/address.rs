//! Where a ledger is: an SQLite file, or a PostgreSQL database named by a `postgres://` URL.
//! The campaign file's `ledger` setting, `--ledger` and `MARATHON_LEDGER` all go through
//! here.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// The place a ledger lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// An SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database: the URL as given (it holds no password: see [`Address::of`]).
    Postgres(String),
}

/// True when `text` names a PostgreSQL database (`postgres://` or `postgresql://`) rather
/// than a file.
pub fn is_url(text: &str) -> bool {
    let lower = text.get(..13).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// True when `path` holds a PostgreSQL URL (see [`is_url`]).
pub fn is_url_path(path: &Path) -> bool {
    path.to_str().is_some_and(is_url)
}

/// True when the ledger at `path` may hold something: a file that exists, or a database
/// (which only opening it can tell). Commands that create no ledger ask this first.
pub fn exists(path: &Path) -> bool {
    is_url_path(path) || path.exists()
}

impl Address {
    /// The address `path` holds. A URL with a password in it is refused (shown without the
    /// password): passwords come from `PGPASSWORD`, a password file or a service file.
    pub fn of(path: &Path) -> Result<Address> {
        let Some(text) = path.to_str().filter(|t| is_url(t)) else {
            return Ok(Address::Sqlite(path.to_path_buf()));
        };
        if let Some(shown) = without_password(text) {
            bail!(
                "the ledger URL `{shown}` holds a password; remove it and give the password \
                 through `PGPASSWORD`, a password file (`PGPASSFILE`, `~/.pgpass`) or a service \
                 file (`service=NAME`)"
            );
        }
        Ok(Address::Postgres(text.to_string()))
    }

    /// The address for messages: a path, or the URL (which holds no password).
    pub fn shown(&self) -> String {
        match self {
            Address::Sqlite(p) => p.display().to_string(),
            Address::Postgres(url) => url.clone(),
        }
    }
}

/// The URL with its password replaced by `***`, when it has one in its user information.
fn without_password(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let at = authority.rfind('@')?;
    let userinfo = &authority[..at];
    let colon = userinfo.find(':')?;
    Some(format!(
        "{scheme}://{}:***{}",
        &userinfo[..colon],
        &rest[at..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_a_file_and_a_url_a_database() {
        let p = Path::new("ledger.sqlite");
        assert_eq!(Address::of(p).unwrap(), Address::Sqlite(p.to_path_buf()));
        let u = "postgresql://marathon@db.example.org:5433/campaign?sslmode=verify-full";
        assert_eq!(
            Address::of(Path::new(u)).unwrap(),
            Address::Postgres(u.to_string())
        );
        assert!(is_url("POSTGRES://x/y"));
        assert!(!is_url("postgres.sqlite"));
    }

    #[test]
    fn a_url_with_a_password_is_refused_without_showing_it() {
        let e = Address::of(Path::new("postgres://ann:s3cret@db/x?sslmode=disable"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("postgres://ann:***@db/x"), "{e}");
        assert!(!e.contains("s3cret"), "{e}");
        // A user without a password, and an `@` in a parameter, are not passwords.
        assert!(Address::of(Path::new("postgres://ann@db/x?application_name=a:b@c")).is_ok());
    }
}
