//! A real browser looks at the reports: headless Chromium opens `index.html` and a site's
//! `report.html` written by `socaudit demo` (and by `socaudit sweep` over a list with hostile
//! names), runs their scripts, and the tests assert on the DOM a person would then see — the
//! verdict, the counts, the table, links that lead somewhere — and that no payload from a site or
//! a spreadsheet ran. Screenshots are copied to `/tmp/socaudit-shots/` for a human to look at.
//!
//! Needs Chromium (`$CHROMIUM`, or `chromium` / `chromium-browser` on PATH); without it these
//! tests fail and say how to install it, so CI cannot pass silently without a browser.

#[path = "support/browser.rs"]
mod chrome;

use chrome::*;
use scraper::{ElementRef, Html};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// Every href of `dom` is an http(s) URL, an anchor in the page, or a file that exists.
fn assert_links_lead_somewhere(dom: &Html, page: &Path) -> Vec<String> {
    let dir = page.parent().expect("page in a folder");
    let mut relative = Vec::new();
    for a in dom.select(&sel("a[href]")) {
        let href = a.value().attr("href").unwrap_or_default();
        if let Some(id) = href.strip_prefix('#') {
            let found = dom.select(&sel(&format!("[id=\"{id}\"]"))).next().is_some();
            assert!(found, "{href} points to nothing in {}", page.display());
        } else if !(href.starts_with("http://")
            || href.starts_with("https://")
            || href.starts_with("mailto:"))
        {
            let decoded = percent_decode(href.split(['#', '?']).next().unwrap_or(href));
            assert!(
                dir.join(&decoded).is_file(),
                "link {href} in {} leads to no file",
                page.display()
            );
            relative.push(decoded);
        }
    }
    relative
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn count(v: &Value) -> usize {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}")) as usize
}

/// `index.html` shows the sweep of `summary.json`: headline, totals, one row per site.
fn assert_index_matches_summary(dom: &Html, index: &Path, summary: &Value) {
    let sites = summary["sites"].as_array().expect("sites");
    let n = sites.len();
    let lead = first_text(dom, "p.lead");
    assert!(
        lead.contains(&format!("{n} сайт")),
        "headline does not count {n} sites: {lead}"
    );
    let reachable = |s: &&Value| s["reachable"].as_bool() == Some(true);
    let compliant = sites
        .iter()
        .filter(reachable)
        .filter(|s| s["verdict"] == "compliant")
        .count();
    assert!(
        lead.contains(&format!("{compliant} соответству")),
        "headline: {lead}"
    );
    let unreachable = sites.iter().filter(|s| !reachable(s)).count();
    if unreachable > 0 {
        assert!(
            lead.contains(&format!("{unreachable} недоступ")),
            "headline: {lead}"
        );
    }
    // The filters are shown and counted only by the page's script: proof that it ran.
    assert!(
        dom.select(&sel("#filters[hidden]")).next().is_none(),
        "filters still hidden: script did not run"
    );
    assert_eq!(first_text(dom, "#f-count"), format!("Показано: {n} из {n}"));
    let rows: Vec<ElementRef<'_>> = dom.select(&sel("#sites tbody tr")).collect();
    assert_eq!(rows.len(), n, "rows in the table of sites");
    for site in sites {
        let url = site["url"].as_str().expect("url");
        let number = count(&site["row"]).to_string();
        let first_cell = |r: &ElementRef<'_>| r.select(&sel("td")).next().map(text_of);
        let row = rows
            .iter()
            .find(|r| first_cell(r).as_deref() == Some(number.as_str()));
        let row = row.unwrap_or_else(|| panic!("no row № {number} for {url}"));
        let dir = site["dir"].as_str().expect("dir");
        if index.with_file_name(dir).join("report.html").is_file() {
            let link = row.select(&sel("a[href$='report.html']")).next();
            let href = link
                .and_then(|a| a.value().attr("href"))
                .unwrap_or_else(|| panic!("no report link for {url}"));
            assert_eq!(percent_decode(href), format!("{dir}/report.html"));
        }
    }
    let totals: Vec<ElementRef<'_>> = dom.select(&sel("table.totals tbody tr")).collect();
    let expected = summary["totals"].as_array().expect("totals");
    assert_eq!(totals.len(), expected.len(), "rows in the totals table");
    for t in expected {
        let id = t["id"].as_str().expect("id");
        let row = totals
            .iter()
            .find(|r| text_of(**r).contains(&format!("({id})")));
        let row = row.unwrap_or_else(|| panic!("no totals row for {id}"));
        let nums: Vec<String> = row.select(&sel("td.num")).map(text_of).collect();
        let want: Vec<String> = ["fail", "partial", "unknown", "pass"]
            .iter()
            .map(|k| count(&t[k]).to_string())
            .collect();
        assert_eq!(
            nums, want,
            "totals of {id} (нет, частично, не определено, есть)"
        );
    }
    let links = assert_links_lead_somewhere(dom, index);
    let reports = links.iter().filter(|l| l.ends_with("/report.html")).count();
    assert!(
        reports >= sites.iter().filter(reachable).count(),
        "report links: {links:?}"
    );
}

/// `report.html` shows the verdict and counts of its `report.json`.
fn assert_report_matches_json(dom: &Html, page: &Path) {
    let report = read_json(&page.with_file_name("report.json"));
    let s = &report["summary"];
    let verdict = dom
        .select(&sel("p.verdict"))
        .next()
        .expect("a verdict sentence");
    let class = verdict.value().attr("class").unwrap_or_default();
    let want = match s["verdict"].as_str() {
        Some("compliant") => "pass",
        Some("non_compliant") => "fail",
        _ => "unknown",
    };
    assert!(
        class.contains(want),
        "verdict class {class:?} for {}",
        s["verdict"]
    );
    assert!(text_of(verdict).len() > 10, "verdict sentence is empty");
    let counts = format!(
        "выполнено {} из {}",
        count(&s["mandatory_passed"]),
        count(&s["mandatory_total"])
    );
    assert!(
        text_of(dom.root_element()).contains(&counts),
        "report does not say «{counts}»"
    );
    let items = dom.select(&sel("#all-h ~ table tbody tr")).count();
    assert_eq!(
        items,
        report["requirements"].as_array().map_or(0, Vec::len),
        "rows in «Все пункты»"
    );
    assert_links_lead_somewhere(dom, page);
}

fn socaudit(args: &[&str]) -> (std::process::ExitStatus, String) {
    let output = assert_cmd::Command::cargo_bin("socaudit")
        .expect("binary built")
        .env("SOCAUDIT_TODAY", "2026-11-23")
        .args(args)
        .timeout(PROCESS_LIMIT)
        .output()
        .expect("socaudit runs");
    (
        output.status,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn site_dir<'a>(summary: &'a Value, host: &str) -> &'a str {
    summary["sites"]
        .as_array()
        .and_then(|sites| {
            sites
                .iter()
                .find(|s| s["url"].as_str().is_some_and(|u| u.contains(host)))
        })
        .and_then(|s| s["dir"].as_str())
        .unwrap_or_else(|| panic!("{host} is not in summary.json"))
}

#[test]
fn demo_reports_read_right_in_a_browser() {
    let work = tempfile::tempdir().expect("work dir");
    let out = work.path().join("out");
    let out_s = out.to_str().expect("utf-8 path");
    let (status, stderr) = socaudit(&["demo", "--out", out_s, "--quiet"]);
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "socaudit demo: {status}: {stderr}"
    );
    let summary = read_json(&out.join("summary.json"));
    let index = out.join("index.html");
    let dom = dump_dom(&index, work.path());
    assert_index_matches_summary(&dom, &index, &summary);
    screenshot(&index, work.path(), "demo-index.png");

    let report = out
        .join(site_dir(&summary, "pni-zarechye.test"))
        .join("report.html");
    let dom = dump_dom(&report, work.path());
    assert_report_matches_json(&dom, &report);
    // The founder's evidence is a link text full of payloads: a person reads them as text.
    let text = text_of(dom.root_element());
    for payload in [
        format!("<img src=x onerror=\"{TRACE}\">"),
        format!("'><svg onload={TRACE}>"),
        format!("</script><script>{TRACE}</script>"),
    ] {
        assert!(
            text.contains(&payload),
            "payload {payload} is not shown as text in the hostile site's report"
        );
    }
    let evidence: Vec<&str> = dom
        .select(&sel("a.ev"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        evidence
            .iter()
            .any(|h| h.starts_with("http://pni-zarechye.test:") && h.ends_with("/uchreditel/")),
        "no evidence link to the founder page: {evidence:?}"
    );
    screenshot(&report, work.path(), "demo-report-pni-zarechye.png");
}

/// The detector itself: a page whose payload runs must be caught, or the tests above prove nothing.
#[test]
fn a_payload_that_runs_is_caught() {
    // Without a browser this must say so, not report a detector that fails to detect.
    chromium();
    let work = tempfile::tempdir().expect("work dir");
    let page = work.path().join("pwned.html");
    let html = format!("<!DOCTYPE html><html><body><img src=x onerror=\"{TRACE}\"></body></html>");
    std::fs::write(&page, html).expect("write page");
    let caught = std::panic::catch_unwind(|| dump_dom(&page, work.path()));
    let message = caught
        .err()
        .and_then(|e| e.downcast_ref::<String>().cloned());
    assert!(
        message
            .as_deref()
            .is_some_and(|m| m.contains("a payload ran")),
        "a payload that ran was not detected: {message:?}"
    );
}

#[test]
fn hostile_names_from_a_list_stay_text_in_the_browser() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let site =
        socaudit::fixture_server::Site::from_dir(&fixtures.join("hostile")).expect("hostile site");
    let server = runtime
        .block_on(socaudit::fixture_server::serve_hosts(vec![(
            "pni-zarechye.test".into(),
            site,
        )]))
        .expect("server");
    let port = server.port();
    let work = tempfile::tempdir().expect("work dir");
    let list = work.path().join("list.csv");
    let mut csv = std::fs::File::create(&list).expect("list");
    // Names, regions and URL cells come from spreadsheets nobody checked.
    write!(
        csv,
        "Наименование,Регион,Сайт\n\
         \"ПНИ «Заречье» <script>{TRACE}</script> '><svg onload={TRACE}>\",\"\"\"><img src=x onerror=\"\"{TRACE}\"\"> </script><script>{TRACE}</script>\",http://pni-zarechye.test:{port}/\n\
         \"ГБУ «Приют»\",\"</script><script>{TRACE}</script>\",javascript:{TRACE}\n"
    )
    .expect("write list");
    drop(csv);
    let out = work.path().join("out");
    let resolve = format!("pni-zarechye.test:{port}:127.0.0.1");
    let args = [
        "sweep",
        list.to_str().expect("path"),
        "--out",
        out.to_str().expect("path"),
        "--quiet",
        "--delay",
        "0",
        "--resolve",
        &resolve,
    ];
    let (status, stderr) = socaudit(&args);
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "socaudit sweep: {status}: {stderr}"
    );
    let summary = read_json(&out.join("summary.json"));
    let index = out.join("index.html");
    let dom = dump_dom(&index, work.path());
    assert_index_matches_summary(&dom, &index, &summary);
    let text = text_of(dom.root_element());
    for payload in [
        format!("<script>{TRACE}</script>"),
        format!("\"><img src=x onerror=\"{TRACE}\">"),
        format!("'><svg onload={TRACE}>"),
        format!("</script><script>{TRACE}</script>"),
        format!("javascript:{TRACE}"),
    ] {
        assert!(
            text.contains(&payload),
            "payload {payload} is not shown as text in index.html"
        );
    }
    screenshot(&index, work.path(), "list-index-hostile-names.png");
    drop(server);
}
