//! The other guides made with mdbook-apimap (`guides/`): each builds, checks clean, and covers
//! every public path of its source crate. Their examples run in examples-check.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const GUIDES: [&str; 2] = ["once-cell", "lazy-static"];

fn guide(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../guides").join(name)
}

/// Every percentage shown in a text (`100.0%`).
fn percentages(text: &str) -> Vec<&str> {
    text.match_indices('%')
        .filter_map(|(end, _)| {
            let start = text[..end].rfind(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(0, |i| i + 1);
            (start < end).then(|| &text[start..=end])
        })
        .collect()
}

#[test]
fn each_guide_checks_clean_with_full_coverage() {
    for name in GUIDES {
        let bin = || Command::new(env!("CARGO_BIN_EXE_mdbook-apimap"));
        let check = bin().arg("check").arg(guide(name)).output().unwrap();
        let stdout = String::from_utf8_lossy(&check.stdout);
        assert!(check.status.success() && stdout.contains("0 error(s), 0 warning(s)"), "{name}: {stdout}");

        let coverage = bin().args(["coverage", "--json"]).arg(guide(name)).output().unwrap();
        assert!(coverage.status.success(), "{name}: {}", String::from_utf8_lossy(&coverage.stderr));
        let report: serde_json::Value = serde_json::from_slice(&coverage.stdout).unwrap();
        // Counts are keyed by target key: the one target is `std`.
        for module in report["modules"].as_array().unwrap().iter().chain([&report["overall"]]) {
            assert!(module["std"]["total"].as_u64().unwrap() > 0, "{name}: {module}");
            assert_eq!(module["std"]["missing"], 0, "{name}: {module}");
            assert_eq!(module["missing_std"], serde_json::json!([]), "{name}: {module}");
        }
    }
}

#[test]
fn each_guide_builds_with_its_chapters_its_std_index_and_100_percent_coverage() {
    for (name, chapters) in [("once-cell", &["sync", "unsync", "race"][..]), ("lazy-static", &["root"][..])] {
        let out = tempfile::tempdir().unwrap();
        common::build(&guide(name), out.path());
        let html = out.path();
        for page in chapters.iter().map(|c| format!("api-map/{c}.html")).chain(
            ["api-map/cheat-sheet.html", "api-map/std-index.html", "api-map/coverage.html", "introduction.html"]
                .map(String::from),
        ) {
            assert!(html.join(&page).is_file(), "{name}: missing {page}");
        }
        let coverage = std::fs::read_to_string(html.join("api-map/coverage.html")).unwrap();
        let shown = percentages(&coverage);
        assert!(!shown.is_empty() && shown.iter().all(|p| *p == "100.0%"), "{name}: {shown:?}");
        assert_eq!(common::broken_links(html, "/"), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn the_once_cell_guide_links_std_items_to_the_std_docs() {
    let out = tempfile::tempdir().unwrap();
    common::build(&guide("once-cell"), out.path());
    let sync = std::fs::read_to_string(out.path().join("api-map/sync.html")).unwrap();
    assert!(sync.contains("https://doc.rust-lang.org/std/sync/struct.OnceLock.html"), "OnceLock links to std's page");
    assert!(sync.contains("https://docs.rs/once_cell/1.21.4/"), "once_cell paths link to docs.rs");
    let intro = std::fs::read_to_string(out.path().join("introduction.html")).unwrap();
    assert!(intro.contains("href=\"api-map/sync.html#"), "apimap: links of the hand-written chapter are rewritten");
}

#[test]
fn each_guide_commits_its_schema_and_its_maps_point_at_it() {
    for name in GUIDES {
        let text = std::fs::read_to_string(guide(name).join("book.toml")).unwrap();
        let config = mdbook_apimap::config::from_book_toml(&text).unwrap();
        let schema_file = guide(name).join(mdbook_apimap::schema::SCHEMA_PATH);
        let committed = std::fs::read_to_string(&schema_file).unwrap_or_default();
        assert!(
            committed == mdbook_apimap::schema::map_schema(&config),
            "{} is out of date: run `cargo run -p mdbook-apimap -- schema --book guides/{name} > {}`",
            schema_file.display(),
            schema_file.display()
        );
        for map in std::fs::read_dir(guide(name).join("api-maps")).unwrap() {
            let map = map.unwrap().path();
            let first = std::fs::read_to_string(&map).unwrap().lines().next().map(str::to_owned);
            let expected = "# yaml-language-server: $schema=../schema/api-map.schema.json";
            assert_eq!(first.as_deref(), Some(expected), "{}", map.display());
        }
    }
}
