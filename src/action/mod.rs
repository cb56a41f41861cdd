//! Actions: what a volunteer or group did for a case (letters, cards, emails, signatures,
//! posts, events), with their count, and the checks every new action passes before it
//! reaches the ledger. No I/O here; reading report files lives in [`report`].

pub mod country;
mod parse;
pub mod report;
mod rules;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use time::Date;

pub use parse::{day_text, parse_count, parse_day, today};
pub use rules::{FieldError, RawAction, Rules};

/// The largest count one row may carry; anything above is taken for a typo.
pub const MAX_COUNT: u64 = 10_000_000;

/// The fields of an action that say what was done, for whom, by whom and how (all but the
/// day and the note), as option and column names, in the order they are listed to people.
pub const DESCRIBING_FIELDS: [&str; 9] = [
    "kind",
    "count",
    "case",
    "prisoner",
    "recipient",
    "volunteer",
    "group",
    "country",
    "channel",
];

/// The names in `parts`, one after another, as one array. Meant for constants: a total that
/// is not `N` stops the build there.
pub const fn field_names<const N: usize>(parts: &[&[&'static str]]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut at = 0;
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[at] = parts[p][i];
            at += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(at == N, "the parts do not add up to the array's length");
    out
}

/// The form an action took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionKind {
    /// A letter to the authorities holding a prisoner.
    Appeal,
    /// A solidarity letter or card to a prisoner.
    Solidarity,
    /// An email written by the volunteer.
    Email,
    /// A fax.
    Fax,
    /// A petition signature.
    Petition,
    /// A social-media post.
    Social,
    /// A public event (picket, writing evening, vigil).
    Event,
    /// Anything else.
    Other,
}

impl ActionKind {
    /// Every kind, in display order.
    pub const ALL: [ActionKind; 8] = [
        ActionKind::Appeal,
        ActionKind::Solidarity,
        ActionKind::Email,
        ActionKind::Fax,
        ActionKind::Petition,
        ActionKind::Social,
        ActionKind::Event,
        ActionKind::Other,
    ];

    /// The name used on the command line, in files and in the ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Appeal => "appeal",
            ActionKind::Solidarity => "solidarity",
            ActionKind::Email => "email",
            ActionKind::Fax => "fax",
            ActionKind::Petition => "petition",
            ActionKind::Social => "social",
            ActionKind::Event => "event",
            ActionKind::Other => "other",
        }
    }

    /// The channel an action of this kind takes when none is given.
    pub fn default_channel(self) -> Channel {
        match self {
            ActionKind::Appeal | ActionKind::Solidarity => Channel::Post,
            ActionKind::Email => Channel::Email,
            ActionKind::Fax => Channel::Fax,
            ActionKind::Petition | ActionKind::Social => Channel::Online,
            ActionKind::Event => Channel::InPerson,
            ActionKind::Other => Channel::Other,
        }
    }
}

impl From<crate::manifest::LetterKind> for ActionKind {
    fn from(kind: crate::manifest::LetterKind) -> Self {
        match kind {
            crate::manifest::LetterKind::Appeal => ActionKind::Appeal,
            crate::manifest::LetterKind::Solidarity => ActionKind::Solidarity,
        }
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ActionKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Most files write the names as they are: no lowercase copy for those.
        if let Some(k) = ActionKind::ALL.into_iter().find(|k| k.as_str() == s) {
            return Ok(k);
        }
        let lower = s.trim().to_ascii_lowercase();
        let alias = match lower.as_str() {
            "card" | "cards" => Some(ActionKind::Solidarity),
            "signature" | "signatures" => Some(ActionKind::Petition),
            _ => None,
        };
        alias
            .or_else(|| ActionKind::ALL.into_iter().find(|k| k.as_str() == lower))
            .ok_or_else(|| {
                let names: Vec<&str> = ActionKind::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "`{s}` is not a kind of action (one of: {})",
                    names.join(", ")
                )
            })
    }
}

/// How an action travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// By post.
    Post,
    /// By email.
    Email,
    /// By fax.
    Fax,
    /// By SMS.
    Sms,
    /// Online (petition site, social network).
    Online,
    /// In person, at an event.
    InPerson,
    /// Anything else.
    Other,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 7] = [
        Channel::Post,
        Channel::Email,
        Channel::Fax,
        Channel::Sms,
        Channel::Online,
        Channel::InPerson,
        Channel::Other,
    ];

    /// The name used on the command line, in files and in the ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Post => "post",
            Channel::Email => "email",
            Channel::Fax => "fax",
            Channel::Sms => "sms",
            Channel::Online => "online",
            Channel::InPerson => "in-person",
            Channel::Other => "other",
        }
    }
}

impl From<crate::manifest::Channel> for Channel {
    fn from(c: crate::manifest::Channel) -> Self {
        match c {
            crate::manifest::Channel::Email => Channel::Email,
            crate::manifest::Channel::Post => Channel::Post,
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(c) = Channel::ALL.into_iter().find(|c| c.as_str() == s) {
            return Ok(c);
        }
        let lower = s.trim().to_ascii_lowercase();
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == lower || (lower == "in person" && *c == Channel::InPerson))
            .ok_or_else(|| {
                let names: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
                format!("`{s}` is not a channel (one of: {})", names.join(", "))
            })
    }
}

/// One checked action, ready for the ledger: `count` actions of one kind, for one case, from
/// one country, on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    /// The form the action took.
    pub kind: ActionKind,
    /// How many actions the row stands for (a group reports "230 cards" as one row). At least
    /// 1 and at most [`MAX_COUNT`]; 0 only in a correction that withdraws an entry.
    pub count: u64,
    /// The case supported.
    pub case: String,
    /// The prisoner supported, when one is named.
    pub prisoner: Option<String>,
    /// The addressee (an authority or prisoner id), when one is named.
    pub recipient: Option<String>,
    /// The volunteer who acted, when known.
    pub volunteer: Option<String>,
    /// The group that reported it, when any.
    pub group: Option<String>,
    /// ISO country code of where the action came from.
    pub country: String,
    /// How it travelled.
    pub channel: Channel,
    /// The day it happened.
    pub day: Date,
    /// A free note.
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    // Report headers are matched by index into this list and it is shown in errors.
    #[test]
    fn report_columns_keep_their_order() {
        assert_eq!(
            report::COLUMNS,
            [
                "ref",
                "date",
                "kind",
                "count",
                "case",
                "prisoner",
                "recipient",
                "volunteer",
                "group",
                "country",
                "channel",
                "note"
            ]
        );
    }

    // The summary cells index kinds and channels by their discriminant.
    #[test]
    fn all_lists_are_in_declaration_order() {
        for (i, k) in ActionKind::ALL.into_iter().enumerate() {
            assert_eq!(k as usize, i);
            assert_eq!(k.as_str().parse::<ActionKind>(), Ok(k));
        }
        for (i, c) in Channel::ALL.into_iter().enumerate() {
            assert_eq!(c as usize, i);
            assert_eq!(c.as_str().parse::<Channel>(), Ok(c));
        }
    }
}
