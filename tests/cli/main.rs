//! Integration tests: run the real `marathon` binary on temporary copies of workspaces.

mod assign;
mod check;
mod generate;
mod init;
mod mailserver;
mod pack;
mod rules;
mod sample;
mod support;
mod synth;
