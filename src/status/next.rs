//! The next command worth running, decided from a campaign's status in the order a marathon
//! goes: fix the workspace, share prisoners out, generate, print packs, send, follow up.

use serde::Serialize;

use super::Status;
use crate::human::count;

/// A command to run next and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Next {
    /// The command line.
    pub command: String,
    /// Why it is the one worth running.
    pub why: String,
}

fn next(command: &str, why: String) -> Next {
    Next {
        command: command.to_string(),
        why,
    }
}

/// The first step of the marathon that is not done yet.
pub fn decide(s: &Status, letters_stale: bool) -> Next {
    if s.checks.errors > 0 {
        return next(
            "marathon check",
            format!(
                "the workspace has {}; it lists each with its file, line and field",
                count(s.checks.errors, "error", "errors")
            ),
        );
    }
    if s.letters.generated == 0 {
        return match s.assigned {
            None => next(
                "marathon assign",
                "share the prisoners out among the volunteers, fewest letters first".to_string(),
            ),
            Some(_) => next(
                "marathon generate",
                "no letters have been generated yet".to_string(),
            ),
        };
    }
    if letters_stale {
        return next(
            "marathon generate",
            "the assignment is newer than the letters".to_string(),
        );
    }
    if s.post.letters > 0 && s.letters.packs == 0 {
        return next(
            "marathon pack",
            format!(
                "{} to print for the volunteers",
                count(s.post.letters, "post letter", "post letters")
            ),
        );
    }
    let to_send = s.email.not_sent + s.email.deferred;
    if to_send > 0 {
        let why = format!(
            "{} to send",
            count(to_send, "email letter", "email letters")
        );
        return if s.mail_server {
            next("marathon send", why)
        } else {
            next(
                "marathon send",
                format!("{why}; it shows the plan and what to add to `campaign.toml`"),
            )
        };
    }
    if s.email.in_doubt > 0 {
        return next(
            "marathon send --resend-in-doubt",
            format!(
                "{} handed to the server without an answer",
                count(s.email.in_doubt, "email letter was", "email letters were")
            ),
        );
    }
    if s.email.failed > 0 {
        return next(
            "marathon send --retry-failed",
            format!(
                "{} refused; correct the addresses listed in `letters/failures.csv` first",
                count(s.email.failed, "email letter was", "email letters were")
            ),
        );
    }
    if s.post.not_posted > 0 {
        return next(
            "marathon record --letter ID --status posted",
            format!(
                "{} not reported posted yet; record each as volunteers report it",
                count(s.post.not_posted, "post letter is", "post letters are")
            ),
        );
    }
    next(
        "marathon tally",
        "every letter is on its way: the figures for the campaign".to_string(),
    )
}
