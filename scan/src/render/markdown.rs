//! `--format markdown`: a checklist to paste into a tracking issue, one task per dependency that
//! brings async-std in and one per entry, with links to the guide and to each `file:line`.

use super::{severity, status_label, targets, textual_label};
use crate::report::{Report, Use};
use crate::runtime::Runtime;
use std::fmt::Write;

/// `source_url`: where the files are browsable (`https://github.com/o/r/blob/<commit>/`), so
/// that `file:line` links work from an issue; relative links otherwise.
pub fn markdown(report: &Report, only: Option<Runtime>, source_url: Option<&str>) -> String {
    let targets = targets(only);
    let names: Vec<&str> = targets.iter().map(|t| t.display()).collect();
    let mut out = String::new();
    writeln!(out, "## Leaving async-std ({})\n", names.join(" or ")).unwrap();
    writeln!(
        out,
        "{} uses of {} async-std paths; guide: {} -> {} / {}.\n",
        report.totals.uses, report.totals.paths, report.guide.source, report.guide.tokio, report.guide.smol
    )
    .unwrap();
    if !report.dependencies.is_empty() {
        writeln!(out, "### Dependencies\n").unwrap();
        super::dependencies::markdown(&mut out, report, &targets, &|file, line| link(file, line, source_url));
        if !report.uses.is_empty() {
            writeln!(out, "\n### Uses\n").unwrap();
        }
    }
    let mut groups = report.by_path();
    groups.sort_by_key(|(path, uses)| {
        (std::cmp::Reverse(uses.iter().map(|u| severity(u, &targets)).max().unwrap_or(0)), path.to_string())
    });
    for (path, uses) in groups {
        let first = uses[0];
        let name = match &first.guide.url {
            Some(url) => format!("[`{path}`]({url})"),
            None => format!("`{path}`"),
        };
        let places: Vec<String> = uses.iter().map(|u| place(u, source_url)).collect();
        writeln!(out, "- [ ] {name}: {}; {}", statuses(first, &targets), places.join(", ")).unwrap();
    }
    if !report.unresolved.is_empty() {
        writeln!(out, "\n{} places could not be resolved; check them by hand:\n", report.unresolved.len()).unwrap();
        for u in &report.unresolved {
            let link = link(&u.file, u.line, source_url);
            writeln!(out, "- [ ] [{}:{}]({link}) `{}` ({})", u.file, u.line, u.text.replace('`', "'"), u.reason)
                .unwrap();
        }
    }
    out
}

fn statuses(u: &Use, targets: &[Runtime]) -> String {
    targets
        .iter()
        .map(|&t| {
            let target = u.guide.target(t);
            let paths: Vec<String> = target.paths.iter().map(|p| format!("`{p}`")).collect();
            let arrow = if paths.is_empty() { String::new() } else { format!(" -> {}", paths.join(", ")) };
            format!("{} **{}**{arrow}", t.display(), status_label(target.status))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn place(u: &Use, source_url: Option<&str>) -> String {
    format!("[{}:{}]({}){}", u.file, u.line, link(&u.file, u.line, source_url), textual_label(u))
}

fn link(file: &str, line: u32, source_url: Option<&str>) -> String {
    let file = file.replace(' ', "%20");
    match source_url {
        Some(base) => format!("{}/{file}#L{line}", base.trim_end_matches('/')),
        None => format!("{file}#L{line}"),
    }
}
