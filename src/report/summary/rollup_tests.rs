//! Tests of the roll-ups by region and type: the numbers on the sample sweep worked out by hand,
//! and how they reach summary.json, summary.xlsx and index.html.

use super::rollup::{rollups, GroupTotal, UNSPECIFIED};
use super::sample::*;
use super::tests::{read, written};
use super::xlsx_rollup;
use calamine::{open_workbook, Data, Reader, Xlsx};

fn group<'a>(groups: &'a [GroupTotal], name: &str) -> &'a GroupTotal {
    groups
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("group {name} in {groups:#?}"))
}

#[test]
fn regions_are_ranked_by_the_share_of_mandatory_items_met() {
    // Москва: the compliant site (7 of 7) and the unreachable one (left out of the share);
    // Самарская область: 3 of 7; «+7 Регион»: 0 of 7.
    let r = rollups(&sweep());
    let names: Vec<&str> = r.by_region.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Москва", "Самарская область", "+7 Регион"]);
    let moscow = group(&r.by_region, "Москва");
    assert_eq!(
        (moscow.sites, moscow.unreachable, moscow.compliant),
        (2, 1, 1)
    );
    assert_eq!((moscow.mandatory_met, moscow.mandatory_total), (7, 7));
    assert_eq!(moscow.share_met, Some(1.0));
    let samara = group(&r.by_region, "Самарская область");
    assert_eq!(samara.share_met, Some(3.0 / 7.0));
    let ranks: Vec<Option<usize>> = r.by_region.iter().map(|g| g.rank).collect();
    assert_eq!(ranks, [Some(1), Some(2), Some(3)]);
}

#[test]
fn types_group_the_rows_without_one_as_unspecified() {
    // КЦСОН: the failing site, 3 of 7; no type: compliant 7 + hostile 0 of 14, unreachable out.
    let r = rollups(&sweep());
    let unspecified = group(&r.by_kind, UNSPECIFIED);
    assert_eq!((unspecified.sites, unspecified.unreachable), (3, 1));
    assert_eq!(unspecified.share_met, Some(0.5));
    assert_eq!(unspecified.rank, Some(1));
    assert_eq!(group(&r.by_kind, "КЦСОН").rank, Some(2));
}

#[test]
fn spelling_does_not_split_a_region_and_equal_shares_share_a_rank() {
    let mut summary = sweep();
    summary.sites[0].region = Some("  самарская   ОБЛАСТЬ ".to_string());
    summary.sites[1].region = Some("Самарская область".to_string());
    summary.sites[3].region = Some("Тверская область".to_string());
    summary.sites[3].mandatory_passed = 6;
    summary.sites[2].reachable = true;
    summary.sites[2].region = Some("Алтайский край".to_string());
    summary.sites[2].mandatory_passed = 6;
    let r = rollups(&summary);
    let samara = group(&r.by_region, "самарская ОБЛАСТЬ");
    assert_eq!(samara.sites, 2, "{r:#?}");
    assert_eq!(samara.share_met, Some(10.0 / 14.0));
    let ranks: Vec<(&str, Option<usize>)> = r
        .by_region
        .iter()
        .map(|g| (g.name.as_str(), g.rank))
        .collect();
    assert_eq!(
        ranks,
        [
            ("Алтайский край", Some(1)),
            ("Тверская область", Some(1)),
            ("самарская ОБЛАСТЬ", Some(3))
        ]
    );
}

#[test]
fn requirement_shares_per_region_follow_the_ranking() {
    let r = rollups(&sweep());
    let tariffs = &r.region_requirements[3];
    assert_eq!(tariffs.id, "tariffs");
    // Москва: passes on its one reachable site; Самарская область and «+7 Регион»: fails.
    assert_eq!(tariffs.shares, [Some(1.0), Some(0.0), Some(0.0)]);
    let founder = &r.region_requirements[0];
    assert_eq!(founder.shares, [Some(1.0), Some(1.0), Some(0.0)]);
    assert_eq!(r.region_requirements.len(), sweep().requirements.len());
}

#[test]
fn a_region_with_no_reachable_site_has_no_share_and_no_rank() {
    let mut summary = sweep();
    summary.sites[2].region = Some("Чукотский АО".to_string());
    let r = rollups(&summary);
    let chukotka = group(&r.by_region, "Чукотский АО");
    assert_eq!((chukotka.share_met, chukotka.rank), (None, None));
    assert_eq!(
        r.by_region.last().map(|g| g.name.as_str()),
        Some("Чукотский АО")
    );
    assert_eq!(r.region_requirements[0].shares.last(), Some(&None));
}

#[test]
fn rollups_reach_summary_json_xlsx_and_index_html() {
    let (dir, _) = written();
    let json: serde_json::Value = serde_json::from_str(&read(&dir, "summary.json")).expect("json");
    assert_eq!(json["rollups"]["by_region"][0]["name"], "Москва");
    assert_eq!(json["rollups"]["by_region"][1]["mandatory_met"], 3);
    assert_eq!(json["rollups"]["region_requirements"][3]["shares"][0], 1.0);

    let path = dir.path().join("sweep/summary.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).expect("calamine opens summary.xlsx");
    let regions = book
        .worksheet_range(xlsx_rollup::SHEET_REGIONS)
        .expect("regions sheet");
    assert_eq!(
        regions.get_value((1, 1)),
        Some(&Data::String("Москва".into()))
    );
    assert_eq!(regions.get_value((2, 7)), Some(&Data::Float(3.0 / 7.0)));
    // «+7 Регион» would be a formula to Excel: it stays text.
    assert_eq!(
        regions.get_value((3, 1)),
        Some(&Data::String("+7 Регион".into()))
    );
    let matrix = book
        .worksheet_range(xlsx_rollup::SHEET_MATRIX)
        .expect("matrix sheet");
    assert_eq!(
        matrix.get_value((0, 3)),
        Some(&Data::String("Самарская область".into()))
    );
    assert_eq!(
        matrix.get_value((4, 0)),
        Some(&Data::String("tariffs".into()))
    );
    assert_eq!(matrix.get_value((4, 2)), Some(&Data::Float(1.0)));
    let formulas = book
        .worksheet_formula(xlsx_rollup::SHEET_REGIONS)
        .expect("formulas");
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

    let html = read(&dir, "index.html");
    let section = html
        .find("По регионам и типам учреждений")
        .expect("roll-up section");
    assert!(section < html.find(r#"id="sites-h""#).expect("sites section"));
    assert!(html.contains("<td>Самарская область</td>"));
    assert!(
        html.contains(r#"<td class="num">42,9 %</td>"#),
        "3 of 7 as a share"
    );
    assert!(html.contains("3 из 7 пунктов"));
}

#[test]
fn index_html_escapes_region_names_and_skips_the_section_without_columns() {
    let mut summary = sweep();
    summary.sites[0].region = Some("<img src=x onerror=alert(1)>".to_string());
    let html = super::index_html::render(&summary).expect("renders");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!html.contains("<img src=x"));
    for site in &mut summary.sites {
        site.region = None;
        site.kind = None;
    }
    let html = super::index_html::render(&summary).expect("renders");
    assert!(!html.contains("По регионам и типам учреждений"));
}
