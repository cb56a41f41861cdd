//! The actions-per-day chart: an SVG bar chart drawn on the server (no script, no external
//! font), with the same figures in a table for screen readers and text browsers.

use maud::{Markup, html};
use time::Date;

use super::layout::Cx;
use crate::i18n::{long_date, parse_iso_date, short_date};
use crate::tally::Line;

const WIDTH: u32 = 720;
const HEIGHT: u32 = 240;
const LEFT: u32 = 56;
const BOTTOM: u32 = 28;
const TOP: u32 = 12;

/// One bar per day from `from` to `to` (days outside with actions are added), from `days`.
pub fn days_in_range(days: &[Line], from: Date, to: Date) -> Vec<(Date, u64)> {
    let mut out: Vec<(Date, u64)> = Vec::new();
    let mut d = from;
    // A campaign longer than a year would make bars thinner than a pixel: then only the
    // days with actions are drawn.
    if (to - from).whole_days() <= 366 {
        while d <= to {
            out.push((d, 0));
            match d.next_day() {
                Some(n) => d = n,
                None => break,
            }
        }
    }
    for line in days {
        let Some(day) = parse_iso_date(&line.name) else {
            continue;
        };
        match out.binary_search_by_key(&day, |(d, _)| *d) {
            Ok(i) => out[i].1 = line.actions,
            Err(i) => out.insert(i, (day, line.actions)),
        }
    }
    out
}

/// The chart and its table.
pub fn per_day(cx: &Cx<'_>, days: &[(Date, u64)]) -> Markup {
    let lang = cx.lang.code();
    let max = days.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return html! {};
    };
    let summary = cx.catalog.fmt(
        cx.lang,
        "per-day-summary",
        &[
            ("from", long_date(first.0, lang).into()),
            ("to", long_date(last.0, lang).into()),
            ("max", cx.lang.group(max).into()),
        ],
    );
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
    html! {
        figure.chart {
            svg viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-labelledby="per-day-title per-day-desc" {
                title #per-day-title { (cx.t("per-day-heading")) }
                desc #per-day-desc { (summary) }
                line.axis x1=(LEFT) y1=(base) x2=(WIDTH - 8) y2=(base) {}
                text.tick x=(LEFT - 6) y=(base) text-anchor="end" { "0" }
                text.tick x=(LEFT - 6) y=(TOP + 10) text-anchor="end" { (cx.lang.group(max)) }
                @for (i, (day, n)) in days.iter().enumerate() {
                    @let h = *n as f64 * scale;
                    rect.bar x=(format!("{:.1}", f64::from(LEFT) + i as f64 * slot + (slot - bar_w) / 2.0))
                        y=(format!("{:.1}", base - h)) width=(format!("{bar_w:.1}")) height=(format!("{h:.1}")) {
                        title { (long_date(*day, lang)) ": " (cx.lang.group(*n)) }
                    }
                }
                text.tick x=(LEFT) y=(HEIGHT - 8) text-anchor="start" { (short_date(first.0, lang)) }
                text.tick x=(WIDTH - 8) y=(HEIGHT - 8) text-anchor="end" { (short_date(last.0, lang)) }
            }
            figcaption { (summary) }
        }
        details {
            summary { (cx.t("figures")) }
            table {
                thead { tr { th scope="col" { (cx.t("col-day")) } th scope="col" { (cx.t("col-actions")) } } }
                tbody {
                    @for (day, n) in days {
                        tr { td { (long_date(*day, lang)) } td.num { (cx.lang.group(*n)) } }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn days_fill_the_campaign_and_keep_days_outside_it() {
        let lines = vec![
            Line {
                name: "2026-08-01".into(),
                title: None,
                actions: 3,
            },
            Line {
                name: "2026-08-05".into(),
                title: None,
                actions: 7,
            },
        ];
        let d = days_in_range(&lines, date!(2026 - 08 - 04), date!(2026 - 08 - 06));
        assert_eq!(
            d,
            vec![
                (date!(2026 - 08 - 01), 3),
                (date!(2026 - 08 - 04), 0),
                (date!(2026 - 08 - 05), 7),
                (date!(2026 - 08 - 06), 0),
            ]
        );
    }
}
