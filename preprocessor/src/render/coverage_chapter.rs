use super::RenderOptions;
use super::templates::fragment;
use crate::coverage::{Counts, CoverageReport};
use serde_json::json;

/// The "Coverage" chapter: per module and target, how each public path is covered, and the
/// list of missing paths for contributors to pick from.
pub fn coverage_chapter(report: &CoverageReport, options: &RenderOptions) -> String {
    let mut rows = Vec::new();
    for module in report.modules.iter().chain(std::iter::once(&report.overall)) {
        let name = if module.module == "all" { "**all**".to_string() } else { format!("`{}`", module.module) };
        for (target, labels) in module.targets.iter().zip(&options.targets) {
            let [paths, explicit, automatic, inherited, std, missing, covered] = cells(&target.counts);
            rows.push(json!({
                "module": fragment(name.clone()),
                "target": labels.label,
                "paths": paths, "explicit": explicit, "automatic": automatic, "inherited": inherited,
                "std": std, "missing": missing, "covered": covered,
            }));
        }
    }
    let mut gaps = Vec::new();
    for module in report.modules.iter().filter(|m| m.has_gaps()) {
        for (coverage, labels) in module.targets.iter().zip(&options.targets) {
            if coverage.missing.is_empty() {
                continue;
            }
            gaps.push(json!({
                "module": fragment(super::html_escape(&module.module)),
                "target": labels.label,
                "count": coverage.missing.len(),
                "paths": coverage.missing,
            }));
        }
    }
    let data = json!({
        "title": options.coverage_title,
        "source_label": options.source_label,
        "rows": rows,
        "gaps": gaps,
    });
    options.templates.render("coverage-chapter", data)
}

/// The figures of one row, in column order: paths, explicit, automatic, inherited, std,
/// missing, covered.
fn cells(c: &Counts) -> [String; 7] {
    let n = |v: usize| v.to_string();
    [n(c.total), n(c.explicit), n(c.automatic), n(c.inherited), n(c.std), n(c.missing), format!("{:.1}%", c.percent())]
}

/// The same figures as a plain-text table, for the command line.
pub fn coverage_text(report: &CoverageReport) -> String {
    const WIDTHS: [usize; 7] = [6, 9, 10, 10, 5, 8, 8];
    const HEADER: [&str; 7] = ["paths", "explicit", "automatic", "inherited", "std", "missing", "covered"];
    let line = |module: &str, target: &str, cells: [String; 7]| {
        let right: Vec<String> = cells.iter().zip(WIDTHS).map(|(cell, width)| format!("{cell:>width$}")).collect();
        format!("{module:<14} {target:<6} {}\n", right.join(" "))
    };
    let mut out = line("module", "target", HEADER.map(String::from));
    for module in report.modules.iter().chain(std::iter::once(&report.overall)) {
        for target in &module.targets {
            out.push_str(&line(&module.module, &target.key, cells(&target.counts)));
        }
    }
    out
}
