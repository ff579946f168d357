//! Who a request comes from, for the limits: the TCP peer, or — when the peer is one of
//! the operator's own proxies (`TRUSTED_PROXIES`) — the address those proxies say they
//! received it from. A header is believed only from a trusted peer: anyone else could
//! write any address in it.

use std::net::{IpAddr, Ipv6Addr};

use axum::http::{header, HeaderMap};
use ipnet::IpNet;

#[derive(Debug, thiserror::Error)]
#[error("TRUSTED_PROXIES: `{0}` is not an address or a network like 10.0.0.0/8 or fd00::/8")]
pub struct ProxiesError(String);

/// The networks of the proxies in front of the store (a load balancer, a CDN's edge).
/// Empty, the default: the TCP peer is the client.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// A comma- or space-separated list of addresses and networks.
    pub fn parse(list: &str) -> Result<Self, ProxiesError> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| ProxiesError(s.to_string()))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    /// `TRUSTED_PROXIES` from the environment; none when unset.
    pub fn from_env() -> Result<Self, ProxiesError> {
        std::env::var("TRUSTED_PROXIES").map_or(Ok(Self::default()), |v| Self::parse(&v))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request from `peer`: walking the hops the proxies appended
    /// (`Forwarded`, else `X-Forwarded-For`) from the nearest, the first address that
    /// is not a trusted proxy. A hop that is not an address (`unknown`, an obfuscated
    /// name, garbage) ends the walk at the last proxy that wrote one.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in hops(headers).into_iter().rev() {
            let Some(ip) = hop else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// The addresses the proxies recorded, the client's first; `None` for a hop that is not one.
fn hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<_> = headers.get_all(header::FORWARDED).iter().collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|v| v.to_str().unwrap_or("for=unknown").split(','))
            .map(|element| {
                element
                    .split(';')
                    .find_map(|pair| {
                        let (name, value) = pair.trim().split_once('=')?;
                        name.eq_ignore_ascii_case("for").then_some(value)
                    })
                    .and_then(forwarded_node)
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("unknown").split(','))
        .map(|hop| hop.trim().parse().ok().map(canonical))
        .collect()
}

/// RFC 7239's node: `192.0.2.1`, `"192.0.2.1:8080"`, `"[2001:db8::1]:443"`.
fn forwarded_node(value: &str) -> Option<IpAddr> {
    let value = value.trim().trim_matches('"');
    let host = match value.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => value.split(':').next()?,
    };
    host.parse().ok().map(canonical)
}

/// An IPv4 address written as IPv6 (`::ffff:192.0.2.1`) is the IPv4 one.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// What a client's budget is kept under: its IPv4 address, or its IPv6 /64 — one
/// subscriber's network, which hands out its addresses freely.
pub fn budget_key(client: IpAddr) -> IpAddr {
    match canonical(client) {
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !u128::from(u64::MAX);
            IpAddr::V6(Ipv6Addr::from(network))
        }
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (k.parse::<header::HeaderName>().unwrap(), v.parse().unwrap()))
            .collect()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_writes() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let spoofed = headers(&[("x-forwarded-for", "1.2.3.4"), ("forwarded", "for=5.6.7.8")]);
        assert_eq!(proxies.client(ip("203.0.113.9"), &spoofed), ip("203.0.113.9"));
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("10.0.0.1"), &spoofed), ip("10.0.0.1"));
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.1").unwrap();
        // The client wrote a fake first hop; the proxies appended what they saw.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 192.168.1.1")]);
        assert_eq!(proxies.client(ip("10.1.2.3"), &h), ip("198.51.100.7"));
        let h = headers(&[("forwarded", "for=6.6.6.6, for=\"[2001:db8::5]:4711\";proto=https")]);
        assert_eq!(proxies.client(ip("10.1.2.3"), &h), ip("2001:db8::5"));
        // Forwarded wins over X-Forwarded-For when a proxy sends both.
        let h = headers(&[("forwarded", "for=198.51.100.1"), ("x-forwarded-for", "198.51.100.2")]);
        assert_eq!(proxies.client(ip("10.1.2.3"), &h), ip("198.51.100.1"));
    }

    #[test]
    fn a_hop_that_is_no_address_stops_at_the_last_proxy() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let h = headers(&[("x-forwarded-for", "198.51.100.7, garbage")]);
        assert_eq!(proxies.client(ip("10.1.2.3"), &h), ip("10.1.2.3"));
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(proxies.client(ip("10.1.2.3"), &h), ip("10.1.2.3"));
        // No header at all: the proxy itself.
        assert_eq!(proxies.client(ip("10.1.2.3"), &HeaderMap::new()), ip("10.1.2.3"));
    }

    #[test]
    fn ipv6_clients_share_a_budget_per_64_and_mapped_ipv4_is_ipv4() {
        assert_eq!(
            budget_key(ip("2001:db8:1:2:aaaa::1")),
            budget_key(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(budget_key(ip("2001:db8:1:2::1")), budget_key(ip("2001:db8:1:3::1")));
        assert_eq!(budget_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_ne!(budget_key(ip("192.0.2.1")), budget_key(ip("192.0.2.2")));
    }

    #[test]
    fn a_bad_entry_is_named() {
        let err = TrustedProxies::parse("10.0.0.0/8, nonsense").unwrap_err();
        assert!(err.to_string().contains("`nonsense`"), "{err}");
        assert!(TrustedProxies::parse("").unwrap().0.is_empty());
    }
}
