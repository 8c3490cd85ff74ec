//! The roll-up part of `index.html`: the rankings by region and by type of institution and the
//! region × requirement shares, pre-worded for the template. A few dozen rows however long the
//! list is, so they are plain table rows (the 10 000 site rows stay in the paged data block).

use super::rollup::{has_groups, rollups, GroupTotal};
use super::{decimal_ru, plural, SweepSummary};
use serde::Serialize;

/// What the template shows under «По регионам и типам учреждений»; `None` when the list had
/// neither a region nor a type column.
#[derive(Serialize)]
pub(super) struct RollupView {
    /// The ranking by region, then by type of institution.
    tables: [GroupTable; 2],
    /// Region names, the columns of the matrix.
    matrix_regions: Vec<String>,
    matrix: Vec<MatrixRow>,
}

#[derive(Serialize)]
struct GroupTable {
    label: &'static str,
    rows: Vec<GroupView>,
}

#[derive(Serialize)]
struct GroupView {
    rank: String,
    name: String,
    sites: usize,
    unreachable: usize,
    compliant: usize,
    met: String,
    share: String,
}

#[derive(Serialize)]
struct MatrixRow {
    id: String,
    title: String,
    cells: Vec<String>,
}

impl RollupView {
    /// The view, or `None` when there is nothing to group by.
    pub(super) fn new(summary: &SweepSummary) -> Option<Self> {
        let r = rollups(summary);
        if !has_groups(&r) {
            return None;
        }
        Some(RollupView {
            tables: [
                GroupTable {
                    label: "Регион",
                    rows: r.by_region.iter().map(GroupView::new).collect(),
                },
                GroupTable {
                    label: "Тип учреждения",
                    rows: r.by_kind.iter().map(GroupView::new).collect(),
                },
            ],
            matrix_regions: r.by_region.iter().map(|g| g.name.clone()).collect(),
            matrix: r
                .region_requirements
                .iter()
                .map(|req| MatrixRow {
                    id: req.id.clone(),
                    title: req.title.clone(),
                    cells: req.shares.iter().map(|s| percent(*s)).collect(),
                })
                .collect(),
        })
    }
}

impl GroupView {
    fn new(g: &GroupTotal) -> Self {
        GroupView {
            rank: g.rank.map_or("—".to_string(), |r| r.to_string()),
            name: g.name.clone(),
            sites: g.sites,
            unreachable: g.unreachable,
            compliant: g.compliant,
            met: format!(
                "{} из {} {}",
                g.mandatory_met,
                g.mandatory_total,
                plural(g.mandatory_total, "пункта", "пунктов", "пунктов")
            ),
            share: percent(g.share_met),
        }
    }
}

/// `57,3 %`, or `—` when there is no share.
fn percent(share: Option<f64>) -> String {
    share.map_or("—".to_string(), |s| {
        format!("{} %", decimal_ru(s * 100.0))
    })
}
