//! Writes a synthetic group report (CSV) for the ledger benchmarks:
//! `gen_report ROWS SEED [REF-PREFIX]`.
//!
//! Every row counts one action. The mix imitates a large marathon: 60% anonymous online
//! actions (petition signatures, posts, emails) on any day for any case; 25% from 500,000
//! volunteers, each writing for one case on one or two days; 15% from 4,000 groups, each
//! holding events on up to three days for up to three cases. 12 cases, 60 countries, 43 days
//! from 2026-08-04. Each row has a unique `ref`. Same arguments, same bytes. Compiled with
//! plain `rustc` (std only) by `bench/ledger.sh`.

use std::io::{BufWriter, Write};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const COUNTRIES: [&str; 60] = [
    "DE", "PL", "LT", "FR", "GB", "NL", "BE", "AT", "CH", "CZ", "SK", "SE", "NO", "DK", "FI",
    "EE", "LV", "IE", "ES", "PT", "IT", "GR", "HU", "RO", "BG", "SI", "HR", "UA", "GE", "AM",
    "US", "CA", "MX", "BR", "AR", "CL", "AU", "NZ", "JP", "KR", "TW", "IN", "ZA", "KE", "NG",
    "MA", "TN", "IL", "TR", "CY", "MT", "LU", "IS", "MD", "RS", "BA", "ME", "MK", "AL", "BY",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let prefix = args.get(3).map_or("r", String::as_str);
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let out = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 20, out.lock());
    let _ = writeln!(w, "ref,date,kind,count,case,country,volunteer,group");
    for i in 0..rows {
        let roll = rng.below(100);
        let (kind, volunteer, group, country, day, case);
        if roll < 60 {
            kind = ["petition", "petition", "social", "email"][rng.below(4) as usize];
            volunteer = String::new();
            group = String::new();
            country = COUNTRIES[rng.below(60) as usize];
            day = rng.below(43);
            case = rng.below(12);
        } else if roll < 85 {
            let v = rng.below(500_000);
            kind = ["appeal", "solidarity", "email", "fax"][rng.below(4) as usize];
            volunteer = format!("v{v:06}");
            group = String::new();
            country = COUNTRIES[(v % 60) as usize];
            day = (v * 7 + rng.below(2)) % 43;
            case = v % 12;
        } else {
            let g = rng.below(4_000);
            kind = ["appeal", "solidarity", "event"][rng.below(3) as usize];
            volunteer = String::new();
            group = format!("group {g:04}");
            country = COUNTRIES[(g % 60) as usize];
            day = (g * 5 + rng.below(3) * 7) % 43;
            case = (g + rng.below(3)) % 12;
        }
        // 2026-08-04 plus `day` days, without a date library.
        let (month, dom) = if day < 28 { (8, 4 + day) } else { (9, day - 27) };
        let _ = writeln!(
            w,
            "{prefix}{i},2026-{month:02}-{dom:02},{kind},1,case-{case:02},{country},{volunteer},{group}"
        );
    }
    let _ = w.flush();
}
