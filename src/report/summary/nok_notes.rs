//! The notes sheet of the НОК checklist: the 344н formulas written out, what the site part of
//! 1.1 can and cannot be computed from, what 1, 0 and an empty cell mean, and the item lists.

use super::nok_scores::{NokLayout, CHANNEL_CAP, POINTS_PER_CHANNEL};
use super::xlsx::{write_text, Styles};
use super::{ruleset_label, SweepSummary};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The explanation, paragraph by paragraph (before the item lists).
fn paragraphs(summary: &SweepSummary, layout: &NokLayout) -> Vec<String> {
    let n = layout.info.len();
    vec![
        "Критерий 1 «Открытость и доступность информации об организации» (приказ Минтруда России № 344н; сверяйте с действующей редакцией, в т. ч. изменениями приказа № 408н 2024 г.).".to_string(),
        "Показатель 1.1: Пинф = (Истенд / Инорм стенд + Исайт / Инорм сайт) × 0,5 × 100, где Истенд и Исайт — число сведений, размещённых на информационных стендах в помещении организации и на её официальном сайте, Инорм стенд и Инорм сайт — число сведений, размещение которых установлено нормативными правовыми актами.".to_string(),
        "Часть стенда по сайту определить нельзя: стенды в помещении организации на сайте не видны. socaudit их не оценивает и ничего за них не подставляет. Столбцы «Истенд» и «Инорм стенд» заполняет оператор после посещения организации; до этого столбец «Пинф» пуст.".to_string(),
        format!("Часть сайта: Исайт — число сведений перечня ниже, найденных на сайте (1 в их столбцах); Инорм сайт = {n}. «1.1, часть сайта» = Исайт / Инорм сайт × 100 (от 0 до 100); «вклад сайта в Пинф» = 0,5 × Исайт / Инорм сайт × 100 (не более 50 баллов из 100)."),
        format!("Показатель 1.2: Пдист = Тдист × Сдист, где Тдист = {POINTS_PER_CHANNEL} баллов за каждый дистанционный способ взаимодействия, Сдист — число способов, имеющихся и работающих на сайте; при наличии более трёх способов Пдист = {CHANNEL_CAP} баллов."),
        "Значения в ячейках: 1 — сведения (способ) есть на сайте и доступны; 0 — не найдены на просмотренных страницах сайта, либо найдены, но не работают (ссылка ведёт на несуществующую страницу, страница пуста, документ не открывается); пустая ячейка — проверить не удалось (сайт недоступен, запрет robots.txt, страница формируется только JavaScript, исчерпан лимит проверки). Если хотя бы один пункт не проверен, Исайт и показатель 1.1 не вычисляются; Пдист вычисляется, если проверены все способы или найдено не менее четырёх (тогда он равен 100 при любых остальных).".to_string(),
        "Показатели 1.1 и 1.2 записаны формулами Excel: если оператор исправит 1/0 после ручной проверки или заполнит пустую ячейку, значения пересчитаются. В столбцах «Где найдено» — адрес страницы или документа, где сведения найдены (для неработающих — ссылка, которая не работает).".to_string(),
        "Показатель 1.3 (доля получателей услуг, удовлетворённых открытостью информации) определяется опросом получателей услуг и по сайту не вычисляется.".to_string(),
        "В отчётах socaudit «Открытость, %» — доля всех обязательных требований правил проверки, включая анкету для оценки качества и версию для слабовидящих; здесь 1.1 считается только по перечню сведений ниже, поэтому значения могут различаться.".to_string(),
        format!("Источник: socaudit {}, правила {}, сводка от {}.", summary.tool_version, ruleset_label(summary), summary.generated_at),
    ]
}

/// Writes the sheet: the paragraphs, then the 1.1 items and the 1.2 channels as tables.
pub(super) fn write_notes(
    sheet: &mut Worksheet,
    summary: &SweepSummary,
    layout: &NokLayout,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 60)?;
    let mut row = 0;
    for text in paragraphs(summary, layout) {
        write_text(sheet, row, 0, &text, styles)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "Код", &styles.header)?;
    sheet.write_string_with_format(
        row,
        1,
        "Сведения показателя 1.1 (Инорм сайт)",
        &styles.header,
    )?;
    let reqs = &summary.requirements;
    for &i in &layout.info {
        row += 1;
        write_text(sheet, row, 0, &reqs[i].id.0, styles)?;
        write_text(sheet, row, 1, &reqs[i].title, styles)?;
    }
    row += 2;
    sheet.write_string_with_format(row, 0, "Код", &styles.header)?;
    sheet.write_string_with_format(
        row,
        1,
        "Способ взаимодействия показателя 1.2",
        &styles.header,
    )?;
    for &(i, name) in &layout.channels {
        row += 1;
        write_text(sheet, row, 0, &reqs[i].id.0, styles)?;
        write_text(sheet, row, 1, name, styles)?;
    }
    Ok(())
}
