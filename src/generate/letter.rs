//! One letter from plan to files: its id, its file names, its context, its rendering and
//! its manifest entry.

use std::path::Path;

use anyhow::Context as _;

mod country;

use super::{Inputs, Planned};
use crate::diag::Diagnostic;
use crate::ids::{letter_id, slug};
use crate::manifest::{Channel, LetterKind, ManifestEntry, Party as Addressee, Role};
use crate::template::{Blame, ContextData, LetterInfo, Party, Rendered, kind_name};

/// Why a letter could not be produced.
#[derive(Debug)]
pub enum Failure {
    /// The letter cannot be rendered: a problem in the template or the records.
    Letter(Diagnostic),
    /// Writing failed; the run cannot go on.
    Io(anyhow::Error),
}

/// Makes letters from planned ones. Built once per run: every record's JSON and file-name
/// slug is computed here, not per letter.
pub struct Producer<'a> {
    inputs: &'a Inputs,
    data: ContextData,
    volunteer_slugs: Vec<String>,
    prisoner_slugs: Vec<String>,
    authority_slugs: Vec<String>,
    /// The country rules for every prisoner's country.
    rules: crate::rules::RuleBook,
}

impl<'a> Producer<'a> {
    /// Prepares the JSON and slugs of every record of `inputs`.
    pub fn new(inputs: &'a Inputs) -> Self {
        let book = &inputs.book;
        Self {
            inputs,
            data: ContextData::new(&inputs.workspace.campaign, book),
            volunteer_slugs: book.volunteers.iter().map(|v| slug(&v.name)).collect(),
            prisoner_slugs: book.prisoners.iter().map(|p| slug(&p.name)).collect(),
            authority_slugs: book.authorities.iter().map(|a| slug(&a.name)).collect(),
            rules: crate::rules::RuleBook::new(
                &inputs.workspace.campaign,
                book.prisoners.iter().map(|p| p.country.as_str()),
            ),
        }
    }

    /// The manifest entry of a planned letter, with an empty subject. The id hashes the
    /// campaign, the template, the recipient with the case (an authority may receive one
    /// appeal per case from the same template) and the signer.
    pub fn entry(&self, p: &Planned) -> ManifestEntry {
        let inputs = self.inputs;
        let campaign = &inputs.workspace.campaign;
        let book = &inputs.book;
        let case = &campaign.cases[p.parties.case];
        let template = &inputs.templates.templates()[p.template];
        let volunteer = &book.volunteers[p.parties.volunteer];
        let (recipient, recipient_slug) = match (p.kind, p.parties.authority) {
            (LetterKind::Appeal, Some(a)) => {
                let a_rec = &book.authorities[a];
                let party = Addressee {
                    id: a_rec.id.clone(),
                    role: Role::Authority,
                    name: a_rec.name.clone(),
                    email: a_rec.email.clone(),
                    country: a_rec.country.clone(),
                };
                (party, &self.authority_slugs[a])
            }
            _ => {
                let i = p.parties.prisoner.unwrap_or_default();
                let pr = &book.prisoners[i];
                let party = Addressee {
                    id: pr.id.clone(),
                    role: Role::Prisoner,
                    name: pr.name.clone(),
                    email: None,
                    country: pr.country.clone(),
                };
                (party, &self.prisoner_slugs[i])
            }
        };
        let id = letter_id(
            &campaign.id,
            &template.name,
            &format!("{}/{}", recipient.id, case.id),
            &volunteer.id,
        );
        let stem = format!(
            "{}/{}/{}--{}--{}",
            kind_name(p.kind),
            template.front.language,
            self.volunteer_slugs[p.parties.volunteer],
            recipient_slug,
            id
        );
        let prisoner = p
            .parties
            .prisoner
            .map(|i| book.prisoners[i].id.clone())
            .or_else(|| case.prisoner.clone())
            .unwrap_or_default();
        ManifestEntry {
            id,
            template: template.name.clone(),
            kind: p.kind,
            language: template.front.language.clone(),
            case: case.id.clone(),
            prisoner,
            recipient,
            sender: Addressee {
                id: volunteer.id.clone(),
                role: Role::Volunteer,
                name: volunteer.name.clone(),
                email: Some(volunteer.email.clone()),
                country: volunteer.country.clone(),
            },
            channel: p.channel,
            subject: String::new(),
            path: format!("{stem}.txt"),
            html_path: template.html_file.as_ref().map(|_| format!("{stem}.html")),
            translation_path: p
                .translation
                .and_then(|t| inputs.templates.get(t))
                .map(|t| format!("{stem}.{}.txt", t.front.language)),
        }
    }

    /// The records of a planned letter, for messages.
    pub fn blame(&self, p: &Planned) -> Blame<'a> {
        let book = &self.inputs.book;
        let prisoner = p.parties.prisoner.map(|i| {
            let r = &book.prisoners[i];
            Party {
                role: "prisoner",
                id: &r.id,
                source: &r.source,
            }
        });
        let authority = p.parties.authority.map(|i| {
            let r = &book.authorities[i];
            Party {
                role: "authority",
                id: &r.id,
                source: &r.source,
            }
        });
        let v = &book.volunteers[p.parties.volunteer];
        let volunteer = Party {
            role: "volunteer",
            id: &v.id,
            source: &v.source,
        };
        Blame {
            // A plan always sets the addressee: the authority of an appeal or the prisoner.
            recipient: authority.or(prisoner).unwrap_or(volunteer),
            volunteer,
            prisoner,
            authority,
            case: &self.inputs.workspace.campaign.cases[p.parties.case].id,
        }
    }

    /// Renders a planned letter; its manifest entry carries the subject.
    pub fn render(&self, p: &Planned) -> Result<(ManifestEntry, Rendered), Diagnostic> {
        let mut entry = self.entry(p);
        let info = LetterInfo {
            id: &entry.id,
            kind: p.kind,
            language: &entry.language,
        };
        let ctx = self.data.context(info, &p.parties);
        let mut rendered = self
            .inputs
            .templates
            .render(p.template, &ctx)
            .map_err(|f| f.diagnostic(&self.blame(p)))?;
        if let Some(t) = p.translation {
            let sheet = self
                .inputs
                .templates
                .render(t, &ctx)
                .map_err(|f| f.diagnostic(&self.blame(p)))?;
            rendered.translation = Some(sheet.text);
        }
        if let Some(d) = self.rule_error(p, &entry.language, &rendered.text) {
            return Err(d);
        }
        match (&rendered.subject, p.channel) {
            (Some(subject), _) => entry.subject.clone_from(subject),
            (None, Channel::Email) => {
                let template = &self.inputs.templates.templates()[p.template];
                return Err(Diagnostic::error(
                    &template.file,
                    format!(
                        "front matter: no `subject`, but the letter to {} goes by email",
                        self.blame(p).recipient
                    ),
                )
                .at_line(1));
            }
            (None, Channel::Post) => {}
        }
        Ok((entry, rendered))
    }

    /// Renders a planned letter and writes its files under `dir` (whose kind and language
    /// folders exist).
    pub fn write(&self, p: &Planned, dir: &Path) -> Result<ManifestEntry, Failure> {
        let (entry, rendered) = self.render(p).map_err(Failure::Letter)?;
        write_file(dir, &entry.path, rendered.text.as_bytes())?;
        if let (Some(path), Some(html)) = (&entry.html_path, &rendered.html) {
            write_file(dir, path, html.as_bytes())?;
        }
        if let (Some(path), Some(sheet)) = (&entry.translation_path, &rendered.translation) {
            write_file(dir, path, sheet.as_bytes())?;
        }
        Ok(entry)
    }
}

fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
    let mut path = dir.to_path_buf();
    path.extend(rel.split('/'));
    std::fs::write(&path, bytes)
        .with_context(|| format!("cannot write `{}`", path.display()))
        .map_err(Failure::Io)
}
