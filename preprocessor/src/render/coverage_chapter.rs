use super::RenderOptions;
use crate::coverage::{Counts, CoverageReport, ModuleCoverage};

/// The "Coverage" chapter: per module and target, how each public path is covered, and the
/// list of missing paths for contributors to pick from.
pub fn coverage_chapter(report: &CoverageReport, options: &RenderOptions) -> String {
    let mut out = format!("# {}\n\n", options.coverage_title);
    out.push_str(&format!(
        "How much of the public API of {} the maps cover, computed at build time from the inventories. \
         For each target, a path is *explicit* (it has its own entry), *automatic* (a member whose type's \
         equivalent has a member of the same name, checked in the target's inventory), *inherited* (a member \
         of a type with no equivalent), *std* (re-exported from std: keep using std's item), or *missing*.\n\n",
        options.source_label
    ));
    out.push_str("| module | target | paths | explicit | automatic | inherited | std | missing | covered |\n");
    out.push_str("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for module in report.modules.iter().chain(std::iter::once(&report.overall)) {
        let name = if module.module == "all" { "**all**".to_string() } else { format!("`{}`", module.module) };
        for (target, labels) in module.targets.iter().zip(&options.targets) {
            out.push_str(&row(&name, &labels.label, &target.counts));
        }
    }
    out.push('\n');
    let with_gaps: Vec<&ModuleCoverage> = report.modules.iter().filter(|m| m.has_gaps()).collect();
    if with_gaps.is_empty() {
        out.push_str("Nothing is missing.\n");
        return out;
    }
    out.push_str(
        "## Missing paths\n\nPick one, add an entry (see CONTRIBUTING.md), and run `mdbook-apimap check`.\n\n",
    );
    for module in with_gaps {
        for (coverage, labels) in module.targets.iter().zip(&options.targets) {
            let (target, missing) = (&labels.label, &coverage.missing);
            if missing.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "<details>\n<summary><code>{}</code>, {target}: {} missing</summary>\n\n",
                super::html_escape(&module.module),
                missing.len()
            ));
            for path in missing {
                out.push_str(&format!("- `{path}`\n"));
            }
            out.push_str("\n</details>\n\n");
        }
    }
    out
}

fn row(module: &str, target: &str, c: &Counts) -> String {
    format!("| {module} | {target} | {} |\n", cells(c).join(" | "))
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
