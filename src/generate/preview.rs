//! One letter rendered on demand, for writing templates: the template is given, the
//! recipient, signer and case default to the first that fit.

use anyhow::{Result, bail};

use super::{Inputs, Planned, Producer};
use crate::diag::Diagnostic;
use crate::manifest::{Channel, LetterKind, ManifestEntry};
use crate::template::{Parties, Rendered};

/// Which letter to preview.
#[derive(Debug, Clone, Default)]
pub struct PreviewRequest {
    /// Template name.
    pub template: String,
    /// Recipient id: an authority for an appeal template, a prisoner for a solidarity one.
    pub to: Option<String>,
    /// Volunteer id of the signer.
    pub from: Option<String>,
    /// Case id.
    pub case: Option<String>,
}

/// Renders the requested letter. `Err` when the request names something that does not
/// exist; `Ok(Err(..))` when the letter cannot be rendered.
pub fn preview(
    inputs: &Inputs,
    req: &PreviewRequest,
) -> Result<Result<(ManifestEntry, Rendered), Diagnostic>> {
    let Some(template) = inputs.templates.position(&req.template) else {
        let names: Vec<&str> = inputs
            .templates
            .templates()
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        bail!(
            "no template `{}` (templates: {})",
            req.template,
            names.join(", ")
        );
    };
    let front = &inputs.templates.templates()[template].front;
    let book = &inputs.book;
    let cases = &inputs.workspace.campaign.cases;
    let volunteer = match &req.from {
        Some(id) => match book.volunteers.iter().position(|v| &v.id == id) {
            Some(v) => v,
            None => bail!("no volunteer `{id}` in `recipients/`"),
        },
        None if book.volunteers.is_empty() => bail!("no volunteers in `recipients/`"),
        None => 0,
    };
    if let Some(id) = &req.case
        && !cases.iter().any(|c| &c.id == id)
    {
        bail!("no case `{id}` in `campaign.toml`");
    }
    let case_ok = |id: &str| front.covers(id) && req.case.as_deref().is_none_or(|c| c == id);
    let planned = match front.kind {
        LetterKind::Appeal => {
            let authority = match &req.to {
                Some(id) => match book.authorities.iter().position(|a| &a.id == id) {
                    Some(a) => Some(a),
                    None => bail!("no authority `{id}` in `recipients/`"),
                },
                None => None,
            };
            let fits = |c: &str, a: usize| book.authorities[a].answers_for(c);
            let mut found = None;
            'cases: for (ci, case) in cases.iter().enumerate() {
                if !case_ok(&case.id) {
                    continue;
                }
                let candidates: Vec<usize> = match authority {
                    Some(a) => vec![a],
                    None => (0..book.authorities.len()).collect(),
                };
                for a in candidates {
                    if fits(&case.id, a) {
                        found = Some((ci, a));
                        break 'cases;
                    }
                }
            }
            let Some((case, a)) = found else {
                bail!(
                    "no case and authority fit template `{}` (check `cases` in its front matter and the authorities' `cases`)",
                    req.template
                );
            };
            let channel = if book.authorities[a].email.is_some() {
                Channel::Email
            } else {
                Channel::Post
            };
            Planned {
                kind: LetterKind::Appeal,
                template,
                parties: Parties {
                    case,
                    volunteer,
                    prisoner: super::plan::case_prisoner(inputs, case),
                    authority: Some(a),
                },
                channel,
                translation: None,
            }
        }
        LetterKind::Solidarity => {
            let prisoner = match &req.to {
                Some(id) => match book.prisoners.iter().position(|p| &p.id == id) {
                    Some(p) => p,
                    None => bail!("no prisoner `{id}` in `recipients/`"),
                },
                None => {
                    let fitting: Vec<usize> = (0..book.prisoners.len())
                        .filter(|&i| case_ok(&book.prisoners[i].case))
                        .collect();
                    let receiving = fitting
                        .iter()
                        .copied()
                        .find(|&i| book.prisoners[i].receives_letters());
                    match receiving.or(fitting.first().copied()) {
                        Some(p) => p,
                        None => bail!("no prisoner fits template `{}`", req.template),
                    }
                }
            };
            let case_id = &book.prisoners[prisoner].case;
            let Some(case) = cases.iter().position(|c| &c.id == case_id) else {
                bail!("prisoner's case `{case_id}` is not in `campaign.toml`");
            };
            super::plan::solidarity_letter(template, case, volunteer, prisoner)
        }
    };
    Ok(Producer::new(inputs).render(&planned))
}
