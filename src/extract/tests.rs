//! Tests of the whole extraction: small inline pages per feature, real pages, property tests.

use super::*;
use proptest::prelude::*;

pub(super) fn page(html: &str) -> Page {
    let url = Url::parse("https://example.ru/dir/page.html").expect("test url");
    extract(&url, html)
}

pub(super) fn link_texts(page: &Page) -> Vec<(&str, &str)> {
    page.links
        .iter()
        .map(|l| (l.href.as_str(), l.text.as_str()))
        .collect()
}

#[test]
fn title_headings_and_meta() {
    let p = page(
        "<html><head><title>  Главная \n страница </title>\
         <meta name='Description' content=' О центре '><meta property='og:title' content='ОГ'>\
         <meta http-equiv='Content-Type' content='text/html; charset=utf-8'>\
         <meta charset='utf-8'></head><body><svg><title>Иконка</title></svg>\
         <h1>Центр <small>социального</small> обслуживания</h1><h3 hidden>Скрыт</h3>\
         <div role='heading' aria-level='2'><h2>Один раз</h2></div><h4><img alt='Логотип'></h4>\
         <h5> </h5></body></html>",
    );
    assert_eq!(p.title, "Главная страница");
    assert_eq!(
        p.headings,
        vec!["Центр социального обслуживания", "Один раз", "Логотип"]
    );
    assert_eq!(
        p.meta,
        vec![
            ("description".to_string(), "О центре".to_string()),
            ("og:title".to_string(), "ОГ".to_string()),
            (
                "content-type".to_string(),
                "text/html; charset=utf-8".to_string()
            ),
        ]
    );
}

#[test]
fn text_and_main_text() {
    let p = page(
        "<body><header><a href='/'>Логотип</a></header><nav class='navbar'>Меню</nav>\
         <main><h1>Документы</h1><p>Устав<br>Лицензия</p><div class='site-menu'>Пункт</div>\
         </main><footer>© 2024</footer><script>alert(1)</script></body>",
    );
    assert_eq!(p.text, "Логотип Меню Документы Устав Лицензия Пункт © 2024");
    assert_eq!(p.main_text, "Документы Устав Лицензия");
}

#[test]
fn form_fields_and_labels() {
    let p = page(
        "<form action='/send' method='POST'><label for='n'>Ваше имя</label><input id='n' name='name'>\
         <label>E-mail <input type='EMAIL' name='mail'></label>\
         <input type='tel' name='phone' placeholder='Телефон'>\
         <textarea name='msg' aria-label='Сообщение'></textarea>\
         <label>Тема<select name='topic'><option>Жалоба</option></select></label>\
         <input type='hidden' name='csrf' value='x'><input type='checkbox' name='agree' id='a'>\
         <label for='a'>Согласен на обработку</label><input type='submit' value='Отправить'></form>",
    );
    assert_eq!(p.forms.len(), 1);
    let form = &p.forms[0];
    assert_eq!(form.action.as_deref(), Some("https://example.ru/send"));
    assert_eq!(form.method, "post");
    let fields: Vec<(&str, &str, &str)> = form
        .fields
        .iter()
        .map(|f| (f.kind.as_str(), f.name.as_str(), f.label.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("text", "name", "Ваше имя"),
            ("email", "mail", "E-mail"),
            ("tel", "phone", "Телефон"),
            ("textarea", "msg", "Сообщение"),
            ("select", "topic", "Тема"),
            ("checkbox", "agree", "Согласен на обработку"),
        ]
    );
    assert!(form.text.contains("Ваше имя"));
    assert!(form.text.ends_with("Отправить"), "{}", form.text);
}

#[test]
fn form_defaults() {
    let p = page("<form><input name='q'></form><form action='javascript:send()'></form>");
    assert_eq!(p.forms.len(), 2);
    assert_eq!(
        (p.forms[0].action.as_deref(), p.forms[0].method.as_str()),
        (None, "get")
    );
    assert_eq!(p.forms[0].fields[0].kind, "text");
    assert_eq!(p.forms[1].action, None);
}

#[test]
fn radio_groups_are_one_field_with_the_question() {
    let p = page(
        "<form><fieldset><legend>Оцените доступность</legend>\
         <label><input type=radio name=q1 value=5> Отлично</label>\
         <label><input type=radio name=q1 value=1> Плохо</label></fieldset>\
         <div class='q'><p>Рекомендовали бы вы нас?</p>\
         <input type=radio name=q2 id=y><label for=y>Да</label>\
         <input type=radio name=q2 id=n><label for=n>Нет</label></div>\
         <div class='q'><label><input type=radio name=q3> Только вариант</label>\
         <label><input type=radio name=q3> Второй</label></div></form>",
    );
    let fields: Vec<(&str, &str, &str)> = p.forms[0]
        .fields
        .iter()
        .map(|f| (f.kind.as_str(), f.name.as_str(), f.label.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("radio", "q1", "Оцените доступность"),
            ("radio", "q2", "Рекомендовали бы вы нас?"),
            ("radio", "q3", "Только вариант"),
        ]
    );
}

#[test]
fn script_form_around_stray_textarea() {
    let p = page(
        "<div class='feedback'><h3>Напишите нам</h3><input name='email' placeholder='E-mail'>\
         <textarea name='text' placeholder='Вопрос'></textarea><button>Отправить</button></div>\
         <form><textarea name='inside'></textarea></form>",
    );
    assert_eq!(p.forms.len(), 2);
    let js = &p.forms[1];
    assert_eq!(js.action, None);
    let kinds: Vec<&str> = js.fields.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, vec!["text", "textarea"]);
    assert!(js.text.contains("Напишите нам") && js.text.contains("Отправить"));
}

#[test]
fn empty_and_malformed_input() {
    let p = page("");
    assert!(p.links.is_empty() && p.text.is_empty() && p.title.is_empty());
    let p = page("<a href=/x><div><form><a href=/y>т</b></i><<>><table><td>ячейка</form>");
    assert!(p.text.contains("ячейка"));
}

#[cfg(feature = "realsites")]
fn real_page(relative: &str) -> String {
    crate::realsites::read(relative)
}

#[cfg(feature = "realsites")]
#[test]
fn real_gorodishche_split_plan_link_is_one_link() {
    let url = Url::parse("https://442fz.volganet.ru/025156/nezavisimaya-otsenka-kachestva-nok/")
        .expect("test url");
    let p = extract(&url, &real_page("gorodishche-srcn/nok_fragment.html"));
    let plans: Vec<&Link> = p
        .links
        .iter()
        .filter(|l| l.text.contains("План по устранению недостатков"))
        .collect();
    assert_eq!(plans.len(), 1, "{:#?}", p.links);
    assert!(plans[0].text.contains("2024"), "{}", plans[0].text);
    assert!(plans[0].href.ends_with(".pdf"));
    let hrefs: Vec<&str> = p.links.iter().map(|l| l.href.as_str()).collect();
    let mut unique = hrefs.clone();
    unique.dedup();
    assert_eq!(hrefs, unique, "same-href neighbours left unjoined");
    assert!(p
        .links
        .iter()
        .any(|l| l.href == "https://bus.gov.ru/info-card/313806"));
}

#[cfg(feature = "realsites")]
#[test]
fn real_pikalevo_quality_page() {
    let url = Url::parse("https://zabotausluga.ru/quality.html").expect("test url");
    let p = extract(&url, &real_page("zabotausluga-pikalevo/quality.html"));
    assert!(
        p.controls
            .iter()
            .any(|c| c.tag == "button" && c.text.contains("Версия для слабовидящих")),
        "{:#?}",
        p.controls
    );
    assert!(p
        .links
        .iter()
        .any(|l| l.href.starts_with("https://bus.gov.ru/qrcode/rate/")));
    assert!(p
        .links
        .iter()
        .any(|l| l.href == "mailto:zabota-usluga72@mail.ru"));
    assert_eq!(p.title, "Независимая оценка качества · Заботливая услуга");
    assert!(p
        .headings
        .iter()
        .any(|h| h == "Независимая оценка качества"));
    assert!(
        !p.headings.iter().any(|h| h == "Настройки чтения"),
        "hidden panel"
    );
    assert!(p.main_text.contains("Документы НОК"));
    assert!(!p.main_text.contains("Политика конфиденциальности"));
    assert_eq!(p.scripts.len(), 2);
}

#[cfg(feature = "realsites")]
#[test]
fn real_samara_docs_page() {
    let url = Url::parse("https://gc-semya.ru/pages/docs.php").expect("test url");
    let p = extract(&url, &real_page("kcson-samara-redesign/pages/docs.php"));
    assert!(p.links.len() > 200, "{}", p.links.len());
    assert!(
        p.links.iter().any(|l| l.text.contains("Устав")),
        "no «Устав» among link texts"
    );
    assert!(p.links.iter().all(|l| l.href.starts_with("http")
        || l.href.starts_with("mailto:")
        || l.href.starts_with("tel:")));
    // The navigation menu items are in the text but not in the main text.
    for menu_item in ["Подразделения", "Железнодорожное", "Наши достижения"]
    {
        assert!(p.text.contains(menu_item), "{menu_item}");
        assert!(!p.main_text.contains(menu_item), "{menu_item} in main_text");
    }
    assert!(p.main_text.contains("Уставные документы"));
    assert!(p.main_text.contains("Независимая оценка качества"));
}

/// Fragments of markup that stress the parser and the extractors together.
fn tag_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<a href='/x'>"),
        Just("<a href='#'>"),
        Just("<a href='javascript:x()'>"),
        Just("</a>"),
        Just("<base href='//h/'>"),
        Just("<div class='menu' hidden>"),
        Just("</div>"),
        Just("<form action='?'>"),
        Just("</form>"),
        Just("<fieldset><legend>Вопрос</legend>"),
        Just("<input type=radio name=r id=i>"),
        Just("<label for=i>"),
        Just("</label>"),
        Just("<textarea>"),
        Just("<select><option>о"),
        Just("<button onclick=x>"),
        Just("<nav>"),
        Just("<header>"),
        Just("<h2 role=heading>"),
        Just("<script>"),
        Just("</script>"),
        Just("<svg><title>т</title>"),
        Just("<template>"),
        Just("<table><tr><td>"),
        Just("<br>"),
        Just("<img alt='картинка'>"),
        Just("<iframe src=x>"),
        Just("<meta name=a content=b>"),
        Just("текст "),
        Just(" "),
        Just("<"),
        Just(">"),
        Just("&amp;"),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn arbitrary_strings_never_panic(html in any::<String>()) {
        let _ = page(&html);
    }

    #[test]
    fn tag_soup_never_panics(html in tag_soup()) {
        let p = page(&html);
        prop_assert!(p.links.len() <= links::MAX_LINKS);
        prop_assert!(p.text.len() <= MAX_TEXT_BYTES && p.main_text.len() <= MAX_TEXT_BYTES);
    }
}

/// Pieces of page text: words, every kind of whitespace the buffer collapses, ignorables.
fn text_pieces() -> impl Strategy<Value = Vec<String>> {
    let piece = prop_oneof![
        "[а-яё]{1,9}",
        "[ \t\n\u{a0}\u{2003}\u{3000}]{1,3}",
        Just("\u{ad}".to_string()),
        Just("\u{200b}".to_string()),
        Just("«Об».".to_string()),
    ];
    prop::collection::vec(
        prop::collection::vec(piece, 0..8).prop_map(|p| p.concat()),
        0..12,
    )
}

proptest! {
    #[test]
    fn pushing_to_both_buffers_at_once_is_pushing_to_each(
        pieces in text_pieces(),
        caps in (0usize..60, 0usize..60),
    ) {
        use super::walk::TextBuf;
        let (mut a, mut b) = (TextBuf::new(caps.0), TextBuf::new(caps.1));
        let (mut a2, mut b2) = (a.clone(), b.clone());
        for p in &pieces {
            a.push_str(p);
            b.push_str(p);
            a2.push_str_both(&mut b2, p);
        }
        for (one, both) in [(&a, &a2), (&b, &b2)] {
            prop_assert_eq!(one.as_str(), both.as_str());
            prop_assert_eq!(one.is_full(), both.is_full());
            prop_assert_eq!(one.leading_space(), both.leading_space());
            prop_assert_eq!(one.trailing_space(), both.trailing_space());
        }
    }
}
