//! Pages examined on other threads, in any order, then taken in in the crawl's order, leave the
//! checker exactly where looking at them one by one does: the same verdicts, the same evidence.

use super::*;
use crate::extract::extract;
use crate::report::StopReason;
use std::path::Path;

/// Every HTML page of fixture site `name`, as (URL, HTML), in path order.
fn fixture_pages(name: &str) -> Vec<(Url, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(Url, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy();
                let rel = rel.trim_end_matches("index.html");
                let url = Url::parse(&format!("http://kcson.test/{rel}")).unwrap();
                out.push((url, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    assert!(!out.is_empty(), "no pages in fixture {name}");
    out
}

fn finish(checker: Checker<'_>, pages: usize) -> String {
    let ctx = FinishContext {
        stopped: StopReason::FrontierExhausted,
        pages_fetched: pages,
        javascript_only: false,
        not_crawlable: None,
        dropped: None,
    };
    serde_json::to_string_pretty(&checker.finish(&ctx)).unwrap()
}

#[test]
fn pages_examined_elsewhere_give_the_same_verdicts_and_evidence() {
    let today = time::Date::from_calendar_date(2026, time::Month::November, 23).unwrap();
    let rules = RuleSet::builtin();
    let scope = Scope::new(&Url::parse("http://kcson.test/").unwrap());
    for name in ["compliant", "old-plan", "labels", "documents"] {
        let pages: Vec<Page> = fixture_pages(name)
            .iter()
            .map(|(url, html)| extract(url, html))
            .collect();
        let mut one_by_one = Checker::new(&rules).with_today(today);
        // As the crawl took a page in before: judged, then the links to it settled, then matched.
        for page in &pages {
            one_by_one.judge_page(page, &scope);
            one_by_one.observe_target(&page.url, TargetState::Ok);
            one_by_one.observe_page(page, &scope);
        }
        // Each page on its own thread, last page first.
        let shared = rules.shared_copy();
        let mut findings: Vec<(usize, PageFindings)> = std::thread::scope(|s| {
            let handles: Vec<_> = (pages.iter().enumerate().rev())
                .map(|(i, page)| {
                    let (shared, scope) = (&shared, &scope);
                    s.spawn(move || (i, examine_page(shared, page, scope, today)))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        findings.sort_by_key(|(i, _)| *i);
        let mut examined = Checker::new(&rules).with_today(today);
        for (page, (_, found)) in pages.iter().zip(findings) {
            examined.judge_examined(page, found.judgement);
            examined.observe_target(&page.url, TargetState::Ok);
            if let Some(matches) = found.matches {
                examined.observe_matches(page, &scope, matches);
            }
        }
        assert_eq!(
            finish(examined, pages.len()),
            finish(one_by_one, pages.len()),
            "fixture {name}"
        );
    }
}

#[test]
fn links_remembered_across_pages_give_the_same_candidates() {
    let rules = RuleSet::builtin();
    let scope = Scope::new(&Url::parse("http://kcson.test/").unwrap());
    let other_scope = Scope::new(&Url::parse("http://other.test/").unwrap());
    let memo = LinkMemo::default();
    let mut remembered = 0;
    for name in ["compliant", "old-plan", "labels", "documents"] {
        let pages: Vec<Page> = fixture_pages(name)
            .iter()
            .map(|(url, html)| extract(url, html))
            .collect();
        // Twice over, the second time from the memo; in between, a page in another scope (where
        // the same links are external) must not be answered from what the first scope matched.
        for round in 0..2 {
            for page in &pages {
                let fresh = match_page(&rules, page, &scope).unwrap();
                let memoized = match_page_with(&rules, page, &scope, Some(&memo)).unwrap();
                assert_eq!(
                    format!("{:?}", memoized.candidates),
                    format!("{:?}", fresh.candidates),
                    "fixture {name}, round {round}, page {}",
                    page.url
                );
                remembered += page.links.len();
            }
            let page = &pages[0];
            let elsewhere = match_page(&rules, page, &other_scope).unwrap();
            let memoized = match_page_with(&rules, page, &other_scope, Some(&memo)).unwrap();
            assert_eq!(
                format!("{:?}", memoized.candidates),
                format!("{:?}", elsewhere.candidates)
            );
        }
    }
    assert!(remembered > 100, "the fixtures have links to remember");
}

#[test]
fn links_resolved_from_the_memo_are_those_resolved_afresh() {
    let memo = LinkMemo::default();
    let link = |href: &str| crate::extract::Link {
        href: href.to_string(),
        text: String::new(),
    };
    // Hrefs as extraction leaves them (absolute), and as a hand-built page may hold them:
    // relative ones resolve differently on each page and must never be answered from the memo.
    let hrefs = [
        "http://kcson.test/svedeniya/",
        "https://KCSON.test//docs/ustav.pdf#p2",
        "http://kcson.test/news/?utm_source=vk&id=3",
        "doc.pdf",
        "/abs/path",
        "http:relative",
        "mailto:kcson@example.ru",
        " http://kcson.test/trimmed ",
    ];
    let mut seen = 0;
    for page_url in [
        "http://kcson.test/a/b/",
        "http://kcson.test/c/",
        "https://other.test/x",
        "not a url",
    ] {
        let page = Page {
            url: page_url.to_string(),
            links: hrefs.iter().map(|h| link(h)).collect(),
            ..Page::default()
        };
        for round in 0..2 {
            let fresh = resolve_links(&page);
            assert_eq!(
                memo.resolve_links(&page),
                fresh,
                "{page_url}, round {round}"
            );
            seen += fresh.iter().flatten().count();
        }
    }
    assert!(seen > 20, "most hrefs resolve: {seen}");
}
