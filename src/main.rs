//! The `marathon` binary: parses arguments, runs the library, maps the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    marathon::cli::main()
}

// Rendering letters is allocation-heavy (JSON contexts, strings); mimalloc cuts its cost
// markedly compared with the system allocator, and keeps memory flat across threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
