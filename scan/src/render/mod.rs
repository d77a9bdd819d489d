//! The report in each format: `text` for the terminal, `markdown` for a tracking issue,
//! `json` for scripts, `sarif` for code scanning. Pure functions, report in, string out.

mod dependencies;
mod markdown;
mod sarif;
mod text;

pub use markdown::markdown;
pub use sarif::sarif;
pub use text::text;

use crate::report::{Dependency, Report, Use};
use crate::runtime::Runtime;
use mdbook_apimap::model::Status;

/// The targets a report speaks about: the one asked for, or both.
pub fn targets(only: Option<Runtime>) -> Vec<Runtime> {
    match only {
        Some(runtime) => vec![runtime],
        None => Runtime::ALL.to_vec(),
    }
}

/// How serious a use is for the targets at hand: not in the guide > none > different >
/// similar > drop-in.
pub fn severity(u: &Use, targets: &[Runtime]) -> u8 {
    targets.iter().map(|&t| status_severity(u.status(t))).max().unwrap_or(0)
}

/// [`severity`] of a dependency's way out: its entry's statuses, and "not in the guide yet" when
/// no entry covers it or one of its routes.
pub fn dependency_severity(d: &Dependency, targets: &[Runtime]) -> u8 {
    if !d.not_in_guide.is_empty() {
        return status_severity(None);
    }
    targets.iter().map(|&t| status_severity(d.option(t).map(|o| o.status))).max().unwrap_or(0)
}

fn status_severity(status: Option<Status>) -> u8 {
    match status {
        None => 4,
        Some(Status::None) => 3,
        Some(Status::Different) => 2,
        Some(Status::Similar) => 1,
        Some(Status::DropIn) => 0,
    }
}

/// `similar`, or `not in the guide yet`.
pub fn status_label(status: Option<Status>) -> &'static str {
    status.map(Status::as_str).unwrap_or("not in the guide yet")
}

/// `Tokio: similar tokio::task::spawn; smol: different smol::spawn`.
pub fn statuses(u: &Use, targets: &[Runtime]) -> String {
    targets
        .iter()
        .map(|&t| {
            let target = u.guide.target(t);
            let paths = if target.paths.is_empty() { String::new() } else { format!(" {}", target.paths.join(", ")) };
            format!("{}: {}{paths}", t.display(), status_label(target.status))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// ` (textual, in a doctest)` for a use found by text in a doc-comment code block.
pub fn textual_label(u: &Use) -> &'static str {
    if u.textual { " (textual, in a doctest)" } else { "" }
}

pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("the report serialises") + "\n"
}
