//! The coordinator's work pages behind the login: upload a group report (`upload.rs`),
//! record one action or a correction (`record.rs`), and look at the public actions of a time
//! window, an IP prefix or an email domain and withdraw them in one step (`withdraw.rs`).
//! Every change names the coordinator in its ledger batch, so the audit trail of the CLI and
//! the web is one.

pub mod record;
pub mod upload;
pub mod withdraw;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use maud::{Markup, html};

use super::{AdminSession, admin_page};
use crate::action::{Rules, today};
use crate::ledger::Actor;
use crate::web::pages::layout::Cx;
use crate::web::security::Csrf;
use crate::web::state::Shared;

/// The work routes; like every admin route they need the `Admin` extension.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route(upload::PATH, get(upload::get).post(upload::post))
        .route(record::PATH, get(record::get).post(record::post))
        .route(withdraw::PATH, get(withdraw::get).post(withdraw::post))
}

/// Who the ledger names for a change made in this session.
fn actor(who: &AdminSession) -> Actor {
    Actor::Coordinator(who.name.clone())
}

/// The checks of `marathon record` and `marathon import`, for the campaign as loaded now.
fn rules(state: &Shared) -> Rules {
    let ws = state.workspace();
    let (book, _) = crate::recipients::load_dir(&ws.recipients_dir(), &ws.root);
    Rules::new(&ws.campaign, &book, today())
}

/// An admin page (its nav bar links every work page), answered with `status`.
fn work_page(
    cx: &Cx<'_>,
    who: &AdminSession,
    csrf: &Csrf,
    status: StatusCode,
    title: &str,
    body: Markup,
) -> Response {
    let body = html! { h1 { (title) } (body) };
    let mut res = admin_page(cx, who, csrf, title, body);
    *res.status_mut() = status;
    res
}

/// `n` things as the message `id` words them ("1 action", "1,204 actions"), with the
/// number grouped and the noun agreeing with it in the page's language.
fn counted(cx: &Cx<'_>, id: &str, n: u64) -> String {
    cx.catalog.fmt(
        cx.lang,
        id,
        &[
            ("count", (n as f64).into()),
            ("text", crate::human::group(n).into()),
        ],
    )
}

/// A message box: `role=alert` for problems, `role=status` for what was done.
fn notice(problem: bool, body: Markup) -> Markup {
    html! {
        @if problem {
            div.notice.problem role="alert" { (body) }
        } @else {
            div.notice.done role="status" { (body) }
        }
    }
}
