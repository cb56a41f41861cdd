//! Sending the email letters: the `[smtp]` settings, rate limits, message building, the SMTP
//! connections and the engine that records every letter in the ledger before and after it is
//! handed to the mail server.

pub mod config;
pub mod engine;
pub mod journal;
pub mod letters;
pub mod message;
pub mod plan;
pub mod rate;
pub mod report;
pub mod run;
pub mod schedule;
pub mod secret;
pub mod settings;
pub mod smtp;
pub mod tls;
pub mod transport;
