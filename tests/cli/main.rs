//! Integration tests: run the real `marathon` binary on temporary copies of workspaces.

mod mailserver;
mod send;
mod support;
