//! Counts and days as people write them, and days as the ledger writes them.

use time::Date;
use time::macros::format_description;

use super::MAX_COUNT;

/// Today's date where the program runs (UTC when the local offset cannot be read).
pub fn today() -> Date {
    time::OffsetDateTime::now_local()
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .date()
}

/// `text` without leading and trailing whitespace, as `str::trim` gives it, with no work for
/// the common value that starts and ends with a visible ASCII character.
pub fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// A whole number from 1 to [`MAX_COUNT`].
pub fn parse_count(text: &str) -> Result<u64, String> {
    let t = trim(text);
    let negative = t.starts_with('-');
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{t}` is not a whole number"));
    }
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{t}` is too large (at most {MAX_COUNT})"))?;
    if negative || n == 0 {
        return Err(format!(
            "`{t}` is not a count of actions (at least 1; to take an entry back, record a correction)"
        ));
    }
    if n > MAX_COUNT {
        return Err(format!("`{t}` is too large (at most {MAX_COUNT})"));
    }
    Ok(n)
}

/// A day written `2026-12-10` or `10.12.2026`.
pub fn parse_day(text: &str) -> Option<Date> {
    let t = trim(text);
    // The common `YYYY-MM-DD` without the general parser: imports read millions of these.
    if let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *t.as_bytes() {
        let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |ds: &[u8]| {
                ds.iter()
                    .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
            };
            let month = time::Month::try_from(n(&digits[4..6]) as u8).ok()?;
            return Date::from_calendar_date(n(&digits[..4]) as i32, month, n(&digits[6..]) as u8)
                .ok();
        }
    }
    Date::parse(t, format_description!("[day].[month].[year]")).ok()
}

/// `YYYY-MM-DD` written into `buf` without allocating.
pub fn day_text(day: Date, buf: &mut [u8; 10]) -> &str {
    let y = day.year().clamp(0, 9999) as u32;
    let m = u32::from(u8::from(day.month()));
    let d = u32::from(day.day());
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        10,
        m / 10,
        m % 10,
        10,
        d / 10,
        d % 10,
    ];
    for (b, v) in buf.iter_mut().zip(digits) {
        *b = if v == 10 { b'-' } else { b'0' + v as u8 };
    }
    // Only ASCII digits and dashes were written.
    std::str::from_utf8(buf).unwrap_or("0000-00-00")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        // Values from files hold any text, Unicode spaces included.
        #[test]
        fn trim_is_str_trim(s in "[ \t\u{a0}\u{2003}a-zA-Z0-9é\u{85}-]{0,8}") {
            prop_assert_eq!(super::trim(&s), s.trim());
        }
    }
}
