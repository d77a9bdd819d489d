//! The project as cargo sees it: `cargo metadata` (offline: the scanner never downloads), the
//! errors a person can act on, and every route by which async-std enters the dependency graph.

use crate::error::ScanError;
use crate::report::{Hop, Route};
use cargo_metadata::{Metadata, MetadataCommand, Node, Package, PackageId};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// `--features`, `--all-features`, `--no-default-features`, as cargo takes them.
#[derive(Debug, Clone, Default)]
pub struct FeatureSelection {
    pub features: Vec<String>,
    pub all: bool,
    pub no_default: bool,
}

impl FeatureSelection {
    pub fn args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if self.all {
            args.push("--all-features".to_string());
        }
        if self.no_default {
            args.push("--no-default-features".to_string());
        }
        if !self.features.is_empty() {
            args.push(format!("--features={}", self.features.join(",")));
        }
        args
    }
}

/// Finds the manifest of the project: `PATH/Cargo.toml`, or PATH itself if it is a manifest.
pub fn manifest(path: &Path) -> Result<PathBuf, ScanError> {
    let manifest = if path.is_file() { path.to_path_buf() } else { path.join("Cargo.toml") };
    if manifest.is_file() { Ok(manifest) } else { Err(ScanError::NoManifest(path.to_path_buf())) }
}

/// Runs `cargo metadata --offline` with the features asked for.
pub fn metadata(manifest: &Path, features: &FeatureSelection) -> Result<Metadata, ScanError> {
    let mut command = MetadataCommand::new();
    command.manifest_path(manifest);
    let mut other = vec!["--offline".to_string()];
    other.extend(features.args());
    command.other_options(other);
    command.env("RUSTUP_AUTO_INSTALL", "0");
    command.exec().map_err(|err| classify_metadata_error(manifest, &err.to_string()))
}

/// Tells "not fetched yet" (offline, missing from the cache) from other refusals.
fn classify_metadata_error(manifest: &Path, message: &str) -> ScanError {
    let dir = manifest.parent().unwrap_or(manifest).to_path_buf();
    let offline = ["--offline", "offline mode", "failed to download", "not available in the cache"];
    if offline.iter().any(|needle| message.contains(needle)) {
        return ScanError::NotFetched(dir);
    }
    let first = message
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("error:") || l.contains("error"))
        .or_else(|| message.lines().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or("cargo metadata failed");
    ScanError::Metadata(first.trim_start_matches("Error during execution of `cargo metadata`:").trim().to_string())
}

/// Every route from a workspace member to async-std, shortest first, with the features that
/// switch each optional dependency on. At most `limit` routes (a huge graph can have thousands).
pub fn async_std_routes(metadata: &Metadata, limit: usize) -> Vec<Route> {
    let Some(resolve) = &metadata.resolve else { return Vec::new() };
    let graph = Graph {
        nodes: resolve.nodes.iter().map(|n| (&n.id, n)).collect(),
        packages: metadata.packages.iter().map(|p| (&p.id, p)).collect(),
    };
    let mut routes = Vec::new();
    let mut members: Vec<&PackageId> = metadata.workspace_members.iter().collect();
    members.sort_by_key(|id| graph.packages.get(id).map(|p| p.name.to_string()));
    for member in members {
        let mut stack = vec![member];
        graph.walk(member, &mut stack, &mut routes, limit);
    }
    let mut out: Vec<Route> = routes.iter().map(|ids| route(ids, &graph.nodes, &graph.packages)).collect();
    out.sort_by_key(|r| (r.hops.len(), r.hops.iter().map(|h| h.name.clone()).collect::<Vec<_>>()));
    out
}

/// The resolved graph, by package id.
struct Graph<'m> {
    nodes: HashMap<&'m PackageId, &'m Node>,
    packages: HashMap<&'m PackageId, &'m Package>,
}

impl<'m> Graph<'m> {
    fn is_async_std(&self, id: &PackageId) -> bool {
        self.packages.get(id).is_some_and(|p| p.name.as_str() == "async-std")
    }

    /// Depth-first, collecting the simple paths that end at async-std.
    fn walk(
        &self,
        at: &'m PackageId,
        stack: &mut Vec<&'m PackageId>,
        routes: &mut Vec<Vec<&'m PackageId>>,
        limit: usize,
    ) {
        let Some(node) = self.nodes.get(at) else { return };
        let mut below = HashMap::new();
        for dep in &node.deps {
            if routes.len() >= limit {
                return;
            }
            let next = &dep.pkg;
            if stack.contains(&next) || self.switched_off(at, next) {
                continue;
            }
            stack.push(next);
            if self.is_async_std(next) {
                routes.push(stack.clone());
            } else if self.reaches_async_std(next, &mut below) {
                self.walk(next, stack, routes, limit);
            }
            stack.pop();
        }
    }

    /// An edge that `cargo metadata` lists but the build does not have: `child` is only an
    /// optional dependency of `parent`, and no feature of `parent` that is on switches it on
    /// (cargo metadata keeps optional dependencies named by weak features such as `dep?/feat`).
    fn switched_off(&self, parent: &PackageId, child: &PackageId) -> bool {
        let (Some(parent_package), Some(child_package)) = (self.packages.get(parent), self.packages.get(child)) else {
            return false;
        };
        let declared: Vec<_> =
            parent_package.dependencies.iter().filter(|d| d.name == child_package.name.as_str()).collect();
        let optional_only = !declared.is_empty() && declared.iter().all(|d| d.optional);
        optional_only && enabling_features(parent, child_package, &self.nodes, &self.packages).is_empty()
    }

    /// Whether async-std is below a package (memoised).
    fn reaches_async_std(&self, at: &'m PackageId, memo: &mut HashMap<&'m PackageId, bool>) -> bool {
        if let Some(known) = memo.get(at) {
            return *known;
        }
        memo.insert(at, false);
        let Some(node) = self.nodes.get(at) else { return false };
        let found = node.deps.iter().any(|d| {
            !self.switched_off(at, &d.pkg) && (self.is_async_std(&d.pkg) || self.reaches_async_std(&d.pkg, memo))
        });
        memo.insert(at, found);
        found
    }
}

fn route(ids: &[&PackageId], nodes: &HashMap<&PackageId, &Node>, packages: &HashMap<&PackageId, &Package>) -> Route {
    let mut hops = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let Some(package) = packages.get(id) else { continue };
        let features = nodes.get(id).map(|n| n.features.iter().map(|f| f.to_string()).collect()).unwrap_or_default();
        let enabled_by = match i.checked_sub(1).and_then(|p| ids.get(p)) {
            Some(parent) => enabling_features(parent, package, nodes, packages),
            None => Vec::new(),
        };
        hops.push(Hop { name: package.name.to_string(), version: package.version.to_string(), enabled_by, features });
    }
    Route { hops }
}

/// The features of `parent` that are on and turn on its optional dependency on `child`.
fn enabling_features(
    parent: &PackageId,
    child: &Package,
    nodes: &HashMap<&PackageId, &Node>,
    packages: &HashMap<&PackageId, &Package>,
) -> Vec<String> {
    let Some(parent_package) = packages.get(parent) else { return Vec::new() };
    let dependency_names: BTreeSet<String> = parent_package
        .dependencies
        .iter()
        .filter(|d| d.name == child.name.as_str() && d.optional)
        .map(|d| d.rename.clone().unwrap_or_else(|| d.name.clone()))
        .collect();
    if dependency_names.is_empty() {
        return Vec::new();
    }
    let on: BTreeSet<String> =
        nodes.get(parent).map(|n| n.features.iter().map(|f| f.to_string()).collect()).unwrap_or_default();
    let mut out = Vec::new();
    for (feature, enables) in &parent_package.features {
        if !on.contains(feature) {
            continue;
        }
        let switches = enables.iter().any(|e| {
            let target = e.trim_start_matches("dep:");
            let target = target.split_once('/').map(|(d, _)| d.trim_end_matches('?')).unwrap_or(target);
            dependency_names.contains(target) && !e.contains("?/")
        });
        if switches {
            out.push(feature.clone());
        }
    }
    if out.is_empty() && on.iter().any(|f| dependency_names.contains(f)) {
        out.extend(dependency_names.iter().filter(|d| on.contains(*d)).cloned());
    }
    out
}

/// Is async-std anywhere in the resolved graph?
pub fn has_async_std(metadata: &Metadata) -> bool {
    metadata.resolve.as_ref().is_some_and(|r| {
        r.nodes.iter().any(|n| metadata.packages.iter().any(|p| p.id == n.id && p.name.as_str() == "async-std"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_arguments_follow_cargo() {
        let selection = FeatureSelection { features: vec!["a".into(), "b".into()], all: false, no_default: true };
        assert_eq!(selection.args(), ["--no-default-features", "--features=a,b"]);
    }

    #[test]
    fn offline_failures_ask_for_cargo_fetch() {
        let error = classify_metadata_error(
            Path::new("/p/Cargo.toml"),
            "error: failed to download `surf v2.3.2`\nCaused by: attempting to make an HTTP request, but --offline was specified",
        );
        assert!(matches!(error, ScanError::NotFetched(_)));
        let error =
            classify_metadata_error(Path::new("/p/Cargo.toml"), "error: failed to parse manifest at `/p/Cargo.toml`");
        assert!(matches!(error, ScanError::Metadata(m) if m.contains("failed to parse manifest")));
    }
}
