//! The server's shared state: the workspace as last (re)loaded, the public tally kept ready
//! to send (refreshed by a thread that watches the ledger's change marker), the translation
//! catalogue, the CSRF key and the switch that stops the server.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::{Context, Result};
use axum::body::Bytes;
use axum::http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_TYPE, ETAG};
use axum::http::{HeaderMap, HeaderValue};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use super::i18n::{Catalog, WebLang};
use crate::ledger::{ChangeMarker, Filter, Ledger};
use crate::tally::{self, Format, Options, Tally};
use crate::workspace::Workspace;

/// How often the ledger's change marker is read.
pub const POLL: Duration = Duration::from_millis(250);

/// The public tally as last read from the ledger, with everything a response needs ready.
#[derive(Debug)]
pub struct Snapshot {
    /// The public tally (small country rows folded).
    pub tally: Tally,
    /// The bytes of `marathon tally --public --format json` for the same ledger.
    pub json: Bytes,
    /// The strong ETag of `json`, quoted.
    pub etag: HeaderValue,
    /// Every header of the JSON's answer (type, cache, CORS, ETag, security), built once.
    pub json_headers: HeaderMap,
    /// The Server-Sent Events payload, per language (indexed like [`WebLang::ALL`]).
    pub live: Vec<Bytes>,
    /// Goes up by one with every new snapshot.
    pub serial: u64,
}

/// Everything the handlers share.
pub struct AppState {
    /// The workspace folder the server was started in.
    pub root: PathBuf,
    workspace: RwLock<Arc<Workspace>>,
    /// The latest public tally; `changed()` wakes live subscribers.
    pub tally: watch::Receiver<Arc<Snapshot>>,
    /// UI text in every language.
    pub catalog: Arc<Catalog>,
    /// The key CSRF tokens are signed with (`.marathon/web-secret`).
    pub key: [u8; 32],
    /// The only peer whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
    pub trusted_proxy: Option<IpAddr>,
    /// Becomes true when the server is stopping: live streams end.
    pub stopping: watch::Receiver<bool>,
    refresh: mpsc::Sender<()>,
}

/// The shared state as handlers receive it.
pub type Shared = Arc<AppState>;

impl AppState {
    /// Opens the workspace at `root` and its ledger, reads the first tally and starts the
    /// thread that keeps it fresh.
    pub fn start(
        root: PathBuf,
        trusted_proxy: Option<IpAddr>,
        stopping: watch::Receiver<bool>,
    ) -> Result<Shared> {
        let ws = Arc::new(Workspace::open(&root)?);
        let catalog = Arc::new(Catalog::new()?);
        let key = super::security::load_or_create_key(&ws.root)?;
        let ledger = Ledger::open(&ws.ledger_path())?;
        let first = snapshot(&ledger, &ws, &catalog, 0)?;
        let (tx, rx) = watch::channel(Arc::new(first));
        let (refresh, wake) = mpsc::channel();
        let state = Arc::new(AppState {
            root: ws.root.clone(),
            workspace: RwLock::new(ws),
            tally: rx,
            catalog: catalog.clone(),
            key,
            trusted_proxy,
            stopping,
            refresh,
        });
        let weak = Arc::downgrade(&state);
        std::thread::Builder::new()
            .name("tally-watch".into())
            .spawn(move || watch_ledger(ledger, weak, catalog, tx, wake))
            .context("cannot start the thread that watches the ledger")?;
        Ok(state)
    }

    /// The workspace as last loaded.
    pub fn workspace(&self) -> Arc<Workspace> {
        // A poisoned lock only means a reload panicked; the value inside is still whole.
        self.workspace
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Reads the workspace files again (on SIGHUP). A workspace that no longer loads is
    /// reported and the previous one kept.
    pub fn reload(&self) -> Result<()> {
        let ws = Workspace::open(&self.root)?;
        *self.workspace.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(ws);
        let _ = self.refresh.send(());
        Ok(())
    }

    /// The latest public tally.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.tally.borrow().clone()
    }
}

/// Reads the change marker every [`POLL`] and publishes a new snapshot when it moved or a
/// reload asked for one. Ends when the state is gone.
fn watch_ledger(
    ledger: Ledger,
    state: std::sync::Weak<AppState>,
    catalog: Arc<Catalog>,
    tx: watch::Sender<Arc<Snapshot>>,
    wake: mpsc::Receiver<()>,
) {
    let mut seen: Option<ChangeMarker> = ledger.change_marker().ok();
    let mut serial = 0;
    loop {
        let forced = match wake.recv_timeout(POLL) {
            Ok(()) => true,
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let Some(state) = state.upgrade() else { return };
        let marker = match ledger.change_marker() {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!("{e:#}");
                continue;
            }
        };
        if !forced && seen == Some(marker) {
            continue;
        }
        serial += 1;
        match snapshot(&ledger, &state.workspace(), &catalog, serial) {
            Ok(s) => {
                seen = Some(marker);
                tx.send_replace(Arc::new(s));
            }
            Err(e) => tracing::warn!("{e:#}"),
        }
    }
}

/// The public tally of `ledger`, built and rendered by the same code as
/// `marathon tally --public --format json`.
fn snapshot(ledger: &Ledger, ws: &Workspace, catalog: &Catalog, serial: u64) -> Result<Snapshot> {
    let filter = Filter::default();
    let figures = ledger.figures(&filter)?;
    let options = Options {
        public: true,
        fewest: 0,
        min_count: ws.campaign.public_min_count(),
    };
    let tally = tally::build(
        &figures,
        &ws.campaign,
        &Default::default(),
        &filter,
        options,
    );
    let json = tally::render(&tally, Format::Json)?;
    let digest = Sha256::digest(json.as_bytes());
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    let etag = HeaderValue::from_str(&format!("\"{hex}\""))
        .context("an ETag of hex digits is a valid header")?;
    let json_headers = json_headers(&etag);
    let live = WebLang::ALL
        .iter()
        .map(|&lang| live_payload(&tally, ws, catalog, lang))
        .collect();
    Ok(Snapshot {
        tally,
        json: Bytes::from(json),
        etag,
        json_headers,
        live,
        serial,
    })
}

/// The headers of `/api/v1/tally.json`'s answer.
fn json_headers(etag: &HeaderValue) -> HeaderMap {
    let mut h = HeaderMap::with_capacity(12);
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static(super::api::tally::CACHE),
    );
    h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(ETAG, etag.clone());
    super::security::add_headers(&mut h, false, false);
    h
}

/// The live counter's event: totals, the headline and each case's count, as text for `lang`.
fn live_payload(t: &Tally, ws: &Workspace, catalog: &Catalog, lang: WebLang) -> Bytes {
    let cases: serde_json::Map<String, serde_json::Value> = ws
        .campaign
        .cases
        .iter()
        .map(|c| {
            let n = case_actions(t, &c.id);
            let v = json!({
                "actions": n,
                "grouped": lang.group(n),
                "word": catalog.fmt(lang, "embed-actions", &[("n", n.into())]),
                "text": catalog.case_actions(lang, n, c.goal),
            });
            (c.id.clone(), v)
        })
        .collect();
    let v = json!({
        "actions": t.actions,
        "grouped": lang.group(t.actions),
        "word": catalog.fmt(lang, "embed-actions", &[("n", t.actions.into())]),
        "headline": catalog.headline(lang, t.actions, t.countries),
        "cases": cases,
    });
    Bytes::from(v.to_string())
}

/// Actions counted for case `id` in a tally.
pub fn case_actions(t: &Tally, id: &str) -> u64 {
    t.by_case
        .iter()
        .find(|l| l.name == id)
        .map_or(0, |l| l.actions)
}
