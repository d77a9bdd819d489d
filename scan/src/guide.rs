//! The guide, built in: the maps and inventories of the commit this binary was built from,
//! analysed by the same library as the book, and the join of an async-std path to its entry.

use crate::runtime::Runtime;
use mdbook_apimap::config::ApimapConfig;
use mdbook_apimap::coverage::{self, Covered};
use mdbook_apimap::ecosystem::{self, Ecosystem};
use mdbook_apimap::inventory::{self, Inventories, Item};
use mdbook_apimap::model::Status;
use mdbook_apimap::pipeline::{self, Analysis};
use mdbook_apimap::resolve::ResolvedEntry;
use mdbook_apimap::{config, load};
use std::collections::BTreeMap;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// How a use is covered by the guide, for one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum How {
    /// The path has its own entry.
    Explicit,
    /// A member matched automatically: its type's entry points at a target type with a member of the same name.
    Automatic,
    /// A member of a type that has no equivalent in this target.
    Inherited,
    /// Re-exported from std: keep using std.
    Std,
    /// Not in the guide yet.
    Missing,
}

/// What the guide says about one use, for one target.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct TargetJoin {
    pub how: How,
    /// `drop-in`, `similar`, `different` or `none`; absent when the path is not in the guide yet.
    #[schemars(with = "Option<String>")]
    #[serde(serialize_with = "serialize_status")]
    pub status: Option<Status>,
    /// The equivalent path(s) in this target.
    pub paths: Vec<String>,
}

fn serialize_status<S: serde::Serializer>(status: &Option<Status>, s: S) -> Result<S::Ok, S::Error> {
    match status {
        Some(status) => s.serialize_some(status.as_str()),
        None => s.serialize_none(),
    }
}

/// A use joined to the guide.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Join {
    /// The entry that covers the path (its own, or its type's for members); absent if none.
    pub entry: Option<String>,
    /// The entry's anchor on the published guide.
    pub url: Option<String>,
    pub tokio: TargetJoin,
    pub smol: TargetJoin,
}

impl Join {
    pub fn target(&self, runtime: Runtime) -> &TargetJoin {
        match runtime {
            Runtime::Tokio => &self.tokio,
            Runtime::Smol => &self.smol,
        }
    }
}

pub struct Guide {
    analysis: Analysis,
    inventories: Inventories,
    pub config: ApimapConfig,
    /// The ecosystem map: crates that pull async-std, and what replaces them.
    pub ecosystem: Ecosystem,
    /// Where the book is published, ending in `/`.
    pub site_url: String,
}

impl Guide {
    /// Analyses the built-in maps. They were checked by the book's CI, so their diagnostics
    /// are not repeated here.
    pub fn load() -> Result<Guide, String> {
        let book: toml::Table = embedded::BOOK_TOML.parse().map_err(|e| format!("built-in book.toml: {e}"))?;
        let config = config::from_book_toml(embedded::BOOK_TOML).map_err(|e| format!("built-in {e}"))?;
        if config.target_keys() != Runtime::ALL.map(Runtime::key) {
            return Err(format!(
                "built-in book.toml: the scanner knows the targets {:?}",
                Runtime::ALL.map(Runtime::key)
            ));
        }
        let site_url = site_url(&book);
        let (inventories, problems) = inventory::from_texts(embedded::INVENTORIES.iter().copied());
        let loaded = load::load_texts(embedded::MAPS.iter().copied(), &config.target_keys());
        let analysis = pipeline::analyze_loaded(loaded, &inventories, problems, &config, &BTreeMap::new());
        let (ecosystem, _checked_by_ci) = built_in_ecosystem(&config);
        Ok(Guide { analysis, inventories, config, ecosystem, site_url })
    }

    pub fn entry_count(&self) -> usize {
        self.analysis.book.modules.iter().map(|m| m.entries.len()).sum()
    }

    /// Is this a path the guide knows (an entry, or a public path of async-std's inventory)?
    pub fn knows(&self, path: &str) -> bool {
        self.analysis.index.contains(path) || self.inventory_item(path).is_some()
    }

    /// Is this an async-std module (`async_std::task`)?
    pub fn is_module(&self, path: &str) -> bool {
        let rows = self.inventories.lookup(path);
        !rows.is_empty() && rows.iter().all(|r| r.kind == "mod")
    }

    /// Joins an async-std public path to the guide.
    pub fn join(&self, path: &str) -> Join {
        let entries = self.entries();
        let item = self.inventory_item(path).cloned().or_else(|| self.assumed_member(path, &entries));
        let mut entry = None;
        let targets = Runtime::ALL.map(|runtime| {
            let Some(item) = &item else {
                return TargetJoin { how: How::Missing, status: None, paths: Vec::new() };
            };
            let (covered, auto) = coverage::classify(item, &entries, &self.inventories, runtime.id());
            let parent = path.rsplit_once("::").map(|(parent, _)| parent).unwrap_or_default();
            match covered {
                Covered::Explicit => {
                    entry = Some(path.to_string());
                    let target = entries[path].target(runtime.id());
                    TargetJoin {
                        how: How::Explicit,
                        status: Some(target.status),
                        paths: target.paths.iter().map(|p| p.path.clone()).collect(),
                    }
                }
                Covered::Automatic => {
                    let (parent, link) = auto.expect("an automatic match names its target");
                    let status = entries[parent.as_str()].target(runtime.id()).status;
                    entry.get_or_insert(parent);
                    TargetJoin { how: How::Automatic, status: Some(status), paths: vec![link.path] }
                }
                Covered::Inherited => {
                    entry.get_or_insert(parent.to_string());
                    TargetJoin { how: How::Inherited, status: Some(Status::None), paths: Vec::new() }
                }
                Covered::Std => TargetJoin { how: How::Std, status: Some(Status::DropIn), paths: std_path(item) },
                Covered::Missing => TargetJoin { how: How::Missing, status: None, paths: Vec::new() },
            }
        });
        let url = entry.as_deref().and_then(|e| self.entry_url(e));
        let [tokio, smol] = targets;
        Join { entry, url, tokio, smol }
    }

    /// The published page and anchor of an entry: the same chapter and anchor the book renders.
    pub fn entry_url(&self, entry: &str) -> Option<String> {
        let href = self.analysis.index.href("", entry)?;
        Some(format!("{}{}", self.site_url, href.replacen(".md#", ".html#", 1)))
    }

    fn entries(&self) -> BTreeMap<&str, &ResolvedEntry> {
        self.analysis.book.modules.iter().flat_map(|m| &m.entries).map(|e| (e.path.as_str(), e)).collect()
    }

    fn inventory_item(&self, path: &str) -> Option<&Item> {
        let rows = self.inventories.lookup(path);
        rows.iter().find(|r| !r.doc_hidden && r.kind != "mod").or(rows.first())
    }

    /// A member path the inventory does not list (an inherited trait method written as
    /// `Type::method`) is treated as a member of its type, if the type has an entry.
    fn assumed_member(&self, path: &str, entries: &BTreeMap<&str, &ResolvedEntry>) -> Option<Item> {
        let (parent, name) = path.rsplit_once("::")?;
        let is_member = entries.contains_key(parent) && name.starts_with(|c: char| c.is_ascii_lowercase());
        is_member.then(|| Item { path: path.to_string(), kind: "method".into(), ..Item::default() })
    }
}

/// The ecosystem map of the commit this binary was built from, and its diagnostics.
fn built_in_ecosystem(config: &ApimapConfig) -> (Ecosystem, Vec<mdbook_apimap::diagnostic::Diagnostic>) {
    ecosystem::analyze_texts(
        embedded::ECOSYSTEM.iter().copied(),
        "api-maps/ecosystem.lock.toml",
        Some(embedded::ECOSYSTEM_LOCK),
        config,
    )
}

/// `std::…` for an item async-std re-exports from std (its docs.rs URL names the std page).
fn std_path(item: &Item) -> Vec<String> {
    let rest = item.path.split_once("::").map(|(_, rest)| rest).unwrap_or_default();
    vec![format!("std::{rest}")]
}

/// The published site: `site-url` of book.toml when absolute; a path (`/guide/`) is served
/// by GitHub Pages of the repository's owner.
fn site_url(book: &toml::Table) -> String {
    let html = book.get("output").and_then(|o| o.get("html"));
    let get = |key: &str| html.and_then(|h| h.get(key)).and_then(|v| v.as_str()).unwrap_or_default();
    let mut site = get("site-url").to_string();
    if !site.starts_with("http") {
        let owner = get("git-repository-url").trim_start_matches("https://github.com/").split('/').next();
        site = format!("https://{}.github.io{site}", owner.unwrap_or_default());
    }
    if !site.ends_with('/') {
        site.push('/');
    }
    site
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_explicit_entries_with_their_anchor() {
        let guide = Guide::load().unwrap();
        let join = guide.join("async_std::task::spawn");
        assert_eq!(join.entry.as_deref(), Some("async_std::task::spawn"));
        assert_eq!(join.tokio.how, How::Explicit);
        assert!(join.url.unwrap().ends_with("/api-map/task.html#task-spawn"));
    }

    #[test]
    fn the_ecosystem_map_is_built_in_and_clean() {
        let guide = Guide::load().unwrap();
        let (_, problems) = built_in_ecosystem(&guide.config);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(guide.ecosystem.lookup("surf", "2.3.2").is_some());
    }

    #[test]
    fn unknown_paths_are_not_in_the_guide_yet() {
        let guide = Guide::load().unwrap();
        let join = guide.join("async_std::no::such::thing");
        assert_eq!(join.entry, None);
        assert_eq!((join.tokio.how, join.tokio.status), (How::Missing, None));
    }
}
