//! `GET /admin/volunteers`: the volunteers of the address book and the web sign-ups side by
//! side, each with name, city, country, the languages they write, whether they are confirmed
//! or still waiting for their link, and the prisoners assigned to them. Email addresses are
//! shown masked (first letter and domain): the page is for steering, not for mailing.

use std::collections::{BTreeMap, HashSet};

use axum::Extension;
use axum::extract::State;
use axum::http::request::Parts;
use axum::response::Response;
use maud::html;

use super::{Admin, AdminSession, admin_page, cx};
use crate::web::act::failed;
use crate::web::i18n::WebLang;
use crate::web::security::csrf_issue;
use crate::web::state::Shared;

/// Where the page lives.
pub const PATH: &str = "/admin/volunteers";

/// An address shown without giving it away: `j…@example.org`.
pub fn masked(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}…@{domain}")
        }
        None => "…".to_string(),
    }
}

/// One row of the table.
struct Row {
    name: String,
    email: String,
    city: String,
    country: String,
    languages: Vec<String>,
    /// The message id of where the volunteer comes from and their state.
    state: &'static str,
    volunteer: Option<String>,
}

/// `GET /admin/volunteers`.
pub async fn get(
    State(state): State<Shared>,
    Extension(admin): Extension<Admin>,
    Extension(lang): Extension<WebLang>,
    who: AdminSession,
    parts: Parts,
) -> Response {
    let cx = cx(&state, lang, PATH);
    let signups = match admin.with_ledger(|l| l.signups(false)).await {
        Ok(s) => s,
        Err(e) => return failed(&cx, &e),
    };
    let ws = state.workspace();
    let (book, _) = crate::recipients::load_dir(&ws.recipients_dir(), &ws.root);
    let assignment = crate::assignment::load(&ws.root).unwrap_or_else(|e| {
        tracing::warn!("{e:#}");
        None
    });
    let mut assigned: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for p in assignment.iter().flat_map(|a| &a.pairs) {
        let name = book
            .prisoner(&p.prisoner)
            .map_or_else(|| p.prisoner.clone(), |x| x.name.clone());
        assigned.entry(p.volunteer.as_str()).or_default().push(name);
    }
    let confirmed_ids: HashSet<&str> = signups
        .iter()
        .filter(|s| s.confirmed_at.is_some())
        .filter_map(|s| s.volunteer.as_deref())
        .collect();
    let mut rows: Vec<Row> = book
        .volunteers
        .iter()
        .map(|v| Row {
            name: v.name.clone(),
            email: masked(&v.email),
            city: v.city.clone(),
            country: v.country.clone(),
            languages: v.languages.clone(),
            state: if confirmed_ids.contains(v.id.as_str()) {
                "vols-book-web"
            } else {
                "vols-book"
            },
            volunteer: Some(v.id.clone()),
        })
        .collect();
    // A confirmed sign-up already exported to the address book is its row there.
    for s in &signups {
        if s.volunteer
            .as_deref()
            .is_some_and(|id| book.volunteer(id).is_some())
        {
            continue;
        }
        rows.push(Row {
            name: s.name.clone(),
            email: masked(&s.email),
            city: s.city.clone(),
            country: s.country.clone(),
            languages: s.languages.clone(),
            state: if s.confirmed_at.is_some() {
                "vols-web-confirmed"
            } else {
                "vols-web-pending"
            },
            volunteer: s.volunteer.clone(),
        });
    }
    let pending = signups.iter().filter(|s| s.confirmed_at.is_none()).count() as u64;
    let csrf = csrf_issue(&state, &parts);
    let title = cx.t("vols-title");
    let body = html! {
        h1 { (title) }
        p {
            (cx.catalog.fmt(lang, "vols-summary", &[
                ("book", (book.volunteers.len() as u64).into()),
                ("signups", (signups.len() as u64).into()),
                ("pending", pending.into()),
            ]))
        }
        table.volunteers {
            caption { (cx.t("vols-caption")) }
            thead {
                tr {
                    th scope="col" { (cx.t("vols-col-name")) }
                    th scope="col" { (cx.t("vols-col-email")) }
                    th scope="col" { (cx.t("vols-col-city")) }
                    th scope="col" { (cx.t("vols-col-country")) }
                    th scope="col" { (cx.t("vols-col-languages")) }
                    th scope="col" { (cx.t("vols-col-state")) }
                    th scope="col" { (cx.t("vols-col-prisoners")) }
                }
            }
            tbody {
                @for r in &rows {
                    tr {
                        th scope="row" { (r.name) }
                        td.email { (r.email) }
                        td { (r.city) }
                        td { (r.country) }
                        td { (r.languages.join(", ")) }
                        td { (cx.t(r.state)) }
                        td {
                            @let names = r.volunteer.as_deref().and_then(|id| assigned.get(id));
                            @match names {
                                Some(n) if !n.is_empty() => { (n.join(", ")) }
                                _ => { "—" }
                            }
                        }
                    }
                }
            }
        }
    };
    admin_page(&cx, &who, &csrf, &title, body)
}

#[cfg(test)]
mod tests {
    use super::masked;

    #[test]
    fn an_address_is_masked_to_its_first_letter_and_domain() {
        assert_eq!(masked("jan.kowal@example.org"), "j…@example.org");
        assert_eq!(masked("Ümit@example.de"), "Ü…@example.de");
        assert_eq!(masked("not-an-address"), "…");
        assert_eq!(masked("@example.org"), "…@example.org");
    }
}
