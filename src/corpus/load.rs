//! Reading a corpus folder: `corpus.toml` (the judging date), one fixture site per folder and its
//! `expected.toml` (the auditor's labels). Every error names the file and, where it can, the line.

use crate::fixture_server::{FixtureError, Site};
use crate::model::Status;
use crate::rules::RuleSet;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;
use toml::Spanned;

/// Name of the labels file of a corpus site.
pub const EXPECTED_NAME: &str = "expected.toml";
/// Name of the optional file at the corpus root (the judging date).
pub const CORPUS_FILE: &str = "corpus.toml";

/// A corpus that cannot be used, in one sentence naming the file (and line).
#[derive(Debug, Error)]
pub enum CorpusError {
    /// A folder or file could not be read.
    #[error("{path}: не удалось прочитать: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A TOML file is malformed or says something impossible.
    #[error("{file}:{line}: {message}")]
    Labels {
        /// The file.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A site folder has no `expected.toml`.
    #[error("{0}: нет файла expected.toml с ожидаемыми вердиктами")]
    NoLabels(PathBuf),
    /// The site's files or `_site.toml` could not be loaded.
    #[error("{0}")]
    Site(#[from] FixtureError),
    /// The folder holds no site.
    #[error("{0}: в папке нет ни одного сайта корпуса (папок с expected.toml)")]
    Empty(PathBuf),
}

/// The whole corpus: its sites (sorted by folder name) and the date they are judged on.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The corpus folder.
    pub dir: PathBuf,
    /// `corpus.toml` `today`: the date year-based verdicts are judged on.
    pub today: Option<time::Date>,
    /// The sites.
    pub sites: Vec<CorpusSite>,
}

/// One labelled site.
#[derive(Debug, Clone)]
pub struct CorpusSite {
    /// Folder name, used as the site's name in every output.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
    /// The files to serve.
    pub site: Site,
    /// The labels.
    pub expected: Expected,
}

/// `expected.toml`: the auditor's verdict per requirement id, with notes and site metadata.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    /// `[site]`.
    pub meta: SiteMeta,
    /// `[expected]`: requirement id → verdict.
    pub verdicts: BTreeMap<String, Status>,
    /// `[why]`: requirement id → the auditor's reason.
    pub notes: BTreeMap<String, String>,
    /// Requirement id → line of its verdict in the file (for error messages).
    pub lines: BTreeMap<String, usize>,
    /// The file, as a path for messages.
    pub file: String,
}

/// `[site]` of `expected.toml`: what the site is, and how to serve it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteMeta {
    /// The institution (invented).
    pub name: Option<String>,
    /// The CMS style imitated: `wordpress`, `bitrix`, `joomla`, `ucoz`, `gosweb`, `handmade`, …
    pub cms: Option<String>,
    /// What the site is for in the corpus.
    pub description: Option<String>,
    /// Host name the site is served under (pinned to 127.0.0.1); default: 127.0.0.1 itself.
    pub host: Option<String>,
    /// Start path (default `/`).
    pub start: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpected {
    #[serde(default)]
    site: SiteMeta,
    expected: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    why: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorpus {
    today: Option<Spanned<String>>,
    #[allow(dead_code)]
    description: Option<String>,
}

/// Reads every site folder of `dir` (folders starting with `.` or `_` are skipped).
pub fn load_corpus(dir: &Path) -> Result<Corpus, CorpusError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CorpusError::Io { path, source }
    };
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().to_string());
        if path.is_dir() && name.is_some_and(|n| !n.starts_with('.') && !n.starts_with('_')) {
            folders.push(path);
        }
    }
    folders.sort();
    let mut sites = Vec::new();
    for folder in folders {
        sites.push(load_site(&folder)?);
    }
    if sites.is_empty() {
        return Err(CorpusError::Empty(dir.to_path_buf()));
    }
    Ok(Corpus {
        dir: dir.to_path_buf(),
        today: load_today(dir)?,
        sites,
    })
}

/// Reads one site folder: its files and its `expected.toml`.
pub fn load_site(dir: &Path) -> Result<CorpusSite, CorpusError> {
    let file = dir.join(EXPECTED_NAME);
    if !file.is_file() {
        return Err(CorpusError::NoLabels(dir.to_path_buf()));
    }
    let text = std::fs::read_to_string(&file).map_err(|source| CorpusError::Io {
        path: file.clone(),
        source,
    })?;
    let expected = parse_expected(&file.display().to_string(), &text)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    Ok(CorpusSite {
        name,
        dir: dir.to_path_buf(),
        site: Site::from_dir(dir)?,
        expected,
    })
}

/// Parses the text of an `expected.toml`; `file` names it in errors.
pub fn parse_expected(file: &str, text: &str) -> Result<Expected, CorpusError> {
    let raw: RawExpected = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let mut out = Expected {
        meta: raw.site,
        file: file.to_string(),
        ..Expected::default()
    };
    for (id, value) in raw.expected {
        let line = line_of(text, value.span().start);
        let status = parse_status(value.get_ref()).ok_or_else(|| CorpusError::Labels {
            file: file.to_string(),
            line,
            message: format!(
                "«{id}»: вердикт «{}» неизвестен (ожидается pass, partial, fail или unknown)",
                value.get_ref()
            ),
        })?;
        out.verdicts.insert(id.clone(), status);
        out.lines.insert(id, line);
    }
    for (id, note) in raw.why {
        if !out.verdicts.contains_key(&id) {
            return Err(CorpusError::Labels {
                file: file.to_string(),
                line: line_of(text, note.span().start),
                message: format!("в [why] есть «{id}», которого нет в [expected]"),
            });
        }
        out.notes.insert(id, note.into_inner());
    }
    Ok(out)
}

/// Checks that every labelled id is a requirement of `rules`.
pub fn check_ids(corpus: &Corpus, rules: &RuleSet) -> Result<(), CorpusError> {
    for site in &corpus.sites {
        for id in site.expected.verdicts.keys() {
            if !rules.rules.iter().any(|r| r.id.0 == *id) {
                return Err(CorpusError::Labels {
                    file: site.expected.file.clone(),
                    line: site.expected.lines.get(id).copied().unwrap_or(0),
                    message: format!("требования «{id}» нет в правилах {}", rules.source),
                });
            }
        }
    }
    Ok(())
}

/// `pass` | `partial` | `fail` | `unknown`.
pub fn parse_status(s: &str) -> Option<Status> {
    match s.trim() {
        "pass" => Some(Status::Pass),
        "partial" => Some(Status::Partial),
        "fail" => Some(Status::Fail),
        "unknown" => Some(Status::Unknown),
        _ => None,
    }
}

/// The lower-case name of a status, as labels and baselines write it.
pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Partial => "partial",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
    }
}

fn load_today(dir: &Path) -> Result<Option<time::Date>, CorpusError> {
    let file = dir.join(CORPUS_FILE);
    let Ok(text) = std::fs::read_to_string(&file) else {
        return Ok(None);
    };
    let name = file.display().to_string();
    let raw: RawCorpus = toml::from_str(&text).map_err(|e| toml_error(&name, &text, &e))?;
    let Some(today) = raw.today else {
        return Ok(None);
    };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(today.get_ref().trim(), &format)
        .map(Some)
        .map_err(|_| CorpusError::Labels {
            file: name,
            line: line_of(&text, today.span().start),
            message: format!("today = «{}»: ожидается дата ГГГГ-ММ-ДД", today.get_ref()),
        })
}

fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> CorpusError {
    CorpusError::Labels {
        file: file.to_string(),
        line: e.span().map_or(0, |s| line_of(text, s.start)),
        message: e.message().trim().to_string(),
    }
}

/// 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_labels_notes_and_meta() {
        let text = "[site]\ncms = \"wordpress\"\n\n[expected]\nfounder = \"pass\"\nfaq = \"fail\"\n\n[why]\nfaq = \"нет раздела\"\n";
        let e = parse_expected("x/expected.toml", text).expect("parses");
        assert_eq!(e.meta.cms.as_deref(), Some("wordpress"));
        assert_eq!(e.verdicts["founder"], Status::Pass);
        assert_eq!(e.verdicts["faq"], Status::Fail);
        assert_eq!(e.notes["faq"], "нет раздела");
        assert_eq!(e.lines["faq"], 6);
    }

    #[test]
    fn a_bad_verdict_names_file_and_line() {
        let text = "[expected]\nfounder = \"pass\"\nfaq = \"maybe\"\n";
        let err = parse_expected("s/expected.toml", text).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("s/expected.toml:3:"), "{msg}");
        assert!(msg.contains("maybe"), "{msg}");
    }

    #[test]
    fn broken_toml_and_stray_notes_name_the_line() {
        let err = parse_expected("e.toml", "[expected]\nfounder = pass\n").unwrap_err();
        assert!(err.to_string().starts_with("e.toml:2:"), "{err}");
        let err = parse_expected("e.toml", "[expected]\na = \"pass\"\n[why]\nb = \"x\"\n");
        assert!(err.unwrap_err().to_string().starts_with("e.toml:4:"));
        let err = parse_expected("e.toml", "[expected]\n[site]\nengine = \"x\"\n").unwrap_err();
        assert!(err.to_string().starts_with("e.toml:3:"), "{err}");
    }

    #[test]
    fn unknown_ids_are_refused_with_their_line() {
        let site = Site::from_files(vec![("index.html".into(), b"x".to_vec())]).expect("site");
        let expected = parse_expected(
            "c/a/expected.toml",
            "[expected]\nfounder = \"pass\"\nfoo = \"fail\"\n",
        )
        .expect("parses");
        let corpus = Corpus {
            dir: "c".into(),
            today: None,
            sites: vec![CorpusSite {
                name: "a".into(),
                dir: "c/a".into(),
                site,
                expected,
            }],
        };
        let err = check_ids(&corpus, &RuleSet::builtin()).unwrap_err();
        assert!(err.to_string().starts_with("c/a/expected.toml:3:"), "{err}");
    }
}
