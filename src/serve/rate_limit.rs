//! Per-client limits on new checks: a token bucket per client address — `burst` checks at once,
//! then one more every `per` — so that one client cannot fill the queue that everyone shares.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets idle this long are full again and forgotten, so the map stays small.
const FORGET_AFTER: Duration = Duration::from_secs(24 * 3600);

/// The limit: `burst` checks, refilled at one per `per`.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    /// Checks a client may ask for at once.
    pub burst: u32,
    /// Time for one more check to become available.
    pub per: Duration,
}

/// The buckets of all clients.
#[derive(Debug)]
pub struct RateLimiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    /// A limiter with this limit.
    pub fn new(limit: RateLimit) -> Self {
        RateLimiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one check for `client`, or says how long until one is available.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let burst = f64::from(self.limit.burst.max(1));
        let per = self.limit.per.as_secs_f64().max(0.001);
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 10_000 {
            buckets.retain(|_, (_, at)| now.duration_since(*at) < FORGET_AFTER);
        }
        let (tokens, at) = buckets.entry(client).or_insert((burst, now));
        let refilled = (*tokens + now.duration_since(*at).as_secs_f64() / per).min(burst);
        *at = now;
        if refilled >= 1.0 {
            *tokens = refilled - 1.0;
            Ok(())
        } else {
            *tokens = refilled;
            Err(Duration::from_secs_f64((1.0 - refilled) * per))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_burst_then_waits() {
        let limiter = RateLimiter::new(RateLimit {
            burst: 2,
            per: Duration::from_secs(60),
        });
        let a: IpAddr = "203.0.113.5".parse().unwrap();
        let b: IpAddr = "203.0.113.6".parse().unwrap();
        let t0 = Instant::now();
        assert!(limiter.take(a, t0).is_ok());
        assert!(limiter.take(a, t0).is_ok());
        let wait = limiter.take(a, t0).unwrap_err();
        assert!(
            wait > Duration::from_secs(59) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        assert!(
            limiter.take(b, t0).is_ok(),
            "another client has its own bucket"
        );
        assert!(limiter.take(a, t0 + Duration::from_secs(61)).is_ok());
        assert!(limiter.take(a, t0 + Duration::from_secs(62)).is_err());
    }
}
