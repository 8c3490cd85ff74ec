//! The roll-up sheets of `summary.xlsx`: «По регионам» and «По типам учреждений» (groups ranked
//! by the share of mandatory items met) and «Регионы × требования» (per requirement, the share
//! of checked sites meeting it in each region). See [`super::rollup`].

use super::rollup::{rollups, GroupTotal, Rollups};
use super::xlsx::{col, row_of, write_text, Styles};
use super::SweepSummary;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

/// Ranking by region.
pub(super) const SHEET_REGIONS: &str = "По регионам";
/// Ranking by type of institution.
pub(super) const SHEET_KINDS: &str = "По типам учреждений";
/// Requirement × region shares.
pub(super) const SHEET_MATRIX: &str = "Регионы × требования";

/// Adds the three roll-up sheets to `workbook`.
pub(super) fn write_sheets(
    workbook: &mut Workbook,
    summary: &SweepSummary,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let rollups = rollups(summary);
    let sheet = workbook.add_worksheet().set_name(SHEET_REGIONS)?;
    write_groups(sheet, "Регион", &rollups.by_region, styles)?;
    let sheet = workbook.add_worksheet().set_name(SHEET_KINDS)?;
    write_groups(sheet, "Тип учреждения", &rollups.by_kind, styles)?;
    let sheet = workbook.add_worksheet().set_name(SHEET_MATRIX)?;
    write_matrix(sheet, &rollups, styles)
}

fn write_groups(
    sheet: &mut Worksheet,
    what: &str,
    groups: &[GroupTotal],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let headers = [
        ("Место", 8),
        (what, 40),
        ("Сайтов", 9),
        ("Недоступны", 11),
        ("Соответствуют", 14),
        ("Обязательных выполнено", 14),
        ("Обязательных проверено", 14),
        ("Доля выполненных обязательных", 16),
    ];
    for (i, (title, width)) in headers.into_iter().enumerate() {
        sheet.write_string_with_format(0, col(i), title, &styles.header)?;
        sheet.set_column_width(col(i), width)?;
    }
    sheet.set_row_height(0, 45)?;
    for (i, g) in groups.iter().enumerate() {
        let row = row_of(i + 1);
        if let Some(rank) = g.rank {
            sheet.write_number_with_format(row, 0, rank as f64, &styles.number)?;
        }
        write_text(sheet, row, 1, &g.name, styles)?;
        let counts = [
            g.sites,
            g.unreachable,
            g.compliant,
            g.mandatory_met,
            g.mandatory_total,
        ];
        for (j, n) in counts.into_iter().enumerate() {
            sheet.write_number_with_format(row, col(2 + j), n as f64, &styles.number)?;
        }
        if let Some(share) = g.share_met {
            sheet.write_number_with_format(row, 7, share, &styles.share)?;
        }
    }
    sheet.autofilter(0, 0, row_of(groups.len()).max(1), 7)?;
    sheet.set_freeze_panes(1, 2)?;
    Ok(())
}

/// A row per requirement, a column per region (in ranking order), the share in each cell.
fn write_matrix(
    sheet: &mut Worksheet,
    rollups: &Rollups,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, "Код", &styles.header)?;
    sheet.write_string_with_format(0, 1, "Требование", &styles.header)?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 50)?;
    sheet.set_row_height(0, 60)?;
    for (j, region) in rollups.by_region.iter().enumerate() {
        write_text(sheet, 0, col(2 + j), &region.name, styles)?;
        sheet.set_column_width(col(2 + j), 14)?;
    }
    for (i, req) in rollups.region_requirements.iter().enumerate() {
        let row = row_of(i + 1);
        write_text(sheet, row, 0, &req.id, styles)?;
        write_text(sheet, row, 1, &req.title, styles)?;
        for (j, share) in req.shares.iter().enumerate() {
            if let Some(share) = share {
                sheet.write_number_with_format(row, col(2 + j), *share, &styles.share)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 2)?;
    Ok(())
}
