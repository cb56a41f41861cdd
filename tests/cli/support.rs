//! Test harness: temporary workspaces copied from the sample campaign or a fixture, and a
//! builder for running the real binary in them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod ledger;
pub mod pg;
pub mod sheets;

/// The repository root (the sample campaign).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary workspace; deleted when dropped.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    /// A copy of the sample campaign at the repository root (campaign file, templates,
    /// recipients; no letters, no ledger).
    pub fn sample() -> Self {
        let ws = Self::empty();
        let root = repo_root();
        std::fs::copy(root.join("campaign.toml"), ws.path().join("campaign.toml")).unwrap();
        copy_dir(&root.join("templates"), &ws.path().join("templates"));
        copy_dir(&root.join("recipients"), &ws.path().join("recipients"));
        ws
    }

    /// A copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> Self {
        let ws = Self::empty();
        copy_dir(&repo_root().join("tests/fixtures").join(name), ws.path());
        ws
    }

    /// An empty folder.
    pub fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The workspace folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `rel` inside the workspace, creating folders.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Reads `rel` inside the workspace as UTF-8.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// A `marathon` command running in this workspace with `NO_COLOR` set.
    pub fn marathon(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_marathon"));
        c.current_dir(self.path())
            .env("NO_COLOR", "1")
            .env_remove("RUST_LOG")
            .env_remove("MARATHON_LOG");
        c
    }

    /// Runs `marathon ARGS` and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.marathon().args(args).output().unwrap()
    }

    /// Runs `marathon ARGS`, asserting exit code 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "marathon {args:?} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `marathon ARGS`, asserting exit code `code`; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "marathon {args:?}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}
