//! A hand-built [`SiteReport`] shared by the report tests: every status, both severities, and
//! hostile site strings (script tags, attribute breakouts, a `javascript:` URL).

use crate::model::{Evidence, Severity, Status, Via};
use crate::report::*;

/// Script injection attempt in site text.
pub(crate) const HOSTILE_SCRIPT: &str = "<script>window.__x=1</script>";
/// Attribute breakout attempt in site text.
pub(crate) const HOSTILE_IMG: &str = "\"><img src=x onerror=alert(1)>";
/// A link that must never become an `href`.
pub(crate) const HOSTILE_URL: &str = "javascript:alert(1)";

fn evidence(url: &str, via: Via, text: &str) -> Evidence {
    Evidence {
        url: url.to_string(),
        via,
        text: text.to_string(),
        found_on: Some("https://kcson.example/svedeniya/".to_string()),
    }
}

/// A verdict with a generic basis/what/hint derived from the id.
fn verdict(
    id: &str,
    title: &str,
    severity: Severity,
    status: Status,
    note: Option<&str>,
    evidence: Vec<Evidence>,
) -> Verdict {
    Verdict {
        id: id.into(),
        title: title.to_string(),
        severity,
        status,
        basis: format!("886н, пункт для {id}"),
        what: format!("Сведения «{title}»"),
        hint: format!("Раздел «Сведения об организации», страница {id}"),
        fix: (status != Status::Pass)
            .then(|| format!("Разместите «{title}» в разделе «Сведения об организации».")),
        note: note.map(str::to_string),
        evidence,
        documents: Vec::new(),
        accepted: None,
        first_failed: None,
    }
}

fn requirements() -> Vec<Verdict> {
    use Severity::{Mandatory as M, Recommended as R};
    use Status::*;
    let site = "https://kcson.example.ru";
    vec![
        verdict(
            "founder",
            "Учредитель",
            M,
            Pass,
            None,
            vec![
                evidence(
                    &format!("{site}/uchreditel"),
                    Via::Heading,
                    &format!("Учредитель {HOSTILE_SCRIPT}"),
                ),
                evidence(&format!("{site}/about"), Via::LinkText, HOSTILE_IMG),
            ],
        ),
        verdict(
            "phone",
            "Телефон",
            M,
            Pass,
            None,
            vec![evidence(
                HOSTILE_URL,
                Via::Content,
                "Телефон: +7 (812) 123-45-67",
            )],
        ),
        verdict(
            "email",
            "Электронная почта",
            M,
            Pass,
            None,
            vec![evidence(
                &format!("{site}/contacts"),
                Via::Content,
                "kcson@example.ru",
            )],
        ),
        verdict(
            "tariffs",
            "Тарифы на социальные услуги",
            M,
            Fail,
            Some("Не найдено на 42 просмотренных страницах."),
            vec![],
        ),
        verdict(
            "finance",
            "Финансово-хозяйственная деятельность",
            M,
            Fail,
            Some(HOSTILE_IMG),
            vec![],
        ),
        verdict(
            "charter",
            "Устав",
            R,
            Partial,
            Some("Ссылка на устав отвечает 404."),
            vec![evidence(
                &format!("{site}/docs/ustav.pdf"),
                Via::Document,
                "Устав учреждения",
            )],
        ),
        verdict(
            "nok-plan",
            "План по устранению недостатков",
            M,
            Partial,
            Some("Ссылка на план отвечает 404."),
            vec![evidence(
                &format!("{site}/docs/plan-nok.pdf"),
                Via::Document,
                "План по устранению недостатков",
            )],
        ),
        verdict(
            "staff",
            "Персональный состав работников",
            M,
            Unknown,
            Some("Страница закрыта в robots.txt."),
            vec![],
        ),
        verdict(
            "faq",
            "Часто задаваемые вопросы",
            R,
            Fail,
            Some("Раздела нет."),
            vec![],
        ),
        verdict(
            "official-social-page",
            "Официальная страница в соцсети",
            R,
            Pass,
            None,
            vec![evidence(
                "https://vk.com/kcson_example",
                Via::ExternalLink,
                "ВКонтакте",
            )],
        ),
    ]
}

fn crawl() -> CrawlInfo {
    CrawlInfo {
        pages_fetched: 42,
        requests: 57,
        revalidated: 0,
        stopped_because: StopReason::FrontierExhausted,
        duration_ms: 125_400,
        pages: vec![PageRecord {
            url: "https://kcson.example.ru/".to_string(),
            status: 200,
            title: format!("Главная {HOSTILE_SCRIPT}"),
            depth: 0,
        }],
        documents: vec![
            DocumentRecord {
                format: None,
                outcome: None,
                pages: None,
                last_modified: None,
                url: "https://kcson.example.ru/docs/plan-nok.pdf".to_string(),
                text: format!("План {HOSTILE_IMG}"),
                kind: "pdf".to_string(),
                status: Some(404),
                found_on: "https://kcson.example.ru/nok".to_string(),
            },
            DocumentRecord {
                format: None,
                outcome: None,
                pages: None,
                last_modified: None,
                url: HOSTILE_URL.to_string(),
                text: String::new(),
                kind: "doc".to_string(),
                status: None,
                found_on: "https://kcson.example.ru/docs".to_string(),
            },
        ],
        errors: vec![CrawlError {
            url: "https://kcson.example.ru/staff".to_string(),
            status: Some(500),
            error: format!("Ошибка сервера {HOSTILE_SCRIPT}"),
        }],
        skipped: SkipCounts {
            robots: 3,
            depth: 1,
            budget: 0,
            trap: 2,
            trap_reasons: crate::report::TrapCounts {
                calendar: 2,
                ..Default::default()
            },
        },
        external_links: 17,
        sitemap_urls: 0,
        notes: vec!["файл robots.txt не удалось прочитать (ошибка сервера 503)".to_string()],
        offsite_redirects: Vec::new(),
        tls_problem: None,
        auth_used: false,
    }
}

/// The sample report: a reachable site that fails two mandatory items and has a broken one.
pub(crate) fn site_report() -> SiteReport {
    SiteReport {
        schema: REPORT_SCHEMA.to_string(),
        tool: ToolInfo {
            name: "socaudit".to_string(),
            version: "0.1.0".to_string(),
        },
        generated_at: "2026-03-05T10:20:30Z".to_string(),
        ruleset: RulesetInfo {
            id: "1239-886n".to_string(),
            version: "2026.11".to_string(),
            source: "встроенный".to_string(),
            ..Default::default()
        },
        site: SiteInfo {
            url: "https://kcson.example.ru/".to_string(),
            final_url: Some("https://kcson.example.ru/".to_string()),
            reachable: true,
            error: None,
            hosts: vec!["kcson.example.ru".to_string()],
        },
        crawl: crawl(),
        requirements: requirements(),
        summary: Summary {
            mandatory_total: 7,
            mandatory_passed: 3,
            mandatory_partial: 1,
            mandatory_failed: 2,
            mandatory_unknown: 1,
            mandatory_accepted: 0,
            recommended_total: 3,
            recommended_passed: 1,
            score_percent: 42.857,
            feedback_score: 90,
            verdict: "non_compliant".to_string(),
        },
    }
}

#[test]
fn json_round_trip_keeps_every_field() {
    let report = site_report();
    let text = crate::report::json::to_string(&report);
    let back: SiteReport = serde_json::from_str(&text).expect("report.json parses back");
    assert_eq!(crate::report::json::to_string(&back), text);

    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let keys = value.as_object().expect("top level is an object");
    for key in ["schema", "site", "crawl", "requirements", "summary"] {
        assert!(keys.contains_key(key), "missing top-level key {key}");
    }
    assert_eq!(value["schema"], REPORT_SCHEMA);
    assert_eq!(value["requirements"][3]["status"], "fail");
    assert_eq!(value["crawl"]["stopped_because"], "frontier_exhausted");
}
