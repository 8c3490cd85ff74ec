//! Joining the outputs of a sharded sweep (`socaudit merge`): the site folders of every shard go
//! into one output folder, and one summary is rebuilt from the shards' `summary.json` files, as if
//! one machine had swept the whole list.
//!
//! [`plan_merge`] decides everything from the summaries alone (pure, testable); [`merge_into`] reads
//! the shards, moves or copies the folders and returns the merged summary for the report writers.

use super::shard::site_key;
use super::{
    InputInfo, InputProblemRecord, RequirementInfo, RequirementTotal, SweepSite, SweepSummary,
    SWEEP_SCHEMA,
};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why shards could not be merged.
#[derive(Debug, Error)]
pub enum MergeError {
    /// No shard folders were given.
    #[error("не указаны папки частей проверки")]
    NoShards,
    /// One folder was given twice.
    #[error("папка {0} указана дважды")]
    SameFolderTwice(PathBuf),
    /// A folder has no `summary.json`.
    #[error("в папке {dir} нет summary.json — {hint}")]
    NotASweep {
        /// The folder.
        dir: PathBuf,
        /// What to do about it.
        hint: String,
    },
    /// A `summary.json` does not parse.
    #[error("{path}: сводка не читается: {reason}")]
    BadSummary {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        reason: String,
    },
    /// Two shards were checked with different rule sets.
    #[error("части проверены разными наборами правил: {first_dir} — «{first}», {other_dir} — «{other}»; объединять можно только части одной проверки")]
    RulesetMismatch {
        /// The first shard.
        first_dir: PathBuf,
        /// Its rule set (`id` версии `version`).
        first: String,
        /// The shard that differs.
        other_dir: PathBuf,
        /// Its rule set.
        other: String,
    },
    /// One site was checked by two shards: they were cut from different lists or shard counts.
    #[error("сайт {url} есть в двух частях — {first_dir} и {other_dir}: части нарезаны из разных списков или с разным числом частей N")]
    DuplicateSite {
        /// The site.
        url: String,
        /// The first shard holding it.
        first_dir: PathBuf,
        /// The second.
        other_dir: PathBuf,
    },
    /// The output folder already has files.
    #[error("папка {0} не пуста: укажите для объединения новую папку --out")]
    OutputNotEmpty(PathBuf),
    /// A file or folder could not be read, copied or moved.
    #[error("{path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

/// A shard's output folder and its summary.
#[derive(Debug, Clone)]
pub struct ShardOutput {
    /// The folder.
    pub dir: PathBuf,
    /// Its `summary.json`.
    pub summary: SweepSummary,
}

/// A site folder to bring into the merged output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderMove {
    /// The folder inside its shard.
    pub from: PathBuf,
    /// Its name in the merged output (the shard's name unless another shard took it).
    pub to: String,
}

/// What a merge produces.
#[derive(Debug, Clone)]
pub struct MergePlan {
    /// The summary of the whole sweep.
    pub summary: SweepSummary,
    /// The site folders to copy or move, one per site that has a folder name.
    pub folders: Vec<FolderMove>,
    /// Things the user should know that do not stop the merge, in Russian.
    pub warnings: Vec<String>,
}

/// Reads the `summary.json` of a shard's output folder.
pub fn read_shard(dir: &Path) -> Result<ShardOutput, MergeError> {
    let path = dir.join("summary.json");
    if !path.is_file() {
        let hint = if dir.join(super::journal::PLAN_FILE).is_file() {
            format!(
                "проверка не завершена; допишите её командой socaudit sweep --resume {}",
                dir.display()
            )
        } else {
            "это не папка результатов socaudit sweep".to_string()
        };
        return Err(MergeError::NotASweep {
            dir: dir.to_path_buf(),
            hint,
        });
    }
    let text = std::fs::read_to_string(&path).map_err(|source| MergeError::Io {
        path: path.clone(),
        source,
    })?;
    let summary: SweepSummary =
        serde_json::from_str(&text).map_err(|e| MergeError::BadSummary {
            path: path.clone(),
            reason: e.to_string(),
        })?;
    if summary.schema != SWEEP_SCHEMA {
        return Err(MergeError::BadSummary {
            path,
            reason: format!("схема {}, ожидается {SWEEP_SCHEMA}", summary.schema),
        });
    }
    Ok(ShardOutput {
        dir: dir.to_path_buf(),
        summary,
    })
}

/// Decides the merged summary and where every site folder goes, from the shards' summaries alone.
pub fn plan_merge(shards: &[ShardOutput]) -> Result<MergePlan, MergeError> {
    let first = shards.first().ok_or(MergeError::NoShards)?;
    check_same_rules(first, shards)?;
    let mut warnings = Vec::new();
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut sites: Vec<(usize, SweepSite)> = Vec::new();
    for (i, shard) in shards.iter().enumerate() {
        for site in &shard.summary.sites {
            let key = url::Url::parse(&site.url)
                .map(|u| site_key(&u))
                .unwrap_or_else(|_| site.url.clone());
            match owner.get(&key) {
                Some(&j) if j != i => {
                    return Err(MergeError::DuplicateSite {
                        url: site.url.clone(),
                        first_dir: shards[j].dir.clone(),
                        other_dir: shard.dir.clone(),
                    })
                }
                _ => owner.insert(key, i),
            };
            sites.push((i, site.clone()));
        }
        if shard.summary.input.rows != first.summary.input.rows {
            warnings.push(format!(
                "в списке части {} {} строк, а части {} — {}: части могли быть нарезаны из разных списков",
                first.dir.display(),
                first.summary.input.rows,
                shard.dir.display(),
                shard.summary.input.rows
            ));
        }
    }
    sites.sort_by(|(_, a), (_, b)| a.row.cmp(&b.row).then_with(|| a.url.cmp(&b.url)));
    let (sites, folders) = assign_folders(shards, sites, &mut warnings);
    let summary = SweepSummary {
        schema: SWEEP_SCHEMA.to_string(),
        generated_at: crate::audit::now_rfc3339(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        ruleset: first.summary.ruleset.clone(),
        requirements: first.summary.requirements.clone(),
        input: merge_input(shards),
        totals: recompute_totals(&first.summary.requirements, &sites),
        sites,
        // The shards ran side by side: the sweep took as long as the slowest one.
        duration_ms: shards
            .iter()
            .map(|s| s.summary.duration_ms)
            .max()
            .unwrap_or(0),
        interrupted: shards.iter().any(|s| s.summary.interrupted),
    };
    Ok(MergePlan {
        summary,
        folders,
        warnings,
    })
}

fn rules_label(s: &SweepSummary) -> String {
    let ids: Vec<&str> = s.requirements.iter().map(|r| r.id.0.as_str()).collect();
    format!(
        "{} версии {} ({} требований: {})",
        s.ruleset.id,
        s.ruleset.version,
        ids.len(),
        ids.join(", ")
    )
}

/// Verdicts of different rule sets (or of differently edited copies of one) are not comparable.
fn check_same_rules(first: &ShardOutput, shards: &[ShardOutput]) -> Result<(), MergeError> {
    let same = |a: &SweepSummary, b: &SweepSummary| {
        // The file hash, when both parts recorded one, catches edited copies of one version.
        a.ruleset.same_rules(&b.ruleset)
            && a.requirements
                .iter()
                .map(|r| &r.id)
                .eq(b.requirements.iter().map(|r| &r.id))
    };
    match shards.iter().find(|s| !same(&first.summary, &s.summary)) {
        Some(other) => Err(MergeError::RulesetMismatch {
            first_dir: first.dir.clone(),
            first: rules_label(&first.summary),
            other_dir: other.dir.clone(),
            other: rules_label(&other.summary),
        }),
        None => Ok(()),
    }
}

/// Keeps each shard's folder name unless an earlier site took it; then `-2`, `-3`… as a sweep does.
fn assign_folders(
    shards: &[ShardOutput],
    sites: Vec<(usize, SweepSite)>,
    warnings: &mut Vec<String>,
) -> (Vec<SweepSite>, Vec<FolderMove>) {
    let mut taken: HashSet<String> = HashSet::new();
    let mut folders = Vec::new();
    let mut rows = Vec::with_capacity(sites.len());
    for (i, mut site) in sites {
        if site.dir.is_empty() {
            rows.push(site);
            continue;
        }
        let mut name = site.dir.clone();
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) {
            name = format!("{}-{n}", site.dir);
            n += 1;
        }
        taken.insert(name.to_lowercase());
        if name != site.dir {
            warnings.push(format!(
                "папка {} из {} переименована в {name}",
                site.dir,
                shards[i].dir.display()
            ));
        }
        folders.push(FolderMove {
            from: shards[i].dir.join(&site.dir),
            to: name.clone(),
        });
        site.dir = name;
        rows.push(site);
    }
    (rows, folders)
}

/// The input of the whole sweep: the list's size, every shard's sites, the problems once each.
fn merge_input(shards: &[ShardOutput]) -> InputInfo {
    let mut problems: Vec<InputProblemRecord> = Vec::new();
    for p in shards.iter().flat_map(|s| &s.summary.input.problems) {
        if !problems
            .iter()
            .any(|q| q.row == p.row && q.value == p.value && q.problem == p.problem)
        {
            problems.push(p.clone());
        }
    }
    problems.sort_by_key(|p| p.row);
    InputInfo {
        source: shards
            .first()
            .map(|s| s.summary.input.source.clone())
            .unwrap_or_default(),
        rows: shards
            .iter()
            .map(|s| s.summary.input.rows)
            .max()
            .unwrap_or(0),
        sites: shards.iter().map(|s| s.summary.input.sites).sum(),
        problems,
    }
}

/// Per requirement, how many of `sites` pass, are partial, fail or are unknown (as a sweep counts).
pub fn recompute_totals(
    requirements: &[RequirementInfo],
    sites: &[SweepSite],
) -> Vec<RequirementTotal> {
    crate::sweep::build::totals(requirements, sites)
}

/// Reads the shards in `dirs`, brings their site folders into `out` (moved when `move_dirs`, else
/// copied) and returns the plan whose summary describes `out`. `out` must be new or empty.
pub fn merge_into(dirs: &[PathBuf], out: &Path, move_dirs: bool) -> Result<MergePlan, MergeError> {
    let mut seen: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
        if seen.contains(&canonical) {
            return Err(MergeError::SameFolderTwice(dir.clone()));
        }
        seen.push(canonical);
    }
    let shards = dirs
        .iter()
        .map(|d| read_shard(d))
        .collect::<Result<Vec<_>, _>>()?;
    let plan = plan_merge(&shards)?;
    prepare_output(out)?;
    for folder in &plan.folders {
        if folder.from.is_dir() {
            bring(&folder.from, &out.join(&folder.to), move_dirs)?;
        }
    }
    Ok(plan)
}

fn prepare_output(out: &Path) -> Result<(), MergeError> {
    let io = |source| MergeError::Io {
        path: out.to_path_buf(),
        source,
    };
    if out.exists() {
        if std::fs::read_dir(out).map_err(io)?.next().is_some() {
            return Err(MergeError::OutputNotEmpty(out.to_path_buf()));
        }
        return Ok(());
    }
    std::fs::create_dir_all(out).map_err(io)
}

/// Renames when moving (falling back to copy + delete across file systems), else copies.
fn bring(from: &Path, to: &Path, move_dirs: bool) -> Result<(), MergeError> {
    if move_dirs && std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    copy_tree(from, to)?;
    if move_dirs {
        std::fs::remove_dir_all(from).map_err(|source| MergeError::Io {
            path: from.to_path_buf(),
            source,
        })?;
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), MergeError> {
    std::fs::create_dir_all(to).map_err(|source| MergeError::Io {
        path: to.to_path_buf(),
        source,
    })?;
    let entries = std::fs::read_dir(from).map_err(|source| MergeError::Io {
        path: from.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| MergeError::Io {
            path: from.to_path_buf(),
            source,
        })?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().map_err(|source| MergeError::Io {
            path: src.clone(),
            source,
        })?;
        if kind.is_dir() {
            copy_tree(&src, &dst)?;
        } else if kind.is_file() {
            std::fs::copy(&src, &dst).map_err(|source| MergeError::Io {
                path: src.clone(),
                source,
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
