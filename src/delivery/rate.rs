//! Rates and durations as people write them in the campaign file: `14 per second`,
//! `50 per 5 minutes`, `30/min`; `2s`, `500 ms`, `1 minute`.

use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;
use std::time::Duration;

use governor::Quota;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A number of messages per period: at most `count` in any `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// How many messages.
    pub count: NonZeroU32,
    /// In how long.
    pub period: Duration,
}

/// What a rate looks like, for error messages.
const RATE_EXAMPLES: &str = "a rate like `14 per second`, `50 per 5 minutes` or `30/min`";

impl Rate {
    /// Messages per second, for estimates.
    pub fn per_second(&self) -> f64 {
        f64::from(self.count.get()) / self.period.as_secs_f64()
    }

    /// The even spacing between two messages at this rate.
    pub fn interval(&self) -> Duration {
        self.period / self.count.get()
    }

    /// A governor quota: one message every [`Rate::interval`], with up to `burst` at once when
    /// sending has paused. The interval is never below a nanosecond (checked when parsing).
    pub fn quota(&self, burst: NonZeroU32) -> Quota {
        Quota::with_period(self.interval().max(Duration::from_nanos(1)))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst)
    }
}

impl FromStr for Rate {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not {RATE_EXAMPLES}");
        let s = text.trim();
        let (count, rest) = if let Some((count, rest)) = s.split_once('/') {
            (count.trim(), rest.trim())
        } else {
            let (count, rest) = s.split_once(char::is_whitespace).ok_or_else(bad)?;
            let rest = rest.trim_start();
            let rest = rest.strip_prefix("per").ok_or_else(bad)?;
            if !rest.starts_with(char::is_whitespace) {
                return Err(bad());
            }
            (count.trim(), rest.trim())
        };
        let count: u32 = count.parse().map_err(|_| bad())?;
        let count = NonZeroU32::new(count)
            .ok_or_else(|| format!("`{text}`: the count must be at least 1"))?;
        let period = parse_span(rest).ok_or_else(bad)?;
        if period.is_zero() {
            return Err(format!("`{text}`: the period must be longer than zero"));
        }
        if (period / count.get()).is_zero() {
            return Err(format!("`{text}` is faster than one message a nanosecond"));
        }
        Ok(Rate { count, period })
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.period.as_secs();
        let whole = u128::from(secs) * 1_000_000_000 == self.period.as_nanos();
        let (n, unit) = match secs {
            _ if !whole => return write!(f, "{} per {:?}", self.count, self.period),
            s if s % 86_400 == 0 => (s / 86_400, "day"),
            s if s % 3_600 == 0 => (s / 3_600, "hour"),
            s if s % 60 == 0 => (s / 60, "minute"),
            s => (s, "second"),
        };
        if n == 1 {
            write!(f, "{} per {unit}", self.count)
        } else {
            write!(f, "{} per {n} {unit}s", self.count)
        }
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_text(d)
    }
}

/// Reads a value written as text, with the parser's message as the error.
fn from_text<'de, D: Deserializer<'de>, T: FromStr<Err = String>>(d: D) -> Result<T, D::Error> {
    String::deserialize(d)?
        .parse()
        .map_err(serde::de::Error::custom)
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A duration written `2s`, `500 ms`, `1 minute`, `2 hours`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span(pub Duration);

impl FromStr for Span {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let s = text.trim();
        let split = s
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(s.len());
        let (number, unit) = s.split_at(split);
        let bad = || format!("`{text}` is not a duration like `2s`, `500ms` or `1 minute`");
        let number: f64 = number.parse().map_err(|_| bad())?;
        let unit = unit.trim();
        let base = if matches!(unit, "ms" | "millisecond" | "milliseconds") {
            Duration::from_millis(1)
        } else {
            unit_length(unit).ok_or_else(bad)?
        };
        Duration::try_from_secs_f64(base.as_secs_f64() * number)
            .map(Span)
            .map_err(|_| bad())
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_text(d)
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}ms", self.0.as_millis()))
    }
}

/// `second`, `5 minutes`, `min`, `2 h`: an optional whole number then a unit.
fn parse_span(text: &str) -> Option<Duration> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u32 = if number.is_empty() {
        1
    } else {
        number.parse().ok()?
    };
    unit_length(unit.trim())?.checked_mul(n)
}

/// The length of one `unit` (singular, plural or abbreviated).
fn unit_length(unit: &str) -> Option<Duration> {
    let secs = match unit {
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3_600,
        "d" | "day" | "days" => 86_400,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(s: &str) -> Rate {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn parses_natural_rates() {
        assert_eq!(rate("14 per second").per_second(), 14.0);
        assert_eq!(rate("14 per 1 second").per_second(), 14.0);
        let r = rate("50 per 5 minutes");
        assert_eq!(r.count.get(), 50);
        assert_eq!(r.period, Duration::from_secs(300));
        assert_eq!(r.interval(), Duration::from_secs(6));
        assert_eq!(rate("1000 per day").period, Duration::from_secs(86_400));
        assert_eq!(rate("3 per 2 hours").period, Duration::from_secs(7_200));
        assert_eq!(rate("  7   per   minute ").period, Duration::from_secs(60));
    }

    #[test]
    fn parses_short_rates() {
        assert_eq!(rate("14/s").per_second(), 14.0);
        assert_eq!(rate("30/min").period, Duration::from_secs(60));
        assert_eq!(rate("30 / min").count.get(), 30);
        assert_eq!(rate("100/h").period, Duration::from_secs(3_600));
        assert_eq!(rate("500/5min").period, Duration::from_secs(300));
        assert_eq!(rate("2000/day").period, Duration::from_secs(86_400));
    }

    #[test]
    fn rejects_bad_rates() {
        for bad in [
            "",
            "14",
            "fast",
            "14 per",
            "14 per fortnight",
            "14 second",
            "14 perminute",
            "-1/s",
            "1.5/s",
            "x/s",
            "14 per 0 seconds",
            "14/",
        ] {
            let err = bad.parse::<Rate>().unwrap_err();
            assert!(err.contains('`'), "{bad:?}: {err}");
        }
        assert!(
            "0 per second"
                .parse::<Rate>()
                .unwrap_err()
                .contains("at least 1")
        );
        assert!(
            "4000000000/s"
                .parse::<Rate>()
                .unwrap_err()
                .contains("nanosecond")
        );
    }

    #[test]
    fn displays_naturally() {
        assert_eq!(rate("14/s").to_string(), "14 per second");
        assert_eq!(rate("50 per 5 minutes").to_string(), "50 per 5 minutes");
        assert_eq!(rate("100/h").to_string(), "100 per hour");
        assert_eq!(rate("9 per 2 days").to_string(), "9 per 2 days");
        assert_eq!(
            rate(&rate("50 per 5 min").to_string()),
            rate("50 per 5 min")
        );
    }

    #[test]
    fn quota_spaces_messages_evenly() {
        let q = rate("50 per 5 minutes").quota(NonZeroU32::MIN);
        assert_eq!(q.replenish_interval(), Duration::from_secs(6));
        assert_eq!(q.burst_size().get(), 1);
        let q = rate("14 per second").quota(NonZeroU32::new(20).unwrap());
        assert_eq!(q.burst_size().get(), 20);
    }

    #[test]
    fn parses_spans() {
        let span = |s: &str| s.parse::<Span>().unwrap_or_else(|e| panic!("{e}")).0;
        assert_eq!(span("2s"), Duration::from_secs(2));
        assert_eq!(span("500ms"), Duration::from_millis(500));
        assert_eq!(span("500 ms"), Duration::from_millis(500));
        assert_eq!(span("1 minute"), Duration::from_secs(60));
        assert_eq!(span("0.25 s"), Duration::from_millis(250));
        assert!("soon".parse::<Span>().is_err());
        assert!("5 fortnights".parse::<Span>().is_err());
    }
}
