//! The `marathon` binary: parses arguments, runs the library, maps the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Test builds only: the failpoints named in `FAILPOINTS` (see `failpoints` in Cargo.toml).
    #[cfg(feature = "failpoints")]
    let _failpoints = fail::FailScenario::setup();
    marathon::cli::main()
}

// Rendering letters is allocation-heavy (JSON contexts, strings); mimalloc cuts its cost
// markedly compared with the system allocator, and keeps memory flat across threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
