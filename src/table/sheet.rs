//! Spreadsheets (`.xlsx`, `.ods`) through calamine: the sheet to read, the header row, and
//! each cell as the sheet shows it (dates as `2026-08-04`, whole numbers without `.0`,
//! numbers formatted `00000` with their leading zeros).

use std::io::Cursor;

use calamine::{Data, Ods, Range, Reader, SheetType, SheetVisible, StyleRange, Xlsx};

use super::{Format, Grid, Position, Problem, Row};

/// Reads the chosen sheet of an Excel workbook.
pub(super) fn read_xlsx(bytes: &[u8], role: &str) -> Result<Grid, Problem> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| Problem::new(None, format!("cannot read this Excel file: {e}")))?;
    let name = pick(book.sheets_metadata(), role)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| Problem::new(None, format!("cannot read sheet {name}: {e}")))?;
    // Styles only refine numbers (leading zeros); a workbook whose styles cannot be read is
    // still read, with numbers in their general form.
    let styles = book.worksheet_style(&name).ok();
    grid(Format::Excel, name, &range, styles.as_ref())
}

/// Reads the chosen sheet of an OpenDocument spreadsheet.
pub(super) fn read_ods(bytes: &[u8], role: &str) -> Result<Grid, Problem> {
    let mut book: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| {
        Problem::new(
            None,
            format!("cannot read this OpenDocument spreadsheet: {e}"),
        )
    })?;
    let name = pick(book.sheets_metadata(), role)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| Problem::new(None, format!("cannot read sheet {name}: {e}")))?;
    grid(Format::OpenDocument, name, &range, None)
}

/// The sheet named after `role` (any case), else the first visible worksheet.
fn pick(sheets: &[calamine::Sheet], role: &str) -> Result<String, Problem> {
    let worksheets = || {
        sheets
            .iter()
            .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
    };
    worksheets()
        .find(|s| s.name.trim().eq_ignore_ascii_case(role))
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone())
        .ok_or_else(|| Problem::new(None, "has no visible worksheet"))
}

fn grid(
    format: Format,
    sheet: String,
    range: &Range<Data>,
    styles: Option<&StyleRange>,
) -> Result<Grid, Problem> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let place = |r: usize| Position {
        sheet: Some(sheet.clone()),
        row: u64::from(top) + r as u64 + 1,
        column: None,
    };
    // Title rows above the header (often one merged cell) hold a single value; the header is
    // the first row with two or more, or else the first row with any.
    let wide = |row: &[Data]| row.iter().filter(|c| !is_blank(c)).count() >= 2;
    let first_wide = range.rows().position(wide);
    let mut header: Option<(usize, Vec<(String, usize)>)> = None;
    let mut rows = Vec::new();
    for (r, cells) in range.rows().enumerate() {
        let above_header = header.is_none() && first_wide.is_some_and(|w| r < w);
        if above_header || cells.iter().all(is_blank) {
            continue;
        }
        let at = place(r);
        let mut texts = Vec::with_capacity(cells.len());
        let mut problem = None;
        for (c, cell) in cells.iter().enumerate() {
            let absolute = (top + r as u32, left + c as u32);
            match show(cell, styles.and_then(|s| s.get(absolute))) {
                Ok(t) => texts.push(t),
                Err(message) => {
                    problem.get_or_insert_with(|| {
                        Problem::new(Some(at.clone().in_column(left as usize + c + 1)), message)
                    });
                    texts.push(String::new());
                }
            }
        }
        if header.is_none() {
            if let Some(p) = problem {
                return Err(p);
            }
            let headers = texts
                .into_iter()
                .enumerate()
                .map(|(c, t)| (t.trim().to_string(), left as usize + c + 1))
                .collect();
            header = Some((r, headers));
            continue;
        }
        rows.push(match problem {
            Some(p) => Err(p),
            None => Ok(Row { at, cells: texts }),
        });
    }
    let (header_row, headers) = header.ok_or_else(|| {
        Problem::new(
            Some(Position {
                sheet: Some(sheet.clone()),
                row: 1,
                column: None,
            }),
            "the sheet is empty: it needs a header row",
        )
    })?;
    Ok(Grid {
        format,
        header_at: place(header_row),
        sheet: Some(sheet),
        headers,
        rows,
    })
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A cell as the sheet shows it, or why it cannot be read.
fn show(cell: &Data, style: Option<&calamine::Style>) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => pad(*i as f64, style).unwrap_or_else(|| i.to_string()),
        Data::Float(f) => pad(*f, style).unwrap_or_else(|| number(*f)),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) if d.is_duration() => number(d.as_f64()),
        Data::DateTime(d) => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{day:02}")
            } else if d.as_f64() < 1.0 {
                format!("{h:02}:{mi:02}:{s:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTimeIso(s) => match s.split_once('T') {
            Some((date, time)) if time.trim_start_matches(['0', ':', '.']).is_empty() => {
                date.to_string()
            }
            Some((date, time)) => format!("{date} {time}"),
            None => s.clone(),
        },
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the cell shows the error {e}")),
    })
}

/// A number shown in a format of zeros only (`00000`, Excel's zip code format): padded.
fn pad(value: f64, style: Option<&calamine::Style>) -> Option<String> {
    let code = &style?.number_format.as_ref()?.format_code;
    let code = code.trim_matches('"');
    if code.is_empty() || !code.bytes().all(|b| b == b'0') || value.fract() != 0.0 || value < 0.0 {
        return None;
    }
    Some(format!("{:0width$}", value as u64, width = code.len()))
}

/// A number in its general form: whole numbers without `.0`.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
