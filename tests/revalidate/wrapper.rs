//! The revalidating wrapper's rules, against a scripted fake: what it sends, what it stores,
//! what it answers from the store.

use socaudit::fetch::cache::{CachedResponse, HttpCache, MemoryCache};
use socaudit::fetch::revalidate::{ConditionalFetcher, RevalidatingFetcher, Validators};
use socaudit::fetch::{Body, FetchError, Fetcher, RequestKind, Response};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use url::Url;

const DATE: &str = "Mon, 15 Jan 2024 09:00:00 GMT";

const URL: &str = "http://a.test/page";

/// Answers from a script, in order, and records the validators of every request.
#[derive(Default)]
struct Scripted {
    answers: Mutex<VecDeque<Response>>,
    sent: Mutex<Vec<Validators>>,
}

impl Scripted {
    fn new(answers: Vec<Response>) -> Self {
        Scripted {
            answers: Mutex::new(answers.into()),
            sent: Mutex::default(),
        }
    }

    fn sent(&self) -> Vec<Validators> {
        self.sent.lock().expect("lock").clone()
    }
}

impl ConditionalFetcher for Scripted {
    async fn fetch_with(
        &self,
        url: &Url,
        _kind: RequestKind,
        validators: &Validators,
    ) -> Result<Response, FetchError> {
        self.sent.lock().expect("lock").push(validators.clone());
        let next = self.answers.lock().expect("lock").pop_front();
        next.ok_or_else(|| FetchError::Other {
            url: url.to_string(),
            reason: "script ended".into(),
        })
    }
}

fn answer(status: u16, etag: Option<&str>, last_modified: Option<&str>, body: Body) -> Response {
    let url = Url::parse(URL).expect("url");
    Response {
        requested: url.clone(),
        url,
        redirects: Vec::new(),
        status,
        content_type: Some("text/html; charset=utf-8".into()),
        content_length: None,
        last_modified: last_modified.map(String::from),
        etag: etag.map(String::from),
        retry_after: None,
        body,
        truncated: false,
        encoding: Some("UTF-8".into()),
        revalidated: false,
        redirect_to: None,
        tls_problem: None,
    }
}

fn html(text: &str) -> Body {
    Body::Text(text.into())
}

fn url() -> Url {
    Url::parse(URL).expect("url")
}

#[tokio::test]
async fn no_stored_validators_means_a_plain_request() {
    let cache = MemoryCache::default();
    let fake = Scripted::new(vec![
        answer(200, None, None, html("<p>v1</p>")),
        answer(200, None, None, html("<p>v1</p>")),
    ]);
    let fetcher = RevalidatingFetcher::new(&fake, &cache);
    for _ in 0..2 {
        let resp = fetcher
            .fetch(&url(), RequestKind::Page)
            .await
            .expect("fetch");
        assert!(!resp.revalidated);
    }
    // Without a validator there is nothing to revalidate with: nothing stored, nothing sent.
    assert_eq!(
        fake.sent(),
        vec![Validators::default(), Validators::default()]
    );
    assert_eq!(cache.get(URL), None);
    assert_eq!((fetcher.stored(), fetcher.conditional_requests()), (0, 0));
}

#[tokio::test]
async fn etag_is_preferred_and_a_304_is_served_from_the_store() {
    let cache = MemoryCache::default();
    let fake = Scripted::new(vec![
        answer(200, Some("\"v1\""), Some(DATE), html("<p>v1</p>")),
        answer(304, None, None, Body::Empty),
    ]);
    let fetcher = RevalidatingFetcher::new(&fake, &cache);
    fetcher
        .fetch(&url(), RequestKind::Page)
        .await
        .expect("fetch");
    let resp = fetcher
        .fetch(&url(), RequestKind::Page)
        .await
        .expect("fetch");
    assert_eq!(
        fake.sent()[1],
        Validators {
            etag: Some("\"v1\"".into()),
            last_modified: None
        }
    );
    assert_eq!(resp.status, 200);
    assert!(resp.revalidated);
    assert_eq!(resp.text(), Some("<p>v1</p>"));
    assert_eq!(
        resp.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(resp.url.as_str(), URL);
    assert_eq!(resp.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(fetcher.revalidated(), 1);
    assert_eq!(fetcher.conditional_requests(), 1);
    assert_eq!(fetcher.bytes_saved(), "<p>v1</p>".len() as u64);
}

#[tokio::test]
async fn a_date_alone_is_sent_as_if_modified_since() {
    let cache = MemoryCache::default();
    let fake = Scripted::new(vec![
        answer(200, None, Some(DATE), html("<p>v1</p>")),
        answer(
            200,
            None,
            Some("Tue, 16 Jan 2024 09:00:00 GMT"),
            html("<p>v2</p>"),
        ),
    ]);
    let fetcher = RevalidatingFetcher::new(&fake, &cache);
    fetcher
        .fetch(&url(), RequestKind::Page)
        .await
        .expect("fetch");
    let resp = fetcher
        .fetch(&url(), RequestKind::Page)
        .await
        .expect("fetch");
    assert_eq!(
        fake.sent()[1],
        Validators {
            etag: None,
            last_modified: Some(DATE.into())
        }
    );
    assert!(!resp.revalidated);
    assert_eq!(resp.text(), Some("<p>v2</p>"));
    let stored = cache.get(URL).expect("stored");
    assert_eq!(stored.text.as_deref(), Some("<p>v2</p>"));
}

#[tokio::test]
async fn a_304_without_a_stored_response_is_fetched_again_plainly() {
    let cache = MemoryCache::default();
    let fake = Scripted::new(vec![
        answer(304, None, None, Body::Empty),
        answer(200, Some("\"v1\""), None, html("<p>v1</p>")),
    ]);
    let fetcher = RevalidatingFetcher::new(&fake, &cache);
    let resp = fetcher
        .fetch(&url(), RequestKind::Page)
        .await
        .expect("no error");
    assert_eq!(resp.status, 200);
    assert_eq!(resp.text(), Some("<p>v1</p>"));
    assert!(!resp.revalidated);
    assert_eq!(
        fake.sent(),
        vec![Validators::default(), Validators::default()]
    );
    assert_eq!(fetcher.revalidated(), 0);
    assert!(cache.get(URL).is_some());
}

#[tokio::test]
async fn error_statuses_are_never_stored_nor_replace_a_stored_page() {
    let cache = MemoryCache::default();
    let fake = Scripted::new(vec![
        answer(404, Some("\"404\""), Some(DATE), html("не найдено")),
        answer(500, Some("\"500\""), Some(DATE), html("ошибка")),
        answer(200, Some("\"v1\""), None, html("<p>v1</p>")),
        answer(503, Some("\"503\""), None, html("перегрузка")),
        answer(304, None, None, Body::Empty),
    ]);
    let fetcher = RevalidatingFetcher::new(&fake, &cache);
    let status = |r: Result<Response, FetchError>| r.expect("fetch").status;
    assert_eq!(status(fetcher.fetch(&url(), RequestKind::Page).await), 404);
    assert_eq!(status(fetcher.fetch(&url(), RequestKind::Page).await), 500);
    assert_eq!(cache.get(URL), None);
    assert_eq!(status(fetcher.fetch(&url(), RequestKind::Page).await), 200);
    assert_eq!(status(fetcher.fetch(&url(), RequestKind::Page).await), 503);
    // The outage did not replace the stored page: the next 304 is still answered with it.
    let resp = fetcher
        .fetch(&url(), RequestKind::Page)
        .await
        .expect("fetch");
    assert_eq!((resp.status, resp.text()), (200, Some("<p>v1</p>")));
    let tags: Vec<Option<String>> = fake.sent().into_iter().map(|v| v.etag).collect();
    let v1 = Some("\"v1\"".to_string());
    assert_eq!(tags, vec![None, None, None, v1.clone(), v1]);
}

#[tokio::test]
async fn documents_are_stored_by_status_and_revalidated_with_head() {
    let cache = MemoryCache::default();
    let pdf = |status| Response {
        content_type: Some("application/pdf".into()),
        content_length: Some(52_000),
        encoding: None,
        ..answer(status, Some("\"pdf\""), None, Body::Empty)
    };
    let fake = Scripted::new(vec![
        pdf(200),
        answer(304, Some("\"pdf\""), None, Body::Empty),
    ]);
    let fetcher = RevalidatingFetcher::new(&fake, &cache);
    fetcher
        .fetch(&url(), RequestKind::Document)
        .await
        .expect("fetch");
    let stored: CachedResponse = cache.get(URL).expect("stored");
    assert_eq!(
        (stored.status, stored.text, stored.bytes),
        (200, None, None)
    );
    let resp = fetcher
        .fetch(&url(), RequestKind::Document)
        .await
        .expect("fetch");
    assert_eq!(
        (resp.status, &resp.body, resp.revalidated),
        (200, &Body::Empty, true)
    );
    assert_eq!(resp.content_type.as_deref(), Some("application/pdf"));
    assert_eq!((fetcher.revalidated(), fetcher.bytes_saved()), (1, 0));
    // A page stored from a HEAD has no text: a later page request must not be answered with
    // an empty page, so it is not made conditional.
    let html_doc = Scripted::new(vec![answer(200, Some("\"h\""), None, Body::Empty)]);
    let other = MemoryCache::default();
    let fetcher = RevalidatingFetcher::new(&html_doc, &other);
    fetcher
        .fetch(&url(), RequestKind::Document)
        .await
        .expect("fetch");
    let html_page = Scripted::new(vec![answer(200, Some("\"h\""), None, html("<p>"))]);
    let fetcher = RevalidatingFetcher::new(&html_page, &other);
    fetcher
        .fetch(&url(), RequestKind::Page)
        .await
        .expect("fetch");
    assert_eq!(html_page.sent(), vec![Validators::default()]);
}

#[tokio::test]
async fn a_304_with_a_new_etag_updates_the_store() {
    let cache = MemoryCache::default();
    let fake = Scripted::new(vec![
        answer(200, Some("\"v1\""), None, html("<p>v1</p>")),
        answer(304, Some("\"v1b\""), None, Body::Empty),
    ]);
    let fetcher = RevalidatingFetcher::new(&fake, &cache);
    fetcher
        .fetch(&url(), RequestKind::Page)
        .await
        .expect("fetch");
    let resp = fetcher
        .fetch(&url(), RequestKind::Page)
        .await
        .expect("fetch");
    assert_eq!(resp.etag.as_deref(), Some("\"v1b\""));
    let stored = cache.get(URL).expect("stored");
    assert_eq!(stored.etag.as_deref(), Some("\"v1b\""));
    assert_eq!(stored.text.as_deref(), Some("<p>v1</p>"));
}

#[tokio::test]
async fn a_shared_dyn_cache_works_too() {
    let cache: Arc<dyn HttpCache> = Arc::new(MemoryCache::default());
    let fake = Scripted::new(vec![
        answer(200, Some("\"v1\""), None, html("<p>v1</p>")),
        answer(304, None, None, Body::Empty),
    ]);
    let fetcher = RevalidatingFetcher::new(&fake, Arc::clone(&cache));
    fetcher
        .fetch(&url(), RequestKind::Page)
        .await
        .expect("fetch");
    let resp = fetcher
        .fetch(&url(), RequestKind::Page)
        .await
        .expect("fetch");
    assert!(resp.revalidated);
    assert!(cache.get(URL).is_some());
}
