//! The indicator cells of the НОК checklist: Excel formulas over a row's 1/0 cells (so an
//! operator's correction recalculates them), each stored with the value computed in
//! [`super::nok_scores`] for readers that do not recalculate.

use super::nok_scores::{NokLayout, NokValues, CHANNEL_CAP, POINTS_PER_CHANNEL};
use super::nok_xlsx::Columns;
use super::xlsx::{col, Styles};
use rust_xlsxwriter::{column_number_to_name, Format, Formula, RowNum, Worksheet, XlsxError};

/// `H3` for row `row` (0-based) and column `column`.
fn cell(row: RowNum, column: usize) -> String {
    format!("{}{}", column_number_to_name(col(column)), row + 1)
}

/// `H3:AD3`: `count` columns from `first` on row `row`.
fn span(row: RowNum, first: usize, count: usize) -> String {
    format!(
        "{}:{}",
        cell(row, first),
        cell(row, first + count.saturating_sub(1))
    )
}

/// A formula with its value as computed here (so readers that do not recalculate see it).
fn formula(
    sheet: &mut Worksheet,
    row: RowNum,
    column: usize,
    text: String,
    result: Option<f64>,
    format: &Format,
) -> Result<(), XlsxError> {
    let cached = result.map_or(String::new(), |v| v.to_string());
    let f = Formula::new(text).set_result(cached);
    sheet.write_formula_with_format(row, col(column), f, format)?;
    Ok(())
}

/// Исайт, 1.1 (site part), the site's share of Пинф, and Пинф once the operator fills the stand.
pub(super) fn write_formulas_11(
    sheet: &mut Worksheet,
    row: RowNum,
    cols: &Columns,
    layout: &NokLayout,
    values: &NokValues,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let n = layout.info.len();
    let d = cols.derived_11;
    sheet.write_number_with_format(row, col(d + 1), n as f64, &styles.number)?;
    if n == 0 {
        return Ok(());
    }
    let items = span(row, cols.info, n);
    let (present, norm) = (cell(row, d), cell(row, d + 1));
    let present_value = values.info_present.map(|p| p as f64);
    let formulas = [
        (
            d,
            format!(r#"IF(COUNT({items})<{n},"",SUM({items}))"#),
            present_value,
        ),
        (
            d + 2,
            format!(r#"IF({present}="","",{present}/{norm}*100)"#),
            values.site_percent,
        ),
        (
            d + 3,
            format!(r#"IF({present}="","",0.5*{present}/{norm}*100)"#),
            present_value.map(|p| 0.5 * p / n as f64 * 100.0),
        ),
    ];
    for (column, text, result) in formulas {
        formula(sheet, row, column, text, result, &styles.number)?;
    }
    let (stand, stand_norm) = (cell(row, d + 4), cell(row, d + 5));
    let pinf = format!(
        r#"IF(OR({stand}="",{stand_norm}="",{present}=""),"",({stand}/{stand_norm}+{present}/{norm})*0.5*100)"#
    );
    // The stand figures are the operator's: until they are entered Пинф is empty, never guessed.
    formula(sheet, row, d + 6, pinf, None, &styles.number)
}

/// Сдист and Пдист.
pub(super) fn write_formulas_12(
    sheet: &mut Worksheet,
    row: RowNum,
    cols: &Columns,
    layout: &NokLayout,
    values: &NokValues,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let k = layout.channels.len();
    if k == 0 {
        return Ok(());
    }
    let channels = span(row, cols.channels, k);
    let found = cell(row, cols.derived_12);
    let present = values.channels_present as f64;
    formula(
        sheet,
        row,
        cols.derived_12,
        format!("SUM({channels})"),
        Some(present),
        &styles.number,
    )?;
    let (points, cap) = (POINTS_PER_CHANNEL, CHANNEL_CAP);
    let text = format!(
        r#"IF({points}*{found}>={cap},{cap},IF(COUNT({channels})<{k},"",{points}*{found}))"#
    );
    let result = values.channel_points.map(f64::from);
    formula(
        sheet,
        row,
        cols.derived_12 + 1,
        text,
        result,
        &styles.number,
    )
}
