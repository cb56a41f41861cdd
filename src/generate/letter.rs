//! One letter from plan to files: its id, its file names, its context, its rendering and
//! its manifest line. Per-letter work borrows from the inputs; only the id, the paths and
//! the rendered text are allocated.

mod country;
mod line;

use super::{Folders, Inputs, Planned};
use crate::diag::Diagnostic;
use crate::ids::{letter_id, slug};
use crate::manifest::{Channel, LetterKind, ManifestEntry, Party as Addressee, Role};
use crate::template::{Blame, ContextCache, ContextData, LetterInfo, Party, Rendered};

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

/// A person at one end of a letter, borrowed; written like [`crate::manifest::Party`].
#[derive(Debug, Clone, Copy)]
pub struct PartyRef<'a> {
    id: &'a str,
    role: Role,
    name: &'a str,
    email: Option<&'a str>,
    country: &'a str,
}

impl PartyRef<'_> {
    fn to_owned(self) -> Addressee {
        Addressee {
            id: self.id.to_string(),
            role: self.role,
            name: self.name.to_string(),
            email: self.email.map(str::to_string),
            country: self.country.to_string(),
        }
    }
}

/// A planned letter's identity and manifest fields; its manifest line is exactly the JSON
/// of its [`ManifestEntry`] (the field order and names are the manifest format).
#[derive(Debug, Clone)]
pub struct Letter<'a> {
    /// The stable letter id.
    pub id: String,
    template: &'a str,
    kind: LetterKind,
    language: &'a str,
    case: &'a str,
    prisoner: &'a str,
    recipient: PartyRef<'a>,
    sender: PartyRef<'a>,
    channel: Channel,
    /// The rendered subject line (empty when the template has none).
    pub subject: String,
    /// The text file, relative to the letters folder.
    pub path: String,
    /// The HTML file, relative to the letters folder, when the template has one.
    pub html_path: Option<String>,
    /// The translation sheet of a prepared bilingual letter, relative to the letters folder.
    pub translation_path: Option<String>,
}

impl Letter<'_> {
    /// The owned manifest entry.
    pub fn to_entry(&self) -> ManifestEntry {
        ManifestEntry {
            id: self.id.clone(),
            template: self.template.to_string(),
            kind: self.kind,
            language: self.language.to_string(),
            case: self.case.to_string(),
            prisoner: self.prisoner.to_string(),
            recipient: self.recipient.to_owned(),
            sender: self.sender.to_owned(),
            channel: self.channel,
            subject: self.subject.clone(),
            path: self.path.clone(),
            html_path: self.html_path.clone(),
            translation_path: self.translation_path.clone(),
        }
    }

    /// The manifest line: the entry as JSON and a line break.
    pub fn manifest_line(&self) -> Vec<u8> {
        let mut line = Vec::with_capacity(640);
        self.push_manifest_line(&mut line);
        line
    }
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

    /// The identity of a planned letter, with an empty subject. The id hashes the campaign,
    /// the template, the recipient with the case (an authority may receive one appeal per
    /// case from the same template) and the signer.
    pub fn letter(&self, p: &Planned) -> Letter<'a> {
        let inputs = self.inputs;
        let campaign = &inputs.workspace.campaign;
        let book = &inputs.book;
        let case = &campaign.cases[p.parties.case];
        let template = &inputs.templates.templates()[p.template];
        let volunteer = &book.volunteers[p.parties.volunteer];
        let (recipient, recipient_slug) = match (p.kind, p.parties.authority) {
            (LetterKind::Appeal, Some(a)) => {
                let r = &book.authorities[a];
                let party = PartyRef {
                    id: &r.id,
                    role: Role::Authority,
                    name: &r.name,
                    email: r.email.as_deref(),
                    country: &r.country,
                };
                (party, &self.authority_slugs[a])
            }
            _ => {
                let i = p.parties.prisoner.unwrap_or_default();
                let r = &book.prisoners[i];
                let party = PartyRef {
                    id: &r.id,
                    role: Role::Prisoner,
                    name: &r.name,
                    email: None,
                    country: &r.country,
                };
                (party, &self.prisoner_slugs[i])
            }
        };
        let mut key = String::with_capacity(recipient.id.len() + case.id.len() + 1);
        key.push_str(recipient.id);
        key.push('/');
        key.push_str(&case.id);
        let id = letter_id(&campaign.id, &template.name, &key, &volunteer.id);
        let stem = format!(
            "{}/{}/{}--{}--{}",
            p.kind.as_str(),
            template.front.language,
            self.volunteer_slugs[p.parties.volunteer],
            recipient_slug,
            id
        );
        let prisoner = p
            .parties
            .prisoner
            .map(|i| book.prisoners[i].id.as_str())
            .or(case.prisoner.as_deref())
            .unwrap_or_default();
        Letter {
            id,
            template: &template.name,
            kind: p.kind,
            language: &template.front.language,
            case: &case.id,
            prisoner,
            recipient,
            sender: PartyRef {
                id: &volunteer.id,
                role: Role::Volunteer,
                name: &volunteer.name,
                email: Some(&volunteer.email),
                country: &volunteer.country,
            },
            channel: p.channel,
            subject: String::new(),
            html_path: template.html_file.as_ref().map(|_| format!("{stem}.html")),
            translation_path: p
                .translation
                .and_then(|t| inputs.templates.get(t))
                .map(|t| format!("{stem}.{}.txt", t.front.language)),
            path: stem + ".txt",
        }
    }

    /// The manifest entry of a planned letter, with an empty subject.
    pub fn entry(&self, p: &Planned) -> ManifestEntry {
        self.letter(p).to_entry()
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
        let (letter, rendered) = self.render_with(&mut self.cache(), p)?;
        Ok((letter.to_entry(), rendered))
    }

    /// A context cache for rendering many letters in plan order with [`Producer::render_with`].
    pub fn cache(&self) -> ContextCache<'_> {
        ContextCache::new(&self.data)
    }

    /// Renders a planned letter, updating `cache` instead of building its context anew.
    pub fn render_with(
        &self,
        cache: &mut ContextCache<'_>,
        p: &Planned,
    ) -> Result<(Letter<'a>, Rendered), Diagnostic> {
        let mut letter = self.letter(p);
        let info = LetterInfo {
            id: &letter.id,
            kind: p.kind,
            language: letter.language,
        };
        let ctx = cache.context(info, &p.parties);
        let mut rendered = self
            .inputs
            .templates
            .render(p.template, ctx)
            .map_err(|f| f.diagnostic(&self.blame(p)))?;
        if let Some(t) = p.translation {
            let sheet = self
                .inputs
                .templates
                .render(t, ctx)
                .map_err(|f| f.diagnostic(&self.blame(p)))?;
            rendered.translation = Some(sheet.text);
        }
        if let Some(d) = self.rule_error(p, letter.language, &rendered.text) {
            return Err(d);
        }
        match (&rendered.subject, p.channel) {
            (Some(subject), _) => letter.subject.clone_from(subject),
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
        Ok((letter, rendered))
    }
}

/// Writes a rendered letter's files into `folders`; `scratch` is a buffer reused between
/// letters.
pub fn write_letter(
    folders: &Folders,
    letter: &Letter<'_>,
    rendered: &Rendered,
    scratch: &mut Vec<u8>,
) -> anyhow::Result<()> {
    folders.write(&letter.path, rendered.text.as_bytes(), scratch)?;
    if let (Some(path), Some(html)) = (&letter.html_path, &rendered.html) {
        folders.write(path, html.as_bytes(), scratch)?;
    }
    if let (Some(path), Some(sheet)) = (&letter.translation_path, &rendered.translation) {
        folders.write(path, sheet.as_bytes(), scratch)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
