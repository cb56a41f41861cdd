//! The SMTP password: where it comes from (environment, file or command) and a wrapper that
//! never prints it. No error message built here contains the password or any part of it.

use std::fmt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// A password. `Debug` shows only that one is present; there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The password itself, for the login command only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// Where the password is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// An environment variable, by name.
    Env(String),
    /// The first line of a file.
    File(PathBuf),
    /// The first line a shell command prints.
    Command(String),
}

impl fmt::Display for PasswordSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordSource::Env(name) => write!(f, "environment variable `{name}`"),
            PasswordSource::File(path) => write!(f, "file `{}`", path.display()),
            PasswordSource::Command(cmd) => write!(f, "command `{cmd}`"),
        }
    }
}

impl PasswordSource {
    /// Reads the password; errors say where it was looked for, never what was found.
    pub fn read(&self) -> Result<Secret> {
        let raw = match self {
            PasswordSource::Env(name) => match std::env::var(name) {
                Ok(v) => v,
                Err(std::env::VarError::NotPresent) => {
                    bail!(
                        "the password is read from the environment variable `{name}`, which is not set"
                    )
                }
                Err(std::env::VarError::NotUnicode(_)) => {
                    bail!("the environment variable `{name}` is not valid UTF-8")
                }
            },
            PasswordSource::File(path) => std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the password file `{}`", path.display()))?,
            PasswordSource::Command(cmd) => run_command(cmd)?,
        };
        let line = raw.lines().next().unwrap_or("");
        if line.is_empty() {
            bail!("the password from the {self} is empty");
        }
        Ok(Secret(line.to_string()))
    }
}

fn run_command(cmd: &str) -> Result<String> {
    let out = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run the password command `{cmd}`"))?;
    if !out.status.success() {
        bail!("the password command `{cmd}` failed ({})", out.status);
    }
    String::from_utf8(out.stdout).map_err(|_| {
        anyhow::anyhow!("the password command `{cmd}` printed something that is not UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_password() {
        let s = Secret("hunter2".into());
        assert_eq!(format!("{s:?}"), "Secret(..)");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn reads_first_line_of_file_and_command() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "s3cret\nignored\n").unwrap();
        assert_eq!(
            PasswordSource::File(file).read().unwrap().expose(),
            "s3cret"
        );
        let cmd = PasswordSource::Command("printf 'from-cmd\\n'".into());
        assert_eq!(cmd.read().unwrap().expose(), "from-cmd");
    }

    #[test]
    fn failures_never_show_the_output() {
        let cmd = PasswordSource::Command("echo $((6 * 7))-leaked; exit 3".into());
        let err = format!("{:#}", cmd.read().unwrap_err());
        assert!(err.contains("failed"), "{err}");
        assert!(!err.contains("42-leaked"), "{err}");
        let env = PasswordSource::Env("MARATHON_TEST_SURELY_UNSET_VAR".into());
        let err = format!("{:#}", env.read().unwrap_err());
        assert!(err.contains("MARATHON_TEST_SURELY_UNSET_VAR"), "{err}");
        let empty = PasswordSource::Command("true".into());
        assert!(format!("{:#}", empty.read().unwrap_err()).contains("empty"));
    }
}
