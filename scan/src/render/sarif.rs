//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning. One rule per async-std path (its
//! help is the guide's entry), one result per use at its file, line and column; the level
//! follows the status. Each direct dependency that brings async-std in is a rule too (its help
//! is the ecosystem entry), with a result at its line in the member's Cargo.toml.

use super::{dependencies, severity, statuses, targets};
use crate::report::{Report, Use};
use crate::runtime::Runtime;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub fn sarif(report: &Report, only: Option<Runtime>) -> String {
    let targets = targets(only);
    let groups = report.by_path();
    let index: BTreeMap<&str, usize> = groups.iter().enumerate().map(|(i, (path, _))| (*path, i)).collect();
    let mut rules: Vec<Value> = groups.iter().map(|(path, uses)| rule(path, uses[0], &targets)).collect();
    let mut results: Vec<Value> = report.uses.iter().map(|u| result(u, index[u.path.as_str()], &targets)).collect();
    results.extend(dependencies::sarif_results(report, &targets, rules.len(), level_of));
    rules.extend(dependencies::sarif_rules(report, &targets, level_of));
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "cargo-apimap",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": report.guide.site,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The scanned project's root." } } },
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).expect("SARIF serialises") + "\n"
}

fn rule(path: &str, first: &Use, targets: &[Runtime]) -> Value {
    let mut rule = json!({
        "id": path,
        "shortDescription": { "text": format!("async-std: {path}") },
        "fullDescription": { "text": statuses(first, targets) },
        "defaultConfiguration": { "level": level(first, targets) },
    });
    if let Some(url) = &first.guide.url {
        rule["helpUri"] = json!(url);
        rule["help"] = json!({ "text": format!("{}. See {url}", statuses(first, targets)) });
    }
    rule
}

fn result(u: &Use, rule_index: usize, targets: &[Runtime]) -> Value {
    let mut result = json!({
        "ruleId": u.path,
        "ruleIndex": rule_index,
        "level": level(u, targets),
        "message": { "text": format!("`{}`: {}", u.path, statuses(u, targets)) },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": u.file, "uriBaseId": "%SRCROOT%" },
            "region": { "startLine": u.line, "startColumn": u.column },
        }}],
    });
    if u.textual {
        // Found by text in a doctest, not resolved: a property code scanning keeps and shows.
        result["properties"] = json!({ "textual": true });
    }
    result
}

fn level(u: &Use, targets: &[Runtime]) -> &'static str {
    level_of(severity(u, targets))
}

/// `error` for no equivalent or not in the guide, `warning` for a trap, `note` otherwise.
fn level_of(severity: u8) -> &'static str {
    match severity {
        3.. => "error",
        2 => "warning",
        _ => "note",
    }
}
