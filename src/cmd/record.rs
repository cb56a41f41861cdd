//! `marathon record`: one action, one change in a letter's life, or a correction.

use anyhow::{Context, Result, bail};
use serde::Serialize;
use time::OffsetDateTime;

use super::ledger_opts::{LedgerOpt, address_book, out};
use crate::action::{Action, DESCRIBING_FIELDS, RawAction, Rules, field_names, parse_day, today};
use crate::cli::{Cli, Outcome};
use crate::human;
use crate::ledger::{Ledger, LetterEvent};
use crate::manifest::{self, LetterStatus, MANIFEST_FILE};
use crate::workspace::Workspace;

/// The options that describe an action (not allowed with `--letter` or `--withdraw`).
const ACTION_OPTIONS: [&str; 10] = field_names(&[&DESCRIBING_FIELDS, &["corrects"]]);

/// The options a withdrawal cannot have (it keeps the entry's values, count 0).
const WITHDRAW_CONFLICTS: [&str; 10] = field_names(&[&DESCRIBING_FIELDS, &["date"]]);

/// Arguments of `marathon record`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Kind of action: appeal, solidarity (or card), email, fax, petition, social, event,
    /// other.
    #[arg(long)]
    pub kind: Option<String>,
    /// How many actions this entry stands for (a group's 230 cards: `--count 230`); 1 when
    /// not given.
    #[arg(long, allow_hyphen_values = true)]
    pub count: Option<String>,
    /// The case supported (a case id of the campaign).
    #[arg(long)]
    pub case: Option<String>,
    /// The prisoner supported (an id in `recipients/`); gives the case when `--case` is not.
    #[arg(long)]
    pub prisoner: Option<String>,
    /// The addressee (an authority or prisoner id in `recipients/`).
    #[arg(long)]
    pub recipient: Option<String>,
    /// The volunteer who acted (an id in `recipients/` or a name).
    #[arg(long)]
    pub volunteer: Option<String>,
    /// The group that reports it.
    #[arg(long)]
    pub group: Option<String>,
    /// ISO country code it came from (default: the volunteer's, when known).
    #[arg(long)]
    pub country: Option<String>,
    /// How it travelled: post, email, fax, sms, online, in-person, other (default: by kind).
    #[arg(long)]
    pub channel: Option<String>,
    /// The day it happened, `2026-12-10` or `10.12.2026` (default: today).
    #[arg(long)]
    pub date: Option<String>,
    /// A free note (with `--letter`: the event's detail).
    #[arg(long)]
    pub note: Option<String>,
    /// A generated letter's id (from `letters/manifest.jsonl`), or the short reference a
    /// volunteer reads from the pack's guide sheet (`8279-bfdd`), to record a change in its
    /// life with `--status`.
    #[arg(long, value_name = "ID", requires = "status", conflicts_with_all = ACTION_OPTIONS)]
    pub letter: Option<String>,
    /// With `--letter`: posted, received, replied, returned or withheld.
    #[arg(long, requires = "letter")]
    pub status: Option<String>,
    /// Correct entry ENTRY-ID: the new entry replaces it; options not given keep its values.
    #[arg(long, value_name = "ENTRY-ID")]
    pub corrects: Option<i64>,
    /// With `--corrects`: take the entry back entirely (it was recorded by mistake).
    #[arg(long, requires = "corrects", conflicts_with_all = WITHDRAW_CONFLICTS)]
    pub withdraw: bool,
    #[command(flatten)]
    pub ledger: LedgerOpt,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Recorded<'a> {
    entry: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    corrects: Option<i64>,
    action: &'a Action,
}

/// Runs `marathon record`.
pub fn run(cli: &Cli, args: &Args) -> Result<Outcome> {
    let ws = Workspace::open(&cli.workspace)?;
    let rules = Rules::new(&ws.campaign, &address_book(&ws, cli.quiet), today());
    if let (Some(letter), Some(status)) = (&args.letter, &args.status) {
        return record_letter(cli, args, &ws, &rules, letter, status);
    }
    let mut ledger = Ledger::open(&args.ledger.path(&ws))?;
    let (action, id) = match args.corrects {
        None => {
            let action = check(&rules, given(args, RawAction::default()))?;
            let id = ledger.record_action(&action)?;
            (action, id)
        }
        Some(old) => {
            let Some(original) = ledger.entry(old)? else {
                bail!("there is no entry {old} in `{}`", ledger.path().display());
            };
            let action = if args.withdraw {
                Action {
                    count: 0,
                    note: args.note.clone().or(original.action.note.clone()),
                    ..original.action.clone()
                }
            } else {
                check(&rules, given(args, RawAction::of(&original.action)))?
            };
            let id = ledger.record_correction(old, &action)?;
            (action, id)
        }
    };
    if args.json {
        let json = Recorded {
            entry: id,
            corrects: args.corrects,
            action: &action,
        };
        out(&serde_json::to_string_pretty(&json)?)?;
        return Ok(Outcome::Done);
    }
    out(&id.to_string())?;
    if !cli.quiet {
        let what = describe(&action);
        match args.corrects {
            None => eprintln!("recorded entry {id}: {what}"),
            Some(old) if args.withdraw => eprintln!("recorded entry {id}: entry {old} withdrawn"),
            Some(old) => eprintln!("recorded entry {id}, replacing entry {old}: {what}"),
        }
    }
    Ok(Outcome::Done)
}

/// `raw` with the options given on the command line put over it.
fn given(args: &Args, mut raw: RawAction) -> RawAction {
    let fields = [
        (&args.kind, &mut raw.kind),
        (&args.count, &mut raw.count),
        (&args.case, &mut raw.case),
        (&args.prisoner, &mut raw.prisoner),
        (&args.recipient, &mut raw.recipient),
        (&args.volunteer, &mut raw.volunteer),
        (&args.group, &mut raw.group),
        (&args.country, &mut raw.country),
        (&args.channel, &mut raw.channel),
        (&args.date, &mut raw.date),
        (&args.note, &mut raw.note),
    ];
    for (arg, field) in fields {
        if let Some(v) = arg {
            *field = Some(v.clone());
        }
    }
    raw
}

fn check(rules: &Rules, raw: RawAction) -> Result<Action> {
    rules.check(raw).map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("  --{}: {}", p.field, p.message))
            .collect();
        anyhow::anyhow!("nothing recorded:\n{}", lines.join("\n"))
    })
}

fn describe(a: &Action) -> String {
    let noun = format!("{} action", a.kind);
    format!(
        "{} for `{}` from {} on {}",
        human::count(a.count, &noun, &format!("{noun}s")),
        a.case,
        a.country,
        a.day
    )
}

/// The statuses a person records; the others are written by `marathon send`.
const MANUAL: [LetterStatus; 5] = [
    LetterStatus::Posted,
    LetterStatus::Received,
    LetterStatus::Replied,
    LetterStatus::Returned,
    LetterStatus::Withheld,
];

fn record_letter(
    cli: &Cli,
    args: &Args,
    ws: &Workspace,
    rules: &Rules,
    letter: &str,
    status: &str,
) -> Result<Outcome> {
    let status: LetterStatus = status.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    if !MANUAL.contains(&status) {
        let names: Vec<&str> = MANUAL.iter().map(|s| s.as_str()).collect();
        bail!(
            "`{status}` is recorded by `marathon send`; record one of: {}",
            names.join(", ")
        );
    }
    let at = match &args.date {
        None => OffsetDateTime::now_local().unwrap_or_else(|_| OffsetDateTime::now_utc()),
        Some(text) => {
            let day = parse_day(text).with_context(|| {
                format!("--date: `{text}` is not a date like 2026-12-10 or 10.12.2026")
            })?;
            rules
                .check_day(day)
                .map_err(|e| anyhow::anyhow!("--date: {e}"))?;
            day.midnight().assume_utc()
        }
    };
    let path = ws.letters_dir().join(MANIFEST_FILE);
    let key = crate::ids::ref_key(letter);
    // Streamed: a whole id stops the search; a short reference collects what it matches.
    let mut reader = manifest::Reader::open(&path)?;
    let mut found = Vec::new();
    while let Some((_, _, e)) = reader.next_entry()? {
        if e.id == key {
            found = vec![e];
            break;
        }
        if key.len() >= crate::ids::SHORT_REF_LEN && e.id.starts_with(&key) {
            found.push(e);
        }
    }
    let entry = match found.len() {
        1 => found.remove(0),
        0 => bail!(
            "letter `{letter}` is not in `{}`",
            ws.relative(&path).display()
        ),
        n => {
            let ids: Vec<String> = found
                .iter()
                .take(5)
                .map(|e| format!("`{}` (to {})", e.id, e.recipient.name))
                .collect();
            bail!(
                "reference `{letter}` matches {n} letters: {}; give the whole letter id",
                ids.join(", ")
            )
        }
    };
    let letter = entry.id.clone();
    let letter = letter.as_str();
    let mut ledger = Ledger::open(&args.ledger.path(ws))?;
    ledger.record_letter_events(&[LetterEvent {
        letter: std::borrow::Cow::Owned(entry),
        status,
        detail: args.note.clone(),
        origin: "record".to_string(),
        at,
    }])?;
    if args.json {
        let json = serde_json::json!({ "letter": letter, "status": status });
        out(&serde_json::to_string_pretty(&json)?)?;
    } else {
        out(letter)?;
        if !cli.quiet {
            eprintln!("recorded letter {letter} as {status}");
        }
    }
    Ok(Outcome::Done)
}
