//! Rendering a tally as text (grouped numbers, plural nouns), Markdown, JSON or CSV.

use std::fmt::Write;

use super::{Line, PrisonerLine, Tally};
use crate::human::{count, group};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people, in a terminal.
    Text,
    /// Tables for a web page or a report.
    Markdown,
    /// Every figure, for scripts.
    Json,
    /// One `section,name,actions` row per figure.
    Csv,
}

/// Renders `tally` in `format`.
pub fn render(tally: &Tally, format: Format) -> anyhow::Result<String> {
    Ok(match format {
        Format::Text => text(tally),
        Format::Markdown => markdown(tally),
        Format::Json => serde_json::to_string_pretty(tally)? + "\n",
        Format::Csv => csv(tally)?,
    })
}

/// "104,731 actions from 36 countries for 3 cases, by 1,204 volunteers and 85 groups".
pub fn headline(t: &Tally) -> String {
    format!(
        "{} from {} for {}, by {} and {}",
        count(t.actions, "action", "actions"),
        count(t.countries, "country", "countries"),
        count(t.cases, "case", "cases"),
        count(t.volunteers, "volunteer", "volunteers"),
        count(t.groups, "group", "groups"),
    )
}

fn filters(t: &Tally) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(d) = &t.filters.from {
        parts.push(format!("from {d}"));
    }
    if let Some(d) = &t.filters.to {
        parts.push(format!("to {d}"));
    }
    if let Some(c) = &t.filters.case {
        parts.push(format!("case `{c}`"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn percent(n: u64, total: u64) -> String {
    if total == 0 {
        return String::new();
    }
    format!("{:.1}%", n as f64 * 100.0 / total as f64)
}

/// Lines shown per breakdown in text and Markdown (JSON and CSV have them all).
const SHOWN: usize = 20;

fn label(l: &Line) -> String {
    match &l.title {
        Some(t) => format!("{t} ({})", l.name),
        None => l.name.clone(),
    }
}

fn text(t: &Tally) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", t.name);
    let _ = writeln!(out, "{}", headline(t));
    if let Some(f) = filters(t) {
        let _ = writeln!(out, "({f})");
    }
    let mut section = |title: &str, lines: &[Line], with_share: bool| {
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{title}");
        let width = lines
            .iter()
            .take(SHOWN)
            .map(|l| label(l).chars().count())
            .max();
        let width = width.unwrap_or(0);
        let numbers = lines
            .iter()
            .map(|l| group(l.actions).len())
            .max()
            .unwrap_or(0);
        for l in lines.iter().take(SHOWN) {
            let name = label(l);
            let pad = width - name.chars().count();
            let share = if with_share {
                format!("  {:>6}", percent(l.actions, t.actions))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {name}{}  {:>numbers$}{share}",
                " ".repeat(pad),
                group(l.actions)
            );
        }
        if lines.len() > SHOWN {
            let _ = writeln!(out, "  … and {} more", group((lines.len() - SHOWN) as u64));
        }
    };
    section("By kind", &t.by_kind, true);
    section("By case", &t.by_case, true);
    section("By country", &t.by_country, true);
    section("By day", &t.by_day, false);
    if let Some(c) = &t.by_channel {
        section("By channel", c, true);
    }
    if let Some(g) = &t.by_group {
        section("By group", g, true);
    }
    if let Some(p) = &t.fewest_letters {
        prisoner_text(&mut out, "Prisoners with the fewest letters", p);
    }
    if let Some(p) = &t.none_received {
        prisoner_text(&mut out, "No letter confirmed received", p);
    }
    if let Some(u) = t.undelivered.as_ref().filter(|u| !u.is_empty()) {
        let _ = writeln!(
            out,
            "\nReturned or withheld ({}, counted as actions)",
            count(u.len() as u64, "letter", "letters")
        );
        for l in u {
            let _ = writeln!(
                out,
                "  {}  {:<8}  {}  {} for `{}`",
                l.day, l.status, l.letter, l.kind, l.prisoner
            );
        }
    }
    if let Some(c) = t.corrections.filter(|c| *c > 0) {
        let _ = writeln!(out, "\n{} applied", count(c, "correction", "corrections"));
    }
    out
}

fn prisoner_text(out: &mut String, title: &str, list: &[PrisonerLine]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    let width = list
        .iter()
        .map(|p| p.name.chars().count() + p.id.len() + 3)
        .max()
        .unwrap_or(0);
    for p in list {
        let name = format!("{} ({})", p.name, p.id);
        let pad = width - name.chars().count();
        let _ = writeln!(
            out,
            "  {name}{}  {} sent, {} received",
            " ".repeat(pad),
            group(p.sent),
            group(p.received)
        );
    }
}

fn markdown(t: &Tally) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n\n**{}**", t.name, headline(t));
    if let Some(f) = filters(t) {
        let _ = writeln!(out, "\n_{f}_");
    }
    let mut table = |title: &str, what: &str, lines: &[Line]| {
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "\n## {title}\n\n| {what} | Actions | Share |\n|---|--:|--:|"
        );
        for l in lines.iter().take(SHOWN) {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                md_escape(&label(l)),
                group(l.actions),
                percent(l.actions, t.actions)
            );
        }
        if lines.len() > SHOWN {
            let rest: u64 = lines.iter().skip(SHOWN).map(|l| l.actions).sum();
            let _ = writeln!(
                out,
                "| {} more | {} | {} |",
                group((lines.len() - SHOWN) as u64),
                group(rest),
                percent(rest, t.actions)
            );
        }
    };
    table("By kind", "Kind", &t.by_kind);
    table("By case", "Case", &t.by_case);
    table("By country", "Country", &t.by_country);
    table("By day", "Day", &t.by_day);
    if let Some(c) = &t.by_channel {
        table("By channel", "Channel", c);
    }
    if let Some(g) = &t.by_group {
        table("By group", "Group", g);
    }
    for (title, list) in [
        ("Prisoners with the fewest letters", &t.fewest_letters),
        ("No letter confirmed received", &t.none_received),
    ] {
        if let Some(list) = list.as_ref().filter(|l| !l.is_empty()) {
            let _ = writeln!(
                out,
                "\n## {title}\n\n| Prisoner | Sent | Received |\n|---|--:|--:|"
            );
            for p in list {
                let _ = writeln!(
                    out,
                    "| {} ({}) | {} | {} |",
                    md_escape(&p.name),
                    p.id,
                    group(p.sent),
                    group(p.received)
                );
            }
        }
    }
    if let Some(u) = t.undelivered.as_ref().filter(|u| !u.is_empty()) {
        let _ = writeln!(
            out,
            "\n## Returned or withheld\n\n| Day | Status | Letter | Kind | Prisoner |\n|---|---|---|---|---|"
        );
        for l in u {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                l.day, l.status, l.letter, l.kind, l.prisoner
            );
        }
    }
    out
}

/// Keeps a value from breaking a Markdown table.
fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

fn csv(t: &Tally) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["section", "name", "actions"])?;
    for (name, n) in [
        ("actions", t.actions),
        ("countries", t.countries),
        ("cases", t.cases),
        ("volunteers", t.volunteers),
        ("groups", t.groups),
    ] {
        w.write_record(["headline", name, &n.to_string()])?;
    }
    let mut breakdown = |section: &str, lines: &[Line]| -> anyhow::Result<()> {
        for l in lines {
            w.write_record([section, &l.name, &l.actions.to_string()])?;
        }
        Ok(())
    };
    breakdown("kind", &t.by_kind)?;
    breakdown("case", &t.by_case)?;
    breakdown("country", &t.by_country)?;
    breakdown("day", &t.by_day)?;
    if let Some(c) = &t.by_channel {
        breakdown("channel", c)?;
    }
    if let Some(g) = &t.by_group {
        breakdown("group", g)?;
    }
    for (section, list) in [
        ("fewest_letters", &t.fewest_letters),
        ("none_received", &t.none_received),
    ] {
        for p in list.iter().flatten() {
            w.write_record([section, &p.id, &p.sent.to_string()])?;
        }
    }
    for l in t.undelivered.iter().flatten() {
        w.write_record([&format!("{}_letter", l.status), &l.letter, "1"])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}
