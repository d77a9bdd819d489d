//! `--format text`: totals side by side, the dependencies that bring async-std in, then the
//! traps first with file:line, then the rest by entry.

use super::{severity, statuses, targets, textual_label};
use crate::report::{Report, StatusCounts, Use};
use crate::runtime::Runtime;
use std::fmt::Write;

/// How many unresolved places are listed (all of them are counted).
const UNRESOLVED_SHOWN: usize = 20;

pub fn text(report: &Report, only: Option<Runtime>) -> String {
    let targets = targets(only);
    let mut out = String::new();
    let t = &report.totals;
    let files = report.uses.iter().map(|u| &u.file).collect::<std::collections::BTreeSet<_>>().len();
    writeln!(
        out,
        "{} async-std uses of {} paths in {} files ({} files analysed; guide: {} -> {} / {})\n",
        t.uses, t.paths, files, report.project.files, report.guide.source, report.guide.tokio, report.guide.smol
    )
    .unwrap();
    totals_table(&mut out, report, &targets);
    // What the project's Cargo.toml must change comes first: a dependency's replacement often
    // decides what the code becomes.
    super::dependencies::text(&mut out, report, &targets);

    let mut traps: Vec<&Use> = report.uses.iter().filter(|u| severity(u, &targets) >= 2).collect();
    traps.sort_by_key(|u| (std::cmp::Reverse(severity(u, &targets)), u.file.clone(), u.line, u.column));
    if !traps.is_empty() {
        writeln!(out, "\nTraps first (different, none, not in the guide yet):").unwrap();
        for u in traps {
            writeln!(out, "  {}:{}:{}  {}{}", u.file, u.line, u.column, u.path, via(u)).unwrap();
            writeln!(out, "      {}", statuses(u, &targets)).unwrap();
            if let Some(url) = &u.guide.url {
                writeln!(out, "      {url}").unwrap();
            }
        }
    }
    let rest: Vec<(&str, Vec<&Use>)> =
        report.by_path().into_iter().filter(|(_, uses)| uses.iter().all(|u| severity(u, &targets) < 2)).collect();
    if !rest.is_empty() {
        writeln!(out, "\nThe rest, by entry:").unwrap();
        for (path, uses) in rest {
            let first = uses[0];
            writeln!(out, "  {path}  ({})", statuses(first, &targets)).unwrap();
            let places: Vec<String> =
                uses.iter().map(|u| format!("{}:{}{}", u.file, u.line, textual_label(u))).collect();
            writeln!(out, "      {}", places.join(", ")).unwrap();
            if let Some(url) = &first.guide.url {
                writeln!(out, "      {url}").unwrap();
            }
        }
    }
    if !report.unresolved.is_empty() {
        writeln!(out, "\n{} places could not be resolved (they may be async-std uses):", report.unresolved.len())
            .unwrap();
        for u in report.unresolved.iter().take(UNRESOLVED_SHOWN) {
            writeln!(out, "  {}:{}:{}  {}  ({})", u.file, u.line, u.column, u.text, u.reason).unwrap();
        }
        if report.unresolved.len() > UNRESOLVED_SHOWN {
            writeln!(
                out,
                "  ... and {} more (--format json lists them all)",
                report.unresolved.len() - UNRESOLVED_SHOWN
            )
            .unwrap();
        }
    }
    if !report.project.limitations.is_empty() {
        writeln!(out, "\nNot seen by this scan:").unwrap();
        for limitation in &report.project.limitations {
            writeln!(out, "  - {limitation}").unwrap();
        }
    }
    out
}

fn totals_table(out: &mut String, report: &Report, targets: &[Runtime]) {
    let counts = |runtime: Runtime| match runtime {
        Runtime::Tokio => &report.totals.tokio,
        Runtime::Smol => &report.totals.smol,
    };
    let header: String = targets.iter().map(|t| format!("{:>8}", t.display())).collect();
    writeln!(out, "{:<22}{header}", "").unwrap();
    type Count = fn(&StatusCounts) -> usize;
    let rows: [(&str, Count); 5] = [
        ("drop-in", |c| c.drop_in),
        ("similar", |c| c.similar),
        ("different", |c| c.different),
        ("none", |c| c.none),
        ("not in the guide yet", |c| c.not_in_guide),
    ];
    for (label, get) in rows {
        let cells: String = targets.iter().map(|&t| format!("{:>8}", get(counts(t)))).collect();
        writeln!(out, "{label:<22}{cells}").unwrap();
    }
}

fn via(u: &Use) -> String {
    let via = u.via_macro.as_ref().map(|m| format!("  (in {m})")).unwrap_or_default();
    format!("{via}{}", textual_label(u))
}
