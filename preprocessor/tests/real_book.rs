//! End-to-end on the real book at the repository root: it builds, every link and anchor
//! resolves, and every documentation URL on the site comes from an inventory row.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// Builds the real book once per test binary run.
fn built() -> &'static Path {
    static OUT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        common::build(repo_root(), out.path());
        out
    })
    .path()
}

#[test]
fn every_map_file_becomes_a_chapter() {
    for entry in std::fs::read_dir(repo_root().join("api-maps")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let stem = path.file_stem().unwrap().to_string_lossy();
            assert!(built().join(format!("api-map/{stem}.html")).is_file(), "no chapter for {}", path.display());
        }
    }
    for page in ["cheat-sheet", "tokio-index", "smol-index", "coverage"] {
        assert!(built().join(format!("api-map/{page}.html")).is_file(), "no {page} page");
    }
}

#[test]
fn task_table_links_spawn_to_both_targets() {
    let task = std::fs::read_to_string(built().join("api-map/task.html")).unwrap();
    let row = task
        .lines()
        .find(|l| l.contains("id=\"row-task-spawn\"") && l.contains("<a href=\"#task-spawn\">"))
        .expect("a table row for task::spawn, with its anchor");
    assert!(row.contains("https://docs.rs/tokio/1.54.1/tokio/task/fn.spawn.html"), "{row}");
    assert!(row.contains("https://docs.rs/smol/2.0.2/smol/fn.spawn.html"), "{row}");
}

#[test]
fn every_link_and_anchor_resolves() {
    assert_eq!(common::broken_links(built(), "/guide/"), Vec::<String>::new());
}

#[test]
fn every_documentation_url_comes_from_an_inventory() {
    let root = repo_root();
    let (inventories, problems) = mdbook_apimap::inventory::load_dir(root, &root.join("inventories"));
    assert_eq!(problems, []);
    // Builds validate only the rows they look up; every committed row must be valid.
    inventories.crates().for_each(|c| c.validate_all());
    assert_eq!(inventories.row_problems(), []);
    let known: BTreeSet<String> = inventories
        .crates()
        .flat_map(|c| c.paths().flat_map(|p| c.get(p)).map(|i| i.url.clone()).collect::<Vec<_>>())
        .filter(|u| !u.is_empty())
        .collect();
    let mut unknown = BTreeSet::new();
    let mut seen = 0;
    for (page, html) in common::html_files(&built().join("api-map")) {
        for href in common::attribute_values(&html, "href") {
            if href.starts_with("https://docs.rs/") || href.starts_with("https://doc.rust-lang.org/") {
                seen += 1;
                if !known.contains(&href) {
                    unknown.insert(format!("{page}: {href}"));
                }
            }
        }
    }
    assert!(seen > 100, "only {seen} documentation links found");
    assert_eq!(unknown, BTreeSet::new());
}
