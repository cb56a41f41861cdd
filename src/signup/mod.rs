//! New volunteers who signed up on the web, apart from HTTP: a confirmed sign-up as a
//! volunteer, assigned prisoners by the fair rule of `assign` without moving anyone else, and
//! written out in `recipients/` form for `marathon signups export`.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::assign::{self, Added, Options, PreparedTexts};
use crate::assignment;
use crate::ledger::{Ledger, Signup};
use crate::recipients::{AddressBook, Source, Volunteer};
use crate::workspace::Workspace;

/// Where `marathon signups export` writes, inside the workspace.
pub const EXPORT_FILE: &str = "recipients/volunteers-signups.csv";

/// The columns of the export: those of a volunteers file.
pub const COLUMNS: [&str; 7] = [
    "id",
    "name",
    "email",
    "city",
    "country",
    "languages",
    "group",
];

/// The volunteer a confirmed sign-up became; `None` while it is pending.
pub fn volunteer_of(s: &Signup) -> Option<Volunteer> {
    Some(Volunteer {
        id: s.volunteer.clone()?,
        name: s.name.clone(),
        email: s.email.clone(),
        city: s.city.clone(),
        country: s.country.clone(),
        languages: s.languages.clone(),
        group: None,
        source: Source::line(format!("sign-up {}", s.id), 1),
    })
}

/// The id of the volunteer in `book` with the address `email` (compared without regard to
/// case), if any: a volunteer who signs up again is not made a second time.
pub fn known_volunteer<'a>(book: &'a AddressBook, email: &str) -> Option<&'a str> {
    book.volunteers
        .iter()
        .find(|v| v.email.trim().eq_ignore_ascii_case(email.trim()))
        .map(|v| v.id.as_str())
}

/// The confirmed sign-ups to export: those whose volunteer id no other file of `book` holds
/// (a volunteer who signed up again, or one a coordinator already copied elsewhere).
pub fn to_export<'a>(signups: &'a [Signup], book: &AddressBook) -> Vec<&'a Signup> {
    let elsewhere: std::collections::HashSet<&str> = book
        .volunteers
        .iter()
        .filter(|v| !v.source.file.ends_with(EXPORT_FILE))
        .map(|v| v.id.as_str())
        .collect();
    signups
        .iter()
        .filter(|s| {
            s.volunteer
                .as_deref()
                .is_some_and(|id| !elsewhere.contains(id))
        })
        .collect()
}

/// The assignment options `marathon assign` uses without flags: `[assign]` of the campaign
/// file, else the defaults.
pub fn default_options(ws: &Workspace) -> Options {
    let config = ws.campaign.assign.clone().unwrap_or_default();
    Options {
        per_volunteer: config
            .per_volunteer
            .unwrap_or(assign::DEFAULT_PER_VOLUNTEER)
            .max(1),
        seed: config
            .seed
            .unwrap_or_else(|| assign::default_seed(&ws.campaign.id)),
        letter_date: ws.campaign.letter_date(),
        birthday_window: config
            .birthday_window
            .unwrap_or(assign::DEFAULT_BIRTHDAY_WINDOW),
    }
}

/// Gives the newly confirmed `volunteer` their prisoners and saves the assignment (the pairs of
/// everyone else unchanged). The address book must load without errors, so that no prisoner
/// is missed.
pub fn assign_confirmed(ws: &Workspace, ledger: &Ledger, volunteer: &Volunteer) -> Result<Added> {
    let (book, diags) = crate::recipients::load_dir(&ws.recipients_dir(), &ws.root);
    if diags.errors() > 0 {
        bail!(
            "the recipient files have {}; `{}` was confirmed but not assigned yet",
            crate::human::count(diags.errors() as u64, "error", "errors"),
            volunteer.id
        );
    }
    let prepared = PreparedTexts::scan(&ws.templates_dir())?;
    let prior: HashMap<String, u64> = ledger
        .letters_per_prisoner()?
        .into_iter()
        .map(|(id, n)| (id, n.sent))
        .collect();
    let counted = ledger.counted_solidarity_pairs()?;
    let saved = assignment::load(&ws.root)?;
    let added = assign::assign_newcomer(
        &ws.campaign,
        volunteer,
        saved.as_ref(),
        &book.prisoners,
        &prepared,
        assign::Known {
            prior: &prior,
            counted: &counted,
        },
        &default_options(ws),
    );
    if !added.already {
        assignment::save(&ws.root, &added.assignment)?;
    }
    Ok(added)
}

/// The confirmed sign-ups as a volunteers CSV file (header included).
pub fn export_csv(signups: &[&Signup]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for v in signups.iter().filter_map(|s| volunteer_of(s)) {
        let languages = v.languages.join(" ");
        w.write_record([
            v.id.as_str(),
            &v.name,
            &v.email,
            &v.city,
            &v.country,
            &languages,
            "",
        ])?;
    }
    w.into_inner().context("cannot build the CSV text")
}

/// Writes the export to `path`; an existing file is replaced only with `force` (atomically,
/// through a temporary file beside it).
pub fn write_export(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!("`{}` exists; pass `--force` to replace it", path.display());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
    }
    let tmp = path.with_extension("csv.tmp");
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write `{}`", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot replace `{}`", path.display()))
}
