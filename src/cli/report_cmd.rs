//! `socaudit report DIR`: re-renders reports from stored `report.json` files without fetching.

use super::{fail, ReportArgs, EXIT_OK, EXIT_USAGE};
use crate::accepted::AcceptedList;
use crate::report::summary::{write_format, SummaryFormat};
use crate::report::{html, json, letter, write_atomically, SiteReport};
use crate::rules::RuleSet;
use crate::sweep::build::{refresh_accepted, site_row};
use crate::sweep::{summarize_sweep, InputInfo, SweepItem, SweepSite, SweepSummary};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(super) fn run(args: ReportArgs) -> i32 {
    let formats = if args.format.is_empty() {
        all_formats()
    } else {
        args.format.clone()
    };
    let dir = &args.dir;
    if dir.join("report.json").is_file() {
        return single_site(dir, &formats, args.accepted.as_deref());
    }
    let (mut summary, broken) = match load_summary(dir) {
        Ok(s) => s,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let accepted_path = args.accepted.clone().or_else(|| {
        crate::accepted::next_to(&dir.join(crate::accepted::ACCEPTED_FILE))
            .or_else(|| crate::accepted::next_to(Path::new(&summary.input.source)))
    });
    if let Some(path) = accepted_path {
        if let Err(e) = accept_in_sweep(dir, &mut summary, &path) {
            return fail(EXIT_USAGE, e);
        }
    }
    for b in &broken {
        eprintln!("socaudit: пропущен повреждённый отчёт: {b}");
    }
    let loader = |site: &SweepSite| json::read(&dir.join(&site.dir).join("report.json")).ok();
    let mut written = Vec::new();
    for format in &formats {
        if *format == SummaryFormat::Html {
            for site in &summary.sites {
                if let Some(report) = loader(site) {
                    match rerender_site_html(&report, &dir.join(&site.dir)) {
                        Ok(p) => written.push(p),
                        Err(e) => eprintln!("socaudit: {e}"),
                    }
                }
            }
        }
        match write_format(&summary, dir, *format, &loader) {
            Ok(paths) => written.extend(paths),
            Err(e) => return fail(EXIT_USAGE, e),
        }
    }
    for p in &written {
        println!("{}", p.display());
    }
    if broken.is_empty() {
        EXIT_OK
    } else {
        EXIT_USAGE
    }
}

fn all_formats() -> Vec<SummaryFormat> {
    vec![
        SummaryFormat::Html,
        SummaryFormat::Json,
        SummaryFormat::Csv,
        SummaryFormat::Xlsx,
        SummaryFormat::Junit,
        SummaryFormat::Markdown,
    ]
}

/// Applies the accepted items of `path` as of today to every site report of a sweep folder
/// (rewriting the reports that change) and to their summary rows.
fn accept_in_sweep(dir: &Path, summary: &mut SweepSummary, path: &Path) -> Result<(), String> {
    let list = AcceptedList::load(path).map_err(|e| e.to_string())?;
    list.validate(
        summary.sites.iter().map(|s| s.url.as_str()),
        summary.requirements.iter().map(|r| r.id.0.as_str()),
    )
    .map_err(|e| e.to_string())?;
    let today = crate::audit::today();
    for site in &mut summary.sites {
        let report_path = dir.join(&site.dir).join("report.json");
        let Ok(mut report) = json::read(&report_path) else {
            continue;
        };
        if list.apply(&mut report, today) {
            json::write(&report, &report_path).map_err(|e| e.to_string())?;
        }
        refresh_accepted(site, &report);
    }
    Ok(())
}

/// A folder holding one site's report: html, json and the letter.
fn single_site(dir: &Path, formats: &[SummaryFormat], accepted: Option<&Path>) -> i32 {
    let path = dir.join("report.json");
    let mut report = match json::read(&path) {
        Ok(r) => r,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let own = dir.join(crate::accepted::ACCEPTED_FILE);
    let accepted = accepted.or_else(|| own.is_file().then_some(own.as_path()));
    if let Some(list_path) = accepted {
        let applied = AcceptedList::load(list_path).and_then(|list| {
            list.validate(
                [report.site.url.as_str()],
                report.requirements.iter().map(|v| v.id.0.as_str()),
            )?;
            Ok(list.apply(&mut report, crate::audit::today()))
        });
        match applied {
            Ok(true) => {
                if let Err(e) = json::write(&report, &path) {
                    return fail(EXIT_USAGE, e);
                }
            }
            Ok(false) => {}
            Err(e) => return fail(EXIT_USAGE, e),
        }
    }
    for format in formats {
        let result = match format {
            SummaryFormat::Html => rerender_site_html(&report, dir).map(|p| vec![p]),
            SummaryFormat::Json => json::write(&report, &path).map(|_| vec![path.clone()]),
            SummaryFormat::Letter => letter::write_site(&report, None, dir),
            other => {
                return fail(
                    EXIT_USAGE,
                    format!(
                        "для папки одного сайта ({}) доступны форматы html, json и letter, а не {other}",
                        dir.display()
                    ),
                )
            }
        };
        match result {
            Ok(paths) => paths.iter().for_each(|p| println!("{}", p.display())),
            Err(e) => return fail(EXIT_USAGE, e),
        }
    }
    EXIT_OK
}

fn rerender_site_html(
    report: &SiteReport,
    dir: &Path,
) -> Result<PathBuf, crate::report::ReportError> {
    let path = dir.join("report.html");
    write_atomically(&path, html::render(report)?.as_bytes())?;
    Ok(path)
}

/// The stored `summary.json`, or a summary rebuilt from the site folders when there is none.
/// Returns the summary and the report files that could not be read.
fn load_summary(dir: &Path) -> Result<(SweepSummary, Vec<String>), String> {
    let summary_path = dir.join("summary.json");
    if summary_path.is_file() {
        let text = std::fs::read_to_string(&summary_path)
            .map_err(|e| format!("{}: {e}", summary_path.display()))?;
        let summary: SweepSummary =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", summary_path.display()))?;
        return Ok((summary, Vec::new()));
    }
    rebuild_summary(dir)
}

fn rebuild_summary(dir: &Path) -> Result<(SweepSummary, Vec<String>), String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("не удалось прочитать папку {}: {e}", dir.display()))?;
    let mut folders: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("report.json").is_file())
        .collect();
    folders.sort();
    if folders.is_empty() {
        return Err(format!(
            "в папке {} нет ни summary.json, ни папок сайтов с report.json",
            dir.display()
        ));
    }
    let (mut rows, mut broken) = (Vec::new(), Vec::new());
    for (i, folder) in folders.iter().enumerate() {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match json::read(&folder.join("report.json")) {
            Ok(report) => {
                let Ok(url) = url::Url::parse(&report.site.url) else {
                    continue;
                };
                let item = SweepItem {
                    row: i + 1,
                    url,
                    dir: name.clone(),
                    name: None,
                    region: None,
                    inn: None,
                    kind: None,
                };
                rows.push(site_row(
                    &item,
                    &name,
                    &report,
                    Duration::from_millis(report.crawl.duration_ms),
                ));
            }
            Err(e) => broken.push(e.to_string()),
        }
    }
    let rules = RuleSet::builtin();
    let input = InputInfo {
        source: dir.display().to_string(),
        rows: rows.len(),
        sites: rows.len(),
        problems: Vec::new(),
    };
    Ok((
        summarize_sweep(&rules, input, rows, Duration::ZERO, false),
        broken,
    ))
}
