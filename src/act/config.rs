//! The `[web]` table of `campaign.toml`: the limits of the "I took action" form, with
//! defaults that fit a real marathon.

use serde::{Deserialize, Serialize};

/// `[web]`: limits of the public form. Every field is optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WebConfig {
    /// The address people reach the server at (`https://actions.example.org`), used in the
    /// links of confirmation mails; default: the address the server listens on.
    #[serde(default)]
    pub public_url: Option<String>,
    /// The largest count one submission may carry (default 50: a family writing cards
    /// together, not a group report, which goes through `import`).
    #[serde(default)]
    pub max_count: Option<u64>,
    /// Submissions one IP address may make per hour (default 20: a school class or a
    /// letter-writing evening shares one address).
    #[serde(default)]
    pub per_ip_per_hour: Option<u32>,
    /// Submissions one IP address may make at once before the hourly rate applies
    /// (default 5).
    #[serde(default)]
    pub per_ip_burst: Option<u32>,
    /// Submissions one email address may make per hour (default 6).
    #[serde(default)]
    pub per_address_per_hour: Option<u32>,
    /// Confirmation mails one address may receive per UTC day (default 5), so the form
    /// cannot flood someone's inbox.
    #[serde(default)]
    pub mails_per_address_per_day: Option<u32>,
}

/// The limits with defaults applied and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// See [`WebConfig::max_count`].
    pub max_count: u64,
    /// See [`WebConfig::per_ip_per_hour`].
    pub per_ip_per_hour: u32,
    /// See [`WebConfig::per_ip_burst`].
    pub per_ip_burst: u32,
    /// See [`WebConfig::per_address_per_hour`].
    pub per_address_per_hour: u32,
    /// See [`WebConfig::mails_per_address_per_day`].
    pub mails_per_address_per_day: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_count: 50,
            per_ip_per_hour: 20,
            per_ip_burst: 5,
            per_address_per_hour: 6,
            mails_per_address_per_day: 5,
        }
    }
}

impl WebConfig {
    /// The limits, defaults filled in; a zero or an oversized count is an error naming the
    /// field.
    pub fn limits(&self) -> anyhow::Result<Limits> {
        let d = Limits::default();
        let positive = |name: &str, v: Option<u32>, default: u32| -> anyhow::Result<u32> {
            match v {
                Some(0) => anyhow::bail!("`campaign.toml`: `[web] {name}` must be at least 1"),
                Some(v) => Ok(v),
                None => Ok(default),
            }
        };
        let max_count = match self.max_count {
            Some(0) => anyhow::bail!("`campaign.toml`: `[web] max_count` must be at least 1"),
            Some(n) if n > crate::action::MAX_COUNT => anyhow::bail!(
                "`campaign.toml`: `[web] max_count` is {n}, more than {} allowed",
                crate::action::MAX_COUNT
            ),
            Some(n) => n,
            None => d.max_count,
        };
        Ok(Limits {
            max_count,
            per_ip_per_hour: positive("per_ip_per_hour", self.per_ip_per_hour, d.per_ip_per_hour)?,
            per_ip_burst: positive("per_ip_burst", self.per_ip_burst, d.per_ip_burst)?,
            per_address_per_hour: positive(
                "per_address_per_hour",
                self.per_address_per_hour,
                d.per_address_per_hour,
            )?,
            mails_per_address_per_day: positive(
                "mails_per_address_per_day",
                self.mails_per_address_per_day,
                d.mails_per_address_per_day,
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_missing_fields_and_zero_is_refused_by_name() {
        let empty: WebConfig = toml::from_str("").unwrap();
        assert_eq!(empty.limits().unwrap(), Limits::default());
        let some: WebConfig = toml::from_str("max_count = 10\nper_ip_per_hour = 3").unwrap();
        let l = some.limits().unwrap();
        assert_eq!((l.max_count, l.per_ip_per_hour, l.per_ip_burst), (10, 3, 5));
        let zero: WebConfig = toml::from_str("mails_per_address_per_day = 0").unwrap();
        let e = zero.limits().unwrap_err().to_string();
        assert!(e.contains("mails_per_address_per_day"), "{e}");
        assert!(toml::from_str::<WebConfig>("max_cuont = 3").is_err());
    }
}
