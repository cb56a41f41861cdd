//! Integration tests: run the real `marathon` binary on temporary copies of workspaces.

mod check;
mod generate;
mod init;
mod mailserver;
mod support;
