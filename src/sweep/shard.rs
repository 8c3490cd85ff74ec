//! Sharded sweeps: `--shard K/N` checks the K-th of N slices of a list, so a national register can
//! be swept by N machines (CI jobs, Kubernetes pods, Slurm tasks) and joined by `socaudit merge`.
//!
//! A site's shard depends only on its normalised address — host without `www.`, path without the
//! trailing slash — hashed with FNV-1a 64 and the MurmurHash3 finaliser (fixed, published functions; `std::hash` may change
//! between Rust releases), so every machine puts the same site in the same shard whatever the row
//! order, the list format or the compiler.

use super::{InputInfo, SweepItem};
use std::fmt;
use std::str::FromStr;
use url::Url;

/// Environment variable read when `--shard` is not given (`SOCAUDIT_SHARD=2/8`).
pub const SHARD_ENV: &str = "SOCAUDIT_SHARD";

/// One slice of a sharded sweep: shard `k` (1-based) of `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, from 1 to `n`.
    pub k: u32,
    /// Number of shards, at least 1.
    pub n: u32,
}

/// A `--shard` value that is not `K/N` with `1 ≤ K ≤ N`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("неверный номер части «{value}»: {reason}; ожидается K/N, где 1 ≤ K ≤ N (например, 2/8)")]
pub struct ShardError {
    /// The value as given.
    pub value: String,
    /// What is wrong with it.
    pub reason: String,
}

impl Shard {
    /// Shard `k` of `n`; an error unless `1 ≤ k ≤ n`.
    pub fn new(k: u32, n: u32) -> Result<Shard, ShardError> {
        let err = |reason: &str| ShardError {
            value: format!("{k}/{n}"),
            reason: reason.to_string(),
        };
        if n == 0 {
            return Err(err("число частей N должно быть не меньше 1"));
        }
        if k == 0 {
            return Err(err("части нумеруются с 1"));
        }
        if k > n {
            return Err(err("номер части K больше числа частей N"));
        }
        Ok(Shard { k, n })
    }

    /// True when the site at `url` belongs to this shard.
    pub fn contains(&self, url: &Url) -> bool {
        in_shard(url, self.k, self.n)
    }

    /// True for the shard that reports the list's own problems (duplicates, rows without a
    /// site): only one shard does, so that a merge counts each problem once.
    pub fn reports_input_problems(&self) -> bool {
        self.k == 1
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason: &str| ShardError {
            value: s.to_string(),
            reason: reason.to_string(),
        };
        let (k, n) = s
            .trim()
            .split_once('/')
            .ok_or_else(|| err("нет косой черты между K и N"))?;
        let k: u32 = k
            .trim()
            .parse()
            .map_err(|_| err("K — не целое неотрицательное число"))?;
        let n: u32 = n
            .trim()
            .parse()
            .map_err(|_| err("N — не целое неотрицательное число"))?;
        Shard::new(k, n).map_err(|e| ShardError {
            value: s.to_string(),
            reason: e.reason,
        })
    }
}

/// The string a site is sharded (and recognised across shards) by: the host without `www.` and the
/// path without its trailing slash; scheme, port, query and fragment are ignored, so `http://www.a.ru/`
/// and `https://a.ru` are one site.
pub fn site_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = url.path().trim_end_matches('/');
    format!("{host}{path}")
}

/// FNV-1a, 64 bits (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The MurmurHash3 64-bit finaliser (`fmix64`): spreads every input bit over every output bit.
pub fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

/// The 0-based shard of `url` among `n` (0 when `n` is 0): `fmix64(fnv1a64(key)) × n >> 64`.
pub fn shard_index(url: &Url, n: u32) -> u32 {
    // FNV-1a alone barely moves the high bits for keys that differ only in their last bytes
    // (`…/rajonnye-bjuro/335`, `…/336`: one register had 40 of 183 sites in one of 8 shards);
    // the finaliser fixes that, and multiply-shift maps to 0..n without modulo bias.
    let hash = fmix64(fnv1a64(site_key(url).as_bytes()));
    ((u128::from(hash) * u128::from(n)) >> 64) as u32
}

/// True when the site at `url` belongs to shard `k` (1-based) of `n`; false for an impossible shard
/// (`k` = 0, `k` > `n`).
pub fn in_shard(url: &Url, k: u32, n: u32) -> bool {
    k >= 1 && k <= n && shard_index(url, n) == k - 1
}

/// The items of `shard` and what this shard's summary says about the input: the list's size, the
/// shard's own site count, and the list's problems only in shard 1.
pub fn select(
    items: Vec<SweepItem>,
    mut input: InputInfo,
    shard: Shard,
) -> (Vec<SweepItem>, InputInfo) {
    let items: Vec<SweepItem> = items
        .into_iter()
        .filter(|item| shard.contains(&item.url))
        .collect();
    input.sites = items.len();
    if !shard.reports_input_problems() {
        input.problems.clear();
    }
    (items, input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::InputProblemRecord;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn keys_ignore_www_scheme_port_and_trailing_slash() {
        assert_eq!(site_key(&url("http://www.kcson.ru/")), "kcson.ru");
        assert_eq!(site_key(&url("https://kcson.ru")), "kcson.ru");
        assert_eq!(
            site_key(&url("http://gu87.site.gov.spb.ru/otdeleniya/osod/")),
            "gu87.site.gov.spb.ru/otdeleniya/osod"
        );
        assert_eq!(site_key(&url("http://тцсо.рф/")), "xn--n1afcq.xn--p1ai");
        assert_eq!(site_key(&url("http://kcson.ru:8080/?a=1")), "kcson.ru");
    }

    /// Pinned values: if these change, sites move between shards and running sweeps break.
    #[test]
    fn assignment_is_fixed() {
        assert_eq!(fnv1a64(b"kcson.ru"), 0x01c1_e424_1aeb_fda8);
        assert_eq!(shard_index(&url("https://www.kcson.ru/"), 3), 0);
        assert_eq!(fmix64(fnv1a64(b"kcson.ru")), 0x155f_7139_031d_ef86);
        assert_eq!(fmix64(1), 0xb456_bcfc_34c2_cb2c);
        assert_eq!(shard_index(&url("http://center-albreht.ru"), 8), 6);
        assert_eq!(shard_index(&url("http://sgc-opeca.ru/"), 8), 5);
        assert_eq!(shard_index(&url("http://sgc-opeca.ru/"), 1), 0);
        assert!(in_shard(&url("http://center-albreht.ru/"), 7, 8));
    }

    #[test]
    fn every_site_is_in_exactly_one_shard() {
        let urls = [
            "http://a.ru/",
            "http://www.b.ru/x/",
            "https://тцсо.рф",
            "http://127.0.0.1:8080/",
            "http://c.ru/d?e=f",
        ];
        for n in 1..=9 {
            for u in urls {
                let hits = (1..=n).filter(|&k| in_shard(&url(u), k, n)).count();
                assert_eq!(hits, 1, "{u} in {hits} of {n} shards");
            }
        }
        assert!(!in_shard(&url("http://a.ru/"), 0, 3));
        assert!(!in_shard(&url("http://a.ru/"), 4, 3));
        assert!(!in_shard(&url("http://a.ru/"), 1, 0));
    }

    #[test]
    fn parses_k_of_n_and_rejects_the_rest() {
        assert_eq!("2/8".parse::<Shard>().unwrap(), Shard { k: 2, n: 8 });
        assert_eq!(" 1 / 1 ".parse::<Shard>().unwrap(), Shard { k: 1, n: 1 });
        for bad in ["0/4", "5/4", "1/0", "0/0", "2", "a/4", "2/b", "-1/4", ""] {
            let err = bad.parse::<Shard>().unwrap_err().to_string();
            assert!(err.contains("K/N"), "{bad}: {err}");
        }
        assert_eq!(Shard { k: 3, n: 4 }.to_string(), "3/4");
    }

    #[test]
    fn only_shard_one_reports_input_problems() {
        let items: Vec<SweepItem> = [
            "http://a.ru/",
            "http://b.ru/",
            "http://c.ru/",
            "http://d.ru/",
        ]
        .iter()
        .enumerate()
        .map(|(i, u)| SweepItem {
            row: i + 2,
            url: url(u),
            dir: format!("d{i}"),
            name: None,
            region: None,
            inn: None,
            kind: None,
        })
        .collect();
        let problem = InputProblemRecord {
            row: 9,
            value: String::new(),
            problem: "нет адреса".into(),
        };
        let input = InputInfo {
            source: "list.csv".into(),
            rows: 5,
            sites: 4,
            problems: vec![problem],
        };
        let mut total = 0;
        for k in 1..=3 {
            let (picked, info) = select(items.clone(), input.clone(), Shard { k, n: 3 });
            assert_eq!(info.sites, picked.len());
            assert_eq!(info.rows, 5);
            assert_eq!(info.problems.len(), usize::from(k == 1));
            total += picked.len();
        }
        assert_eq!(total, 4);
    }

    #[cfg(feature = "realsites")]
    #[test]
    fn the_real_register_splits_evenly() {
        let path = crate::realsites::root().join("spb-providers/sites_unique.csv");
        let list = crate::input::load_site_list(&path).unwrap();
        let total = list.sites.len();
        assert!(total > 100, "{total} sites");
        for n in [2_u32, 4, 8] {
            let sizes: Vec<usize> = (1..=n)
                .map(|k| list.sites.iter().filter(|s| in_shard(&s.url, k, n)).count())
                .collect();
            assert_eq!(sizes.iter().sum::<usize>(), total);
            let fair = total as f64 / f64::from(n);
            // Loose bounds: a hash split of ~190 sites is fair, not exact.
            for &size in &sizes {
                assert!(
                    (size as f64) > fair * 0.5 && (size as f64) < fair * 1.5,
                    "n={n}: {sizes:?}"
                );
            }
        }
    }
}
