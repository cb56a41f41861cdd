//! The key of the form, `.marathon/act-key` (32 random bytes, mode 0600, made on first use):
//! the salt of address hashes and the secret confirmation links are derived with. It lives
//! beside the ledger, never in it, so the ledger alone neither reveals addresses by guessing
//! nor makes valid links.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::address::hex;

/// The key file inside a workspace.
pub fn path(root: &Path) -> PathBuf {
    root.join(".marathon").join("act-key")
}

/// The form's key.
#[derive(Clone)]
pub struct ActKey([u8; 32]);

impl std::fmt::Debug for ActKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ActKey(..)")
    }
}

/// A new confirmation link: its nonce (stored), its token (in the mail only) and the token's
/// hash (stored, to find the submission).
#[derive(Debug, Clone)]
pub struct Link {
    /// Random bytes stored with the submission.
    pub nonce: Vec<u8>,
    /// The token in the link.
    pub token: String,
    /// SHA-256 of the token.
    pub token_hash: [u8; 32],
}

impl ActKey {
    /// Reads the key of the workspace at `root`, creating it (mode 0600) when missing.
    pub fn load_or_create(root: &Path) -> Result<ActKey> {
        let file = path(root);
        match std::fs::read(&file) {
            Ok(bytes) => {
                let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice()) else {
                    bail!(
                        "`{}` is damaged (it should hold 32 bytes, it holds {}); delete it to \
                         make a new one (links already mailed stop working)",
                        file.display(),
                        bytes.len()
                    );
                };
                Ok(ActKey(key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Self::create(&file),
            Err(e) => Err(e).with_context(|| format!("cannot read `{}`", file.display())),
        }
    }

    fn create(file: &Path) -> Result<ActKey> {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(file) {
            Ok(mut f) => {
                f.write_all(&key)
                    .and_then(|()| f.sync_all())
                    .with_context(|| format!("cannot write `{}`", file.display()))?;
                Ok(ActKey(key))
            }
            // Another process made it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Self::load_or_create(file.parent().and_then(Path::parent).unwrap_or(file))
            }
            Err(e) => Err(e).with_context(|| format!("cannot create `{}`", file.display())),
        }
    }

    /// A key from bytes (tests and benchmarks).
    pub fn from_bytes(bytes: [u8; 32]) -> ActKey {
        ActKey(bytes)
    }

    /// The salted hash of an address (see [`super::address::hash`]).
    pub fn address_hash(&self, email: &str) -> String {
        super::address::hash(&self.0, email)
    }

    /// The token of the link with `nonce`.
    pub fn token(&self, nonce: &[u8]) -> String {
        let mut h = Sha256::new();
        h.update(self.0);
        h.update(b"marathon confirmation link\0");
        h.update(nonce);
        hex(&h.finalize())
    }

    /// The token of a volunteer's personal link with `nonce` (`marathon invite`); another
    /// label than confirmation links, so neither kind of token opens the other.
    pub fn invite_token(&self, nonce: &[u8]) -> String {
        let mut h = Sha256::new();
        h.update(self.0);
        h.update(b"marathon volunteer link\0");
        h.update(nonce);
        hex(&h.finalize())
    }

    /// A new link with a random 128-bit nonce.
    pub fn new_link(&self) -> Link {
        let mut nonce = vec![0u8; 16];
        rand::rng().fill_bytes(&mut nonce);
        let token = self.token(&nonce);
        Link {
            token_hash: token_hash(&token),
            nonce,
            token,
        }
    }
}

/// The SHA-256 of a link's token, as stored.
pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let a = ActKey::load_or_create(dir.path()).unwrap();
        let b = ActKey::load_or_create(dir.path()).unwrap();
        assert_eq!(a.0, b.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let link = a.new_link();
        assert_eq!(b.token(&link.nonce), link.token);
        assert_eq!(token_hash(&link.token), link.token_hash);
        std::fs::write(path(dir.path()), b"short").unwrap();
        let e = ActKey::load_or_create(dir.path()).unwrap_err().to_string();
        assert!(e.contains("damaged"), "{e}");
    }
}
