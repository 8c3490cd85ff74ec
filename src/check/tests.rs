//! The checker with the built-in rules on small hand-made pages: what counts and what must not.

use super::*;
use crate::extract::extract;
use crate::model::Status;
use crate::report::StopReason;

fn check_pages(pages: &[(&str, &str)]) -> Vec<crate::report::Verdict> {
    check_pages_until(pages, StopReason::FrontierExhausted)
}

fn check_pages_until(pages: &[(&str, &str)], stopped: StopReason) -> Vec<crate::report::Verdict> {
    let rules = RuleSet::builtin();
    let today = time::Date::from_calendar_date(2026, time::Month::November, 23).unwrap();
    let mut checker = Checker::new(&rules).with_today(today);
    let scope = Scope::new(&Url::parse("http://kcson.test/").unwrap());
    for (path, html) in pages {
        let url = Url::parse(&format!("http://kcson.test{path}")).unwrap();
        let page = extract(&url, html);
        checker.observe_target(url.as_str(), TargetState::Ok);
        checker.observe_page(&page, &scope);
    }
    let ctx = FinishContext {
        stopped,
        pages_fetched: pages.len(),
        javascript_only: false,
        not_crawlable: None,
        dropped: None,
    };
    checker.finish(&ctx)
}

fn status(verdicts: &[crate::report::Verdict], id: &str) -> Status {
    verdicts
        .iter()
        .find(|v| v.id.0 == id)
        .map(|v| v.status)
        .unwrap()
}

fn wrap(body: &str) -> String {
    format!("<html><head><title>ГБУ КЦСОН</title></head><body><main>{body}</main></body></html>")
}

#[test]
fn survey_form_on_the_site_counts_as_the_survey() {
    let html = wrap(
        "<h1>Анкета получателя социальных услуг</h1><p>Оцените, пожалуйста, качество условий оказания услуг.</p>
         <form action=\"/anketa/send\" method=\"post\">
           <fieldset><legend>Удовлетворены ли вы доброжелательностью и вежливостью работников?</legend>
             <label><input type=\"radio\" name=\"q1\" value=\"1\"> Да</label>
             <label><input type=\"radio\" name=\"q1\" value=\"0\"> Нет</label></fieldset>
           <button type=\"submit\">Отправить анкету</button></form>",
    );
    let verdicts = check_pages(&[("/anketa/", &html)]);
    let survey = verdicts.iter().find(|v| v.id.0 == "survey").unwrap();
    assert_eq!(survey.status, Status::Pass, "{survey:?}");
    assert!(
        survey
            .evidence
            .iter()
            .any(|e| e.via == Via::Form || e.via == Via::Heading),
        "{survey:?}"
    );
}

#[test]
fn a_questionnaire_is_not_a_feedback_form_a_guest_book_is() {
    let anketa = "<html><head><title>Анкета для получателей услуг</title></head><body><main>
        <h1>Анкета для получателей услуг</h1>
        <form method=\"post\" action=\"/anketa/send/\"><p>Удовлетворены ли вы качеством социальных услуг?</p>
        <label><input type=\"radio\" name=\"q1\" value=\"1\"> да</label>
        <label>Ваши предложения <textarea name=\"q2\"></textarea></label>
        <button type=\"submit\">Отправить анкету</button></form></main></body></html>";
    let verdicts = check_pages(&[("/anketa.htm", anketa)]);
    assert_ne!(status(&verdicts, "feedback-form"), Status::Pass);
    assert_eq!(status(&verdicts, "survey"), Status::Pass);
    let book = "<html><head><title>Гостевая книга</title></head><body><main><h1>Гостевая книга</h1>
        <form method=\"post\" action=\"/gb/0-1\"><input type=\"text\" name=\"name\">
        <textarea name=\"message\"></textarea><input type=\"submit\" value=\"Добавить запись\"></form>
        </main></body></html>";
    let verdicts = check_pages(&[("/gb/", book)]);
    assert_eq!(status(&verdicts, "feedback-form"), Status::Pass);
}

#[test]
fn search_form_is_not_a_feedback_form() {
    let html = wrap("<p>Добро пожаловать на сайт центра социального обслуживания населения нашего района.</p><form action=\"/search\"><input type=\"text\" name=\"q\" placeholder=\"Поиск по сайту\"><button>Найти</button></form>");
    let verdicts = check_pages(&[("/", &html)]);
    assert_ne!(status(&verdicts, "feedback-form"), Status::Pass);
    assert_ne!(status(&verdicts, "survey"), Status::Pass);
}

#[test]
fn vision_button_without_url_counts() {
    let html = wrap("<button class=\"bvi-open\" type=\"button\">Версия для слабовидящих</button><p>Текст главной страницы центра социального обслуживания.</p>");
    let verdicts = check_pages(&[("/", &html)]);
    assert_eq!(status(&verdicts, "vision-impaired"), Status::Pass);
}

#[test]
fn statements_of_absence_are_compliant() {
    let html = wrap("<h2>Предписания органов, осуществляющих государственный контроль</h2><p>Предписания контрольно-надзорных органов в 2025 году не выдавались.</p><h2>Количество свободных мест</h2><p>Свободных мест для приёма получателей социальных услуг нет.</p>");
    let verdicts = check_pages(&[("/svedeniya/", &html)]);
    assert_eq!(status(&verdicts, "inspections"), Status::Pass);
    assert_eq!(status(&verdicts, "vacancies"), Status::Pass);
}

#[test]
fn utility_tariffs_in_news_and_labour_rules_do_not_count() {
    let html = wrap("<h1>Новости</h1><p><a href=\"/news/5\">Повышение коммунальных тарифов с 1 июля</a></p><p>С 1 июля растут тарифы ЖКХ на электроэнергию и водоснабжение.</p><p><a href=\"/files/pvtr.pdf\">Правила внутреннего трудового распорядка</a></p>");
    let verdicts = check_pages(&[("/news/", &html)]);
    assert_eq!(status(&verdicts, "tariffs"), Status::Fail);
    assert_eq!(status(&verdicts, "recipient-rules"), Status::Fail);
}

#[test]
fn bare_menu_words_are_not_content() {
    // A menu item «Учредитель» with no target fetched is not evidence by itself.
    let html = "<html><head><title>Главная</title></head><body><nav><a href=\"/uchreditel/\">Учредитель</a> <a href=\"/tarify/\">Тарифы</a></nav><main><p>Добро пожаловать на сайт нашего центра социального обслуживания.</p></main></body></html>";
    let verdicts = check_pages(&[("/", html)]);
    for id in ["founder", "tariffs"] {
        let v = verdicts.iter().find(|v| v.id.0 == id).unwrap();
        assert_eq!(
            v.status,
            Status::Unknown,
            "{id}: a link that was never opened decides nothing: {v:?}"
        );
    }
}

#[test]
fn bus_gov_links_decide_results_and_survey_even_when_wrapped() {
    let html = wrap("<p>Результаты независимой оценки: <a href=\"https://bus.gov.ru/info-card/313806\">на сайте bus.gov.ru</a></p><p><a href=\"https://vk.com/away.php?to=https%3A%2F%2Fbus.gov.ru%2Fqrcode%2Frate%2F789838\">Оцените качество услуг</a></p>");
    let verdicts = check_pages(&[("/nok/", &html)]);
    assert_eq!(status(&verdicts, "nok-results"), Status::Pass);
    assert_eq!(status(&verdicts, "survey"), Status::Pass);
}

#[test]
fn a_plan_table_counts_wherever_it_stands_and_an_old_one_is_partial() {
    let plan = |year: &str| {
        wrap(&format!(
            "<h1>Независимая оценка качества</h1><p>План по устранению недостатков на {year} год</p>
             <table><tr><th>Недостатки, выявленные в ходе независимой оценки качества условий оказания услуг</th>
             <th>Наименование мероприятия по устранению недостатков</th><th>Плановый срок реализации мероприятия</th>
             <th>Ответственный исполнитель (с указанием фамилии, имени, отчества и должности)</th>
             <th>Сведения о ходе реализации мероприятия: реализованные меры по устранению выявленных недостатков</th><th>Фактический срок реализации</th></tr>
             <tr><td>Нет версии для слабовидящих</td><td>Установить версию для слабовидящих</td><td>до 01.03.{year}</td><td>Иванов И. И., заместитель директора</td><td>Установлена</td><td>15.02.{year}</td></tr></table>"
        ))
    };
    let fresh = check_pages(&[("/nok/", &plan("2026"))]);
    let v = fresh.iter().find(|v| v.id.0 == "nok-plan").unwrap();
    assert_eq!(v.status, Status::Pass, "{v:?}");
    assert!(
        v.documents.iter().any(|d| d.counts && d.year == Some(2026)),
        "{v:?}"
    );
    let old = check_pages(&[("/nok/", &plan("2019"))]);
    let v = old.iter().find(|v| v.id.0 == "nok-plan").unwrap();
    assert_eq!(v.status, Status::Partial, "{v:?}");
    assert!(v.note.as_deref().unwrap_or("").contains("2019"), "{v:?}");
}

#[test]
fn a_statement_that_no_assessment_was_held_is_compliant() {
    let html = wrap("<h1>Независимая оценка качества</h1><p>Независимая оценка качества условий оказания услуг в отношении учреждения не проводилась; проведение запланировано на 2027 год.</p>");
    let verdicts = check_pages(&[("/nok/", &html)]);
    let v = verdicts.iter().find(|v| v.id.0 == "nok-results").unwrap();
    assert_eq!(v.status, Status::Pass, "{v:?}");
}

#[test]
fn faq_accordion_without_its_own_page_counts_with_the_questions_as_evidence() {
    let html = wrap(
        "<h1>Добро пожаловать</h1><p>Центр социального обслуживания населения района.</p>\
         <div class='accordion'><div class='item'><h4>Как встать на надомное обслуживание?</h4>\
         <div class='body'>Подать заявление в управление социальной защиты.</div></div>\
         <div class='item'><h4>Сколько стоит обслуживание на дому?</h4>\
         <div class='body'>По тарифам, утверждённым министерством.</div></div></div>",
    );
    let verdicts = check_pages(&[("/", &html)]);
    let faq = verdicts.iter().find(|v| v.id.0 == "faq").unwrap();
    assert_eq!(faq.status, Status::Pass, "{faq:?}");
    assert_eq!(faq.evidence[0].via, Via::Content);
    assert!(faq.evidence[0]
        .text
        .contains("Как встать на надомное обслуживание?"));
}

#[test]
fn counts_and_dates_in_prose_pass_news_counts_and_dates_do_not() {
    let about = wrap(
        "<h1>О центре</h1><p>Учреждение создано 01.07.2017. В настоящее время получают социальные \
         услуги 99 человек.</p>",
    );
    let news = wrap(
        "<h1>Новости</h1><p>12.03.2024 Праздник весны. В мероприятии приняли участие 30 человек.</p>\
         <p>05.03.2024 Поздравляем женщин с праздником.</p>",
    );
    let verdicts = check_pages(&[("/about/", &about)]);
    assert_eq!(status(&verdicts, "recipients"), Status::Pass);
    assert_eq!(status(&verdicts, "registration-date"), Status::Pass);
    let verdicts = check_pages(&[("/news/", &news)]);
    assert_ne!(status(&verdicts, "recipients"), Status::Pass);
    assert_ne!(status(&verdicts, "registration-date"), Status::Pass);
}

#[test]
fn time_up_leaves_what_was_found_and_makes_the_rest_unknown() {
    let html = wrap("<h2>Контакты</h2><p>Телефон: +7 (812) 555-12-34</p>");
    let verdicts = check_pages_until(&[("/kontakty/", &html)], StopReason::TimeLimit);
    assert_eq!(status(&verdicts, "phone"), Status::Pass);
    let founder = verdicts.iter().find(|v| v.id.0 == "founder").unwrap();
    assert_eq!(founder.status, Status::Unknown, "{founder:?}");
    let note = founder.note.as_deref().unwrap_or_default();
    assert!(note.contains("время проверки сайта истекло"), "{note}");
    // The same pages read to the end: what is missing fails.
    let full = check_pages(&[("/kontakty/", &html)]);
    assert_eq!(status(&full, "founder"), Status::Fail);
}
