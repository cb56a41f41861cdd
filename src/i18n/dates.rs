//! Dates in letters: ISO parsing, long and short forms per language, whole days and years.
//!
//! Long forms: en `4 August 2026`, de `4. August 2026`, pl `4 sierpnia 2026 r.`,
//! ru `4 августа 2026 г.`, be `4 жніўня 2026 г.`, uk `4 серпня 2026 р.` (Slavic months in the
//! genitive, as a date needs). Short forms are day-first everywhere: en `04/08/2026` (the British
//! order; letters go to European addresses), all others `04.08.2026`.

use time::{Date, Month};

use super::Lang;

const EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const PL: [&str; 12] = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
];
const RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const BE: [&str; 12] = [
    "студзеня",
    "лютага",
    "сакавіка",
    "красавіка",
    "мая",
    "чэрвеня",
    "ліпеня",
    "жніўня",
    "верасня",
    "кастрычніка",
    "лістапада",
    "снежня",
];
const UK: [&str; 12] = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
];

/// The long date in `lang`: `long_date(2026-08-04, "ru")` is `4 августа 2026 г.`.
/// Unsupported languages get the English form.
pub fn long_date(date: Date, lang: &str) -> String {
    let (d, y) = (date.day(), date.year());
    // `Month as usize` is 1..=12, so the index is always in 0..12.
    let m = date.month() as usize - 1;
    match Lang::or_english(lang) {
        Lang::En => format!("{d} {} {y}", EN[m]),
        Lang::De => format!("{d}. {} {y}", DE[m]),
        Lang::Pl => format!("{d} {} {y} r.", PL[m]),
        Lang::Ru => format!("{d} {} {y} г.", RU[m]),
        Lang::Be => format!("{d} {} {y} г.", BE[m]),
        Lang::Uk => format!("{d} {} {y} р.", UK[m]),
    }
}

/// The short numeric date in `lang`: `04/08/2026` in English, `04.08.2026` elsewhere.
pub fn short_date(date: Date, lang: &str) -> String {
    let (d, m, y) = (date.day(), date.month() as u8, date.year());
    match Lang::or_english(lang) {
        Lang::En => format!("{d:02}/{m:02}/{y}"),
        _ => format!("{d:02}.{m:02}.{y}"),
    }
}

/// Reads an ISO calendar date written exactly as `2026-08-04`; `None` for anything else,
/// including impossible dates such as `2026-02-30`.
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    // All ten bytes are ASCII, so these slices fall on character boundaries.
    let year: i32 = s[0..4].parse().ok()?;
    let month: u8 = s[5..7].parse().ok()?;
    let day: u8 = s[8..10].parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Whole days from `from` to `to`; `None` when `from` is after `to`.
pub fn days_between(from: Date, to: Date) -> Option<u64> {
    u64::try_from((to - from).whole_days()).ok()
}

/// Whole years from `from` to `to` (an age, or years in prison): the count goes up on the
/// anniversary; someone born on 29 February gains a year on 1 March in common years.
/// `None` when `from` is after `to`.
pub fn whole_years(from: Date, to: Date) -> Option<u64> {
    if from > to {
        return None;
    }
    let mut years = to.year() - from.year();
    if (to.month() as u8, to.day()) < (from.month() as u8, from.day()) {
        years -= 1;
    }
    u64::try_from(years).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn long_dates_in_every_language() {
        let d = date!(2026 - 08 - 04);
        assert_eq!(long_date(d, "en"), "4 August 2026");
        assert_eq!(long_date(d, "de"), "4. August 2026");
        assert_eq!(long_date(d, "pl"), "4 sierpnia 2026 r.");
        assert_eq!(long_date(d, "ru"), "4 августа 2026 г.");
        assert_eq!(long_date(d, "be"), "4 жніўня 2026 г.");
        assert_eq!(long_date(d, "uk"), "4 серпня 2026 р.");
        assert_eq!(long_date(d, "fr"), "4 August 2026");
    }

    #[test]
    fn genitive_months_at_the_ends_of_the_year() {
        assert_eq!(
            long_date(date!(2011 - 01 - 31), "be"),
            "31 студзеня 2011 г."
        );
        assert_eq!(long_date(date!(2011 - 12 - 01), "pl"), "1 grudnia 2011 r.");
        assert_eq!(long_date(date!(2011 - 03 - 15), "de"), "15. März 2011");
        assert_eq!(long_date(date!(2011 - 09 - 09), "ru"), "9 сентября 2011 г.");
        assert_eq!(long_date(date!(2011 - 05 - 09), "uk"), "9 травня 2011 р.");
    }

    #[test]
    fn short_dates() {
        let d = date!(2026 - 08 - 04);
        assert_eq!(short_date(d, "en"), "04/08/2026");
        for lang in ["de", "pl", "ru", "be", "uk"] {
            assert_eq!(short_date(d, lang), "04.08.2026", "{lang}");
        }
    }

    #[test]
    fn parses_only_real_iso_dates() {
        assert_eq!(parse_iso_date("2026-08-04"), Some(date!(2026 - 08 - 04)));
        assert_eq!(parse_iso_date("2024-02-29"), Some(date!(2024 - 02 - 29)));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "2026-8-4",
            "04.08.2026",
            "2026-08-04T10:00",
            "+026-08-04",
            "2026-08-0٤",
            "",
            "абвгд-еж-з",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_days_and_years() {
        let letter = date!(2026 - 08 - 04);
        assert_eq!(days_between(date!(2025 - 06 - 19), letter), Some(411));
        assert_eq!(days_between(letter, letter), Some(0));
        assert_eq!(days_between(date!(2026 - 08 - 05), letter), None);
        assert_eq!(whole_years(date!(2011 - 08 - 04), letter), Some(15));
        assert_eq!(whole_years(date!(2011 - 08 - 05), letter), Some(14));
        assert_eq!(whole_years(date!(1962 - 09 - 25), letter), Some(63));
        assert_eq!(whole_years(date!(2026 - 08 - 05), letter), None);
        // Born on 29 February: a year older on 1 March in a common year.
        let leap = date!(2024 - 02 - 29);
        assert_eq!(whole_years(leap, date!(2025 - 02 - 28)), Some(0));
        assert_eq!(whole_years(leap, date!(2025 - 03 - 01)), Some(1));
    }
}
