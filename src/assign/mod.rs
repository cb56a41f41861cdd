//! Assignment of prisoners to volunteers: each volunteer gets K prisoners so that letters
//! spread evenly, prisoners with the fewest letters so far first, birthdays in the coming
//! weeks served first among equals, and every pair in a language the prisoner's country lets
//! through (a prepared bilingual text where the volunteer writes none of them). Pure: the
//! command in `src/cmd/assign.rs` loads the inputs and saves the result.

mod newcomer;
mod plan;
pub mod prepared;
mod report;
mod rng;

use serde::{Deserialize, Serialize};

pub use newcomer::{Added, Known, assign_newcomer};
pub use plan::{Options, days_to_birthday, plan};
pub use prepared::PreparedTexts;
pub use report::{LeftOut, Reason, Report, ShortVolunteer, Spread};

/// Prisoners per volunteer when neither the command line nor the campaign file says.
pub const DEFAULT_PER_VOLUNTEER: u32 = 1;

/// Days ahead a birthday gives priority when neither the command line nor the campaign file
/// says.
pub const DEFAULT_BIRTHDAY_WINDOW: u32 = 21;

/// `[assign]` in the campaign file.
///
/// ```toml
/// [assign]
/// per_volunteer = 3
/// birthday_window = 21
/// seed = 2026
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AssignConfig {
    /// Prisoners per volunteer.
    #[serde(default)]
    pub per_volunteer: Option<u32>,
    /// Days ahead of the letter date in which a birthday gives priority (0 turns it off).
    #[serde(default)]
    pub birthday_window: Option<u32>,
    /// The seed used when `--seed` is not given.
    #[serde(default)]
    pub seed: Option<u64>,
}

/// The seed used when neither `--seed` nor `[assign] seed` is given: derived from the campaign
/// id, so that running `assign` twice on the same input gives the same pairs.
pub fn default_seed(campaign_id: &str) -> u64 {
    let id = crate::ids::letter_id(campaign_id, "assign", "", "");
    u64::from_str_radix(&id, 16).unwrap_or(0)
}
