//! marathon: runs letter-writing marathons from a campaign workspace.
//!
//! The library holds everything testable; `src/main.rs` only parses arguments and maps the
//! outcome to an exit code. Domain types (campaign, recipients, letters) carry no I/O beyond
//! their loaders; the file system, the ledger database and SMTP stay at the edges.

pub mod act;
pub mod action;
pub mod admin;
pub mod assign;
pub mod assignment;
pub mod campaign;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod delivery;
pub mod diag;
pub mod dir;
pub mod generate;
pub mod human;
pub mod i18n;
pub mod ids;
pub mod init;
pub mod invite;
pub mod ledger;
pub mod manifest;
pub mod outcome;
pub mod pack;
pub mod recipients;
pub mod rules;
pub mod signup;
pub mod status;
pub mod table;
pub mod tally;
pub mod template;
pub mod ui;
pub mod web;
pub mod workspace;
