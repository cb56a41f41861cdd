//! `/events`: Server-Sent Events carrying the live counter. Each subscriber gets the current
//! figures at once, then the newest figures whenever the ledger changed, at most once a
//! second; the stream ends when the server stops.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Extension;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::watch;

use crate::web::i18n::WebLang;
use crate::web::state::{Shared, Snapshot};

/// The shortest time between two events to one subscriber.
pub const MIN_INTERVAL: Duration = Duration::from_secs(1);

struct Sub {
    rx: watch::Receiver<Arc<Snapshot>>,
    stopping: watch::Receiver<bool>,
    lang: usize,
    first: bool,
}

fn event(snap: &Snapshot, lang: usize) -> Event {
    let data = snap.live.get(lang).or(snap.live.first());
    let text = data.map_or("{}", |b| std::str::from_utf8(b).unwrap_or("{}"));
    Event::default()
        .event("tally")
        .id(snap.serial.to_string())
        .data(text)
}

/// `GET /events?lang=xx`.
pub async fn get(
    State(state): State<Shared>,
    Extension(lang): Extension<WebLang>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let sub = Sub {
        rx: state.tally.clone(),
        stopping: state.stopping.clone(),
        lang: lang.index(),
        first: true,
    };
    let stream = futures_util::stream::unfold(sub, |mut sub| async move {
        if *sub.stopping.borrow() {
            return None;
        }
        if sub.first {
            sub.first = false;
        } else {
            tokio::select! {
                _ = tokio::time::sleep(MIN_INTERVAL) => {}
                _ = sub.stopping.changed() => return None,
            }
            tokio::select! {
                changed = sub.rx.changed() => changed.ok()?,
                _ = sub.stopping.changed() => return None,
            }
        }
        let snap = sub.rx.borrow_and_update().clone();
        let ev = event(&snap, sub.lang);
        Some((Ok(ev), sub))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
