//! `POST /me/letters/ID/report`: "posted", "a reply came" or "returned" on a date, recorded
//! as that letter's event in the ledger with the origin `volunteer:ID`. The same report twice
//! in a row is recorded once.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use maud::html;
use time::{Date, OffsetDateTime, Time};

use super::{Volunteers, gone, session};
use crate::ledger::{Actor, LetterEvent};
use crate::manifest::{Channel, LetterStatus};
use crate::web::act::{failed, respond};
use crate::web::i18n::WebLang;
use crate::web::pages::layout::Cx;
use crate::web::security::{CSRF_FIELD, csrf_check};
use crate::web::state::Shared;

/// The reports a volunteer may make, and on which letters.
fn allowed(status: &str, channel: Channel) -> Option<LetterStatus> {
    match (status, channel) {
        ("posted", Channel::Post) => Some(LetterStatus::Posted),
        ("returned", Channel::Post) => Some(LetterStatus::Returned),
        ("replied", _) => Some(LetterStatus::Replied),
        _ => None,
    }
}

/// When a reported day happened: now for today, noon UTC for an earlier day; `None` for a
/// day before the campaign or after today.
fn when(day: &str, starts: Date, now: OffsetDateTime) -> Option<OffsetDateTime> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let d = Date::parse(day.trim(), &format).ok()?;
    if d > now.date() || d < starts {
        return None;
    }
    Some(if d == now.date() {
        now
    } else {
        d.with_time(Time::MIDNIGHT + time::Duration::hours(12))
            .assume_utc()
    })
}

/// `POST /me/letters/ID/report`.
pub async fn post(
    State(state): State<Shared>,
    Extension(vol): Extension<Volunteers>,
    Extension(lang): Extension<WebLang>,
    Path(letter): Path<String>,
    parts: Parts,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let data = vol.data.get(state.workspace());
    let who = session::volunteer(&state, &parts.headers);
    let found = who.as_deref().and_then(|id| {
        let v = data.volunteer(id)?;
        Some((v, data.letter_of(id, &letter)?))
    });
    let cx = Cx {
        lang,
        catalog: &state.catalog,
        path: "/me",
        query: String::new(),
    };
    let Some((v, entry)) = found else {
        return gone(&cx);
    };
    let submitted = values.get(CSRF_FIELD).map_or("", String::as_str);
    if !csrf_check(&state, &parts.headers, submitted) {
        let title = cx.t("act-csrf-title");
        let body = html! {
            h1 { (title) }
            p { (cx.t("act-csrf")) }
            p { a href="/me" { (cx.t("vol-title")) } }
        };
        return respond(&cx, StatusCode::FORBIDDEN, &title, body);
    }
    let status = values.get("status").and_then(|s| allowed(s, entry.channel));
    let at = values
        .get("date")
        .and_then(|d| when(d, data.ws.campaign.starts, OffsetDateTime::now_utc()));
    let (Some(status), Some(at)) = (status, at) else {
        let title = cx.t("error-title");
        let body = html! {
            h1 { (title) }
            p { (cx.t("vol-bad-date")) }
            p { a href="/me" { (cx.t("vol-title")) } }
        };
        return respond(&cx, StatusCode::BAD_REQUEST, &title, body);
    };
    let event = LetterEvent {
        letter: Cow::Owned(entry.clone()),
        status,
        detail: None,
        origin: format!("volunteer:{}", v.id),
        at,
    };
    let id = v.id.clone();
    let done = vol
        .with_ledger(move |l| {
            let events = l.volunteer_events(&id)?;
            let last = super::me::latest(&events)
                .get(event.letter.id.as_str())
                .map(|e| e.status);
            if last != Some(status) {
                l.record_letter_events_by(&[event], &Actor::Volunteer(id))?;
            }
            Ok(())
        })
        .await;
    match done {
        Ok(()) => (
            StatusCode::SEE_OTHER,
            [(LOCATION, format!("/me?recorded=1#letter-{letter}"))],
        )
            .into_response(),
        Err(e) => failed(&cx, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_report_is_dated_within_the_campaign_and_never_ahead() {
        let now = datetime!(2026-08-10 15:00 UTC);
        let starts = date!(2026 - 08 - 04);
        assert_eq!(when("2026-08-10", starts, now), Some(now));
        assert_eq!(
            when("2026-08-05", starts, now),
            Some(datetime!(2026-08-05 12:00 UTC))
        );
        for bad in ["2026-08-11", "2026-08-03", "", "10/08/2026", "2026-02-30"] {
            assert_eq!(when(bad, starts, now), None, "{bad}");
        }
        assert_eq!(allowed("posted", Channel::Email), None);
        assert_eq!(
            allowed("replied", Channel::Email),
            Some(LetterStatus::Replied)
        );
        assert_eq!(allowed("withheld", Channel::Post), None);
    }
}
