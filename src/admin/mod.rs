//! Coordinator accounts: who may open `/admin`, kept as argon2 hashes in
//! `.marathon/admins.toml` (mode 0600), apart from the campaign file and never in the ledger.

pub mod accounts;
pub mod overview;

pub use accounts::{Account, Accounts, check_name, check_password};
