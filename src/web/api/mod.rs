//! The machine-readable endpoints: the public tally as JSON and the live event stream.

pub mod events;
pub mod tally;
