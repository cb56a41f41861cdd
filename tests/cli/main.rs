//! Integration tests: run the real `marathon` binary on temporary copies of workspaces.

mod import;
mod ledger;
mod support;
mod tally;
