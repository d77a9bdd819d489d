//! One scan, from a folder to a report: cargo metadata (the dependency routes, joined to the
//! ecosystem map) → rust-analyzer (the uses) → the guide's join.

use crate::dependencies;
use crate::doctests;
use crate::engine::{self, Findings, load::Sysroot};
use crate::error::ScanError;
use crate::guide::Guide;
use crate::progress::Progress;
use crate::project::{self, FeatureSelection};
use crate::report::{GuideVersions, Project, Report, SCHEMA_VERSION, Totals, Unresolved, Use};
use crate::runtime::Runtime;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    pub path: PathBuf,
    pub features: FeatureSelection,
    /// Run build scripts and expand proc macros (runs `cargo check`; slower).
    pub build_scripts: bool,
    pub progress: bool,
    /// Only the dependency graph (cargo metadata): no rust-analyzer, no uses. Seconds instead
    /// of minutes on a large project.
    pub dependencies_only: bool,
}

/// At most this many dependency routes are listed.
const MAX_ROUTES: usize = 200;

/// Where a scan's time went (`--timings`), phase by phase.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// `cargo metadata` and the dependency check.
    pub metadata: Duration,
    /// rust-analyzer loading the workspace (cargo metadata again, the crate graph, every file).
    pub load: Duration,
    /// Name resolution of every crate of the graph, dependencies included (on several threads).
    pub crates: Duration,
    /// The engine's passes over the workspace files (type inference, macro expansion).
    pub analysis: Duration,
    /// The syntactic pass over doc-comment code blocks.
    pub doctests: Duration,
    /// Joining the uses to the guide and the dependency routes.
    pub join: Duration,
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = |d: Duration| d.as_secs_f64();
        write!(
            f,
            "metadata {:.2}s, load {:.2}s, crates {:.2}s, analysis {:.2}s, doctests {:.2}s, join {:.2}s",
            s(self.metadata),
            s(self.load),
            s(self.crates),
            s(self.analysis),
            s(self.doctests),
            s(self.join)
        )
    }
}

pub fn scan(options: &ScanOptions, guide: &Guide) -> Result<Report, ScanError> {
    scan_timed(options, guide).map(|(report, _)| report)
}

/// Time since the last lap.
struct Stopwatch(Instant);

impl Stopwatch {
    fn lap(&mut self) -> Duration {
        let elapsed = self.0.elapsed();
        self.0 = Instant::now();
        elapsed
    }
}

/// [`scan`], and where its time went.
pub fn scan_timed(options: &ScanOptions, guide: &Guide) -> Result<(Report, Timings), ScanError> {
    let mut timings = Timings::default();
    let mut clock = Stopwatch(Instant::now());
    let manifest = project::manifest(&options.path)?;
    let metadata = project::metadata(&manifest, &options.features)?;
    let root = metadata.workspace_root.clone().into_std_path_buf();
    if !project::has_async_std(&metadata) {
        return Err(ScanError::NoAsyncStd(options.path.clone()));
    }
    let routes = project::async_std_routes(&metadata, MAX_ROUTES);
    let dependencies = dependencies::join(&metadata, &routes, &guide.ecosystem, &guide.site_url);
    let sysroot = Sysroot::discover(&root);
    timings.metadata = clock.lap();
    let findings = if options.dependencies_only {
        Findings::default()
    } else {
        uses(options, guide, &root, &sysroot, &mut clock, &mut timings)?
    };
    let is_module = |path: &str| guide.is_module(path);
    let packages: Vec<PathBuf> = metadata
        .workspace_packages()
        .iter()
        .filter_map(|p| p.manifest_path.parent().map(|d| d.to_path_buf().into_std_path_buf()))
        .collect();
    // With --dependencies-only the findings are empty, sources included: no doctest is read.
    let in_doctests = doctests::scan(&findings.sources, &packages, &is_module);
    timings.doctests = clock.lap();
    let resolved = findings.uses.into_iter().map(|found| (found, false));
    let textual = in_doctests.uses.into_iter().map(|found| (found, true));
    let mut uses: Vec<Use> = resolved
        .chain(textual)
        .map(|(found, textual)| Use {
            file: relative(&root, &found.file),
            line: found.line,
            column: found.column,
            krate: found.krate,
            form: found.form,
            guide: guide.join(&found.path),
            path: found.path,
            via_macro: found.via_macro,
            textual,
        })
        .collect();
    uses.sort_by(|a, b| (&a.file, a.line, a.column, &a.path).cmp(&(&b.file, b.line, b.column, &b.path)));
    let unresolved = findings
        .missed
        .into_iter()
        .chain(in_doctests.refused)
        .map(|m| Unresolved {
            file: relative(&root, &m.file),
            line: m.line,
            column: m.column,
            text: m.text,
            reason: m.reason,
        })
        .collect();
    let mut members: Vec<String> =
        metadata.workspace_packages().iter().map(|p| format!("{} {}", p.name, p.version)).collect();
    members.sort();
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        tool: format!("cargo-apimap {}", env!("CARGO_PKG_VERSION")),
        guide: GuideVersions {
            source: guide.config.source.label(),
            tokio: guide.config.target(Runtime::Tokio.id()).pinned().label(),
            smol: guide.config.target(Runtime::Smol.id()).pinned().label(),
            site: guide.site_url.clone(),
        },
        project: Project {
            root: options.path.display().to_string(),
            members,
            features: options.features.args(),
            std_sources: sysroot.has_std_sources,
            files: findings.files,
            limitations: limitations(options, &sysroot),
        },
        totals: Totals::default(),
        uses,
        unresolved,
        dependency_routes: routes,
        dependencies,
    };
    report.count();
    timings.join = clock.lap();
    Ok((report, timings))
}

/// The uses, from rust-analyzer; `timings` gets the load and the analysis.
fn uses(
    options: &ScanOptions,
    guide: &Guide,
    root: &Path,
    sysroot: &Sysroot,
    clock: &mut Stopwatch,
    timings: &mut Timings,
) -> Result<Findings, ScanError> {
    let progress = Progress::new(options.progress);
    let loaded = engine::load::load(root, &options.features, sysroot, options.build_scripts, &|m| progress.message(&m))
        .map_err(ScanError::Load)?;
    timings.load = clock.lap();
    let known = |path: &str| guide.knows(path);
    engine::resolve_crates(&loaded.db, &|done, total, name| progress.crates(done, total, name));
    timings.crates = clock.lap();
    let findings = engine::scan(&loaded.db, &loaded.vfs, &known, &|done, total, file| {
        progress.files(done, total, &relative(root, Path::new(file)))
    });
    progress.finish();
    // Freeing rust-analyzer's database (a gigabyte on a large graph) takes seconds: the
    // report does not wait for it.
    std::thread::spawn(move || drop(loaded));
    if findings.no_async_std {
        return Err(ScanError::NoAsyncStd(options.path.clone()));
    }
    timings.analysis = clock.lap();
    Ok(findings)
}

/// What this scan could not see, said plainly.
fn limitations(options: &ScanOptions, sysroot: &Sysroot) -> Vec<String> {
    if options.dependencies_only {
        return vec!["the code was not analysed (--dependencies-only): only the dependency graph".to_string()];
    }
    let mut out = Vec::new();
    if !sysroot.has_std_sources {
        out.push(
            "std sources are missing (`rustup component add rust-src`; the scan never installs anything): \
             method calls on values that come through `.await`, `?` or blanket impls may be unresolved"
                .to_string(),
        );
    }
    if !options.build_scripts {
        out.push(
            "proc macros are not expanded and build-script output is not loaded (use --build-scripts): \
             code generated by them is not seen"
                .to_string(),
        );
    }
    out.push(
        "doctests are matched by text, not resolved (reported as textual): only `async_std::…` paths and \
         paths through a `use async_std::…` of the same code block are found (in doc comments, and in the \
         files `#[doc = include_str!(…)]` includes from inside the package)"
            .to_string(),
    );
    out
}

/// A path relative to the project root, with `/`.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
