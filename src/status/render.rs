//! A campaign's status as one screen of text.

use std::fmt::Write as _;

use super::Status;
use crate::human::{count, group};

/// The status for people: one line per part of the marathon, then the next command.
pub fn text(s: &Status) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", s.name);
    let mut row = |label: &str, value: String| {
        let _ = writeln!(out, "  {label:<10}  {value}");
    };
    row("workspace", checks(s));
    row("letters", letters(s));
    row(
        "assigned",
        match &s.assigned {
            Some(a) => format!(
                "{} to {} ({})",
                count(a.prisoners, "prisoner", "prisoners"),
                count(a.volunteers, "volunteer", "volunteers"),
                count(a.pairs, "pair", "pairs")
            ),
            None => "not yet".to_string(),
        },
    );
    let e = &s.email;
    row(
        "email",
        format!(
            "{}: {} delivered, {} deferred, {} failed, {} in doubt, {} not sent",
            count(e.letters, "letter", "letters"),
            group(e.delivered),
            group(e.deferred),
            group(e.failed),
            group(e.in_doubt),
            group(e.not_sent)
        ),
    );
    let p = &s.post;
    row(
        "post",
        format!(
            "{}: {} posted, {} received, {} returned or withheld, {} not posted yet",
            count(p.letters, "letter", "letters"),
            group(p.posted),
            group(p.received),
            group(p.returned),
            group(p.not_posted)
        ),
    );
    row(
        "ledger",
        match s.actions {
            Some(n) => count(n, "action", "actions"),
            None => "no ledger yet: nothing recorded".to_string(),
        },
    );
    if let Some(d) = &s.deadline {
        let when = match d.days_left {
            0 => "today".to_string(),
            n if n > 0 => format!("in {}", count(n as u64, "day", "days")),
            n => format!("passed {} ago", count(n.unsigned_abs(), "day", "days")),
        };
        row("deadline", format!("group reports due {}, {when}", d.day));
    }
    let _ = writeln!(out, "\nNext: {}\n  {}", s.next.command, s.next.why);
    out
}

fn checks(s: &Status) -> String {
    let c = &s.checks;
    if c.errors == 0 && c.warnings == 0 {
        return "no problems found".to_string();
    }
    format!(
        "{}, {} (`marathon check` lists them)",
        count(c.errors, "error", "errors"),
        count(c.warnings, "warning", "warnings")
    )
}

fn letters(s: &Status) -> String {
    let l = &s.letters;
    if l.generated == 0 {
        return "none generated yet".to_string();
    }
    let mut text = format!(
        "{} generated: {}, {}",
        group(l.generated),
        count(l.appeals, "appeal", "appeals"),
        count(l.solidarity, "solidarity letter", "solidarity letters")
    );
    if l.packs > 0 {
        let _ = write!(
            text,
            "; {} in `letters/packs/`",
            count(l.packs, "pack", "packs")
        );
    }
    text
}
