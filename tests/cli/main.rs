//! Integration tests: run the real `marathon` binary on temporary copies of workspaces.

mod assign;
mod browser;
mod check;
mod generate;
mod import;
mod init;
mod ledger;
mod ledger_stores;
mod ledger_sync;
mod mailserver;
mod pack;
mod print;
mod rules;
mod sample;
mod send;
mod sheets;
mod shell;
mod status;
mod support;
mod synth;
mod tally;
mod web;
