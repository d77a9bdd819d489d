//! `cargo apimap scan`: every async-std use of a project, resolved by rust-analyzer and joined
//! to the entries of the async-std migration guide.
//!
//! [`project`] (cargo metadata, dependency routes) → [`dependencies`] (routes joined to the
//! ecosystem map) → [`engine`] (rust-analyzer: the uses) → [`doctests`] (doc-comment code
//! blocks, by text) → [`guide`] (the built-in maps: the join) → [`report`] (plain data) →
//! [`render`] (formats). [`scan`] strings them together.

pub mod dependencies;
pub mod doctests;
pub mod engine;
pub mod error;
pub mod guide;
pub mod progress;
pub mod project;
pub mod render;
pub mod report;
pub mod runtime;
pub mod scan;

pub use error::ScanError;

/// `--fail-on`: when the command exits with 1, for CI gates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FailOn {
    /// Never.
    #[default]
    None,
    /// A use, or a dependency's way out, that behaves differently, has no equivalent, or is not
    /// in the guide yet.
    Different,
    /// Any async-std use, or async-std anywhere in the dependency graph ("no async-std left").
    Any,
}

impl FailOn {
    pub fn fails(self, report: &report::Report, only: Option<crate::runtime::Runtime>) -> bool {
        let targets = render::targets(only);
        match self {
            FailOn::None => false,
            FailOn::Different => {
                report.uses.iter().any(|u| render::severity(u, &targets) >= 2)
                    || report.dependencies.iter().any(|d| render::dependency_severity(d, &targets) >= 2)
            }
            FailOn::Any => !report.uses.is_empty() || !report.dependency_routes.is_empty(),
        }
    }
}
