//! Resolve: map paths to inventory rows (kind, docs URL, feature gate), cross-references to
//! chapters and anchors. Produces the plain data the renderer needs, and diagnostics.

use crate::diagnostic::Diagnostic;
use crate::inventory::{Inventories, Item};
use crate::load::SalvagedEntry;
use crate::markdown::{self, APIMAP_SCHEME};
use crate::model::{MapFile, Pos, Status, TargetId};
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};

/// Chapter names the generator uses itself (a reverse index per target key); map files must
/// not take them.
pub fn reserved_stems(target_keys: &[String]) -> Vec<String> {
    let indexes = target_keys.iter().map(|key| index_stem(key));
    ["cheat-sheet".to_string(), "coverage".to_string()].into_iter().chain(indexes).collect()
}

/// The file name (without `.md`) of the reverse index of the target `key`.
pub fn index_stem(key: &str) -> String {
    format!("{key}-index")
}

/// A path with what its inventory says about it: the inventory row itself (empty fields
/// for a path that did not resolve).
pub type ApiLink = Item;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedTarget {
    pub id: TargetId,
    pub status: Status,
    pub paths: Vec<ApiLink>,
    /// Markdown with links rewritten relative to the generated chapter.
    pub note: Option<String>,
    pub example: Option<String>,
}

/// A "see also" reference, ready to link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeeAlso {
    pub label: String,
    pub href: String,
    pub is_code: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedEntry {
    pub path: String,
    pub anchor: String,
    /// Line of the entry in its YAML file (for "edit this mapping" links).
    pub line: u64,
    pub summary: Option<String>,
    pub source: ApiLink,
    pub example: Option<String>,
    pub targets: Vec<ResolvedTarget>,
    pub see_also: Vec<SeeAlso>,
}

impl ResolvedEntry {
    pub fn target(&self, id: TargetId) -> &ResolvedTarget {
        &self.targets[id.0]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedModule {
    /// The YAML file, relative to the book root.
    pub file: String,
    /// The generated chapter, relative to `src/` (`api-map/task.md`).
    pub chapter: String,
    pub title: String,
    pub module: String,
    pub intro: Option<String>,
    pub entries: Vec<ResolvedEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolvedBook {
    pub modules: Vec<ResolvedModule>,
}

/// The stable anchor of an entry: its path without the crate, `::` → `-`
/// (`async_std::task::JoinHandle::cancel` → `task-JoinHandle-cancel`).
pub fn anchor_for(path: &str) -> String {
    without_crate(path).replace("::", "-")
}

/// A path of the source crate without its first segment (`async_std::task::spawn` →
/// `task::spawn`): how headings, tables and anchors name entries. A bare crate name stays.
pub fn without_crate(path: &str) -> &str {
    path.split_once("::").map_or(path, |(_, rest)| rest)
}

/// The relative link from one chapter to another (both relative to `src/`).
pub fn relative_href(from_chapter: &str, to: &str) -> String {
    let from_dirs: Vec<&str> =
        from_chapter.split('/').collect::<Vec<_>>().split_last().map(|(_, d)| d.to_vec()).unwrap_or_default();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from_dirs.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

/// Where each entry is rendered: path → (chapter, anchor).
#[derive(Debug, Clone, Default)]
pub struct EntryIndex {
    entries: BTreeMap<String, (String, String)>,
    suggestion_budget: crate::suggest::Budget,
}

impl EntryIndex {
    /// Indexes the entries of the loaded files, plus the entry paths salvaged from files that
    /// failed to load (so one broken file does not make every link to it an error too).
    pub fn build(files: &[MapFile], salvaged: &[SalvagedEntry], generated_dir: &str) -> Self {
        let loaded =
            files.iter().flat_map(|f| f.doc.entries.iter().map(move |e| (f.stem.as_str(), e.path.value.as_str())));
        let salvaged = salvaged.iter().map(|s| (s.stem.as_str(), s.path.as_str()));
        let mut entries = BTreeMap::new();
        for (stem, path) in loaded.chain(salvaged) {
            entries.entry(path.to_string()).or_insert_with(|| (format!("{generated_dir}/{stem}.md"), anchor_for(path)));
        }
        EntryIndex { entries, suggestion_budget: crate::suggest::Budget::default() }
    }

    /// The link to an entry from a chapter, if the entry exists.
    pub fn href(&self, from_chapter: &str, path: &str) -> Option<String> {
        let (chapter, anchor) = self.entries.get(path)?;
        Some(format!("{}#{anchor}", relative_href(from_chapter, chapter)))
    }

    pub fn contains(&self, path: &str) -> bool {
        self.entries.contains_key(path)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Entry paths close to `path`, for "did you mean" hints.
    pub fn suggestions(&self, path: &str) -> Vec<&str> {
        crate::suggest::closest(path, self.paths(), 3, &self.suggestion_budget)
    }
}

/// What the resolver needs to know about the book around the maps.
pub struct BookContext<'a> {
    /// Folder (relative to `src/`) of the generated chapters, e.g. `api-map`.
    pub generated_dir: &'a str,
    /// Hand-written chapters, relative to `src/`.
    pub chapters: &'a BTreeSet<String>,
    /// The first segment of the source crate's paths (`async_std`).
    pub source_root: &'a str,
    /// The source crate's name (`async-std`), as messages name it.
    pub source_name: &'a str,
    /// See [`reserved_stems`].
    pub reserved_stems: &'a [String],
}

pub fn resolve(
    files: &[MapFile],
    index: &EntryIndex,
    inventories: &Inventories,
    book: &BookContext<'_>,
) -> (ResolvedBook, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut modules = Vec::new();
    for file in files {
        let chapter = format!("{}/{}.md", book.generated_dir, file.stem);
        if book.reserved_stems.contains(&file.stem) {
            diagnostics.push(
                Diagnostic::error(
                    "reserved-name",
                    &file.path,
                    Pos::FILE,
                    format!("`{}` is the name of a generated chapter", file.stem),
                )
                .hint(format!("name the file after its {} module", book.source_name)),
            );
        }
        let mut r = Resolver { file, chapter: &chapter, index, inventories, book, diagnostics: &mut diagnostics };
        let intro = file.doc.intro.as_ref().map(|intro| r.markdown(intro));
        let entries = file.doc.entries.iter().map(|entry| r.entry(entry)).collect();
        modules.push(ResolvedModule {
            file: file.path.clone(),
            chapter: chapter.clone(),
            title: file.doc.title.value.trim().to_string(),
            module: file.doc.module.value.clone(),
            intro,
            entries,
        });
    }
    (ResolvedBook { modules }, diagnostics)
}

struct Resolver<'a> {
    file: &'a MapFile,
    chapter: &'a str,
    index: &'a EntryIndex,
    inventories: &'a Inventories,
    book: &'a BookContext<'a>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn entry(&mut self, entry: &crate::model::Entry) -> ResolvedEntry {
        let source = self.api_link(&entry.path, true);
        let targets = entry
            .targets
            .iter()
            .enumerate()
            .map(|(i, target)| ResolvedTarget {
                id: TargetId(i),
                status: target.status.value,
                paths: target.paths.iter().map(|p| self.api_link(p, false)).collect(),
                note: target.note.as_ref().map(|n| self.markdown(n)),
                example: target.example.as_ref().map(|e| e.value.clone()),
            })
            .collect();
        let see_also = entry.see_also.iter().filter_map(|r| self.see_also(r)).collect();
        ResolvedEntry {
            path: entry.path.value.clone(),
            anchor: anchor_for(&entry.path.value),
            line: Pos::of(&entry.path).line,
            summary: entry.summary.as_ref().map(|s| s.value.trim().to_string()),
            source,
            example: entry.example.as_ref().map(|e| e.value.clone()),
            targets,
            see_also,
        }
    }

    /// Looks a path up in its crate's inventory; unknown paths get did-you-mean hints.
    fn api_link(&mut self, path: &Spanned<String>, is_source: bool) -> ApiLink {
        let pos = Pos::of(path);
        let name = &path.value;
        let unresolved = ApiLink { path: name.clone(), ..ApiLink::default() };
        if crate::check::path_syntax_problem(name).is_some() {
            return unresolved; // already reported by check
        }
        let Some(krate) = self.inventories.crate_of(name) else {
            let root = name.split("::").next().unwrap_or_default();
            self.diagnostics.push(
                Diagnostic::error("unknown-crate", &self.file.path, pos, format!("no inventory for crate `{root}`"))
                    .expected(format!("a path of one of: {}", self.inventories.crates().map(|c| format!("`{}`", crate::inventory::root_ident(&c.name))).collect::<Vec<_>>().join(", ")))
                    .hint("add the crate to inventories/crates.toml and run `cargo xtask inventory` (see CONTRIBUTING.md)"),
            );
            return unresolved;
        };
        let rows = krate.get(name);
        let Some(item) = pick(rows) else {
            let suggestions = self.inventories.suggestions(name, 3);
            let what = if is_source {
                format!("`{name}` is not a public path of {}", krate.label())
            } else {
                format!("`{name}` does not exist in {}", krate.label())
            };
            let mut d = Diagnostic::error("unknown-path", &self.file.path, pos, what);
            d = match suggestions.split_first() {
                Some((first, rest)) => {
                    let others = rest.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
                    let more = if others.is_empty() { String::new() } else { format!(" (or {others})") };
                    d.hint(format!("did you mean `{first}`?{more}"))
                }
                None => d.hint(format!(
                    "check the path in the documentation of {}; methods of extension traits are written `Trait::method`",
                    krate.label()
                )),
            };
            self.diagnostics.push(d);
            return unresolved;
        };
        if !is_source && item.doc_hidden {
            self.diagnostics.push(
                Diagnostic::warning(
                    "doc-hidden",
                    &self.file.path,
                    pos,
                    format!("`{name}` is `#[doc(hidden)]` in {}", krate.label()),
                )
                .hint("it compiles but is undocumented and may change; prefer a documented path"),
            );
        }
        if !is_source && !item.deprecated.is_empty() {
            self.diagnostics.push(
                Diagnostic::warning(
                    "deprecated",
                    &self.file.path,
                    pos,
                    format!("`{name}` is deprecated in {}: {}", krate.label(), item.deprecated),
                )
                .hint("point readers at the replacement the deprecation note names"),
            );
        }
        item.clone()
    }

    /// Rewrites the links of contributed Markdown for the generated chapter, reporting the
    /// ones that do not resolve.
    fn markdown(&mut self, value: &Spanned<String>) -> String {
        let mut problems = Vec::new();
        let mut unlisted = 0;
        let out = markdown::rewrite_links(&value.value, |site| {
            let result = resolve_link(&site.dest, self.chapter, self.index, self.book.chapters);
            match &result {
                Err((message, hint)) if problems.len() < markdown::MAX_PROBLEMS_PER_TEXT => {
                    problems.push((site.offset, message.clone(), hint.clone()))
                }
                Err(_) => unlisted += 1,
                Ok(_) => {}
            }
            result.ok().flatten()
        });
        if unlisted > 0 {
            let message = format!("{unlisted} more unresolved links in this value are not listed");
            problems.push((value.value.len(), message, "fix the ones above and check again".into()));
        }
        let mut positions = self.file.value_positions(value);
        for (offset, message, hint) in problems {
            let pos = positions.pos(offset);
            self.diagnostics.push(Diagnostic::error("unresolved-link", &self.file.path, pos, message).hint(hint));
        }
        out
    }

    fn see_also(&mut self, reference: &Spanned<String>) -> Option<SeeAlso> {
        let value = &reference.value;
        let is_code = value.strip_prefix(self.book.source_root).is_some_and(|rest| rest.starts_with("::"));
        let dest = if is_code { format!("{APIMAP_SCHEME}{value}") } else { value.clone() };
        match resolve_link(&dest, self.chapter, self.index, self.book.chapters) {
            Ok(href) => Some(SeeAlso {
                label: if is_code { without_crate(value).to_string() } else { value.clone() },
                href: href.unwrap_or(dest),
                is_code,
            }),
            Err((message, hint)) => {
                self.diagnostics.push(
                    Diagnostic::error("unresolved-link", &self.file.path, Pos::of(reference), message).hint(hint),
                );
                None
            }
        }
    }
}

/// Prefers a documented row when a path names several items.
fn pick(rows: &[Item]) -> Option<&Item> {
    rows.iter().find(|r| !r.doc_hidden).or(rows.first())
}

/// Resolves a link destination written in a map (relative to `src/`) for `from_chapter`:
/// `Ok(Some(new))` to rewrite, `Ok(None)` to keep, `Err((message, hint))` if it points nowhere.
pub fn resolve_link(
    dest: &str,
    from_chapter: &str,
    index: &EntryIndex,
    chapters: &BTreeSet<String>,
) -> Result<Option<String>, (String, String)> {
    if let Some(path) = dest.strip_prefix(APIMAP_SCHEME) {
        return index.href(from_chapter, path).map(Some).ok_or_else(|| unknown_entry(path, index));
    }
    let is_relative = !dest.contains(':') && !dest.starts_with('#') && !dest.starts_with('/');
    if !is_relative {
        return Ok(None);
    }
    let (file, fragment) = match dest.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (dest, None),
    };
    if !chapters.contains(file) {
        return Err((
            format!("link to `{file}`, which is not a chapter of the book"),
            "chapter links are relative to `src/` (e.g. `tasks.md#cancellation`) and the chapter must be in SUMMARY.md"
                .into(),
        ));
    }
    let href = relative_href(from_chapter, file);
    Ok(Some(match fragment {
        Some(fragment) => format!("{href}#{fragment}"),
        None => href,
    }))
}

/// The error for an `apimap:` reference to a path no entry maps.
pub fn unknown_entry(path: &str, index: &EntryIndex) -> (String, String) {
    let hint = match index.suggestions(path).first() {
        Some(best) => format!("did you mean `{best}`?"),
        None if !index.paths().any(|p| p.split("::").next() == path.split("::").next()) => match index.paths().next() {
            Some(example) => format!("apimap links name the paths of entries: `apimap:{example}`"),
            None => "apimap links name the paths of entries".into(),
        },
        None => "only paths that have an entry in api-maps/ can be linked; add the entry first".into(),
    };
    (format!("no entry maps `{path}`"), hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_stable_and_readable() {
        assert_eq!(anchor_for("async_std::task::spawn"), "task-spawn");
        assert_eq!(anchor_for("async_std::task::JoinHandle::cancel"), "task-JoinHandle-cancel");
        assert_eq!(anchor_for("async_std::main"), "main");
    }

    #[test]
    fn relative_links_between_chapters() {
        assert_eq!(relative_href("api-map/task.md", "api-map/sync.md"), "sync.md");
        assert_eq!(relative_href("api-map/task.md", "tasks.md"), "../tasks.md");
        assert_eq!(relative_href("tasks.md", "api-map/task.md"), "api-map/task.md");
        assert_eq!(relative_href("guide/a/b.md", "guide/c.md"), "../c.md");
    }
}
