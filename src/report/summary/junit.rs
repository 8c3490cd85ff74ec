//! `junit.xml`: the sweep as test results, so a CI job can fail when a site loses a mandatory item.
//!
//! One `<testsuite>` per site, one `<testcase>` per requirement (class name = the site's host):
//! - a **mandatory** requirement that is `fail` or `partial` → `<failure type="fail|partial">`
//!   whose text carries the legal basis, what was looked for, the note and the evidence URLs;
//! - a **recommended** one that is `fail` or `partial` → `<skipped>`: the law does not demand it,
//!   so it must not turn CI red, but it stays visible in the CI summary (a `<system-out>` is not);
//! - `unknown` → `<skipped message="не определено: …">`: not knowing is neither a failure nor a
//!   crash of the check;
//! - an unreachable site → a single test case with `<error type="unreachable">`.
//!
//! Written by hand with [`escape`]: the structure is fixed and tiny, and the escaping rules (XML
//! 1.0 forbids most control characters even as references) are easier to see here than in a
//! writer crate.

use super::{host_of, status_at, ReportLoader, SweepSite, SweepSummary};
use crate::model::{Severity, Status};
use crate::report::{SiteReport, Verdict};
use crate::sweep::RequirementInfo;
use std::fmt::Write as _;

/// The whole file.
pub(super) fn render(summary: &SweepSummary, load: &ReportLoader<'_>) -> String {
    let suites: Vec<Suite> = summary
        .sites
        .iter()
        .map(|site| suite(summary, site, load))
        .collect();
    let sum = |f: fn(&Suite) -> usize| suites.iter().map(f).sum::<usize>();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"socaudit\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">",
        sum(|s| s.cases.len()),
        sum(|s| s.count(Outcome::is_failure)),
        sum(|s| s.count(Outcome::is_error)),
        sum(|s| s.count(Outcome::is_skipped)),
        seconds(summary.duration_ms),
    );
    for suite in &suites {
        suite.write(&mut out);
    }
    out.push_str("</testsuites>\n");
    out
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
    cases: Vec<Case>,
}

impl Suite {
    fn count(&self, f: fn(&Outcome) -> bool) -> usize {
        self.cases.iter().filter(|c| f(&c.outcome)).count()
    }

    fn write(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">",
            escape(&self.name),
            self.cases.len(),
            self.count(Outcome::is_failure),
            self.count(Outcome::is_error),
            self.count(Outcome::is_skipped),
            self.time,
        );
        for case in &self.cases {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(&self.class),
                escape(&case.name)
            );
            match &case.outcome {
                Outcome::Passed => out.push_str("/>\n"),
                Outcome::Skipped(message) => {
                    let _ = writeln!(out, ">\n      <skipped message=\"{}\"/>", escape(message));
                    out.push_str("    </testcase>\n");
                }
                Outcome::Error { message } => {
                    let _ = writeln!(
                        out,
                        ">\n      <error message=\"{}\" type=\"unreachable\">{}</error>",
                        escape(message),
                        escape_text(message)
                    );
                    out.push_str("    </testcase>\n");
                }
                Outcome::Failure {
                    kind,
                    message,
                    text,
                } => {
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"{kind}\">{}</failure>",
                        escape(message),
                        escape_text(text)
                    );
                    out.push_str("    </testcase>\n");
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
}

fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
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
    let report = load(site);
    for (i, req) in summary.requirements.iter().enumerate() {
        let verdict = report.as_ref().and_then(|r| find_verdict(r, req));
        suite.cases.push(Case {
            name: format!("{} — {}", req.id, req.title),
            outcome: outcome(req, status_at(site, i), verdict),
        });
    }
    suite
}

fn find_verdict<'r>(report: &'r SiteReport, req: &RequirementInfo) -> Option<&'r Verdict> {
    report.requirements.iter().find(|v| v.id == req.id)
}

fn outcome(req: &RequirementInfo, status: Option<Status>, verdict: Option<&Verdict>) -> Outcome {
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
            text: failure_text(req, status, verdict),
        },
    }
}

/// Everything an auditor needs to act on a failure, one labelled line each.
fn failure_text(req: &RequirementInfo, status: Status, verdict: Option<&Verdict>) -> String {
    let mut text = format!("{} ({}): {}\n", req.title, req.id, status.label_ru());
    let Some(v) = verdict else {
        text.push_str("Подробности недоступны: отчёт сайта (report.json) не прочитан.\n");
        return text;
    };
    let _ = writeln!(text, "Основание: {}", v.basis);
    let _ = writeln!(text, "Что должно быть: {}", v.what);
    let _ = writeln!(text, "Где обычно размещают: {}", v.hint);
    if let Some(note) = &v.note {
        let _ = writeln!(text, "Почему: {note}");
    }
    if !v.evidence.is_empty() {
        text.push_str("Найдено:\n");
        for e in &v.evidence {
            let _ = writeln!(text, "  {} ({})", e.url, e.via.label_ru());
        }
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
