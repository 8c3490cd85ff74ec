//! `index.html` of a national sweep (10 000 sites) in headless Chromium: the page loads, shows
//! the first 100 rows, and filters and pages over all of them. The summary is generated here
//! (no crawl) and rendered by `socaudit report`. Bounded by the browser helpers' hang guard; no
//! timing assertions.

#[path = "support/browser.rs"]
mod chrome;

use chrome::*;
use scraper::Html;
use serde_json::{json, Value};

const SITES: usize = 10_000;
const REQUIREMENTS: [&str; 6] = [
    "founder",
    "structure",
    "tariffs",
    "finance",
    "nok-plan",
    "email",
];

/// Site `i`: every 7th unreachable, every 3rd compliant, names with a hostile one at 4 321.
fn site(i: usize) -> Value {
    let unreachable = i.is_multiple_of(7);
    let compliant = !unreachable && i.is_multiple_of(3);
    let status = |r: usize| {
        if unreachable {
            "unknown"
        } else if compliant || !(i + r).is_multiple_of(4) {
            "pass"
        } else {
            "fail"
        }
    };
    let name = if i == 4_321 {
        format!("Центр </script><script>{TRACE}</script><img src=x onerror=\"{TRACE}\">")
    } else {
        format!("КЦСОН № {i}")
    };
    json!({
        "row": i + 2,
        "name": name,
        "region": format!("Регион {}", i % 85),
        "inn": format!("{:010}", 1_000_000 + i),
        "kind": "КЦСОН",
        "url": format!("http://site{i:05}.test/"),
        "dir": format!("site{i:05}.test"),
        "reachable": !unreachable,
        "error": if unreachable { json!("не удалось соединиться") } else { Value::Null },
        "score_percent": (i % 100) as f64,
        "feedback_score": (i % 5) * 20,
        "mandatory_passed": 3,
        "mandatory_total": 6,
        "verdict": if unreachable { "unknown" } else if compliant { "compliant" } else { "non_compliant" },
        "statuses": (0..REQUIREMENTS.len()).map(status).collect::<Vec<_>>(),
        "pages_fetched": 20,
        "errors": 0,
        "duration_ms": 1000,
    })
}

fn summary() -> Value {
    let requirements: Vec<Value> = REQUIREMENTS
        .iter()
        .map(|id| json!({"id": id, "title": format!("Требование {id}"), "severity": "mandatory"}))
        .collect();
    let totals: Vec<Value> = REQUIREMENTS
        .iter()
        .map(|id| {
            json!({"id": id, "title": format!("Требование {id}"), "severity": "mandatory",
                         "pass": 0, "partial": 0, "fail": 0, "unknown": 0})
        })
        .collect();
    json!({
        "schema": "socaudit/sweep/v1",
        "generated_at": "2026-11-23T10:00:00Z",
        "tool_version": "0.1.0",
        "ruleset": {"id": "1239-886n", "version": "2026.11", "source": "встроенный"},
        "requirements": requirements,
        "input": {"source": "list.csv", "rows": SITES, "sites": SITES, "problems": []},
        "sites": (0..SITES).map(site).collect::<Vec<_>>(),
        "totals": totals,
        "duration_ms": 1000,
        "interrupted": false,
    })
}

/// Row numbers (first cells) of the table as shown.
fn shown_rows(dom: &Html) -> Vec<usize> {
    dom.select(&sel("#sites tbody tr"))
        .map(|tr| {
            let first = tr
                .select(&sel("td"))
                .next()
                .map(text_of)
                .unwrap_or_default();
            first
                .parse()
                .unwrap_or_else(|_| panic!("row number {first:?}"))
        })
        .collect()
}

#[test]
fn ten_thousand_sites_load_page_and_filter() {
    let work = tempfile::tempdir().expect("work dir");
    let out = work.path().join("sweep");
    std::fs::create_dir_all(&out).expect("out dir");
    std::fs::write(out.join("summary.json"), summary().to_string()).expect("summary.json");
    let status = assert_cmd::Command::cargo_bin("socaudit")
        .expect("binary built")
        .args(["report", out.to_str().expect("utf-8"), "--format", "html"])
        .timeout(PROCESS_LIMIT)
        .output()
        .expect("socaudit report runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let index = out.join("index.html");
    let size = std::fs::metadata(&index).expect("index.html").len();
    // The old page held every row as markup (about 4.6 KB a site); the data is far smaller.
    assert!(size < 1_500 * SITES as u64, "index.html is {size} bytes");

    let dom = dump_dom(&index, work.path());
    assert!(first_text(&dom, "p.lead").contains("Проверено 10000 сайтов"));
    assert_eq!(first_text(&dom, "#f-count"), "Показано: 10000 из 10000");
    assert_eq!(shown_rows(&dom), (2..102).collect::<Vec<_>>());
    assert!(
        dom.select(&sel("#pager[hidden]")).next().is_none(),
        "pager shown"
    );
    assert_eq!(
        first_text(&dom, "#p-info"),
        "Строки 1–100 из 10000, страница 1 из 100"
    );
    let cells = dom
        .select(&sel("#sites tbody tr:first-child td.st"))
        .count();
    assert_eq!(cells, REQUIREMENTS.len());

    let page = |fragment: &str| dump_dom_at(&index, fragment, work.path());
    let third = page("#page=3");
    assert_eq!(shown_rows(&third), (202..302).collect::<Vec<_>>());
    let last = page("#page=100");
    assert_eq!(shown_rows(&last), (9902..10002).collect::<Vec<_>>());

    let down = page("#verdict=unreachable&page=2");
    let unreachable = (0..SITES).filter(|i| i.is_multiple_of(7)).count();
    assert_eq!(
        first_text(&down, "#f-count"),
        format!("Показано: {unreachable} из 10000")
    );
    let rows = shown_rows(&down);
    assert_eq!(rows.len(), 100);
    assert!(rows.iter().all(|r| (r - 2).is_multiple_of(7)), "{rows:?}");
    assert_eq!(
        rows[0],
        100 * 7 + 2,
        "second page starts at the 101st match"
    );

    let found = page("#q=%D0%BA%D1%86%D1%81%D0%BE%D0%BD%20%E2%84%96%209876");
    assert_eq!(shown_rows(&found), vec![9878]);
    assert!(
        found.select(&sel("#pager[hidden]")).next().is_some(),
        "one page: no pager"
    );

    // The hostile name is found by its text and shown as text.
    let hostile = page("#q=%3C%2Fscript%3E");
    assert_eq!(shown_rows(&hostile), vec![4_323]);
    let name = first_text(&hostile, "#sites tbody td.name");
    assert!(
        name.contains(&format!("</script><script>{TRACE}</script>")),
        "{name}"
    );
    screenshot(&index, work.path(), "index-10000-sites.png");
}
