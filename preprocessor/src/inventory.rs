//! Inventories: the public API of each crate at a pinned version, as committed TSV files
//! written by `cargo xtask inventory` from rustdoc JSON. Builds read only these files.

mod row;
pub mod signatures;

pub use row::{InventoryFile, KINDS, parse_tsv};

use crate::diagnostic::Diagnostic;
use crate::model::Pos;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One public path of a crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    pub path: String,
    pub kind: String,
    /// The exact documentation page (with anchor for members); empty when there is none.
    pub url: String,
    /// `#[doc(cfg)]` predicate, e.g. `feature = "fs"`.
    pub feature_gate: String,
    pub deprecated: String,
    pub doc_hidden: bool,
    /// `self`, `std`, or the `crate@version` that defines the item.
    pub origin: String,
}

/// The inventory of one crate.
#[derive(Debug, Clone, Default)]
pub struct CrateInventory {
    /// Crate name as on crates.io (`async-std`), or `std`.
    pub name: String,
    pub version: String,
    /// Sorted by path; the rows of one path keep their file order. A sorted vector, not a
    /// map: the files are written sorted, so building it is one pass and no copy of each path.
    items: Vec<Item>,
}

impl CrateInventory {
    pub fn new(name: &str, version: &str, items: impl IntoIterator<Item = Item>) -> Self {
        let mut items: Vec<Item> = items.into_iter().collect();
        items.sort_by(|a, b| a.path.cmp(&b.path));
        CrateInventory { name: name.to_string(), version: version.to_string(), items }
    }

    /// `tokio 1.54.1`, or `std` (whose inventory has no version).
    pub fn label(&self) -> String {
        if self.version.is_empty() { self.name.clone() } else { format!("{} {}", self.name, self.version) }
    }

    /// All rows of a path (a path can name several items, e.g. a module and a macro).
    pub fn get(&self, path: &str) -> &[Item] {
        let start = self.items.partition_point(|item| item.path.as_str() < path);
        let len = self.items[start..].partition_point(|item| item.path == path);
        &self.items[start..start + len]
    }

    /// Each path once, in sorted order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        let mut previous = None;
        self.items.iter().map(|item| item.path.as_str()).filter(move |path| previous.replace(*path) != Some(*path))
    }
}

/// All inventories, keyed by the crate's root identifier (`async_std`, `tokio`, `std`).
#[derive(Debug, Clone, Default)]
pub struct Inventories {
    crates: BTreeMap<String, CrateInventory>,
    suggestion_budget: crate::suggest::Budget,
}

/// The identifier a crate's paths start with: `async-std` → `async_std`.
pub fn root_ident(crate_name: &str) -> String {
    crate_name.replace('-', "_")
}

impl Inventories {
    pub fn insert(&mut self, inventory: CrateInventory) {
        self.crates.insert(root_ident(&inventory.name), inventory);
    }

    /// The inventory that owns a path, by its first segment (`core`/`alloc` are std's).
    pub fn crate_of(&self, path: &str) -> Option<&CrateInventory> {
        let root = path.split("::").next().unwrap_or_default();
        let root = if matches!(root, "core" | "alloc") { "std" } else { root };
        self.crates.get(root)
    }

    pub fn lookup(&self, path: &str) -> &[Item] {
        self.crate_of(path).map(|c| c.get(path)).unwrap_or(&[])
    }

    pub fn crates(&self) -> impl Iterator<Item = &CrateInventory> {
        self.crates.values()
    }

    /// Up to `limit` existing paths of the same crate closest to `path`, best first.
    pub fn suggestions(&self, path: &str, limit: usize) -> Vec<String> {
        let Some(krate) = self.crate_of(path) else {
            return Vec::new();
        };
        crate::suggest::closest(path, krate.paths(), limit, &self.suggestion_budget)
            .into_iter()
            .map(str::to_string)
            .collect()
    }
}

/// Inventories are generated, but a pull request can change them: larger files are refused
/// before reading (std's, the largest, is under 3 MB).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads every `<crate>-<version>.tsv` (and `std.tsv`) in `dir`, validating each row.
/// `root` is the book root: file names in diagnostics are relative to it.
pub fn load_dir(root: &Path, dir: &Path) -> (Inventories, Vec<Diagnostic>) {
    let mut inventories = Inventories::default();
    let mut diagnostics = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let message = format!("cannot read the inventories folder: {e}");
            diagnostics.push(Diagnostic::error("inventory", &crate::load::relative(root, dir), Pos::FILE, message));
            return (inventories, diagnostics);
        }
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    // Every row of every file is validated: on every core, the biggest files (std) first.
    let mut by_size: Vec<(u64, &PathBuf)> =
        files.iter().map(|f| (std::fs::metadata(f).map_or(0, |m| m.len()), f)).collect();
    by_size.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut loaded = crate::parallel::map(&by_size, |(_, file)| (*file, load_file(root, file)));
    loaded.sort_by(|a, b| a.0.cmp(b.0));
    for (_, (inventory, problems)) in loaded {
        diagnostics.extend(problems);
        if let Some(inventory) = inventory {
            inventories.insert(inventory);
        }
    }
    (inventories, diagnostics)
}

/// One inventory file, validated row by row.
fn load_file(root: &Path, file: &Path) -> (Option<CrateInventory>, Vec<Diagnostic>) {
    let name = crate::load::relative(root, file);
    match read_limited(file) {
        Ok(text) => parse_file(&name, &text),
        Err(message) => (None, vec![Diagnostic::error("inventory", &name, Pos::FILE, message)]),
    }
}

/// Parses inventories already in memory (e.g. built into a binary): `(file name, text)` pairs,
/// each file name being `inventories/<crate>-<version>.tsv` or `inventories/std.tsv`. Every row
/// is validated as [`load_dir`] does.
pub fn from_texts<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Inventories, Vec<Diagnostic>) {
    let mut inventories = Inventories::default();
    let mut diagnostics = Vec::new();
    for (name, text) in files {
        let (inventory, problems) = parse_file(name, text);
        diagnostics.extend(problems);
        if let Some(inventory) = inventory {
            inventories.insert(inventory);
        }
    }
    (inventories, diagnostics)
}

/// One inventory file's text; `name` (relative to the book root) names the crate and version.
fn parse_file(name: &str, text: &str) -> (Option<CrateInventory>, Vec<Diagnostic>) {
    let stem = Path::new(name).file_stem().unwrap_or_default().to_string_lossy().into_owned();
    if !stem.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)) {
        let d = Diagnostic::error("inventory", name, Pos::FILE, "not an inventory file name")
            .expected("`<crate>-<version>.tsv` or `std.tsv`");
        return (None, vec![d]);
    }
    let (crate_name, version) = split_name_version(&stem);
    let (items, problems) = row::parse_tsv(&InventoryFile { name, crate_name, version }, text);
    (Some(CrateInventory::new(crate_name, version, items)), problems)
}

pub(crate) fn read_limited(path: &Path) -> Result<String, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("cannot read file: {e}"))?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!("file is {size} bytes; the limit is {MAX_FILE_BYTES}"));
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read file: {e}"))
}

/// `async-std-1.13.2` → (`async-std`, `1.13.2`); `std` → (`std`, ``).
fn split_name_version(stem: &str) -> (&str, &str) {
    match stem.rfind('-') {
        Some(i) if stem[i + 1..].starts_with(|c: char| c.is_ascii_digit()) => (&stem[..i], &stem[i + 1..]),
        _ => (stem, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "path\tkind\tdocs_url\tfeature_gate\tcfg\tin_docsrs_build\tin_plain_build\tdoc_hidden\tdeprecated\torigin\n\
tokio::task\tmod\thttps://docs.rs/tokio/1.54.1/tokio/task/index.html\t\t\tyes\tyes\tno\t\tself\n\
tokio::task::spawn\tfn\thttps://docs.rs/tokio/1.54.1/tokio/task/fn.spawn.html\tfeature = \"rt\"\t\tyes\tyes\tno\t\tself\n\
tokio::task::spawn_blocking\tfn\thttps://docs.rs/tokio/1.54.1/tokio/task/fn.spawn_blocking.html\tfeature = \"rt\"\t\tyes\tyes\tno\t\tself\n\
tokio::task::JoinHandle\tstruct\thttps://docs.rs/tokio/1.54.1/tokio/task/struct.JoinHandle.html\t\t\tyes\tyes\tno\t\tself\n\
tokio::task::JoinHandle::abort\tmethod\thttps://docs.rs/tokio/1.54.1/tokio/task/struct.JoinHandle.html#method.abort\t\t\tyes\tyes\tno\t\tself\n";

    fn inventories() -> Inventories {
        let mut inv = Inventories::default();
        let file = InventoryFile { name: "inventories/tokio-1.54.1.tsv", crate_name: "tokio", version: "1.54.1" };
        let (items, problems) = parse_tsv(&file, TSV);
        assert_eq!(problems, []);
        inv.insert(CrateInventory::new("tokio", "1.54.1", items));
        inv
    }

    #[test]
    fn looks_up_by_path_and_crate() {
        let inv = inventories();
        let rows = inv.lookup("tokio::task::spawn");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].kind, "fn");
        assert_eq!(rows[0].feature_gate, "feature = \"rt\"");
        assert!(inv.lookup("tokio::task::spwan").is_empty());
        assert!(inv.lookup("smol::spawn").is_empty());
    }

    #[test]
    fn suggests_close_paths() {
        let inv = inventories();
        assert_eq!(inv.suggestions("tokio::task::spawn_blockin", 2)[0], "tokio::task::spawn_blocking");
        assert_eq!(inv.suggestions("tokio::task::spwan", 1), vec!["tokio::task::spawn"]);
    }

    #[test]
    fn splits_file_names() {
        assert_eq!(split_name_version("async-std-1.13.2"), ("async-std", "1.13.2"));
        assert_eq!(split_name_version("std"), ("std", ""));
        assert_eq!(split_name_version("tokio-util-0.7.16"), ("tokio-util", "0.7.16"));
    }
}
