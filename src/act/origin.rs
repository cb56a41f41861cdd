//! Where a public action came from, coarsely: the submitter's network (/24 for IPv4, /48 for
//! IPv6) and the address's domain. Enough for a coordinator to withdraw a flood from one
//! place together; never the full IP address or email address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The network of `ip` as kept with a web entry: `203.0.113.0/24`, `2001:db8:1::/48`. An
/// IPv4 address mapped into IPv6 counts as IPv4.
pub fn ip_prefix(ip: IpAddr) -> String {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{}/24", Ipv4Addr::new(a, b, c, 0))
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{}/48", Ipv6Addr::new(s[0], s[1], s[2], 0, 0, 0, 0, 0))
        }
    }
}

/// A prefix as a coordinator types it (`203.0.113.7`, `203.0.113.0/24`, `2001:db8:1::/48`),
/// written as [`ip_prefix`] writes it; `None` when it is not an address.
pub fn parse_prefix(text: &str) -> Option<String> {
    let text = text.trim();
    let addr = text.split_once('/').map_or(text, |(a, _)| a);
    addr.parse::<IpAddr>().ok().map(ip_prefix)
}

/// The domain of an address (after the last `@`), lowercase, without a trailing dot;
/// `None` when there is none.
pub fn email_domain(email: &str) -> Option<String> {
    let (_, domain) = email.trim().rsplit_once('@')?;
    let domain = domain.trim_end_matches('.').to_lowercase();
    (!domain.is_empty()).then_some(domain)
}

/// A domain as a coordinator types it (`example.org`, `@Example.org`), lowercase; `None`
/// when it is empty or holds a space or a second `@`.
pub fn parse_domain(text: &str) -> Option<String> {
    let d = text.trim().trim_start_matches('@').trim_end_matches('.');
    let ok = !d.is_empty() && !d.contains(['@', ' ', '/']);
    ok.then(|| d.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn prefixes_keep_only_the_network() {
        assert_eq!(ip_prefix("203.0.113.77".parse().unwrap()), "203.0.113.0/24");
        assert_eq!(
            ip_prefix("2001:db8:1:2:3::9".parse().unwrap()),
            "2001:db8:1::/48"
        );
        assert_eq!(
            ip_prefix("::ffff:198.51.100.9".parse().unwrap()),
            "198.51.100.0/24"
        );
        assert_eq!(
            parse_prefix(" 203.0.113.0/24 ").as_deref(),
            Some("203.0.113.0/24")
        );
        assert_eq!(
            parse_prefix("203.0.113.5").as_deref(),
            Some("203.0.113.0/24")
        );
        assert_eq!(parse_prefix("example.org"), None);
    }

    #[test]
    fn domains_are_lowercase_and_alone() {
        assert_eq!(
            email_domain("Ann@Mail.Example.ORG").as_deref(),
            Some("mail.example.org")
        );
        assert_eq!(email_domain("no-at-sign"), None);
        assert_eq!(parse_domain("@Example.org").as_deref(), Some("example.org"));
        assert_eq!(parse_domain("a@b.org"), None);
        assert_eq!(parse_domain("  "), None);
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,40}") {
            let _ = parse_prefix(&s);
            let _ = parse_domain(&s);
            let _ = email_domain(&s);
        }
    }
}
