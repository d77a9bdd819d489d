//! The scan report: plain data, serialised as the `json` format (schema in
//! `schema/scan-report.schema.json`) and rendered by the other formats.

use crate::guide::{How, Join};
use crate::runtime::Runtime;
use mdbook_apimap::model::Status;
use schemars::JsonSchema;
use serde::Serialize;

/// Bumped on every incompatible change of the JSON report.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(
    title = "cargo apimap scan: report",
    description = "Every async-std use of a project, mapped to the async-std migration guide."
)]
pub struct Report {
    /// Version of this schema.
    pub schema_version: u32,
    /// `cargo-apimap x.y.z`.
    pub tool: String,
    /// The pinned crates of the guide, e.g. `async-std 1.13.2`.
    pub guide: GuideVersions,
    /// What was scanned, and how.
    pub project: Project,
    /// Uses per target status, over all uses.
    pub totals: Totals,
    /// Every use, sorted by file, line and column.
    pub uses: Vec<Use>,
    /// Places that could be async-std uses but were not resolved: counted, never dropped.
    pub unresolved: Vec<Unresolved>,
    /// Every route by which async-std enters the dependency graph.
    pub dependency_routes: Vec<Route>,
    /// The direct dependencies of the workspace members through which async-std enters, each
    /// joined to the guide's ecosystem map ("Your dependencies"). The project's own dependency
    /// on async-std is not listed: its uses are.
    pub dependencies: Vec<Dependency>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GuideVersions {
    pub source: String,
    pub tokio: String,
    pub smol: String,
    /// The published guide the links point at.
    pub site: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Project {
    /// The workspace root as given on the command line.
    pub root: String,
    /// Workspace members scanned.
    pub members: Vec<String>,
    /// `--features`, `--all-features`, `--no-default-features` as given.
    pub features: Vec<String>,
    /// Whether std sources matching the toolchain were found (`rustup component add rust-src`).
    pub std_sources: bool,
    /// Number of Rust files analysed.
    pub files: usize,
    /// What the scan could not see; empty when nothing was lost.
    pub limitations: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Totals {
    /// All uses.
    pub uses: usize,
    /// Distinct async-std paths used.
    pub paths: usize,
    pub tokio: StatusCounts,
    pub smol: StatusCounts,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct StatusCounts {
    pub drop_in: usize,
    pub similar: usize,
    pub different: usize,
    pub none: usize,
    /// Uses of paths the guide does not cover yet.
    pub not_in_guide: usize,
}

impl StatusCounts {
    pub fn add(&mut self, status: Option<Status>) {
        match status {
            Some(Status::DropIn) => self.drop_in += 1,
            Some(Status::Similar) => self.similar += 1,
            Some(Status::Different) => self.different += 1,
            Some(Status::None) => self.none += 1,
            None => self.not_in_guide += 1,
        }
    }
}

/// How a use is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// A `use` item.
    Import,
    /// A path in an expression, type, pattern, bound or `impl … for`.
    Path,
    /// A method call.
    Method,
    /// A macro call (`task_local!`).
    Macro,
    /// An attribute (`#[async_std::main]`).
    Attribute,
}

/// One use of async-std in the project.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Use {
    /// Relative to the project root, with `/`.
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    /// The crate (target) of the workspace it belongs to.
    #[serde(rename = "crate")]
    pub krate: String,
    pub form: Form,
    /// The async-std public path, as the maps are keyed (`async_std::task::spawn`).
    pub path: String,
    /// The macro of the project whose expansion contains the use, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via_macro: Option<String>,
    /// Found by text in a doc-comment code block (a doctest, which rust-analyzer does not
    /// analyse): the path as written there, not resolved. Absent when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub textual: bool,
    pub guide: Join,
}

impl Use {
    pub fn status(&self, runtime: Runtime) -> Option<Status> {
        self.guide.target(runtime).status
    }

    /// A trap for this target: it behaves differently, has no equivalent, or the guide does not say.
    pub fn is_trap(&self, runtime: Runtime) -> bool {
        matches!(self.status(runtime), Some(Status::Different | Status::None) | None)
    }

    pub fn how(&self, runtime: Runtime) -> How {
        self.guide.target(runtime).how
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Unresolved {
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// The text of the place (shortened).
    pub text: String,
    /// Why it counts as unresolved.
    pub reason: String,
}

/// One route from a workspace member to async-std.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Route {
    /// From the workspace member to async-std.
    pub hops: Vec<Hop>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Hop {
    pub name: String,
    pub version: String,
    /// Features of the previous package that turn on this (optional) dependency.
    pub enabled_by: Vec<String>,
    /// The features of this package that are on.
    pub features: Vec<String>,
}

/// A direct dependency of a workspace member that brings async-std in, and what replaces it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    /// Where the members declare it.
    pub declared_in: Vec<Declaration>,
    /// The routes through it: indices into `dependency_routes`, shortest first.
    pub routes: Vec<usize>,
    /// The ecosystem entry that answers for it: its own, or else that of the crate nearest to
    /// it on its routes; absent when no crate on its routes is in the guide yet.
    pub entry: Option<DependencyEntry>,
    /// Crates on its routes that pull async-std themselves, on a route no entry covers: not in
    /// the guide yet (`name version`).
    pub not_in_guide: Vec<String>,
}

/// A workspace member's manifest line that declares a dependency.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Declaration {
    /// `name version` of the member.
    pub member: String,
    /// Its Cargo.toml, relative to the project root, with `/`.
    pub file: String,
    /// 1-based; absent when the line was not found (a dependency inherited in an unusual way).
    pub line: Option<u32>,
}

/// An entry of the ecosystem map, as it applies to one dependency.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DependencyEntry {
    /// The crate the entry is for.
    #[serde(rename = "crate")]
    pub krate: String,
    /// Its resolved version, which the entry covers.
    pub version: String,
    /// The features of that crate that the entry says pull async-std and that are on; empty when
    /// every build of it pulls async-std.
    pub features: Vec<String>,
    /// `true`: the entry is the dependency's own, so its lines replace yours. `false`: it is for a
    /// crate deeper on the route (your dependency has to stop using that crate, or be replaced).
    pub direct: bool,
    /// The entry's section on the published guide.
    pub url: String,
    pub tokio: DependencyOption,
    pub smol: DependencyOption,
}

/// The entry's way out for one target.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DependencyOption {
    /// `drop-in`, `similar`, `different` or `none` (no way out for this target).
    #[schemars(with = "String")]
    #[serde(serialize_with = "serialize_status")]
    pub status: Status,
    /// The exact `[dependencies]` lines that replace the crate (verified by cargo: they do not
    /// pull async-std); empty for `none`.
    pub dependencies: Vec<String>,
    /// The first sentence of the entry's note, as plain text.
    pub gist: Option<String>,
}

fn serialize_status<S: serde::Serializer>(status: &Status, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.as_str())
}

impl Dependency {
    pub fn option(&self, runtime: Runtime) -> Option<&DependencyOption> {
        self.entry.as_ref().map(|e| match runtime {
            Runtime::Tokio => &e.tokio,
            Runtime::Smol => &e.smol,
        })
    }
}

impl Report {
    /// Recomputes the totals from the uses.
    pub fn count(&mut self) {
        let mut totals = Totals { uses: self.uses.len(), ..Totals::default() };
        let mut paths: Vec<&str> = self.uses.iter().map(|u| u.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        totals.paths = paths.len();
        for u in &self.uses {
            totals.tokio.add(u.status(Runtime::Tokio));
            totals.smol.add(u.status(Runtime::Smol));
        }
        self.totals = totals;
    }

    /// Uses grouped by path (the guide's entries are keyed by path), in path order.
    pub fn by_path(&self) -> Vec<(&str, Vec<&Use>)> {
        let mut groups: std::collections::BTreeMap<&str, Vec<&Use>> = Default::default();
        for u in &self.uses {
            groups.entry(&u.path).or_default().push(u);
        }
        groups.into_iter().collect()
    }
}

/// The JSON schema of the report, as committed under `schema/`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Report);
    serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"
}
