//! Text for people: grouped numbers, pluralised counts, durations.

use std::time::Duration;

/// Groups the digits of `n` in threes with commas: `104731` becomes `104,731`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Groups a signed number.
pub fn group_signed(n: i64) -> String {
    if n < 0 {
        format!("-{}", group(n.unsigned_abs()))
    } else {
        group(n as u64)
    }
}

/// A grouped count with an English noun in the right number: `count(1, "letter", "letters")`
/// gives `1 letter`, `count(12345, ..)` gives `12,345 letters`.
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    format!("{} {}", group(n), if n == 1 { singular } else { plural })
}

/// A short human duration: `0.4 s`, `12 s`, `3 min 20 s`, `2 h 5 min`.
pub fn duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 10.0 {
        format!("{secs:.1} s")
    } else if secs < 60.0 {
        format!("{} s", secs.round() as u64)
    } else if secs < 3600.0 {
        let s = secs.round() as u64;
        format!("{} min {} s", s / 60, s % 60)
    } else {
        let m = (secs / 60.0).round() as u64;
        format!("{} h {} min", m / 60, m % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(104_731), "104,731");
        assert_eq!(group(5_796_150), "5,796,150");
        assert_eq!(group_signed(-1234), "-1,234");
    }

    #[test]
    fn pluralises() {
        assert_eq!(count(1, "letter", "letters"), "1 letter");
        assert_eq!(count(0, "letter", "letters"), "0 letters");
        assert_eq!(count(12_345, "letter", "letters"), "12,345 letters");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(Duration::from_millis(400)), "0.4 s");
        assert_eq!(duration(Duration::from_secs(200)), "3 min 20 s");
    }
}
