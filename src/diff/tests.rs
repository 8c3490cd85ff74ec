use super::*;
use crate::history::sample::{report, row, summary, Req};
use crate::model::Status::{self, *};
use crate::report::SiteReport;
use crate::sweep::{SweepSite, SweepSummary};

const PLAN: &str = "План по устранению недостатков";
const PLAN_URL: &str = "https://kcson.example.ru/docs/plan-2024.pdf";

fn kcson(url: &str, plan: Status, tariffs: Status) -> SiteReport {
    let plan_evidence = matches!(plan, Pass | Partial).then_some(PLAN_URL);
    let tariffs_evidence =
        matches!(tariffs, Pass | Partial).then_some("https://kcson.example.ru/tarify-2026.pdf");
    report(
        url,
        true,
        &[
            Req(
                "founder",
                "Учредитель",
                Pass,
                Some("https://kcson.example.ru/uchreditel"),
                None,
            ),
            Req(
                "nok-plan",
                PLAN,
                plan,
                plan_evidence,
                (plan == Fail).then_some("Не найдено на 12 страницах."),
            ),
            Req(
                "tariffs",
                "Тарифы на социальные услуги",
                tariffs,
                tariffs_evidence,
                None,
            ),
        ],
    )
}

fn plain(url: &str) -> SiteReport {
    report(
        url,
        true,
        &[Req("founder", "Учредитель", Pass, Some(url), None)],
    )
}

struct Runs {
    old: SweepSummary,
    new: SweepSummary,
    old_reports: Vec<SiteReport>,
    new_reports: Vec<SiteReport>,
}

/// Old run: kcson (plan pass, tariffs partial), a site that will be gone, a stable site.
/// New run: kcson under another spelling of its URL (plan fail, tariffs pass), the stable site,
/// a new site.
fn runs() -> Runs {
    let old_reports = vec![
        kcson("http://www.kcson.example.ru/", Pass, Partial),
        plain("https://gone.example.ru/"),
        plain("https://stable.example.ru/"),
    ];
    let new_reports = vec![
        kcson("https://kcson.example.ru", Fail, Pass),
        plain("https://stable.example.ru/"),
        plain("https://added.example.ru/"),
    ];
    let rows = |reports: &[SiteReport]| -> Vec<SweepSite> {
        let names = ["ГБУ КЦСОН", "ЦСО", "Дом-интернат"];
        reports
            .iter()
            .enumerate()
            .map(|(i, r)| row(i + 1, Some(names[i]), r))
            .collect()
    };
    let old = summary(
        "2026-01-10T09:00:00Z",
        &[&old_reports[0]],
        rows(&old_reports),
    );
    let new = summary(
        "2026-03-05T10:20:30Z",
        &[&new_reports[0]],
        rows(&new_reports),
    );
    Runs {
        old,
        new,
        old_reports,
        new_reports,
    }
}

fn find<'a>(reports: &'a [SiteReport], site: &SweepSite) -> Option<SiteReport> {
    reports
        .iter()
        .find(|r: &&'a SiteReport| r.site.url == site.url)
        .cloned()
}

fn full_diff(r: &Runs) -> SweepDiff {
    diff_with(&r.old, &r.new, &|s| find(&r.old_reports, s), &|s| {
        find(&r.new_reports, s)
    })
}

fn site(url: &str, name: &str, dir: &str) -> SiteRef {
    SiteRef {
        url: url.into(),
        name: Some(name.into()),
        region: None,
        dir: dir.into(),
    }
}

#[test]
fn the_exact_diff_of_two_sweeps() {
    let r = runs();
    let expected = SweepDiff {
        schema: DIFF_SCHEMA.into(),
        old_label: "проверка от 10.01.2026, 09:00 UTC".into(),
        new_label: "проверка от 05.03.2026, 10:20 UTC".into(),
        totals: DiffTotals {
            regressions: 1,
            fixes: 1,
            other: 0,
            sites_changed: 1,
            ..DiffTotals::default()
        },
        sites_added: vec![site(
            "https://added.example.ru/",
            "Дом-интернат",
            "added.example.ru",
        )],
        sites_gone: vec![site("https://gone.example.ru/", "ЦСО", "gone.example.ru")],
        changed: vec![SiteChange {
            site: site("https://kcson.example.ru", "ГБУ КЦСОН", "kcson.example.ru"),
            regressions: vec![Change {
                id: "nok-plan".into(),
                title: PLAN.into(),
                from: Pass,
                to: Fail,
                note: Some("Не найдено на 12 страницах.".into()),
                evidence_url: Some(PLAN_URL.into()),
                found_url: None,
            }],
            fixes: vec![Change {
                id: "tariffs".into(),
                title: "Тарифы на социальные услуги".into(),
                from: Partial,
                to: Pass,
                note: None,
                evidence_url: None,
                found_url: Some("https://kcson.example.ru/tarify-2026.pdf".into()),
            }],
            other: vec![],
            by_rules: vec![],
            accepted_started: vec![],
            accepted_ended: vec![],
        }],
        unchanged_sites: 1,
        requirements_added: vec![],
        requirements_removed: vec![],
        rules: None,
    };
    assert_eq!(full_diff(&r), expected);
    // Without the reports the same changes are found, only without notes and URLs.
    let bare = diff(&r.old, &r.new);
    assert_eq!(bare.totals, expected.totals);
    assert_eq!(bare.changed[0].regressions[0].evidence_url, None);
}

#[test]
fn site_keys_ignore_scheme_www_case_and_trailing_slash() {
    assert_eq!(
        site_key("http://www.KCSON.example.ru/"),
        site_key("https://kcson.example.ru")
    );
    assert_eq!(
        site_key("kcson.example.ru/"),
        site_key("https://kcson.example.ru")
    );
    assert_eq!(
        site_key("https://kcson.example.ru/sub/"),
        "kcson.example.ru/sub"
    );
    assert_ne!(
        site_key("https://kcson.example.ru:8080/"),
        site_key("https://kcson.example.ru/")
    );
    assert_ne!(
        site_key("https://a.example.ru/"),
        site_key("https://b.example.ru/")
    );
    assert_eq!(site_key("not a url at all/"), "not a url at all");
}

#[test]
fn directions() {
    assert_eq!(direction(Pass, Partial), Some(Direction::Regression));
    assert_eq!(direction(Pass, Fail), Some(Direction::Regression));
    assert_eq!(direction(Partial, Fail), Some(Direction::Regression));
    assert_eq!(direction(Fail, Pass), Some(Direction::Fix));
    assert_eq!(direction(Fail, Partial), Some(Direction::Fix));
    assert_eq!(direction(Partial, Pass), Some(Direction::Fix));
    assert_eq!(direction(Pass, Unknown), Some(Direction::Other));
    assert_eq!(direction(Unknown, Fail), Some(Direction::Other));
    assert_eq!(direction(Pass, Pass), None);
}

#[test]
fn unknown_is_other_with_a_warning_not_a_regression() {
    let mut r = runs();
    // Stable site: reachable, but its page could not be read this time.
    let blocked = report(
        "https://stable.example.ru/",
        true,
        &[Req(
            "founder",
            "Учредитель",
            Unknown,
            None,
            Some("robots.txt"),
        )],
    );
    r.new.sites[1] = row(2, Some("ЦСО"), &blocked);
    r.new_reports[1] = blocked;
    let d = full_diff(&r);
    let stable = d
        .changed
        .iter()
        .find(|c| c.site.url.contains("stable"))
        .unwrap();
    assert!(stable.regressions.is_empty() && stable.fixes.is_empty());
    let lost = &stable.other[0];
    assert_eq!((lost.from, lost.to), (Pass, Unknown));
    assert_eq!(
        lost.evidence_url.as_deref(),
        Some("https://stable.example.ru/"),
        "what can no longer be seen"
    );
    assert_eq!(lost.note.as_deref(), Some("robots.txt"));
    assert_eq!((d.totals.regressions, d.totals.other), (1, 1));
    let md = render_md::render(&d);
    assert!(
        md.contains("Внимание, не удалось проверить: Учредитель (founder) — было: есть"),
        "{md}"
    );
}

#[test]
fn a_site_that_went_down_is_one_regression() {
    let mut r = runs();
    let dead = report(
        "https://stable.example.ru/",
        false,
        &[Req(
            "founder",
            "Учредитель",
            Unknown,
            None,
            Some("сайт недоступен"),
        )],
    );
    r.new.sites[1] = row(2, Some("ЦСО"), &dead);
    r.new_reports[1] = dead;
    let d = full_diff(&r);
    let stable = d
        .changed
        .iter()
        .find(|c| c.site.url.contains("stable"))
        .unwrap();
    assert_eq!(stable.regressions.len(), 1);
    assert_eq!(stable.regressions[0].id.0, REACHABLE_ID);
    assert_eq!(
        stable.regressions[0].note.as_deref(),
        Some("сайт не отвечает")
    );
    assert!(
        stable.other.is_empty(),
        "no line per requirement gone unknown: {stable:?}"
    );
    let md = render_md::render(&d);
    assert!(
        md.contains(
            "Сайт стал недоступен — было: доступен, стало: недоступен. Сейчас: сайт не отвечает"
        ),
        "{md}"
    );
    // And back up again: a fix.
    let back = diff_with(&r.new, &runs().new, &|_| None, &|_| None);
    let stable = back
        .changed
        .iter()
        .find(|c| c.site.url.contains("stable"))
        .unwrap();
    assert_eq!(stable.fixes.len(), 1);
    assert!(stable.other.is_empty());
}

#[test]
fn requirements_only_in_one_run_are_listed_not_compared() {
    let mut r = runs();
    r.new.requirements[2].id = "tariffs-2026".into();
    r.new.requirements[2].title = "Тарифы (новая редакция)".into();
    let d = diff(&r.old, &r.new);
    assert_eq!(
        d.requirements_added,
        vec![RequirementRef {
            id: "tariffs-2026".into(),
            title: "Тарифы (новая редакция)".into()
        }]
    );
    assert_eq!(
        d.requirements_removed,
        vec![RequirementRef {
            id: "tariffs".into(),
            title: "Тарифы на социальные услуги".into()
        }]
    );
    assert_eq!(
        d.totals.fixes, 0,
        "tariffs is not compared across different ids"
    );
    assert_eq!(d.totals.regressions, 1);
    let md = render_md::render(&d);
    assert!(
        md.contains("Требования, добавленные в правила") && md.contains("tariffs-2026"),
        "{md}"
    );
}

#[test]
fn every_format_says_what_disappeared() {
    let d = full_diff(&runs());
    let sentence = format!("Исчезло: {PLAN} (nok-plan) — было: есть ({PLAN_URL}), стало: нет");
    let md = render(&d, DiffFormat::Md).unwrap();
    assert!(md.contains(&sentence), "{md}");
    assert!(
        md.contains(
            "Исправлено: Тарифы на социальные услуги (tariffs) — было: частично, стало: есть"
        ),
        "{md}"
    );
    assert!(md.contains("Ухудшений: 1, исправлений: 1"), "{md}");
    assert!(
        md.contains("gone.example.ru") && md.contains("added.example.ru"),
        "{md}"
    );

    let html = render(&d, DiffFormat::Html).unwrap();
    assert!(html.contains("Исчезло:") && html.contains(PLAN), "{html}");
    assert!(html.contains(&format!("<a href=\"{PLAN_URL}\"")), "{html}");
    assert!(html.contains("стало: нет"), "{html}");

    let json: serde_json::Value =
        serde_json::from_str(&render(&d, DiffFormat::Json).unwrap()).unwrap();
    assert_eq!(json["schema"], "socaudit/diff/v1");
    let gone = &json["changed"][0]["regressions"][0];
    assert_eq!(
        (
            gone["id"].as_str(),
            gone["from"].as_str(),
            gone["to"].as_str()
        ),
        (Some("nok-plan"), Some("pass"), Some("fail"))
    );
    assert_eq!(gone["evidence_url"], PLAN_URL);
    let back: SweepDiff = serde_json::from_value(json).unwrap();
    assert_eq!(back, d);
}

#[test]
fn hostile_names_and_urls_are_inert() {
    let mut r = runs();
    let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    r.new.sites[0].name = Some(hostile.into());
    r.new_reports[0].requirements[1].note = Some("[клик](javascript:alert(3)) <b>жирно</b>".into());
    r.old_reports[0].requirements[1].evidence[0].url = "javascript:alert(4)".into();
    let d = full_diff(&r);

    let html = render_html::render(&d).unwrap();
    assert!(
        !html.contains("<script>") && !html.contains("<img") && !html.contains("<b>"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(!html.contains("href=\"javascript:"), "{html}");
    assert!(
        html.contains("javascript:alert(4)"),
        "shown as text: {html}"
    );

    let md = render_md::render(&d);
    assert!(!md.contains("<script>") && !md.contains("<b>"), "{md}");
    assert!(md.contains("\\[клик\\]"), "no Markdown link: {md}");
}

#[test]
fn no_changes_says_so() {
    let r = runs();
    let d = diff(&r.new, &r.new);
    assert_eq!(d.unchanged_sites, 3);
    assert!(d.changed.is_empty() && d.sites_added.is_empty() && d.sites_gone.is_empty());
    assert!(render_md::render(&d).contains("Изменений нет."));
}

#[test]
fn run_refs() {
    assert_eq!(RunRef::parse("last"), Some(RunRef::Last));
    assert_eq!(RunRef::parse("prev"), Some(RunRef::Prev));
    assert_eq!(RunRef::parse("12"), Some(RunRef::Id(12)));
    assert_eq!(RunRef::parse("0"), None);
    assert_eq!(RunRef::parse("out/2026"), None);
}

#[test]
fn a_folder_without_a_summary_is_rebuilt_from_its_reports() {
    let dir = tempfile::tempdir().unwrap();
    let r = runs();
    for report in &r.new_reports {
        let sub = dir
            .path()
            .join(crate::diff::site_key(&report.site.url).replace(['/', ':'], "_"));
        crate::report::write_site_reports(report, &sub).unwrap();
    }
    let side = load_folder(dir.path()).unwrap();
    assert_eq!(side.summary.sites.len(), 3);
    assert_eq!(side.summary.requirements.len(), 3);
    let kcson = side
        .summary
        .sites
        .iter()
        .find(|s| s.url.contains("kcson"))
        .unwrap();
    assert_eq!(kcson.statuses, vec![Pass, Fail, Pass]);
    assert!(side.report(kcson).is_some());

    let empty = tempfile::tempdir().unwrap();
    let err = load_folder(empty.path()).unwrap_err();
    assert!(
        err.to_string()
            .contains(&empty.path().display().to_string()),
        "{err}"
    );
}

#[test]
fn runs_of_the_history_database_are_compared() {
    let dir = tempfile::tempdir().unwrap();
    let history = crate::history::History::open(&dir.path().join("h.db")).unwrap();
    let r = runs();
    for (summary, reports) in [(&r.old, &r.old_reports), (&r.new, &r.new_reports)] {
        let run = history
            .begin_run(crate::history::RunKind::Sweep, &summary.ruleset, "{}", None)
            .unwrap();
        for (site, report) in summary.sites.iter().zip(reports) {
            history.record_site(run, site, report).unwrap();
        }
        history.finish_run(run, false).unwrap();
    }
    let (old, new) = (
        load_run(&history, RunRef::Prev).unwrap(),
        load_run(&history, RunRef::Last).unwrap(),
    );
    let d = compare_sides(&old, &new);
    assert!(
        d.old_label.starts_with("запуск № 1") && d.new_label.starts_with("запуск № 2"),
        "{d:?}"
    );
    let expected = full_diff(&r);
    assert_eq!(
        (
            d.changed.clone(),
            d.sites_added.clone(),
            d.sites_gone.clone()
        ),
        (expected.changed, expected.sites_added, expected.sites_gone)
    );
    let err = load_run(&history, RunRef::Id(7)).unwrap_err();
    assert!(err.to_string().contains("№ 7"), "{err}");
}

#[path = "workflow_tests.rs"]
mod workflow_tests;
