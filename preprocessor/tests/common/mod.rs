//! Helpers for end-to-end tests: build a book with the preprocessor in-process, then
//! inspect the HTML output like a link checker would.

#![allow(dead_code)] // each test binary uses a different subset

use mdbook_apimap::mdbook::ApiMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Builds the book at `root` into `dest` with mdbook-driver and our preprocessor.
pub fn build(root: &Path, dest: &Path) {
    let mut book = mdbook_driver::MDBook::load(root).expect("book loads");
    book.config.build.build_dir = dest.to_path_buf();
    book.with_preprocessor(ApiMap);
    book.build().expect("book builds");
}

/// Every `.html` file under `dir` (relative path → content).
pub fn html_files(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// Values of an attribute (`href`, `id`, `src`) in an HTML document, unescaped for `&amp;`.
pub fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    values
}

/// Checks that every relative link and `#anchor` in the output resolves to an existing file
/// and id; absolute links (the 404 page's) must start with `site_url`. Returns the broken
/// ones as `page: href`.
pub fn broken_links(dir: &Path, site_url: &str) -> Vec<String> {
    let pages = html_files(dir);
    let ids: BTreeMap<&str, BTreeSet<String>> =
        pages.iter().map(|(page, html)| (page.as_str(), attribute_values(html, "id").into_iter().collect())).collect();
    let mut broken = Vec::new();
    for (page, html) in &pages {
        // print.html concatenates every chapter with rewritten links; it is checked through them.
        if page == "print.html" || page == "toc.html" {
            continue;
        }
        for href in attribute_values(html, "href") {
            if href.contains("://")
                || href.starts_with("mailto:")
                || href.starts_with("javascript:") && href == "javascript:void(0)"
            {
                continue;
            }
            let (file, fragment) = match href.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment)),
                None => (href.as_str(), None),
            };
            let target = if file.is_empty() {
                PathBuf::from(page)
            } else if let Some(absolute) = file.strip_prefix('/') {
                match file.strip_prefix(site_url) {
                    Some(in_site) => PathBuf::from(in_site),
                    None => {
                        broken.push(format!("{page}: {href} (absolute link outside site-url {site_url}; {absolute})"));
                        continue;
                    }
                }
            } else {
                normalize(Path::new(page).parent().unwrap().join(file))
            };
            let target_str = target.to_string_lossy().replace('\\', "/");
            let exists = dir.join(&target).is_file()
                || dir.join(&target).join("index.html").is_file()
                || target.as_os_str().is_empty();
            if !exists {
                broken.push(format!("{page}: {href} (no file {target_str})"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let has_id = ids.get(target_str.as_str()).is_some_and(|ids| ids.contains(fragment));
                if !has_id {
                    broken.push(format!("{page}: {href} (no id `{fragment}` in {target_str})"));
                }
            }
        }
    }
    broken
}

fn normalize(path: PathBuf) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A snapshot of a folder's files and contents, to prove nothing was written there.
pub fn tree_snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The settings of this repository's book.toml.
pub fn guide_config() -> mdbook_apimap::config::ApimapConfig {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let text = std::fs::read_to_string(root.join("book.toml")).unwrap();
    mdbook_apimap::config::from_book_toml(&text).unwrap()
}
