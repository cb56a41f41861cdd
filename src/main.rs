//! The `marathon` binary: parses arguments, runs the library, maps the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    marathon::cli::main()
}
