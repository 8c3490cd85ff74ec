//! `junit.xml`: the sweep as test results, so a CI job can fail when a site loses a mandatory item.
//!
//! One `<testsuite>` per site (class name = the site's host). To stay small for a national sweep
//! only what needs attention gets its own `<testcase>`; the passing requirements are one case
//! that counts them:
//! - a **mandatory** requirement that is `fail` or `partial` → `<failure type="fail|partial">`
//!   whose text carries the legal basis, the note, the evidence URLs and the site's report;
//! - a **recommended** one that is `fail` or `partial` → `<skipped>`: the law does not demand it,
//!   so it must not turn CI red, but it stays visible in the CI summary (a `<system-out>` is not);
//! - `unknown` → `<skipped message="не определено: …">`: not knowing is neither a failure nor a
//!   crash of the check;
//! - an unreachable site → a single test case with `<error type="unreachable">`.
//!
//! Written by hand with [`escape`], straight into the file one site at a time: the totals come
//! from the sites' statuses, and a site's report is read only while its suite is written.

use super::{host_of, report_rel_path, status_at, ReportLoader, SweepSite, SweepSummary};
use crate::model::{Severity, Status};
use crate::report::{SiteReport, Verdict};
use crate::sweep::RequirementInfo;
use std::io::{self, Write};

/// Evidence URLs quoted in a failure (the report lists them all).
const EVIDENCE_SHOWN: usize = 3;

/// Writes the whole file into `out`.
pub(super) fn write(
    summary: &SweepSummary,
    load: &ReportLoader<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut all = Counts::default();
    for site in &summary.sites {
        all.add(&counts(summary, site));
    }
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    writeln!(
        out,
        "<testsuites name=\"socaudit\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">",
        all.tests,
        all.failures,
        all.errors,
        all.skipped,
        seconds(summary.duration_ms),
    )?;
    for site in &summary.sites {
        suite(summary, site, load).write(out)?;
    }
    out.write_all(b"</testsuites>\n")
}

/// Test cases of a suite by outcome.
#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
        self.skipped += other.skipped;
    }
}

/// The counts of a site's suite, from its statuses alone (no report needed).
fn counts(summary: &SweepSummary, site: &SweepSite) -> Counts {
    if !site.reachable {
        return Counts {
            tests: 1,
            errors: 1,
            ..Counts::default()
        };
    }
    let mut c = Counts::default();
    let mut passed = 0;
    for (i, req) in summary.requirements.iter().enumerate() {
        match (status_at(site, i), req.severity) {
            (Some(Status::Pass), _) => passed += 1,
            // An accepted item does not fail the build until its date.
            (Some(Status::Fail | Status::Partial), Severity::Mandatory)
                if !site.accepted.contains_key(&req.id.0) =>
            {
                c.failures += 1
            }
            _ => c.skipped += 1,
        }
    }
    c.tests = c.failures + c.skipped + usize::from(passed > 0);
    c
}

/// What happened to one test case.
enum Outcome {
    Passed,
    Failure {
        kind: &'static str,
        message: String,
        text: String,
    },
    Skipped(String),
    Error {
        message: String,
    },
}

impl Outcome {
    fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failure { .. })
    }
    fn is_error(&self) -> bool {
        matches!(self, Outcome::Error { .. })
    }
    fn is_skipped(&self) -> bool {
        matches!(self, Outcome::Skipped(_))
    }
}

struct Case {
    name: String,
    outcome: Outcome,
}

struct Suite {
    name: String,
    class: String,
    time: String,
    /// The rule set, as a suite property.
    ruleset: String,
    cases: Vec<Case>,
}

impl Suite {
    fn count(&self, f: fn(&Outcome) -> bool) -> usize {
        self.cases.iter().filter(|c| f(&c.outcome)).count()
    }

    fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">",
            escape(&self.name),
            self.cases.len(),
            self.count(Outcome::is_failure),
            self.count(Outcome::is_error),
            self.count(Outcome::is_skipped),
            self.time,
        )?;
        writeln!(
            out,
            "    <properties><property name=\"ruleset\" value=\"{}\"/></properties>",
            escape(&self.ruleset)
        )?;
        for case in &self.cases {
            write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(&self.class),
                escape(&case.name)
            )?;
            match &case.outcome {
                Outcome::Passed => out.write_all(b"/>\n")?,
                Outcome::Skipped(message) => {
                    writeln!(
                        out,
                        "><skipped message=\"{}\"/></testcase>",
                        escape(message)
                    )?;
                }
                Outcome::Error { message } => {
                    writeln!(
                        out,
                        "><error message=\"{}\" type=\"unreachable\"/></testcase>",
                        escape(message),
                    )?;
                }
                Outcome::Failure {
                    kind,
                    message,
                    text,
                } => {
                    writeln!(
                        out,
                        "><failure message=\"{}\" type=\"{kind}\">{}</failure></testcase>",
                        escape(message),
                        escape_text(text)
                    )?;
                }
            }
        }
        out.write_all(b"  </testsuite>\n")
    }
}

fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// Name of the one case that stands for every passing requirement of a site.
pub(super) fn passed_case_name(passed: usize, total: usize) -> String {
    format!("выполнено требований: {passed} из {total}")
}

fn suite(summary: &SweepSummary, site: &SweepSite, load: &ReportLoader<'_>) -> Suite {
    let name = match site.name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => format!("{name} — {}", site.url),
        _ => site.url.clone(),
    };
    let mut suite = Suite {
        name,
        class: host_of(&site.url),
        time: seconds(site.duration_ms),
        ruleset: super::ruleset_label(summary),
        cases: Vec::new(),
    };
    if !site.reachable {
        let reason = site
            .error
            .as_deref()
            .unwrap_or("не удалось загрузить главную страницу");
        suite.cases.push(Case {
            name: "доступность сайта".to_string(),
            outcome: Outcome::Error {
                message: format!("Сайт недоступен: {reason}"),
            },
        });
        return suite;
    }
    let needs_report = (0..summary.requirements.len())
        .any(|i| !matches!(status_at(site, i), Some(Status::Pass) | None));
    // Only a site with something to explain has its report read.
    let report = if needs_report { load(site) } else { None };
    let details = report_rel_path(&site.dir);
    let mut passed = 0;
    for (i, req) in summary.requirements.iter().enumerate() {
        let verdict = report.as_ref().and_then(|r| find_verdict(r, req));
        let accepted = site.accepted.get(&req.id.0);
        let result = match accepted {
            Some(a) if status_at(site, i) != Some(Status::Pass) => Outcome::Skipped(format!(
                "{}, {}",
                status_at(site, i).map_or("не определено", Status::label_ru),
                a.label_ru()
            )),
            _ => outcome(req, status_at(site, i), verdict, details.as_deref()),
        };
        match result {
            Outcome::Passed => passed += 1,
            outcome => suite.cases.push(Case {
                name: format!("{} — {}", req.id, req.title),
                outcome,
            }),
        }
    }
    if passed > 0 {
        suite.cases.insert(
            0,
            Case {
                name: passed_case_name(passed, summary.requirements.len()),
                outcome: Outcome::Passed,
            },
        );
    }
    suite
}

fn find_verdict<'r>(report: &'r SiteReport, req: &RequirementInfo) -> Option<&'r Verdict> {
    report.requirements.iter().find(|v| v.id == req.id)
}

fn outcome(
    req: &RequirementInfo,
    status: Option<Status>,
    verdict: Option<&Verdict>,
    details: Option<&str>,
) -> Outcome {
    let note = verdict.and_then(|v| v.note.as_deref());
    let with_note = |label: &str| match note {
        Some(note) => format!("{label}: {note}"),
        None => label.to_string(),
    };
    match (status, req.severity) {
        (Some(Status::Pass), _) => Outcome::Passed,
        (None, _) => Outcome::Skipped("не определено: в сводке нет результата".to_string()),
        (Some(Status::Unknown), _) => Outcome::Skipped(with_note("не определено")),
        (Some(status), Severity::Recommended) => {
            Outcome::Skipped(with_note(&format!("рекомендуемое, {}", status.label_ru())))
        }
        (Some(status), Severity::Mandatory) => Outcome::Failure {
            kind: if status == Status::Partial {
                "partial"
            } else {
                "fail"
            },
            message: with_note(status.label_ru()),
            text: failure_text(status, verdict, details),
        },
    }
}

/// What an auditor needs to act on a failure, one labelled line each; what must be published
/// and where sites usually put it are in the site's report, named on the last line.
fn failure_text(status: Status, verdict: Option<&Verdict>, details: Option<&str>) -> String {
    // The test case's name already says which requirement this is.
    let Some(v) = verdict else {
        return format!(
            "{}. Подробности недоступны: отчёт сайта (report.json) не прочитан.\n",
            status.label_ru()
        );
    };
    let mut text = String::new();
    text.push_str(&format!("Основание: {}\n", v.basis));
    if let Some(note) = &v.note {
        text.push_str(&format!("Почему: {note}\n"));
    }
    if let Some(since) = v.since_ru() {
        text.push_str(&format!("С какого дня: {since}\n"));
    }
    if !v.evidence.is_empty() {
        text.push_str("Найдено:\n");
        for e in v.evidence.iter().take(EVIDENCE_SHOWN) {
            text.push_str(&format!("  {} ({})\n", e.url, e.via.label_ru()));
        }
        if v.evidence.len() > EVIDENCE_SHOWN {
            text.push_str(&format!("  и ещё {}\n", v.evidence.len() - EVIDENCE_SHOWN));
        }
    }
    if let Some(path) = details {
        text.push_str(&format!("Подробности: {path}\n"));
    }
    text
}

/// Escapes text for a double-quoted XML attribute: newlines and tabs become references so that
/// they survive attribute-value normalisation.
pub(super) fn escape(input: &str) -> String {
    escape_xml(input, true)
}

/// Escapes text for XML element content; newlines stay as they are, for readable failure text.
fn escape_text(input: &str) -> String {
    escape_xml(input, false)
}

/// Characters XML 1.0 cannot carry at all, not even as references (most C0 controls, U+FFFE,
/// U+FFFF), become U+FFFD: a name pasted from a spreadsheet must not make the file unparsable.
fn escape_xml(input: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
