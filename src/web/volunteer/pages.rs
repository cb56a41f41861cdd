//! The rendered sections of each volunteer's page (people, letters, appeals, history), kept
//! until the ledger changes (its change marker), the workspace files are read again (a new
//! [`Data`]), the day changes (the report forms' dates) or the page is asked in another
//! language. The CSRF token differs per browser, so the sections hold [`CSRF_SLOT`] where it
//! goes and each request puts its own token there.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::data::Data;
use crate::ledger::ChangeMarker;
use crate::web::i18n::WebLang;

/// Where a request's CSRF token goes in the cached sections. It holds `<` and `>`, which
/// the pages always escape in any text, so it can appear nowhere else in them.
pub const CSRF_SLOT: &str = "<csrf>";

/// The most pages kept before the cache starts again (a volunteer in a few languages each).
const MAX_PAGES: usize = 4096;

struct Page {
    data: Arc<Data>,
    marker: ChangeMarker,
    today: String,
    html: Arc<String>,
}

/// The rendered sections of the volunteers' pages.
#[derive(Default)]
pub struct Pages(Mutex<HashMap<(String, WebLang), Page>>);

impl Pages {
    /// The sections of `volunteer` in `lang` with the ledger marker they were rendered at,
    /// when they were rendered from `data` today.
    pub fn get(
        &self,
        volunteer: &str,
        lang: WebLang,
        data: &Arc<Data>,
        today: &str,
    ) -> Option<(ChangeMarker, Arc<String>)> {
        let pages = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let p = pages.get(&(volunteer.to_string(), lang))?;
        (Arc::ptr_eq(&p.data, data) && p.today == today).then(|| (p.marker, p.html.clone()))
    }

    /// Keeps the sections of `volunteer` in `lang`, rendered from `data` at `marker` today.
    pub fn put(
        &self,
        volunteer: &str,
        lang: WebLang,
        data: Arc<Data>,
        marker: ChangeMarker,
        today: String,
        html: Arc<String>,
    ) {
        let mut pages = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_PAGES {
            pages.clear();
        }
        pages.insert(
            (volunteer.to_string(), lang),
            Page {
                data,
                marker,
                today,
                html,
            },
        );
    }
}

/// `sections` with `token` in each [`CSRF_SLOT`].
pub fn with_token(sections: &str, token: &str) -> String {
    sections.replace(CSRF_SLOT, token)
}
