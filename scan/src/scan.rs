//! One scan, from a folder to a report: cargo metadata (the dependency routes, joined to the
//! ecosystem map) → rust-analyzer (the uses) → the guide's join.

use crate::dependencies;
use crate::engine::{self, Findings, load::Sysroot};
use crate::error::ScanError;
use crate::guide::Guide;
use crate::progress::Progress;
use crate::project::{self, FeatureSelection};
use crate::report::{GuideVersions, Project, Report, SCHEMA_VERSION, Totals, Unresolved, Use};
use crate::runtime::Runtime;
use std::path::{Path, PathBuf};

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

pub fn scan(options: &ScanOptions, guide: &Guide) -> Result<Report, ScanError> {
    let manifest = project::manifest(&options.path)?;
    let metadata = project::metadata(&manifest, &options.features)?;
    let root = metadata.workspace_root.clone().into_std_path_buf();
    if !project::has_async_std(&metadata) {
        return Err(ScanError::NoAsyncStd(options.path.clone()));
    }
    let routes = project::async_std_routes(&metadata, MAX_ROUTES);
    let dependencies = dependencies::join(&metadata, &routes, &guide.ecosystem, &guide.site_url);
    let sysroot = Sysroot::discover(&root);
    let findings = if options.dependencies_only { Findings::default() } else { uses(options, guide, &root, &sysroot)? };

    let uses = findings
        .uses
        .into_iter()
        .map(|found| Use {
            file: relative(&root, &found.file),
            line: found.line,
            column: found.column,
            krate: found.krate,
            form: found.form,
            guide: guide.join(&found.path),
            path: found.path,
            via_macro: found.via_macro,
        })
        .collect();
    let unresolved = findings
        .missed
        .into_iter()
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
    Ok(report)
}

/// The uses, from rust-analyzer.
fn uses(options: &ScanOptions, guide: &Guide, root: &Path, sysroot: &Sysroot) -> Result<Findings, ScanError> {
    let progress = Progress::new(options.progress);
    let loaded = engine::load::load(root, &options.features, sysroot, options.build_scripts, &|m| progress.message(&m))
        .map_err(ScanError::Load)?;
    let known = |path: &str| guide.knows(path);
    let findings = engine::scan(&loaded.db, &loaded.vfs, &known, &|done, total, file| {
        progress.files(done, total, &relative(root, Path::new(file)))
    });
    progress.finish();
    if findings.no_async_std {
        return Err(ScanError::NoAsyncStd(options.path.clone()));
    }
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
    out.push("doctests are not analysed".to_string());
    out
}

/// A path relative to the project root, with `/`.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
