//! How a piece of work ended when it did not fail outright: everything done, or some items
//! failed and were reported. The CLI maps it to an exit code; the library never exits.

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was done.
    Done,
    /// The command ran but some items failed; they were reported (exit code 1).
    SomeFailed,
}
