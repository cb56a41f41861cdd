//! Generating letters: the loaded inputs, the plan of which letters to write, rendering them
//! in parallel bounded chunks, and writing them atomically into `letters/` with the manifest.

mod folder;
mod letter;
mod output;
pub mod plan;
mod preview;
mod run;

use crate::assignment::{self, ASSIGNMENT_FILE, Assignment};
use crate::diag::{Diagnostic, Diagnostics};
use crate::recipients::{self, AddressBook};
use crate::template::{self, TemplateSet};
use crate::workspace::Workspace;

pub use folder::Folders;
pub use letter::{Letter, PartyRef, Producer, write_letter};
pub use output::Staging;
pub use plan::{Filters, Plan, Planned, Survey};
pub use preview::{PreviewRequest, preview};
pub use run::{Generated, Summary, generate, render_all};

/// Everything a run reads: the workspace, the address book, the templates and the saved
/// assignment.
#[derive(Debug)]
pub struct Inputs {
    /// The workspace and its campaign.
    pub workspace: Workspace,
    /// Prisoners, authorities, volunteers.
    pub book: AddressBook,
    /// The compiled templates.
    pub templates: TemplateSet,
    /// The saved volunteer–prisoner assignment, if `assign` has been run.
    pub assignment: Option<Assignment>,
}

impl Inputs {
    /// Loads the address book, the templates and the assignment of `workspace`. Records or
    /// templates with problems are left out and their problems returned.
    pub fn load(workspace: Workspace) -> (Self, Diagnostics) {
        let root = workspace.root.clone();
        let (book, mut diags) = recipients::load_dir(&workspace.recipients_dir(), &root);
        let (mut templates, template_diags) = template::load(&workspace.templates_dir(), &root);
        diags.extend(template_diags);
        diags.extend(template::load_prepared(
            &mut templates,
            &workspace.templates_dir(),
            &root,
        ));
        let assignment = match assignment::load(&root) {
            Ok(a) => a,
            Err(e) => {
                diags.push(Diagnostic::error(ASSIGNMENT_FILE, format!("{e:#}")));
                None
            }
        };
        let inputs = Self {
            workspace,
            book,
            templates,
            assignment,
        };
        (inputs, diags)
    }
}
