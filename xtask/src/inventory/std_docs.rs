//! std/core/alloc items: rustdoc JSON for std is not available on stable, so the walker knows
//! them only as (definition path, kind) from the `paths` tables. This module maps them to their
//! public `std::` page and lists their members from the local `rust-docs` HTML when installed.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Crates whose items are documented on doc.rust-lang.org.
pub fn is_std_crate(name: &str) -> bool {
    matches!(name, "std" | "core" | "alloc" | "proc_macro" | "test")
}

/// Base URL used in crate inventories for std pages, as docs.rs and the reference write it.
pub const STD_URL_IN_CRATES: &str = "https://doc.rust-lang.org/stable/std/";
/// Base URL used in `std.tsv`.
pub const STD_URL_IN_STD_TSV: &str = "https://doc.rust-lang.org/std/";

/// A std item's page: `rel_page` below `std/` and its public path (`std::task::Context`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StdPage {
    pub rel_page: String,
    pub public_path: Vec<String>,
}

/// A member read from a std page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StdMember {
    pub name: String,
    pub kind: &'static str,
    pub anchor: String,
    pub from_trait_impl: bool,
}

pub struct StdDocs {
    /// `.../share/doc/rust/html/std`, when the rust-docs component is installed.
    html_root: Option<PathBuf>,
    /// (file prefix, name) -> module paths below `std` that have such a page.
    pages: HashMap<(String, String), Vec<Vec<String>>>,
    members: std::cell::RefCell<HashMap<String, Vec<StdMember>>>,
}

/// The page-file prefix of an inventory kind (`struct.X.html`, `fn.x.html`, ...).
pub fn page_prefix(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "struct" => "struct",
        "enum" => "enum",
        "union" => "union",
        "trait" => "trait",
        "trait_alias" => "traitalias",
        "fn" => "fn",
        "type" => "type",
        "const" => "constant",
        "static" => "static",
        "macro" => "macro",
        "attr" => "attr",
        "derive" => "derive",
        _ => return None,
    })
}

impl StdDocs {
    /// Finds the local std HTML through `rustc --print sysroot`; without it, pages are guessed
    /// from the definition path and no members are listed.
    pub fn from_sysroot() -> Self {
        let sysroot = Command::new("rustc")
            .args(["--print", "sysroot"])
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map(|s| PathBuf::from(s.trim()));
        let html_root = sysroot.map(|s| s.join("share/doc/rust/html/std")).filter(|p| p.join("index.html").is_file());
        Self::from_html_root(html_root)
    }

    pub fn from_html_root(html_root: Option<PathBuf>) -> Self {
        let mut pages: HashMap<(String, String), Vec<Vec<String>>> = HashMap::new();
        if let Some(root) = &html_root {
            index_pages(root, &mut Vec::new(), &mut pages);
            for paths in pages.values_mut() {
                paths.sort();
            }
        }
        Self { html_root, pages, members: Default::default() }
    }

    pub fn has_html(&self) -> bool {
        self.html_root.is_some()
    }

    /// The public page of a std item given its definition path (`core::task::wake::Context`).
    /// Among the pages with that kind and name, the one whose modules appear in order in the
    /// definition path wins (`task` in `task::wake`); more matched modules, then fewer, first.
    pub fn locate(&self, definition_path: &[String], kind: &str) -> Option<StdPage> {
        let name = definition_path.last()?;
        if definition_path.len() < 2 {
            // A crate root (`core`, `alloc`): the std facade's root page.
            return (kind == "mod").then(|| module_page(&[]));
        }
        let def_modules = &definition_path[1..definition_path.len() - 1];
        let modules = if kind == "mod" {
            let mut modules = def_modules.to_vec();
            modules.push(name.clone());
            if !self.has_html() {
                return Some(module_page(&modules));
            }
            let candidates = self.pages.get(&("mod".to_owned(), name.clone()))?;
            best_candidate(candidates, &modules)?
        } else {
            let prefix = page_prefix(kind)?;
            if !self.has_html() {
                // Guess: the first module of the definition path (`core::task::wake::X` -> `std::task::X`).
                let modules: Vec<String> = def_modules.iter().take(1).cloned().collect();
                return Some(item_page(&modules, prefix, name));
            }
            let candidates = self.pages.get(&(prefix.to_owned(), name.clone()))?;
            let modules = best_candidate(candidates, def_modules)?;
            return Some(item_page(&modules, prefix, name));
        };
        Some(module_page(&modules))
    }

    /// Members of a std page (inherent and trait items; methods of non-blanket trait impls).
    pub fn members(&self, page: &StdPage) -> Vec<StdMember> {
        let Some(root) = &self.html_root else { return Vec::new() };
        if let Some(cached) = self.members.borrow().get(&page.rel_page) {
            return cached.clone();
        }
        let html = std::fs::read_to_string(root.join(&page.rel_page)).unwrap_or_default();
        let members = parse_members(&html);
        self.members.borrow_mut().insert(page.rel_page.clone(), members.clone());
        members
    }
}

fn module_page(modules: &[String]) -> StdPage {
    let mut rel = modules.join("/");
    if !rel.is_empty() {
        rel.push('/');
    }
    rel.push_str("index.html");
    let mut public_path = vec!["std".to_owned()];
    public_path.extend(modules.iter().cloned());
    StdPage { rel_page: rel, public_path }
}

fn item_page(modules: &[String], prefix: &str, name: &str) -> StdPage {
    let mut rel: String = modules.iter().map(|m| format!("{m}/")).collect();
    rel.push_str(&format!("{prefix}.{name}.html"));
    let mut public_path = vec!["std".to_owned()];
    public_path.extend(modules.iter().cloned());
    public_path.push(name.to_owned());
    StdPage { rel_page: rel, public_path }
}

fn best_candidate(candidates: &[Vec<String>], def_modules: &[String]) -> Option<Vec<String>> {
    let is_subsequence = |candidate: &[String]| {
        let mut rest = def_modules.iter();
        candidate.iter().all(|m| rest.any(|d| d == m))
    };
    candidates.iter().filter(|c| is_subsequence(c)).max_by(|a, b| a.len().cmp(&b.len()).then_with(|| b.cmp(a))).cloned()
}

fn index_pages(dir: &Path, modules: &mut Vec<String>, pages: &mut HashMap<(String, String), Vec<Vec<String>>>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() {
            if path.join("index.html").is_file() {
                pages.entry(("mod".to_owned(), name.clone())).or_default().push({
                    let mut m = modules.clone();
                    m.push(name.clone());
                    m
                });
            }
            modules.push(name);
            index_pages(&path, modules, pages);
            modules.pop();
        } else if let Some(stem) = name.strip_suffix(".html")
            && let Some((prefix, item)) = stem.split_once('.')
            && !is_redirect(&path)
        {
            pages.entry((prefix.to_owned(), item.to_owned())).or_default().push(modules.clone());
        }
    }
}

/// rustdoc writes small redirect pages for items re-exported elsewhere; they are not pages.
fn is_redirect(path: &Path) -> bool {
    std::fs::metadata(path).map(|m| m.len() < 1024).unwrap_or(true)
}

fn parse_members(html: &str) -> Vec<StdMember> {
    // Auto-trait and blanket impls come last on the page; trait pages list implementors last.
    let end = ["id=\"synthetic-implementations\"", "id=\"blanket-implementations\"", "id=\"implementors\""]
        .iter()
        .filter_map(|marker| html.find(marker))
        .min()
        .unwrap_or(html.len());
    let trait_impls_start = html[..end].find("id=\"trait-implementations\"").unwrap_or(end);
    // "Methods from Deref<Target = [u8]>" belong to the target type, not to this one.
    let deref_start = html[..trait_impls_start].find("id=\"deref-methods-").unwrap_or(trait_impls_start);
    let mut members: BTreeMap<(String, &'static str), StdMember> = BTreeMap::new();
    for (offset, _) in html[..end].match_indices("id=\"") {
        let rest = &html[offset + 4..end];
        let Some(close) = rest.find('"') else { continue };
        let Some((anchor_kind, name)) = rest[..close].split_once('.') else { continue };
        if (deref_start..trait_impls_start).contains(&offset) {
            continue;
        }
        let from_trait_impl = offset > trait_impls_start;
        let kind = match anchor_kind {
            "method" => "method",
            "tymethod" if !from_trait_impl => "tymethod",
            "variant" if !from_trait_impl => "variant",
            "associatedconstant" if !from_trait_impl => "assoc_const",
            "associatedtype" if !from_trait_impl => "assoc_type",
            _ => continue,
        };
        // Second and later items of one name get `-1`, `-2`, ...: one row per name.
        let base = match name.rsplit_once('-') {
            Some((base, n)) if n.chars().all(|c| c.is_ascii_digit()) => base,
            _ => name,
        };
        members.entry((base.to_owned(), kind)).or_insert_with(|| StdMember {
            name: base.to_owned(),
            kind,
            anchor: format!("{anchor_kind}.{base}"),
            from_trait_impl,
        });
    }
    members.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs_with(pages: &[(&str, &str, &[&str])]) -> StdDocs {
        let mut docs = StdDocs::from_html_root(None);
        docs.html_root = Some(PathBuf::from("/nonexistent"));
        for (prefix, name, modules) in pages {
            docs.pages
                .entry((prefix.to_string(), name.to_string()))
                .or_default()
                .push(modules.iter().map(|m| m.to_string()).collect());
        }
        docs
    }

    fn path(p: &str) -> Vec<String> {
        p.split("::").map(str::to_owned).collect()
    }

    #[test]
    fn locates_facade_page_from_definition_path() {
        let docs = docs_with(&[("struct", "Context", &["task"]), ("struct", "Context", &["sync", "mpmc"])]);
        let page = docs.locate(&path("core::task::wake::Context"), "struct").unwrap();
        assert_eq!(page.rel_page, "task/struct.Context.html");
        assert_eq!(page.public_path.join("::"), "std::task::Context");
    }

    #[test]
    fn parses_members_until_blanket_impls() {
        let html = r#"<h2 id="implementations"></h2><section id="method.kind"></section><section id="method.new-1"></section><h2 id="deref-methods-%5Bu8%5D"></h2><section id="method.len"></section>
            <h2 id="trait-implementations"></h2><section id="method.from-2"></section><section id="associatedtype.Error"></section>
            <h2 id="blanket-implementations"></h2><section id="method.borrow"></section>"#;
        let members = parse_members(html);
        let names: Vec<(&str, &str, bool)> =
            members.iter().map(|m| (m.name.as_str(), m.kind, m.from_trait_impl)).collect();
        assert_eq!(names, vec![("from", "method", true), ("kind", "method", false), ("new", "method", false)]);
    }
}
