//! Tests of the letter: what it says, that the DOCX opens back in a DOCX reader (the project's
//! own, `documents::extract_text`) with that content, and that site text is escaped in both.

use super::*;
use crate::documents::{extract_text, DocFormat, DocLimits, DocOutcome};
use crate::model::Status;
use crate::report::html::sample::{site_report, HOSTILE_IMG, HOSTILE_SCRIPT};

/// The sample report with fix sentences on the items not met (as the built-in rules give).
fn report() -> SiteReport {
    let mut report = site_report();
    for v in &mut report.requirements {
        if v.status != Status::Pass {
            v.fix = Some(format!("Разместите «{}» в разделе «Документы».", v.title));
        }
    }
    report
}

/// The DOCX read back: its text.
fn docx_text(bytes: &[u8]) -> String {
    let doc = extract_text(bytes, Some("docx"), None, &DocLimits::default());
    assert_eq!(doc.format, DocFormat::Docx);
    assert_eq!(doc.outcome, DocOutcome::Text, "the DOCX opens");
    doc.text
}

#[test]
fn docx_opens_back_with_every_item_not_met_its_basis_and_fix() {
    let report = report();
    let letter = build(&report, Some("ГБУ «КЦСОН Заречного района»"));
    let text = docx_text(&docx::render(&letter).expect("zipped"));
    assert!(text.contains("Руководителю"), "{text}");
    assert!(text.contains("ГБУ «КЦСОН Заречного района»"));
    assert!(text.contains("О результатах проверки официального сайта"));
    assert!(text.contains("https://kcson.example.ru"));
    assert!(text.contains("приказом Минтруда России от 17.11.2014 № 886н"));
    for v in report
        .requirements
        .iter()
        .filter(|v| v.status != Status::Pass)
    {
        assert!(
            text.contains(v.fix.as_deref().unwrap_or_default()),
            "{}: {text}",
            v.id
        );
        assert!(
            text.contains(&format!("Основание: {}", v.basis)),
            "{}",
            v.id
        );
    }
    for v in report
        .requirements
        .iter()
        .filter(|v| v.status == Status::Pass)
    {
        assert!(
            !text.contains(&format!("({}).", v.id)),
            "{} passes: not listed",
            v.id
        );
    }
    // The evidence of a partial item: its broken link.
    assert!(text.contains("Обнаружено: https://kcson.example.ru/docs/plan-nok.pdf"));
    // Placeholders for the auditor, and the separate place for accepted items.
    for placeholder in [
        "[номер]",
        "[дата]",
        "[подпись]",
        "[должность]",
        "[И. О. Фамилия]",
    ] {
        assert!(text.contains(placeholder), "{placeholder}");
    }
    assert!(text.contains("Пункты, принятые проверяющим"));
}

#[test]
fn groups_come_in_order_mandatory_missing_first() {
    let text = docx_text(&docx::render(&build(&report(), None)).expect("zipped"));
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle}: {text}"))
    };
    assert!(
        at("1. Не размещены обязательные сведения")
            < at("2. Обязательные сведения размещены с недостатками")
    );
    assert!(at("2. Обязательные") < at("3. Рекомендуется также разместить"));
    assert!(at("3. Рекомендуется") < at("4. Проверить автоматически не удалось"));
    assert!(at("4. Проверить") < at("Пункты, принятые проверяющим"));
    assert!(
        at("[наименование учреждения]") < at("1. Не размещены"),
        "no name: placeholder"
    );
}

#[test]
fn site_text_is_escaped_in_the_docx_and_in_markdown() {
    let mut report = report();
    report.requirements[3].title = format!("Тарифы {HOSTILE_SCRIPT} & \u{1}</w:t></w:r>");
    let letter = build(&report, Some("[ссылка](javascript:alert(1)) <b>x</b>"));
    let xml = docx::document_xml(&letter);
    assert!(!xml.contains(HOSTILE_SCRIPT));
    assert!(xml.contains("&lt;script&gt;"));
    assert!(
        xml.contains("&amp; &lt;/w:t&gt;&lt;/w:r&gt;"),
        "markup from a site stays text"
    );
    assert!(!xml.contains('\u{1}'));
    let text = docx_text(&docx::render(&letter).expect("zipped"));
    assert!(
        text.contains(&format!("Тарифы {HOSTILE_SCRIPT} &")),
        "reads as written: {text}"
    );

    let md = markdown::render(&letter);
    assert!(!md.contains("<script>") && !md.contains("<b>"), "{md}");
    assert!(md.contains(r"\[ссылка\](javascript:alert(1))"), "{md}");
    assert!(md.contains(r"\<b\>x\</b\>"));
    assert!(!md.contains(HOSTILE_IMG));
}

#[test]
fn markdown_escapes_line_starts_and_links() {
    assert_eq!(markdown::escape("a*b_c`d"), r"a\*b\_c\`d");
    assert_eq!(markdown::escape("https://x.ru/a"), r"https\://x.ru/a");
    assert_eq!(markdown::escape("строка\nвторая"), "строка вторая");
    let letter = Letter {
        blocks: vec![
            Block::Paragraph(vec![Run::plain("1. не список")]),
            Block::Paragraph(vec![Run::plain("- не пункт")]),
        ],
    };
    assert_eq!(
        markdown::render(&letter),
        "1\\. не список\n\n\\- не пункт\n\n"
    );
}

#[test]
fn unreachable_site_letter_says_so_and_lists_nothing() {
    let mut report = report();
    report.site.reachable = false;
    report.site.error = Some("соединение отклонено".to_string());
    let text = docx_text(&docx::render(&build(&report, None)).expect("zipped"));
    assert!(text.contains("Проверку провести не удалось: сайт недоступен (соединение отклонено)."));
    assert!(text.contains("предпринята попытка провести автоматизированную проверку"));
    assert!(text.contains("обеспечить доступность официального сайта учреждения"));
    assert!(!text.contains("Не размещены обязательные сведения"));
    assert!(text.contains("Пункты, принятые проверяющим"));
}

#[test]
fn write_site_writes_both_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = write_site(&report(), Some("ЦСО"), dir.path()).expect("written");
    assert_eq!(
        paths,
        [dir.path().join(DOCX_NAME), dir.path().join(MARKDOWN_NAME)]
    );
    let md = std::fs::read_to_string(&paths[1]).expect("md");
    assert!(md.starts_with("**\\[бланк органа"), "{md}");
    let bytes = std::fs::read(&paths[0]).expect("docx");
    assert!(docx_text(&bytes).contains("ЦСО"));
}

#[test]
fn compliant_site_letter_lists_nothing_and_asks_for_nothing() {
    let mut report = report();
    for v in &mut report.requirements {
        v.status = Status::Pass;
        v.fix = None;
    }
    let text = docx_text(&docx::render(&build(&report, None)).expect("zipped"));
    assert!(text.contains("Нарушений требований к размещению информации на сайте не выявлено."));
    assert!(!text.contains("Просим в срок"), "{text}");
    assert!(!text.contains("1. "), "no groups: {text}");
    assert!(text.contains("проведена автоматизированная проверка официального сайта"));
}

#[test]
fn accepted_items_leave_the_findings_for_their_own_part_with_reason_who_and_until() {
    let mut report = report();
    let failing = report
        .requirements
        .iter()
        .position(|v| v.status == Status::Fail)
        .expect("the sample has a failing item");
    report.requirements[failing].accepted = Some(crate::report::Acceptance {
        reason: "раздел переносится на новый сайт <b>".into(),
        by: "Иванова И. И.".into(),
        until: "2027-03-31".into(),
    });
    report.requirements[failing].first_failed = None;
    let other = report
        .requirements
        .iter()
        .position(|v| v.status == Status::Fail && v.accepted.is_none())
        .expect("the sample has two failing items");
    report.requirements[other].first_failed = Some("2026-03-12".into());
    let id = report.requirements[failing].id.to_string();
    let text = docx_text(&docx::render(&build(&report, None)).expect("zipped"));
    let (findings, accepted) = text
        .split_once("Пункты, принятые проверяющим")
        .expect("the accepted part");
    assert!(!findings.contains(&format!("({id})")), "{findings}");
    assert!(accepted.contains(&format!("({id})")), "{accepted}");
    assert!(
        accepted.contains("принято до 31.03.2027 (Иванова И. И.)"),
        "{accepted}"
    );
    assert!(accepted.contains("раздел переносится на новый сайт <b>"));
    assert!(
        !accepted.contains("[перечислите"),
        "no placeholder once items are listed"
    );
    assert!(
        findings.contains("Впервые выявлено: 12.03.2026"),
        "{findings}"
    );
}
