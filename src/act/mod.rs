//! "I took action" from the web, apart from HTTP: the form's limits from the campaign file,
//! the address normalised and hashed with a salt kept outside the ledger, confirmation link
//! tokens, and the outbox of confirmation mails drained through the sending engine.

pub mod address;
pub mod config;
pub mod key;
pub mod origin;
pub mod outbox;

pub use config::WebConfig;

/// How long a confirmation link stays valid; unconfirmed submissions are deleted after it.
pub const CONFIRM_WINDOW: time::Duration = time::Duration::days(7);
