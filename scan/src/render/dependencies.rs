//! The dependency part of each format: per direct dependency that brings async-std in, the
//! ecosystem entry's status, its exact replacement lines, the gist of its note, the link to
//! its section, and the routes.

use super::{dependency_severity, status_label};
use crate::report::{Dependency, DependencyEntry, Report, Route};
use crate::runtime::Runtime;
use serde_json::{Value, json};
use std::fmt::Write;

/// How many routes of one dependency the text lists (JSON has them all).
const ROUTES_SHOWN: usize = 4;

/// `member 0.1.0 -> surf 2.3.2 -> http-client 6.5.3 -> async-std 1.13.2 (feature async-std)`: each
/// hop names the features of the previous crate that switch it on.
pub fn route_line(route: &Route) -> String {
    let hops: Vec<String> = route
        .hops
        .iter()
        .map(|h| {
            let mut hop = format!("{} {}", h.name, h.version);
            if !h.enabled_by.is_empty() {
                hop.push_str(&format!(" (feature {})", h.enabled_by.join(", ")));
            }
            hop
        })
        .collect();
    hops.join(" -> ")
}

/// Members that depend on async-std themselves (their uses are the rest of the report).
fn own(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = report
        .dependency_routes
        .iter()
        .filter(|r| r.hops.len() == 2)
        .map(|r| {
            format!(
                "{} {} depends on {} {} itself",
                r.hops[0].name, r.hops[0].version, r.hops[1].name, r.hops[1].version
            )
        })
        .collect();
    out.dedup();
    out
}

/// The dependencies, traps first (as the uses), then by name.
fn ordered<'r>(report: &'r Report, targets: &[Runtime]) -> Vec<&'r Dependency> {
    let mut out: Vec<&Dependency> = report.dependencies.iter().collect();
    out.sort_by_key(|d| (std::cmp::Reverse(dependency_severity(d, targets)), d.name.clone()));
    out
}

/// `sqlx 0.8.6 (Cargo.toml:15)`.
fn title(d: &Dependency) -> String {
    let places: Vec<String> = d
        .declared_in
        .iter()
        .map(|p| match p.line {
            Some(line) => format!("{}:{line}", p.file),
            None => p.file.clone(),
        })
        .collect();
    format!("{} {} ({})", d.name, d.version, places.join(", "))
}

/// Whose entry answers: the dependency's own, or a deeper crate's.
fn via(d: &Dependency) -> Option<String> {
    let entry = d.entry.as_ref()?;
    (!entry.direct).then(|| format!("no entry for {}; via {} {}, mapped", d.name, entry.krate, entry.version))
}

/// `every build of surf pulls async-std`, or `feature runtime-async-std of sqlx pulls async-std`.
fn pulled_by(entry: &DependencyEntry) -> String {
    match entry.features.as_slice() {
        [] => format!("every build of {} pulls async-std", entry.krate),
        features => format!("feature {} of {} pulls async-std", features.join(", "), entry.krate),
    }
}

fn not_in_guide(d: &Dependency) -> Option<String> {
    (!d.not_in_guide.is_empty()).then(|| format!("not in the guide yet: {} pulls async-std", d.not_in_guide.join(", ")))
}

/// The "Dependencies" section of the text report.
pub fn text(out: &mut String, report: &Report, targets: &[Runtime]) {
    let own = own(report);
    if report.dependencies.is_empty() && own.is_empty() {
        return;
    }
    writeln!(out, "\nDirect dependencies that bring async-std in: {}", report.dependencies.len()).unwrap();
    for d in ordered(report, targets) {
        writeln!(out, "\n  {}", title(d)).unwrap();
        for line in via(d).into_iter().chain(not_in_guide(d)) {
            writeln!(out, "    {line}").unwrap();
        }
        if let Some(entry) = &d.entry {
            writeln!(out, "    {}", pulled_by(entry)).unwrap();
            for &target in targets {
                let option = d.option(target).expect("an entry has both targets");
                writeln!(out, "    {}: {}", target.display(), option.status.as_str()).unwrap();
                for line in option.dependencies.iter().chain(&option.gist) {
                    writeln!(out, "      {line}").unwrap();
                }
            }
            writeln!(out, "    {}", entry.url).unwrap();
        }
        let plural = if d.routes.len() == 1 { "" } else { "s" };
        writeln!(out, "    {} route{plural}:", d.routes.len()).unwrap();
        for &index in d.routes.iter().take(ROUTES_SHOWN) {
            writeln!(out, "      {}", route_line(&report.dependency_routes[index])).unwrap();
        }
        if d.routes.len() > ROUTES_SHOWN {
            writeln!(out, "      ... and {} more (--format json lists them all)", d.routes.len() - ROUTES_SHOWN)
                .unwrap();
        }
    }
    for line in own {
        writeln!(out, "\n  {line}: migrate the uses, then remove it from Cargo.toml").unwrap();
    }
}

/// The task list of the markdown report: one item per direct dependency, with its replacement lines.
pub fn markdown(out: &mut String, report: &Report, targets: &[Runtime], link: &dyn Fn(&str, u32) -> String) {
    for d in ordered(report, targets) {
        let places: Vec<String> = d
            .declared_in
            .iter()
            .map(|p| match p.line {
                Some(line) => format!("[{}:{line}]({})", p.file, link(&p.file, line)),
                None => p.file.clone(),
            })
            .collect();
        let name = match &d.entry {
            Some(entry) => format!("[`{}` {}]({})", d.name, d.version, entry.url),
            None => format!("`{}` {}", d.name, d.version),
        };
        let mut parts = vec![format!("- [ ] {name} ({})", places.join(", "))];
        parts.extend(via(d).into_iter().chain(not_in_guide(d)));
        let mut item = parts.join(": ");
        if d.entry.is_some() {
            for &target in targets {
                let option = d.option(target).expect("an entry has both targets");
                let lines: Vec<String> = option.dependencies.iter().map(|l| format!("`{l}`")).collect();
                let lines = if lines.is_empty() { String::new() } else { format!(": {}", lines.join(" + ")) };
                item.push_str(&format!("\n  - {} **{}**{lines}", target.display(), option.status.as_str()));
            }
        }
        writeln!(out, "{item}").unwrap();
    }
    for line in own(report) {
        writeln!(out, "- [ ] {line}: remove it from Cargo.toml once the uses are migrated").unwrap();
    }
}

/// `Tokio: different reqwest = "0.13.5"; smol: different isahc = "2.0.2"`.
fn statuses(d: &Dependency, targets: &[Runtime]) -> String {
    let mut parts: Vec<String> = via(d).into_iter().chain(not_in_guide(d)).collect();
    if d.entry.is_some() {
        parts.extend(targets.iter().map(|&t| {
            let option = d.option(t);
            let lines = option.map(|o| o.dependencies.join(" + ")).unwrap_or_default();
            format!("{}: {} {lines}", t.display(), status_label(option.map(|o| o.status))).trim_end().to_string()
        }));
    }
    parts.join("; ")
}

fn rule_id(d: &Dependency) -> String {
    format!("dependency/{}", d.name)
}

/// One SARIF rule per direct dependency; its help is the ecosystem entry.
pub fn sarif_rules(report: &Report, targets: &[Runtime], level: fn(u8) -> &'static str) -> Vec<Value> {
    report
        .dependencies
        .iter()
        .map(|d| {
            let mut rule = json!({
                "id": rule_id(d),
                "shortDescription": { "text": format!("{} brings async-std in", d.name) },
                "fullDescription": { "text": statuses(d, targets) },
                "defaultConfiguration": { "level": level(dependency_severity(d, targets)) },
            });
            if let Some(entry) = &d.entry {
                rule["helpUri"] = json!(entry.url);
                rule["help"] = json!({ "text": format!("{}. See {}", statuses(d, targets), entry.url) });
            }
            rule
        })
        .collect()
}

/// One SARIF result per declaration of a direct dependency, at its line in the member's Cargo.toml.
/// `first_rule`: the index of the first dependency rule.
pub fn sarif_results(
    report: &Report,
    targets: &[Runtime],
    first_rule: usize,
    level: fn(u8) -> &'static str,
) -> Vec<Value> {
    let mut out = Vec::new();
    for (index, d) in report.dependencies.iter().enumerate() {
        for place in &d.declared_in {
            let mut location = json!({ "artifactLocation": { "uri": place.file, "uriBaseId": "%SRCROOT%" } });
            if let Some(line) = place.line {
                location["region"] = json!({ "startLine": line });
            }
            out.push(json!({
                "ruleId": rule_id(d),
                "ruleIndex": first_rule + index,
                "level": level(dependency_severity(d, targets)),
                "message": { "text": format!(
                    "`{} {}` brings async-std in ({}): {}",
                    d.name, d.version, place.member, statuses(d, targets)
                ) },
                "locations": [{ "physicalLocation": location }],
            }));
        }
    }
    out
}
