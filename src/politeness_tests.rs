//! Tests of `politeness`.
use super::*;
use futures_util::future::join_all;
use std::collections::VecDeque;
use std::sync::atomic::AtomicUsize;

type Outcome = Result<Response, FetchError>;

/// In-memory fetcher: scripted outcomes per URL, call log, in-flight high-water mark.
#[derive(Default)]
struct Fake {
    script: StdMutex<HashMap<String, VecDeque<Outcome>>>,
    calls: StdMutex<Vec<(String, Instant)>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    latency: Duration,
}

impl Fake {
    fn with(script: &[(&str, Vec<Outcome>)]) -> Self {
        let map = script
            .iter()
            .map(|(u, o)| (u.to_string(), o.iter().cloned().collect()))
            .collect();
        Fake {
            script: StdMutex::new(map),
            ..Fake::default()
        }
    }

    fn calls_to(&self, url: &str) -> Vec<Instant> {
        let calls = lock(&self.calls);
        calls
            .iter()
            .filter(|(u, _)| u == url)
            .map(|(_, t)| *t)
            .collect()
    }
}

impl Fetcher for Fake {
    async fn fetch(&self, url: &Url, kind: RequestKind) -> Outcome {
        lock(&self.calls).push((url.to_string(), Instant::now()));
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        let next = lock(&self.script)
            .get_mut(url.as_str())
            .and_then(|q| q.pop_front());
        next.unwrap_or_else(|| match kind {
            RequestKind::Robots => Ok(resp(url.as_str(), 404)),
            _ => Ok(resp(url.as_str(), 200)),
        })
    }
}

fn u(s: &str) -> Url {
    Url::parse(s).expect("test URL")
}

fn resp(url: &str, status: u16) -> Response {
    Response {
        requested: u(url),
        url: u(url),
        redirects: Vec::new(),
        status,
        content_type: Some("text/html".into()),
        content_length: None,
        last_modified: None,
        etag: None,
        retry_after: None,
        body: Body::Empty,
        truncated: false,
        encoding: None,
        revalidated: false,
        redirect_to: None,
        tls_problem: None,
    }
}

fn retry_after(url: &str, status: u16, secs: u64) -> Outcome {
    Ok(Response {
        retry_after: Some(Duration::from_secs(secs)),
        ..resp(url, status)
    })
}

fn robots_txt(url: &str, body: &str) -> Outcome {
    Ok(Response {
        content_type: Some("text/plain".into()),
        body: Body::Text(body.into()),
        ..resp(url, 200)
    })
}

fn config() -> PolitenessConfig {
    PolitenessConfig {
        delay: Duration::ZERO,
        backoff_base: Duration::from_millis(100),
        ..PolitenessConfig::default()
    }
}

const PAGE: &str = "http://a.test/page";
const ROBOTS: &str = "http://a.test/robots.txt";

#[tokio::test(start_paused = true)]
async fn retries_503_with_backoff_then_succeeds() {
    let fake = Fake::with(&[(
        PAGE,
        vec![
            Ok(resp(PAGE, 503)),
            Ok(resp(PAGE, 503)),
            Ok(resp(PAGE, 200)),
        ],
    )]);
    let p = Politeness::new(config());
    let t0 = Instant::now();
    let r = p
        .fetch(&fake, &u(PAGE), RequestKind::Page)
        .await
        .expect("response");
    assert_eq!(r.status, 200);
    assert_eq!(p.requests_sent(), 3);
    assert!(
        t0.elapsed() >= Duration::from_millis(300),
        "100 ms then 200 ms backoff"
    );
}

#[tokio::test(start_paused = true)]
async fn gives_up_after_max_retries() {
    let fake = Fake::with(&[(
        PAGE,
        vec![
            Ok(resp(PAGE, 502)),
            Ok(resp(PAGE, 502)),
            Ok(resp(PAGE, 502)),
            Ok(resp(PAGE, 200)),
        ],
    )]);
    let p = Politeness::new(config());
    let r = p
        .fetch(&fake, &u(PAGE), RequestKind::Page)
        .await
        .expect("response");
    assert_eq!(r.status, 502);
    assert_eq!(p.requests_sent(), 3);
}

#[tokio::test(start_paused = true)]
async fn transient_errors_are_retried_others_not() {
    let reset = FetchError::Reset {
        url: PAGE.into(),
        reason: "closed".into(),
    };
    let looped = FetchError::RedirectLoop { url: PAGE.into() };
    let fake = Fake::with(&[(
        PAGE,
        vec![Err(reset), Ok(resp(PAGE, 200)), Err(looped.clone())],
    )]);
    let p = Politeness::new(config());
    assert!(p.fetch(&fake, &u(PAGE), RequestKind::Page).await.is_ok());
    assert_eq!(
        p.fetch(&fake, &u(PAGE), RequestKind::Page).await.err(),
        Some(looped)
    );
    assert_eq!(p.requests_sent(), 3);
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured() {
    let fake = Fake::with(&[(PAGE, vec![retry_after(PAGE, 429, 7), Ok(resp(PAGE, 200))])]);
    let p = Politeness::new(config());
    let t0 = Instant::now();
    let r = p
        .fetch(&fake, &u(PAGE), RequestKind::Page)
        .await
        .expect("response");
    assert_eq!(r.status, 200);
    assert!(t0.elapsed() >= Duration::from_secs(7));
}

#[tokio::test(start_paused = true)]
async fn too_long_retry_after_gives_up() {
    let fake = Fake::with(&[(
        PAGE,
        vec![retry_after(PAGE, 503, 3600), Ok(resp(PAGE, 200))],
    )]);
    let p = Politeness::new(config());
    let r = p
        .fetch(&fake, &u(PAGE), RequestKind::Page)
        .await
        .expect("response");
    assert_eq!(r.status, 503);
    assert_eq!(p.requests_sent(), 1);
}

#[tokio::test(start_paused = true)]
async fn retry_after_pushes_back_the_host() {
    let other = "http://a.test/other";
    let elsewhere = "http://b.test/page";
    let fake = Fake::with(&[(PAGE, vec![retry_after(PAGE, 429, 5)])]);
    let p = Politeness::new(PolitenessConfig {
        max_retries: 0,
        ..config()
    });
    let t0 = Instant::now();
    let r = p
        .fetch(&fake, &u(PAGE), RequestKind::Page)
        .await
        .expect("response");
    assert_eq!(r.status, 429);
    p.fetch(&fake, &u(elsewhere), RequestKind::Page)
        .await
        .expect("response");
    assert!(
        fake.calls_to(elsewhere)[0] - t0 < Duration::from_secs(1),
        "other hosts not delayed"
    );
    p.fetch(&fake, &u(other), RequestKind::Page)
        .await
        .expect("response");
    assert!(fake.calls_to(other)[0] - t0 >= Duration::from_secs(5));
}

#[tokio::test(start_paused = true)]
async fn delay_is_between_request_starts() {
    let fake = Fake {
        latency: Duration::from_millis(10),
        ..Fake::default()
    };
    let p = Politeness::new(PolitenessConfig {
        delay: Duration::from_secs(1),
        ..config()
    });
    let urls: Vec<Url> = (0..3).map(|i| u(&format!("http://a.test/{i}"))).collect();
    join_all(
        urls.iter()
            .map(|url| p.fetch(&fake, url, RequestKind::Page)),
    )
    .await;
    let mut starts: Vec<Instant> = lock(&fake.calls).iter().map(|(_, t)| *t).collect();
    starts.sort();
    for pair in starts.windows(2) {
        assert!(pair[1] - pair[0] >= Duration::from_secs(1));
    }
}

#[tokio::test(start_paused = true)]
async fn zero_delay_never_sleeps() {
    let fake = Fake::default();
    let p = Politeness::new(config());
    let t0 = Instant::now();
    for i in 0..5 {
        p.fetch(&fake, &u(&format!("http://a.test/{i}")), RequestKind::Page)
            .await
            .expect("response");
    }
    assert_eq!(t0.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn concurrency_cap_is_respected() {
    let fake = Fake {
        latency: Duration::from_millis(100),
        ..Fake::default()
    };
    let p = Politeness::new(PolitenessConfig {
        max_concurrent_per_host: 2,
        ..config()
    });
    let urls: Vec<Url> = (0..6).map(|i| u(&format!("http://a.test/{i}"))).collect();
    join_all(
        urls.iter()
            .map(|url| p.fetch(&fake, url, RequestKind::Page)),
    )
    .await;
    assert_eq!(fake.max_in_flight.load(Ordering::SeqCst), 2);
    assert_eq!(p.requests_sent(), 6);
}

#[tokio::test(start_paused = true)]
async fn robots_disallows_our_agent_but_not_others() {
    let body = "User-agent: *\nAllow: /\n\nUser-agent: socaudit\nDisallow: /private/\n";
    let fake = Fake::with(&[(ROBOTS, vec![robots_txt(ROBOTS, body)])]);
    let p = Politeness::new(config());
    let private = u("http://a.test/private/x");
    assert_eq!(p.robots(&fake, &private).await, RobotsVerdict::Disallowed);
    assert_eq!(p.robots(&fake, &u(PAGE)).await, RobotsVerdict::Allowed);
    assert_eq!(fake.calls_to(ROBOTS).len(), 1, "cached");

    let fake = Fake::with(&[(ROBOTS, vec![robots_txt(ROBOTS, body)])]);
    let other = Politeness::new(PolitenessConfig {
        user_agent: "otherbot/2.0".into(),
        ..config()
    });
    assert_eq!(other.robots(&fake, &private).await, RobotsVerdict::Allowed);
}

#[tokio::test(start_paused = true)]
async fn crawl_delay_is_applied() {
    let body = "User-agent: *\nCrawl-delay: 2\nDisallow: /tmp/\n";
    let fake = Fake::with(&[(ROBOTS, vec![robots_txt(ROBOTS, body)])]);
    let p = Politeness::new(config());
    assert_eq!(p.robots(&fake, &u(PAGE)).await, RobotsVerdict::Allowed);
    assert_eq!(p.host_delay(&u(PAGE)), Duration::from_secs(2));
    assert_eq!(p.host_delay(&u("http://b.test/")), Duration::ZERO);
    p.fetch(&fake, &u(PAGE), RequestKind::Page)
        .await
        .expect("response");
    p.fetch(&fake, &u(PAGE), RequestKind::Page)
        .await
        .expect("response");
    let calls = fake.calls_to(PAGE);
    assert!(calls[0] - fake.calls_to(ROBOTS)[0] >= Duration::from_secs(2));
    assert!(calls[1] - calls[0] >= Duration::from_secs(2));
    assert_eq!(p.requests_sent(), 3);
}

#[tokio::test(start_paused = true)]
async fn robots_404_allows_and_is_fetched_once_for_concurrent_callers() {
    let fake = Fake {
        latency: Duration::from_millis(50),
        ..Fake::with(&[(ROBOTS, vec![Ok(resp(ROBOTS, 404))])])
    };
    let p = Politeness::new(config());
    let urls: Vec<Url> = (0..4).map(|i| u(&format!("http://a.test/{i}"))).collect();
    let verdicts = join_all(urls.iter().map(|url| p.robots(&fake, url))).await;
    assert!(verdicts.iter().all(|v| *v == RobotsVerdict::Allowed));
    assert_eq!(fake.calls_to(ROBOTS).len(), 1);
    assert!(p.robots_notes().is_empty());
}

#[tokio::test(start_paused = true)]
async fn robots_5xx_makes_the_host_unavailable_with_a_note() {
    let fake = Fake::with(&[(ROBOTS, vec![Ok(resp(ROBOTS, 503)); 3])]);
    let p = Politeness::new(config());
    let RobotsVerdict::Unavailable(reason) = p.robots(&fake, &u(PAGE)).await else {
        panic!("a 503 robots.txt must stop the crawl");
    };
    assert!(
        reason.contains("503") && reason.contains("RFC 9309"),
        "{reason}"
    );
    let notes = p.robots_notes();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].contains("a.test:80") && notes[0].contains("503"),
        "{notes:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn robots_that_never_answers_is_unavailable_after_its_timeout() {
    let fake = Fake {
        latency: Duration::from_secs(3600),
        ..Fake::default()
    };
    let p = Politeness::new(config());
    let verdict = p.robots(&fake, &u(PAGE)).await;
    let RobotsVerdict::Unavailable(reason) = verdict else {
        panic!("a hanging robots.txt must stop the crawl: {verdict:?}");
    };
    assert!(reason.contains("нет ответа за 10 с"), "{reason}");
}

#[tokio::test(start_paused = true)]
async fn robots_of_a_host_that_refuses_connections_leaves_the_verdict_to_the_pages() {
    let refused = FetchError::Connect {
        url: ROBOTS.into(),
        reason: "connection refused".into(),
    };
    let fake = Fake::with(&[(ROBOTS, vec![Err(refused); 3])]);
    let p = Politeness::new(config());
    assert_eq!(p.robots(&fake, &u(PAGE)).await, RobotsVerdict::Allowed);
}

#[tokio::test(start_paused = true)]
async fn robots_ignored_when_not_respected() {
    let fake = Fake::with(&[(
        ROBOTS,
        vec![robots_txt(ROBOTS, "User-agent: *\nDisallow: /\n")],
    )]);
    let p = Politeness::new(PolitenessConfig {
        respect_robots: false,
        ..config()
    });
    assert_eq!(p.robots(&fake, &u(PAGE)).await, RobotsVerdict::Allowed);
    assert!(fake.calls_to(ROBOTS).is_empty());
    assert_eq!(p.requests_sent(), 0);
}
