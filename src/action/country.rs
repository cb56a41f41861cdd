//! ISO 3166-1 alpha-2 country codes, so that a typo (`UK`, `GE` for Germany) in a report is
//! caught before it splits a country's figures in two.

/// Every officially assigned ISO 3166-1 alpha-2 code, sorted.
const CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Normalises `code` to upper case and returns it when it is an assigned ISO 3166-1 alpha-2
/// code; `XK` (Kosovo, user-assigned but in common use) is accepted too.
pub fn normalise(code: &str) -> Option<String> {
    // Two bytes compared as one number: imports check millions of codes.
    let &[a, b] = super::parse::trim(code).as_bytes() else {
        return None;
    };
    let up = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
    let known = up == *b"XK"
        || CODES
            .binary_search_by_key(&u16::from_be_bytes(up), |c| {
                // Every code has two letters (checked by a test below).
                let c = c.as_bytes();
                u16::from_be_bytes([c[0], c[1]])
            })
            .is_ok();
    // Only ASCII letters pass the check above.
    known.then(|| String::from_utf8_lossy(&up).into_owned())
}

/// Every assigned ISO 3166-1 alpha-2 code, sorted (for lists to choose from).
pub fn codes() -> &'static [&'static str] {
    &CODES
}

/// A hint for the codes people most often get wrong.
pub fn hint(code: &str) -> Option<&'static str> {
    match code.trim().to_ascii_uppercase().as_str() {
        "UK" | "EN" => Some("the United Kingdom is `GB`"),
        "GER" | "DEU" => Some("Germany is `DE`"),
        "BLR" => Some("Belarus is `BY`"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_and_unique() {
        assert!(CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(
            CODES
                .iter()
                .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn normalises_and_rejects() {
        assert_eq!(normalise(" by ").as_deref(), Some("BY"));
        assert_eq!(normalise("XK").as_deref(), Some("XK"));
        assert_eq!(normalise("UK"), None);
        assert_eq!(normalise("B"), None);
        assert_eq!(normalise("DEU"), None);
        assert_eq!(normalise("é"), None);
        assert_eq!(normalise("zw").as_deref(), Some("ZW"));
        assert_eq!(normalise("ad").as_deref(), Some("AD"));
        assert_eq!(hint("uk"), Some("the United Kingdom is `GB`"));
    }
}
