//! The overview's charts, drawn on the server as SVG (no script, no external font): actions
//! per day stacked by kind, and horizontal bars for one breakdown. Each comes with the same
//! figures in a table for screen readers and text browsers.

use maud::{Markup, html};

use crate::web::pages::layout::Cx;

const WIDTH: u32 = 720;
const HEIGHT: u32 = 260;
const LEFT: u32 = 56;
const BOTTOM: u32 = 28;
const TOP: u32 = 12;

/// Colours told apart also by people with colour-blindness (Okabe–Ito), one per kind.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8a7a00", "#555555",
];

/// The colour of series `i`.
pub fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// The label of an action kind in the page's language (the id itself when it has none).
pub fn kind_label(cx: &Cx<'_>, kind: &str) -> String {
    let id = format!("act-kind-{kind}");
    let t = cx.t(&id);
    if t == id { kind.to_string() } else { t }
}

/// Actions per day, one bar per day stacked by kind (`kinds` gives the order and labels).
pub fn stacked_days(
    cx: &Cx<'_>,
    id: &str,
    kinds: &[String],
    days: &[(String, Vec<u64>)],
) -> Markup {
    if days.is_empty() {
        return html! { p { (cx.t("no-actions-yet")) } };
    }
    let max = days
        .iter()
        .map(|(_, v)| v.iter().sum::<u64>())
        .max()
        .unwrap_or(0);
    let plot_w = WIDTH - LEFT - 8;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = f64::from(plot_w) / days.len() as f64;
    let bar_w = (slot * 0.8).max(1.0);
    let scale = if max == 0 {
        0.0
    } else {
        f64::from(plot_h) / max as f64
    };
    let base = f64::from(TOP + plot_h);
    let desc = cx.catalog.fmt(
        cx.lang,
        "admin-per-day-summary",
        &[
            ("from", days[0].0.clone().into()),
            ("to", days[days.len() - 1].0.clone().into()),
            ("max", cx.lang.group(max).into()),
        ],
    );
    html! {
        figure.chart {
            svg viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-labelledby=(format!("{id}-title {id}-desc")) {
                title id=(format!("{id}-title")) { (cx.t("admin-per-day")) }
                desc id=(format!("{id}-desc")) { (desc) }
                line.axis x1=(LEFT) y1=(base) x2=(WIDTH - 8) y2=(base) {}
                text.tick x=(LEFT - 6) y=(base) text-anchor="end" { "0" }
                text.tick x=(LEFT - 6) y=(TOP + 10) text-anchor="end" { (cx.lang.group(max)) }
                @for (i, (day, counts)) in days.iter().enumerate() {
                    @let x = f64::from(LEFT) + i as f64 * slot + (slot - bar_w) / 2.0;
                    @let mut top = base;
                    @for (k, n) in counts.iter().enumerate() {
                        @if *n > 0 {
                            @let h = *n as f64 * scale;
                            @let y = { top -= h; top };
                            rect x=(format!("{x:.1}")) y=(format!("{y:.1}")) width=(format!("{bar_w:.1}")) height=(format!("{h:.1}")) fill=(colour(k)) {
                                title { (day) ", " (kind_label(cx, &kinds[k])) ": " (cx.lang.group(*n)) }
                            }
                        }
                    }
                }
                text.tick x=(LEFT) y=(HEIGHT - 8) text-anchor="start" { (days[0].0) }
                text.tick x=(WIDTH - 8) y=(HEIGHT - 8) text-anchor="end" { (days[days.len() - 1].0) }
            }
            figcaption {
                ul.legend {
                    @for (k, kind) in kinds.iter().enumerate() {
                        li { svg.swatch viewBox="0 0 10 10" width="12" height="12" aria-hidden="true" { rect width="10" height="10" fill=(colour(k)) {} } " " (kind_label(cx, kind)) }
                    }
                }
            }
        }
        details {
            summary { (cx.t("figures")) }
            table {
                thead { tr {
                    th scope="col" { (cx.t("col-day")) }
                    @for kind in kinds { th scope="col" { (kind_label(cx, kind)) } }
                } }
                tbody {
                    @for (day, counts) in days {
                        tr { td { (day) } @for n in counts { td.num { (cx.lang.group(*n)) } } }
                    }
                }
            }
        }
    }
}

/// One horizontal bar per row (`label`, `actions`), longest first as given.
pub fn bars(cx: &Cx<'_>, id: &str, title: &str, label_col: &str, rows: &[(String, u64)]) -> Markup {
    if rows.is_empty() {
        return html! { p { (cx.t("no-actions-yet")) } };
    }
    const ROW: u32 = 22;
    const LABEL: u32 = 200;
    let shown = &rows[..rows.len().min(20)];
    let height = ROW * shown.len() as u32 + 8;
    let max = shown.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let plot_w = f64::from(WIDTH - LABEL - 80);
    let scale = if max == 0 { 0.0 } else { plot_w / max as f64 };
    html! {
        figure.chart {
            svg viewBox=(format!("0 0 {WIDTH} {height}")) role="img" aria-labelledby=(format!("{id}-title")) {
                title id=(format!("{id}-title")) { (title) }
                @for (i, (label, n)) in shown.iter().enumerate() {
                    @let y = 4 + ROW * i as u32;
                    @let w = (*n as f64 * scale).max(1.0);
                    text.tick x=(LABEL - 6) y=(y + 15) text-anchor="end" { (truncate(label, 30)) }
                    rect x=(LABEL) y=(y + 3) width=(format!("{w:.1}")) height=(ROW - 6) fill=(colour(0)) {
                        title { (label) ": " (cx.lang.group(*n)) }
                    }
                    text.tick x=(format!("{:.1}", f64::from(LABEL) + w + 6.0)) y=(y + 15) { (cx.lang.group(*n)) }
                }
            }
        }
        details {
            summary { (cx.t("figures")) }
            table {
                thead { tr { th scope="col" { (label_col) } th scope="col" { (cx.t("col-actions")) } } }
                tbody {
                    @for (label, n) in rows {
                        tr { td { (label) } td.num { (cx.lang.group(*n)) } }
                    }
                }
            }
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
