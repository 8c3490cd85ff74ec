//! Fingerprints of a rules file: the SHA-256 of its text, and per rule a short digest of what
//! decides its status (patterns, confirm, document check, severity — not the wording), so that
//! two runs can tell «the site changed» from «the rules changed».

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Keys of a `[[rule]]` that only word the report: changing them changes no status.
pub(crate) const WORDING_KEYS: &[&str] = &["id", "title", "basis", "what", "hint", "fix"];

/// Hex SHA-256 of `text`.
pub fn sha256_hex(text: &str) -> String {
    let hash = Sha256::digest(text.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `[[rule]]` tables of a rules file by id, in file order (the file already validated).
pub fn rule_tables(text: &str) -> Vec<(String, toml::Table)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(file) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let Some(toml::Value::Array(rules)) = file.get("rule") else {
        return Vec::new();
    };
    rules
        .iter()
        .filter_map(|rule| {
            let table = rule.as_table()?;
            let id = table.get("id")?.as_str()?.to_string();
            Some((id, table.clone()))
        })
        .collect()
}

/// A short digest of the keys of `rule` that decide a status (16 hex digits).
pub fn rule_digest(rule: &toml::Table) -> String {
    let deciding: BTreeMap<&String, &toml::Value> = rule
        .iter()
        .filter(|(key, _)| !WORDING_KEYS.contains(&key.as_str()))
        .collect();
    // BTreeMap order and serde_json's output make the same rule give the same text.
    let canonical = serde_json::to_string(&deciding).unwrap_or_default();
    sha256_hex(&canonical)[..16].to_string()
}

/// Digest per rule id of the rules file `text`.
pub fn rule_digests(text: &str) -> BTreeMap<String, String> {
    rule_tables(text)
        .into_iter()
        .map(|(id, table)| (id, rule_digest(&table)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "[ruleset]\nid = \"x\"\ntitle = \"X\"\n\n[[rule]]\nid = \"a\"\ntitle = \"A\"\nseverity = \"mandatory\"\nlink = ['устав']\n";

    #[test]
    fn wording_does_not_change_a_digest_but_a_pattern_does() {
        let base = rule_digests(BASE);
        let reworded = rule_digests(&BASE.replace("title = \"A\"", "title = \"Другое\""));
        let repatterned = rule_digests(&BASE.replace("'устав'", "'устав\\w*'"));
        assert_eq!(base["a"].len(), 16);
        assert_eq!(base, reworded);
        assert_ne!(base, repatterned);
        assert_ne!(sha256_hex(BASE), sha256_hex(&BASE.replace("A\"", "B\"")));
    }
}
