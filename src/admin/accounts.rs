//! The accounts file `.marathon/admins.toml`: one `[[admin]]` table per coordinator with
//! the name, the argon2id hash of the password (PHC string) and when it was added. Written
//! whole to a temporary file (mode 0600) and renamed, so a crash leaves the old file or
//! the new one, never half of one.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Where the accounts live, relative to the workspace.
pub const ACCOUNTS_FILE: &str = ".marathon/admins.toml";

/// The shortest password accepted.
pub const PASSWORD_MIN: usize = 10;

/// The longest password accepted (argon2 takes any length; this bounds the work).
pub const PASSWORD_MAX: usize = 1024;

/// The longest account name.
pub const NAME_MAX: usize = 64;

/// One coordinator.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Account {
    /// The name typed at the login.
    pub name: String,
    /// The argon2id PHC string of the password.
    pub hash: String,
    /// When the account was added (RFC 3339).
    pub added: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    #[serde(default, rename = "admin")]
    admins: Vec<Account>,
}

/// Every account of a workspace, as read from its file.
#[derive(Debug, Default)]
pub struct Accounts {
    path: PathBuf,
    list: Vec<Account>,
}

/// Refuses a name that is empty, too long, or holds anything but letters, digits, `.`,
/// `_`, `-` and `@`.
pub fn check_name(name: &str) -> Result<()> {
    if name.is_empty() || name.chars().count() > NAME_MAX {
        bail!("an account name has 1 to {NAME_MAX} characters");
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        bail!("the account name `{name}` may hold only letters, digits, `.`, `_`, `-` and `@`");
    }
    Ok(())
}

/// Refuses a password shorter than [`PASSWORD_MIN`] or longer than [`PASSWORD_MAX`]
/// characters.
pub fn check_password(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        bail!("a password has at least {PASSWORD_MIN} characters");
    }
    if password.len() > PASSWORD_MAX {
        bail!("a password has at most {PASSWORD_MAX} bytes");
    }
    Ok(())
}

/// A hash of no password anyone has, verified when the name is unknown so that a wrong
/// name takes as long as a wrong password.
fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        Argon2::default()
            .hash_password(b"no account has this password")
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

impl Accounts {
    /// Reads the accounts of the workspace at `root`; no file means no accounts.
    pub fn load(root: &Path) -> Result<Accounts> {
        let path = root.join(ACCOUNTS_FILE);
        let list = match std::fs::read_to_string(&path) {
            Ok(text) => {
                let file: File = toml::from_str(&text)
                    .with_context(|| format!("cannot read `{}`", path.display()))?;
                file.admins
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", path.display())),
        };
        Ok(Accounts { path, list })
    }

    /// The accounts, in the order they were added.
    pub fn list(&self) -> &[Account] {
        &self.list
    }

    /// The file the accounts are kept in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when an account is called `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.list.iter().any(|a| a.name == name)
    }

    /// Adds `name` with `password` (or gives it the new password when `replace`), and
    /// writes the file.
    pub fn add(&mut self, name: &str, password: &str, replace: bool) -> Result<()> {
        check_name(name)?;
        check_password(password)?;
        let hash = Argon2::default()
            .hash_password(password.as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?
            .to_string();
        let added = OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap_or_else(|_| OffsetDateTime::now_utc())
            .format(&Rfc3339)
            .context("cannot format the time")?;
        let account = Account {
            name: name.to_string(),
            hash,
            added,
        };
        match self.list.iter_mut().find(|a| a.name == name) {
            Some(_) if !replace => {
                bail!("an account `{name}` exists already: pass --replace to set a new password")
            }
            Some(a) => *a = account,
            None => self.list.push(account),
        }
        self.save()
    }

    /// Removes `name` and writes the file; an unknown name is an error.
    pub fn remove(&mut self, name: &str) -> Result<()> {
        let before = self.list.len();
        self.list.retain(|a| a.name != name);
        if self.list.len() == before {
            bail!("no account is called `{name}`");
        }
        self.save()
    }

    /// True when `password` is the password of `name`. An unknown name takes as long.
    pub fn verify(&self, name: &str, password: &str) -> bool {
        if password.len() > PASSWORD_MAX {
            return false;
        }
        let found = self.list.iter().find(|a| a.name == name);
        let hash: &str = match found {
            Some(a) => &a.hash,
            None => decoy(),
        };
        let ok = PasswordHash::new(hash).ok().is_some_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        });
        ok && found.is_some()
    }

    fn save(&self) -> Result<()> {
        let file = File {
            admins: self.list.clone(),
        };
        let text = toml::to_string(&file).context("cannot write the accounts")?;
        let dir = self
            .path
            .parent()
            .context("the accounts file has a folder")?;
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
        let tmp = self.path.with_extension("toml.tmp");
        let _ = std::fs::remove_file(&tmp);
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let mut f = opts
            .open(&tmp)
            .with_context(|| format!("cannot create `{}`", tmp.display()))?;
        let header = "# Coordinator accounts of `marathon serve` (`marathon admin`): argon2 hashes, never passwords.\n";
        f.write_all(header.as_bytes())
            .and_then(|()| f.write_all(text.as_bytes()))
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot write `{}`", tmp.display()))?;
        std::fs::rename(&tmp, &self.path)
            .with_context(|| format!("cannot write `{}`", self.path.display()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_account_verifies_only_its_own_password_and_file_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Accounts::load(dir.path()).unwrap();
        a.add("anna", "correct horse battery", false).unwrap();
        let again = Accounts::load(dir.path()).unwrap();
        assert!(again.verify("anna", "correct horse battery"));
        assert!(!again.verify("anna", "correct horse batterY"));
        assert!(!again.verify("boris", "correct horse battery"));
        let text = std::fs::read_to_string(dir.path().join(ACCOUNTS_FILE)).unwrap();
        assert!(!text.contains("correct horse"), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(ACCOUNTS_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let mut again = again;
        assert!(again.add("anna", "another password", false).is_err());
        again.add("anna", "another password", true).unwrap();
        assert!(again.verify("anna", "another password"));
        again.remove("anna").unwrap();
        assert!(again.remove("anna").is_err());
        assert!(
            !Accounts::load(dir.path())
                .unwrap()
                .verify("anna", "another password")
        );
    }

    #[test]
    fn names_and_passwords_are_checked() {
        assert!(check_name("").is_err());
        assert!(check_name("a b").is_err());
        assert!(check_name("anna.k@group-1").is_ok());
        assert!(check_password("short").is_err());
        assert!(check_password("long enough!").is_ok());
    }
}
