//! `GET /admin/csv/NAME.csv`: any breakdown of the overview as CSV, with ids (kind, country
//! code, case id) beside the names, for spreadsheets. A cell that a spreadsheet would take
//! for a formula is quoted with a leading `'`.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::overview::load;
use super::{Admin, AdminSession};
use crate::admin::overview::Overview;
use crate::i18n::country_name;
use crate::web::state::Shared;

/// The breakdowns that can be downloaded.
pub const NAMES: [&str; 10] = [
    "day",
    "day-kind",
    "kind",
    "country",
    "case",
    "channel",
    "group",
    "fewest",
    "none-received",
    "birthdays",
];

/// `GET /admin/csv/{name}`.
pub async fn get(
    State(state): State<Shared>,
    Extension(admin): Extension<Admin>,
    _who: AdminSession,
    Path(name): Path<String>,
) -> Response {
    let Some(name) = name.strip_suffix(".csv") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !NAMES.contains(&name) && name != "silent" {
        return StatusCode::NOT_FOUND.into_response();
    }
    let o = match load(&state, &admin).await {
        Ok(o) => o,
        Err(e) => {
            tracing::error!("{e:#}");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let rows = rows(&o, name);
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in &rows {
        let cells: Vec<String> = r.iter().map(|c| safe(c)).collect();
        if w.write_record(&cells).is_err() {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let Ok(bytes) = w.into_inner() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let file = format!(
        "attachment; filename=\"{}-{name}.csv\"",
        o.tally
            .campaign
            .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_")
    );
    let mut res = (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        bytes,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&file) {
        res.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    res
}

/// A cell a spreadsheet would run as a formula gets a leading `'`.
fn safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn lines(
    header: [&str; 2],
    lines: &[crate::tally::Line],
    name: impl Fn(&crate::tally::Line) -> String,
) -> Vec<Vec<String>> {
    let mut out = vec![header.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for l in lines {
        out.push(vec![name(l), l.actions.to_string()]);
    }
    out
}

/// The rows of breakdown `name`, header first.
pub fn rows(o: &Overview, name: &str) -> Vec<Vec<String>> {
    let t = &o.tally;
    let id = |l: &crate::tally::Line| l.name.clone();
    match name {
        "day" => lines(["day", "actions"], &t.by_day, id),
        "kind" => lines(["kind", "actions"], &t.by_kind, id),
        "channel" => lines(
            ["channel", "actions"],
            t.by_channel.as_deref().unwrap_or(&[]),
            id,
        ),
        "group" => lines(
            ["group", "actions"],
            t.by_group.as_deref().unwrap_or(&[]),
            id,
        ),
        "country" => {
            let mut out = vec![vec!["country".into(), "name".into(), "actions".into()]];
            for l in &t.by_country {
                let n = country_name(&l.name, "en").unwrap_or("").to_string();
                out.push(vec![l.name.clone(), n, l.actions.to_string()]);
            }
            out
        }
        "case" => {
            let mut out = vec![vec!["case".into(), "title".into(), "actions".into()]];
            for l in &t.by_case {
                out.push(vec![
                    l.name.clone(),
                    l.title.clone().unwrap_or_default(),
                    l.actions.to_string(),
                ]);
            }
            out
        }
        "day-kind" => {
            let mut head = vec!["day".to_string()];
            head.extend(o.kinds.iter().cloned());
            let mut out = vec![head];
            for (day, counts) in &o.per_day {
                let mut r = vec![day.clone()];
                r.extend(counts.iter().map(u64::to_string));
                out.push(r);
            }
            out
        }
        "fewest" | "none-received" => {
            let list = if name == "fewest" {
                &t.fewest_letters
            } else {
                &t.none_received
            };
            let mut out = vec![
                ["prisoner", "name", "case", "sent", "received"]
                    .map(String::from)
                    .to_vec(),
            ];
            for p in list.as_deref().unwrap_or(&[]) {
                out.push(vec![
                    p.id.clone(),
                    p.name.clone(),
                    p.case.clone(),
                    p.sent.to_string(),
                    p.received.to_string(),
                ]);
            }
            out
        }
        "birthdays" => {
            let mut out = vec![
                ["prisoner", "name", "case", "birthday", "sent", "received"]
                    .map(String::from)
                    .to_vec(),
            ];
            for b in &o.birthdays {
                out.push(vec![
                    b.id.clone(),
                    b.name.clone(),
                    b.case.clone(),
                    b.day.to_string(),
                    b.sent.to_string(),
                    b.received.to_string(),
                ]);
            }
            out
        }
        _ => {
            let mut out = vec![
                ["volunteer", "name", "group", "prisoners"]
                    .map(String::from)
                    .to_vec(),
            ];
            for v in &o.silent {
                out.push(vec![
                    v.id.clone(),
                    v.name.clone(),
                    v.group.clone().unwrap_or_default(),
                    v.prisoners.to_string(),
                ]);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn formula_cells_are_quoted_and_numbers_are_not() {
        assert_eq!(safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe("-5"), "-5");
        assert_eq!(safe("Anna"), "Anna");
    }
}
