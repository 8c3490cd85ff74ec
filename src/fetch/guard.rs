//! Which addresses a crawl may connect to. A sweep runs unattended over sites nobody vetted, and
//! a web service runs it on behalf of strangers: with `public_only`, a site (or a redirect, or a
//! DNS answer) must not be able to point the crawler at the machine it runs on, the local network
//! or a cloud metadata service.
//!
//! The check happens after name resolution, on the addresses the connection will actually use
//! ([`GuardedResolver`]), so a name that resolves to a public address once and a private one the
//! next time (DNS rebinding) gains nothing. IP-literal URLs never reach a resolver, so every hop's
//! URL is checked too ([`refuse_literal`]).

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::error::Error as StdError;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use url::{Host, Url};

/// A connection refused because its address is not public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotPublic {
    /// The refused address.
    pub address: IpAddr,
}

impl fmt::Display for NotPublic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "адрес {} относится к внутренней сети; проверяются только общедоступные адреса",
            self.address
        )
    }
}

impl StdError for NotPublic {}

/// True for addresses anyone on the internet can reach: not loopback, private, link-local,
/// CGNAT, multicast, unspecified, unique-local, documentation or reserved ranges (IPv4-mapped
/// and IPv4-compatible IPv6 forms included).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let internal = ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local() // 169.254/16, metadata services at 169.254.169.254
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // CGNAT 100.64/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking 198.18/15
        || a >= 240; // reserved 240/4
    !internal
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let seg = ip.segments();
    // IPv4-compatible (::a.b.c.d, deprecated but still routed by some stacks) and NAT64 forms.
    if seg[..6] == [0, 0, 0, 0, 0, 0] || seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [a, b] = seg[6].to_be_bytes();
        let [c, d] = seg[7].to_be_bytes();
        if !ip.is_unspecified() && !ip.is_loopback() {
            return is_public_v4(Ipv4Addr::new(a, b, c, d));
        }
    }
    let internal = ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (seg[0] & 0xfe00) == 0xfc00 // unique-local fc00::/7, AWS metadata fd00:ec2::254
        || (seg[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (seg[0] & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated)
        || (seg[0] == 0x2001 && seg[1] == 0x0db8) // documentation
        || seg[0] == 0x0100 && seg[1..4] == [0, 0, 0]; // discard-only 100::/64
    !internal
}

/// The refusal for a hop whose URL names a non-public IP address literally
/// (`http://127.0.0.1/`, `http://[::1]/`, `http://2130706433/`) that is not in `allowed`.
pub fn refuse_literal(url: &Url, allowed: &[IpAddr]) -> Option<NotPublic> {
    let address = match url.host()? {
        Host::Ipv4(v4) => IpAddr::V4(v4),
        Host::Ipv6(v6) => IpAddr::V6(v6),
        Host::Domain(_) => return None,
    };
    (!is_public(address) && !allowed.contains(&address)).then_some(NotPublic { address })
}

/// Name resolution for the HTTP client: fixed addresses first (`--resolve`), then the system
/// resolver; with `public_only`, non-public answers are dropped and a name left with none is
/// refused. Pinned names are checked like any other: a pin is not a way around the rule.
#[derive(Debug, Clone, Default)]
pub struct GuardedResolver {
    /// Host names (lowercase) resolved to fixed addresses; a port of 0 means the URL's port.
    pub pinned: Vec<(String, SocketAddr)>,
    /// Refuse every address that is not public.
    pub public_only: bool,
    /// Internal addresses the operator named as allowed despite `public_only` (an intranet site).
    pub allowed: Vec<IpAddr>,
}

impl GuardedResolver {
    /// The addresses for `host`, filtered by the rule (a refusal is a [`NotPublic`] error).
    pub async fn lookup(
        self,
        host: String,
    ) -> Result<Vec<SocketAddr>, Box<dyn StdError + Send + Sync>> {
        let pinned: Vec<SocketAddr> = self
            .pinned
            .iter()
            .filter(|(h, _)| h.eq_ignore_ascii_case(&host))
            .map(|(_, a)| *a)
            .collect();
        let found = if pinned.is_empty() {
            tokio::net::lookup_host((host.as_str(), 0)).await?.collect()
        } else {
            pinned
        };
        if !self.public_only {
            return Ok(found);
        }
        let (public, refused): (Vec<SocketAddr>, Vec<SocketAddr>) = found
            .into_iter()
            .partition(|a| is_public(a.ip()) || self.allowed.contains(&a.ip()));
        match (public.is_empty(), refused.first()) {
            (true, Some(first)) => Err(Box::new(NotPublic {
                address: first.ip(),
            })),
            _ => Ok(public),
        }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        let host = name.as_str().to_ascii_lowercase();
        Box::pin(async move {
            let addrs = this.lookup(host).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn internal_ranges_are_not_public() {
        let internal = [
            "127.0.0.1",
            "127.5.6.7",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "224.0.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd00:ec2::254",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::192.168.0.1",
        ];
        for a in internal {
            assert!(!is_public(ip(a)), "{a} must not be public");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for a in [
            "8.8.8.8",
            "95.167.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "2a00:1450:4010::64",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(ip(a)), "{a} is public");
        }
    }

    #[test]
    fn literal_hosts_in_every_spelling_are_refused() {
        for u in [
            "http://127.0.0.1:8080/",
            "http://[::1]/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://[::ffff:192.168.0.1]/",
        ] {
            let url = Url::parse(u).expect("url");
            assert!(refuse_literal(&url, &[]).is_some(), "{u}");
        }
        assert!(refuse_literal(&Url::parse("http://kcson.ru/").expect("url"), &[]).is_none());
        assert!(refuse_literal(&Url::parse("http://8.8.8.8/").expect("url"), &[]).is_none());
    }

    #[tokio::test]
    async fn pinned_names_are_checked_too() {
        let pinned = vec![(
            "kcson.test".to_string(),
            "127.0.0.1:0".parse().expect("addr"),
        )];
        let open = GuardedResolver {
            pinned: pinned.clone(),
            public_only: false,
            ..GuardedResolver::default()
        };
        assert_eq!(
            open.lookup("KCSON.test".into())
                .await
                .expect("pinned")
                .len(),
            1
        );
        let guarded = GuardedResolver {
            pinned: pinned.clone(),
            public_only: true,
            ..GuardedResolver::default()
        };
        let err = guarded
            .lookup("kcson.test".into())
            .await
            .expect_err("refused");
        assert!(err
            .to_string()
            .contains("адрес 127.0.0.1 относится к внутренней сети"));
    }

    #[tokio::test]
    async fn an_allowed_internal_address_passes_and_no_other() {
        let pinned = vec![
            (
                "intranet.test".to_string(),
                "10.0.0.5:0".parse().expect("addr"),
            ),
            (
                "other.test".to_string(),
                "10.0.0.6:0".parse().expect("addr"),
            ),
        ];
        let guarded = GuardedResolver {
            pinned,
            public_only: true,
            allowed: vec![ip("10.0.0.5")],
        };
        let found = guarded
            .clone()
            .lookup("intranet.test".into())
            .await
            .expect("allowed");
        assert_eq!(found[0].ip(), ip("10.0.0.5"));
        assert!(guarded.lookup("other.test".into()).await.is_err());
        let allowed = [ip("10.0.0.5")];
        let url = |u: &str| Url::parse(u).expect("url");
        assert!(refuse_literal(&url("http://10.0.0.5/"), &allowed).is_none());
        assert!(refuse_literal(&url("http://10.0.0.6/"), &allowed).is_some());
    }
}
