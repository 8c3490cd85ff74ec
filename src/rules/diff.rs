//! `socaudit rules diff A B`: what changed between two rules files — requirements added and
//! removed, and per requirement which of title, basis, severity, patterns, confirm, document
//! check changed — in Russian or as JSON (`socaudit/rules-diff/v1`).

use super::digest::rule_tables;
use super::{RuleSet, RulesError};
use crate::report::RulesetInfo;
use serde::Serialize;
use std::collections::HashMap;

/// Schema tag of the JSON form.
pub const RULES_DIFF_SCHEMA: &str = "socaudit/rules-diff/v1";

/// Keys of a `[[rule]]` that hold patterns (matchers), as `docs/rules.md` lists them.
const PATTERN_KEYS: &[&str] = &[
    "link",
    "heading",
    "page_title",
    "url",
    "content",
    "content_anywhere",
    "absence",
    "document",
    "external",
    "iframe",
    "script",
    "control",
    "form",
    "qa",
    "exclude",
];

/// What changed between two rules files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulesDiff {
    /// Always [`RULES_DIFF_SCHEMA`].
    pub schema: String,
    /// The first file.
    pub old: RulesetInfo,
    /// The second file.
    pub new: RulesetInfo,
    /// Requirements only the second file has.
    pub added: Vec<RuleRef>,
    /// Requirements only the first file has.
    pub removed: Vec<RuleRef>,
    /// Requirements in both whose definition differs.
    pub changed: Vec<RuleChange>,
    /// Requirements in both with no difference.
    pub unchanged: usize,
}

/// A requirement by id and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleRef {
    /// Canonical id.
    pub id: String,
    /// Title (in the file that has it; the second file's when both do).
    pub title: String,
}

/// One requirement whose definition differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleChange {
    /// Canonical id and title.
    #[serde(flatten)]
    pub rule: RuleRef,
    /// Parts that changed: `title`, `basis`, `severity`, `patterns`, `confirm`,
    /// `document_check`, `max_age_days`, `what`, `hint`, `fix`, or another key's name.
    pub parts: Vec<String>,
    /// Pattern keys that changed (`link`, `content`, …), when `patterns` is among `parts`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pattern_keys: Vec<String>,
    /// `mandatory → recommended`, when the severity changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Whether a status can change because of it (anything but wording).
    pub decides_status: bool,
}

/// Compares two rules files (both validated first, so a broken one is named with its line).
pub fn diff_rule_files(
    old_text: &str,
    old_name: &str,
    new_text: &str,
    new_name: &str,
) -> Result<RulesDiff, RulesError> {
    let old_set = RuleSet::from_toml_str(old_text, old_name)?;
    let new_set = RuleSet::from_toml_str(new_text, new_name)?;
    let old_rules = rule_tables(old_text);
    let new_rules = rule_tables(new_text);
    let old_by_id: HashMap<&str, &toml::Table> =
        old_rules.iter().map(|(id, t)| (id.as_str(), t)).collect();
    let new_ids: HashMap<&str, ()> = new_rules.iter().map(|(id, _)| (id.as_str(), ())).collect();
    let mut diff = RulesDiff {
        schema: RULES_DIFF_SCHEMA.to_string(),
        // The digests are what `changed` spells out.
        old: RulesetInfo {
            rule_digests: Default::default(),
            ..RulesetInfo::of(&old_set)
        },
        new: RulesetInfo {
            rule_digests: Default::default(),
            ..RulesetInfo::of(&new_set)
        },
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        unchanged: 0,
    };
    for (id, table) in &new_rules {
        match old_by_id.get(id.as_str()) {
            None => diff.added.push(rule_ref(id, table)),
            Some(old) => match compare_rule(id, old, table) {
                Some(change) => diff.changed.push(change),
                None => diff.unchanged += 1,
            },
        }
    }
    diff.removed = old_rules
        .iter()
        .filter(|(id, _)| !new_ids.contains_key(id.as_str()))
        .map(|(id, table)| rule_ref(id, table))
        .collect();
    Ok(diff)
}

fn rule_ref(id: &str, table: &toml::Table) -> RuleRef {
    RuleRef {
        id: id.to_string(),
        title: text_of(table, "title"),
    }
}

fn text_of(table: &toml::Table, key: &str) -> String {
    table
        .get(key)
        .and_then(toml::Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The differences of one rule, or `None` when there are none.
fn compare_rule(id: &str, old: &toml::Table, new: &toml::Table) -> Option<RuleChange> {
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let differs = |key: &str| old.get(key) != new.get(key);
    let pattern_keys: Vec<String> = keys
        .iter()
        .filter(|k| PATTERN_KEYS.contains(&k.as_str()) && differs(k))
        .map(|k| k.to_string())
        .collect();
    let mut parts: Vec<String> = Vec::new();
    if !pattern_keys.is_empty() {
        parts.push("patterns".into());
    }
    for key in keys {
        if key != "id" && !PATTERN_KEYS.contains(&key.as_str()) && differs(key) {
            parts.push(key.clone());
        }
    }
    if parts.is_empty() {
        return None;
    }
    let severity = differs("severity").then(|| {
        format!(
            "{} → {}",
            text_of(old, "severity"),
            text_of(new, "severity")
        )
    });
    let decides_status = parts
        .iter()
        .any(|p| !super::digest::WORDING_KEYS.contains(&p.as_str()));
    Some(RuleChange {
        rule: rule_ref(id, new),
        parts,
        pattern_keys,
        severity,
        decides_status,
    })
}

/// The diff as pretty JSON.
pub fn to_json(diff: &RulesDiff) -> String {
    // Plain strings and numbers: serialising cannot fail.
    serde_json::to_string_pretty(diff).unwrap_or_default()
}

/// The diff in Russian, for the terminal.
pub fn render_text(diff: &RulesDiff) -> String {
    let mut out = format!(
        "Правила: {} ({}) → {} ({})\n",
        diff.old.source,
        diff.old.label_ru(),
        diff.new.source,
        diff.new.label_ru()
    );
    if diff.added.is_empty() && diff.removed.is_empty() && diff.changed.is_empty() {
        out.push_str("Требования не различаются.\n");
        return out;
    }
    let list = |out: &mut String, title: &str, mark: &str, rules: &[RuleRef]| {
        if !rules.is_empty() {
            out.push_str(&format!("{title} ({}):\n", rules.len()));
            for r in rules {
                out.push_str(&format!("  {mark} {} — {}\n", r.id, r.title));
            }
        }
    };
    list(&mut out, "Добавлены требования", "+", &diff.added);
    list(&mut out, "Удалены требования", "−", &diff.removed);
    if !diff.changed.is_empty() {
        out.push_str(&format!("Изменены требования ({}):\n", diff.changed.len()));
        for c in &diff.changed {
            out.push_str(&format!(
                "  ~ {} — {}: {}\n",
                c.rule.id,
                c.rule.title,
                parts_ru(c)
            ));
        }
    }
    out.push_str(&format!("Без изменений: {}\n", diff.unchanged));
    out
}

/// `шаблоны (link, content); обязательность: mandatory → recommended; название`.
fn parts_ru(change: &RuleChange) -> String {
    change
        .parts
        .iter()
        .map(|part| match part.as_str() {
            "patterns" => format!("шаблоны ({})", change.pattern_keys.join(", ")),
            "severity" => format!(
                "обязательность: {}",
                change.severity.clone().unwrap_or_default()
            ),
            "title" => "название".into(),
            "basis" => "правовое основание".into(),
            "confirm" => "подтверждение (confirm)".into(),
            "document_check" => "проверка содержания документов".into(),
            "max_age_days" => "срок актуальности документов".into(),
            "what" => "что должно быть опубликовано".into(),
            "hint" => "подсказка, где искать".into(),
            "fix" => "как исправить".into(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = r#"
[ruleset]
id = "t"
title = "T"
version = "1"

[[rule]]
id = "charter"
title = "Устав"
severity = "mandatory"
basis = "886н"
link = ['устав']

[[rule]]
id = "gone"
title = "Ушедшее"
severity = "mandatory"
link = ['ушло']

[[rule]]
id = "same"
title = "Прежнее"
severity = "recommended"
link = ['прежн']
"#;

    fn new_text() -> String {
        OLD.replace("version = \"1\"", "version = \"2\"")
            .replace(
                "link = ['устав']",
                "link = ['устав\\w*']\ncontent = ['устав учреждения']",
            )
            .replace("basis = \"886н\"", "basis = \"886н п. 3\"")
            .replace(
                "[[rule]]\nid = \"gone\"\ntitle = \"Ушедшее\"\nseverity = \"mandatory\"",
                "[[rule]]\nid = \"added\"\ntitle = \"Новое\"\nseverity = \"recommended\"",
            )
    }

    #[test]
    fn added_removed_and_what_changed() {
        let diff = diff_rule_files(OLD, "a.toml", &new_text(), "b.toml").unwrap();
        assert_eq!(diff.added[0].id, "added");
        assert_eq!(diff.removed[0].id, "gone");
        assert_eq!(diff.unchanged, 1);
        let charter = &diff.changed[0];
        assert_eq!(charter.parts, vec!["patterns", "basis"]);
        assert_eq!(charter.pattern_keys, vec!["content", "link"]);
        assert!(charter.decides_status);
        let text = render_text(&diff);
        assert!(text.contains("+ added — Новое"), "{text}");
        assert!(text.contains("− gone — Ушедшее"), "{text}");
        assert!(
            text.contains("~ charter — Устав: шаблоны (content, link); правовое основание"),
            "{text}"
        );
        let json: serde_json::Value = serde_json::from_str(&to_json(&diff)).unwrap();
        assert_eq!(json["schema"], RULES_DIFF_SCHEMA);
        assert_eq!(json["changed"][0]["id"], "charter");
        assert_eq!(json["old"]["version"], "1");
    }

    #[test]
    fn wording_alone_does_not_decide_a_status_and_a_broken_file_is_named() {
        let reworded = OLD.replace("title = \"Устав\"", "title = \"Устав учреждения\"");
        let diff = diff_rule_files(OLD, "a.toml", &reworded, "b.toml").unwrap();
        assert!(!diff.changed[0].decides_status);
        assert_eq!(render_text(&diff).lines().count(), 4);
        let same = diff_rule_files(OLD, "a.toml", OLD, "a.toml").unwrap();
        assert!(render_text(&same).contains("Требования не различаются."));
        let err = diff_rule_files(OLD, "a.toml", "[ruleset\n", "b.toml").unwrap_err();
        assert!(err.to_string().contains("b.toml:1"), "{err}");
    }
}
