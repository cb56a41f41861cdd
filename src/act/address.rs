//! Email addresses as the form sees them: a light check, the normal form that makes
//! `J.Doe+marathon@Gmail.com` and `jdoe@gmail.com` one person, and its salted hash, the only
//! trace of an address the ledger keeps after confirmation.

use sha2::{Digest, Sha256};

/// Domains where dots in the local part are ignored and `+suffix` is an alias.
const DOTLESS: [&str; 2] = ["gmail.com", "googlemail.com"];

/// The address trimmed, if it looks deliverable: one `@`, a non-empty local part, a domain
/// with a dot, no spaces or control characters, at most 254 bytes.
pub fn check(email: &str) -> Option<&str> {
    let email = email.trim();
    let (local, domain) = email.rsplit_once('@')?;
    let bad = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';');
    let ok = email.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(bad);
    ok.then_some(email)
}

/// The normal form of an address: lowercase; a `+suffix` of the local part dropped; for
/// Gmail-like domains the dots of the local part dropped too and `googlemail.com` read as
/// `gmail.com`.
pub fn normalise(email: &str) -> String {
    let lower = email.trim().to_lowercase();
    let Some((local, domain)) = lower.rsplit_once('@') else {
        return lower;
    };
    let local = local.split('+').next().unwrap_or(local);
    if DOTLESS.contains(&domain) {
        format!("{}@gmail.com", local.replace('.', ""))
    } else {
        format!("{local}@{domain}")
    }
}

/// The salted SHA-256 of the normal form of `email`, in hex.
pub fn hash(salt: &[u8], email: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"marathon address\0");
    h.update(salt);
    h.update(normalise(email).as_bytes());
    hex(&h.finalize())
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn gmail_aliases_are_one_address_and_other_domains_keep_their_dots() {
        assert_eq!(normalise(" J.Doe+marathon@GMail.com "), "jdoe@gmail.com");
        assert_eq!(normalise("j.doe@googlemail.com"), "jdoe@gmail.com");
        assert_eq!(normalise("J.Doe+x@Example.org"), "j.doe@example.org");
        assert_eq!(
            hash(b"s", "J.Doe+a@gmail.com"),
            hash(b"s", "jdoe@gmail.com")
        );
        assert_ne!(hash(b"s", "jdoe@gmail.com"), hash(b"t", "jdoe@gmail.com"));
    }

    #[test]
    fn check_refuses_what_is_not_an_address() {
        assert_eq!(check(" ann@example.org "), Some("ann@example.org"));
        for bad in [
            "",
            "ann",
            "@example.org",
            "ann@example",
            "a b@example.org",
            "a@b@c.org",
        ] {
            assert_eq!(check(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn normalising_never_panics_and_is_stable(s in "\\PC{0,40}") {
            let once = normalise(&s);
            prop_assert_eq!(normalise(&once), once.clone());
            let _ = check(&s);
        }
    }
}
