//! Sending the email letters: the `[smtp]` settings, rate limits, message building, the SMTP
//! connections and the engine that records every letter in the ledger before and after it is
//! handed to the mail server.

pub mod config;
pub mod message;
pub mod rate;
pub mod secret;
pub mod settings;
