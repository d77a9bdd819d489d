//! The built site as files: theme assets wired in and offline, edit links, the 404 page for
//! GitHub Pages, and page weight. No browser needed.

use site_tests::site;
use std::io::Write;
use std::path::{Path, PathBuf};

fn book() -> &'static Path {
    site::built_book(env!("CARGO_TARGET_TMPDIR"), "output")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn theme_file(name: &str) -> String {
    read(&site::book_root().join("theme").join(name))
}

/// The one file of the output whose name starts with `prefix` and ends with `suffix`
/// (mdBook adds a content hash: `searchindex-da5a6b7c.js`).
fn hashed_file(prefix: &str, suffix: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(book())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().is_some_and(|n| n.starts_with(prefix) && n.ends_with(suffix)))
        .collect();
    assert_eq!(found.len(), 1, "expected one {prefix}*{suffix} in {}: {found:?}", book().display());
    found.pop().unwrap()
}

#[test]
fn every_page_loads_the_theme_css_and_js() {
    for page in ["index.html", "api-map/task.html", "api-map/cheat-sheet.html", "404.html"] {
        let html = read(&book().join(page));
        assert!(html.contains("theme/apimap") && html.contains(".css\""), "{page} lacks theme/apimap.css");
        assert!(html.contains("<script src=") && html.contains("theme/apimap"), "{page} lacks theme/apimap.js");
    }
}

#[test]
fn the_theme_works_offline_and_uses_mdbooks_variables() {
    for name in ["apimap.css", "apimap.js"] {
        let text = theme_file(name);
        // The search's API index is fetched from the site itself (the cheat sheet, by a relative
        // URL), never from elsewhere: no absolute URL in the theme.
        for remote in ["http://", "https://", "url(//", "@import", "XMLHttpRequest"] {
            assert!(!text.contains(remote), "theme/{name} loads something ({remote}): the site must work offline");
        }
    }
    let css = theme_file("apimap.css");
    // Colours come from the theme, so the five mdBook themes all style the badges.
    for variable in [
        "--blockquote-tip-color",
        "--blockquote-note-color",
        "--blockquote-warning-color",
        "--blockquote-caution-color",
        "--fg",
        "--table-header-bg",
    ] {
        assert!(css.contains(&format!("var({variable}")), "apimap.css does not use {variable}");
    }
    assert!(css.contains("@media print"), "apimap.css has no print styles");
}

#[test]
fn item_sections_link_to_their_yaml_line_and_chapters_to_their_source() {
    let task = read(&book().join("api-map/task.html"));
    let edits = task.matches("class=\"apimap-edit\"").count();
    let sections = task.matches("<h2 id=").count();
    assert!(edits > 0 && edits >= sections, "{edits} edit links for {sections} item sections");
    assert!(task.contains("api-maps/task.yaml#L"), "edit links point at a line of api-maps/task.yaml");

    // Hand-written chapters: mdBook's edit button, from [output.html] edit-url-template (the
    // other edit-url-template, with `{line}`, is the preprocessor's).
    let book_toml = read(&site::book_root().join("book.toml"));
    let template = book_toml
        .lines()
        .filter_map(|l| l.strip_prefix("edit-url-template = \"").map(|t| t.trim_end_matches('"')))
        .find(|t| !t.contains("{line}"))
        .expect("book.toml [output.html] sets edit-url-template");
    let prefix = template.split("{path}").next().unwrap();
    let index = read(&book().join("index.html"));
    assert!(index.contains(&format!("href=\"{prefix}src/")), "index.html lacks the edit button ({prefix}src/…)");
}

#[test]
fn the_404_page_is_styled_from_site_url() {
    let book_toml = read(&site::book_root().join("book.toml"));
    let Some(site_url) =
        book_toml.lines().find_map(|l| l.strip_prefix("site-url = \"")).map(|v| v.trim_end_matches('"'))
    else {
        panic!("book.toml has no site-url: the 404 page's CSS breaks on GitHub Pages for any URL below the root");
    };
    assert!(site_url.starts_with('/') && site_url.ends_with('/'), "site-url {site_url} must be /…/");
    let not_found = read(&book().join("404.html"));
    assert!(not_found.contains(&format!("<base href=\"{site_url}\">")), "404.html has no <base href=\"{site_url}\">");
    assert!(book_toml.contains("git-repository-url = \"https://github.com/"), "book.toml lacks git-repository-url");
}

/// Raw and gzip -9 sizes of a file, in bytes.
fn weight(path: &Path) -> (usize, usize) {
    let raw = std::fs::read(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    gz.write_all(&raw).unwrap();
    (raw.len(), gz.finish().unwrap().len())
}

#[test]
fn page_weight_of_the_cheat_sheet_and_the_search_index() {
    // Budgets: about twice the size at the time of writing (cheat sheet 267 kB raw / 21 kB gzip,
    // search index 2.9 MB / 313 kB with 12 of the maps), room for the maps still to come while
    // catching an accidental blow-up. The search index is only fetched when search is opened.
    let budgets = [
        // Since issue 15 the cheat sheet also carries the search's API index (162 kB raw / 19 kB
        // gzip of its 634 kB / 55 kB then), fetched by the search only when a query names an API.
        ("api-map/cheat-sheet.html", book().join("api-map/cheat-sheet.html"), 900_000, 80_000),
        ("searchindex.js", hashed_file("searchindex-", ".js"), 6_000_000, 650_000),
        ("theme/apimap.css", site::book_root().join("theme/apimap.css"), 20_000, 4_000),
        // The script holds the search's API answer since issue 15 (19 kB raw / 6 kB gzip then).
        ("theme/apimap.js", site::book_root().join("theme/apimap.js"), 30_000, 9_000),
    ];
    let mut report = String::from("file\traw bytes\tgzip -9 bytes\n");
    let mut over = Vec::new();
    for (name, path, raw_budget, gzip_budget) in budgets {
        let (raw, gzip) = weight(&path);
        report.push_str(&format!("{name}\t{raw}\t{gzip}\n"));
        if raw > raw_budget || gzip > gzip_budget {
            over.push(format!("{name}: {raw} raw (budget {raw_budget}), {gzip} gzip (budget {gzip_budget})"));
        }
    }
    let out = site::artifacts_dir(env!("CARGO_TARGET_TMPDIR")).join("page-weight.tsv");
    std::fs::write(&out, &report).unwrap();
    eprintln!("{report}(also in {})", out.display());
    assert!(over.is_empty(), "over budget:\n{}", over.join("\n"));
}
