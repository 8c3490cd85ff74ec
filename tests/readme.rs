//! The README's examples are real: its rule example loads as a rules file.

#[test]
fn readme_rule_example_is_a_valid_rule() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("```toml\n[[rule]]")
        .expect("README has a rule example");
    let body = &readme[start + "```toml\n".len()..];
    let example = &body[..body.find("```").expect("closed code block")];
    let file =
        format!("[ruleset]\nid = \"readme\"\ntitle = \"README\"\nversion = \"1\"\n\n{example}");
    let rules = socaudit::rules::RuleSet::from_toml_str(&file, "README.md")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rules.rules.len(), 1);
    assert_eq!(rules.rules[0].id.0, "tariffs");
}
