//! End-to-end: a book with one source crate and three targets, built to HTML with mdbook-driver
//! and the preprocessor. Every target gets its column, its reverse index and its coverage.

mod common;

use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/three-targets")
}

#[test]
fn three_targets_get_three_columns_three_indexes_and_three_coverages() {
    let out = tempfile::tempdir().unwrap();
    common::build(&fixture(), out.path());
    let html = out.path();
    let read = |page: &str| std::fs::read_to_string(html.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));

    let chapter = read("api-map/cache.html");
    assert!(chapter.contains("<tr><th>oldlib</th><th>Alpha</th><th>Beta</th><th>Gamma</th></tr>"), "a column each");
    let row = chapter.lines().find(|l| l.contains("id=\"row-cache-fill\"")).expect("a table row for cache::fill");
    assert!(row.contains("https://docs.rs/alpha/1.0.0/alpha/fn.fill.html"), "{row}");
    assert!(row.contains("https://docs.rs/gamma/0.3.0/gamma/fn.populate.html"), "{row}");
    assert!(!row.contains("docs.rs/beta"), "beta has no equivalent of fill: {row}");

    // One reverse index per target, each listing its own crate's paths.
    for (key, path) in [("alpha", "alpha::fill"), ("beta", "beta::store::Store::clear"), ("gamma", "gamma::populate")] {
        let index = read(&format!("api-map/{key}-index.html"));
        assert!(index.contains(path), "{key}-index lists {path}");
    }

    let cheat_sheet = read("api-map/cheat-sheet.html");
    assert!(cheat_sheet.contains("<tr><th>oldlib</th><th>Alpha</th><th>Beta</th><th>Gamma</th></tr>"), "a column each");
    // Cache::len: automatic in alpha and beta (their types have a `len`), missing in gamma.
    let coverage = read("api-map/coverage.html");
    for (label, percent) in [("Alpha", "100.0%"), ("Beta", "100.0%"), ("Gamma", "80.0%")] {
        let row = format!("<td><code>cache</code></td><td>{label}</td>");
        let line = coverage.lines().find(|l| l.contains(&row)).unwrap_or_else(|| panic!("no coverage row {row}"));
        assert!(line.ends_with(&format!(">{percent}</td></tr>")), "{label}: {line}");
    }
    assert!(coverage.contains("<summary><code>cache</code>, Gamma: 1 missing</summary>"), "the missing path, listed");
    assert!(coverage.contains("oldlib::cache::Cache::len"));

    assert_eq!(common::broken_links(html, "/"), Vec::<String>::new());
}
