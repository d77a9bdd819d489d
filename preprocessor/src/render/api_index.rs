//! The API index: what the site's search (theme/apimap.js) needs to answer a query that looks
//! like an API name with the entry it names. Written as JSON into a
//! `<script type="application/json" id="apimap-index">` on the cheat sheet: mdBook gives a
//! preprocessor no way to add a file to the site, but it does copy a generated page, and a
//! data block never runs and is skipped by mdBook's own search index.
//!
//! Shape (arrays rather than objects: the index is fetched by every reader who searches):
//! ```text
//! { "version": 1,
//!   "targets": [label of each target…],
//!   "entries": [[path, url, status of each target…, [paths of each target]…], …],
//!   "members": [[path, entry number, "std" | "auto" | "type", anchor or "", [target paths]], …] }
//! ```
//! Paths are written without `async_std::`; URLs are relative to the book's root. A member
//! lands on its type's entry, or for `auto` on its own anchor in that entry's section; the
//! target paths of an `auto` member are the target members it was matched with, so
//! `tokio::net::TcpListener::bind` finds `net::TcpListener::bind`. `targets` names the targets
//! in book.toml's order: the search reads as many statuses and path lists as it has labels.

use super::short_path;
use super::{RenderOptions, auto_member_anchor};
use crate::coverage::{CoverageReport, MemberHow};
use crate::resolve::ResolvedBook;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub const INDEX_VERSION: u32 = 1;

/// The index as an HTML block to append to a page.
pub fn api_index_script(book: &ResolvedBook, coverage: &CoverageReport, options: &RenderOptions) -> String {
    format!(
        "<script type=\"application/json\" id=\"apimap-index\">{}</script>\n",
        script_safe(&api_index_data(book, coverage, options).to_string())
    )
}

fn api_index_data(book: &ResolvedBook, coverage: &CoverageReport, options: &RenderOptions) -> Value {
    let mut numbers: BTreeMap<&str, usize> = BTreeMap::new();
    let mut entries = Vec::new();
    for module in &book.modules {
        let page = html_page(&module.chapter);
        for entry in &module.entries {
            numbers.insert(&entry.path, entries.len());
            let statuses = entry.targets.iter().map(|t| json!(t.status.as_str()));
            let paths =
                entry.targets.iter().map(|t| json!(t.paths.iter().map(|p| p.path.as_str()).collect::<Vec<_>>()));
            let mut row = vec![json!(short_path(&entry.path)), json!(format!("{page}#{}", entry.anchor))];
            row.extend(statuses);
            row.extend(paths);
            entries.push(Value::Array(row));
        }
    }
    let mut matched_with: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for found in coverage.auto_matches.values().flatten() {
        matched_with.entry(&found.member).or_default().push(&found.target.path);
    }
    let members: Vec<Value> = coverage
        .members
        .iter()
        .filter_map(|m| {
            let number = numbers.get(m.entry.as_str())?;
            let (how, anchor) = match m.how {
                MemberHow::Std => ("std", String::new()),
                MemberHow::Automatic => ("auto", auto_member_anchor(&m.member)),
                MemberHow::OfType => ("type", String::new()),
            };
            let targets = matched_with.get(m.member.as_str()).cloned().unwrap_or_default();
            Some(json!([short_path(&m.member), number, how, anchor, targets]))
        })
        .collect();
    let targets: Vec<&str> = options.targets.iter().map(|t| t.label.as_str()).collect();
    json!({ "version": INDEX_VERSION, "targets": targets, "entries": entries, "members": members })
}

/// `api-map/task.md` → `api-map/task.html`, as mdBook names the page.
fn html_page(chapter: &str) -> String {
    format!("{}.html", chapter.strip_suffix(".md").unwrap_or(chapter))
}

/// JSON that cannot end its `<script>` element or open a comment inside it: `<`, `>` and `&`
/// only occur inside JSON strings, where `\u003c`… mean the same characters.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_data_cannot_close_its_element() {
        let json = json!(["</script><script>alert(1)</script>", "<!--", "a&b"]).to_string();
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'), "{safe}");
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back[0], "</script><script>alert(1)</script>");
        assert_eq!(back[2], "a&b");
    }

    #[test]
    fn pages_are_html() {
        assert_eq!(html_page("api-map/task.md"), "api-map/task.html");
    }
}
