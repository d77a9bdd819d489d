//! Inventories: the public API of each crate at a pinned version, as committed TSV files
//! written by `cargo xtask inventory` from rustdoc JSON. Builds read only these files.

use std::collections::BTreeMap;
use std::path::Path;

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
    items: BTreeMap<String, Vec<Item>>,
}

impl CrateInventory {
    pub fn new(name: &str, version: &str, items: impl IntoIterator<Item = Item>) -> Self {
        let mut map: BTreeMap<String, Vec<Item>> = BTreeMap::new();
        for item in items {
            map.entry(item.path.clone()).or_default().push(item);
        }
        CrateInventory { name: name.to_string(), version: version.to_string(), items: map }
    }

    /// `tokio 1.54.1`, or `std` (whose inventory has no version).
    pub fn label(&self) -> String {
        if self.version.is_empty() { self.name.clone() } else { format!("{} {}", self.name, self.version) }
    }

    /// All rows of a path (a path can name several items, e.g. a module and a macro).
    pub fn get(&self, path: &str) -> &[Item] {
        self.items.get(path).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.items.keys().map(String::as_str)
    }
}

/// All inventories, keyed by the crate's root identifier (`async_std`, `tokio`, `std`).
#[derive(Debug, Clone, Default)]
pub struct Inventories {
    crates: BTreeMap<String, CrateInventory>,
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
        crate::suggest::closest(path, krate.paths(), limit).into_iter().map(str::to_string).collect()
    }
}

/// Reads every `<crate>-<version>.tsv` (and `std.tsv`) in a folder.
pub fn load_dir(dir: &Path) -> Result<Inventories, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read inventories folder `{}`: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    let mut texts = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
        texts.push((file.display().to_string(), text));
    }
    from_texts(texts.iter().map(|(file, text)| (file.as_str(), text.as_str())))
}

/// Parses inventories already in memory (e.g. built into a binary): `(file name, text)` pairs,
/// the file name being `<crate>-<version>.tsv` or `std.tsv` (a leading folder is ignored).
pub fn from_texts<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Inventories, String> {
    let mut inventories = Inventories::default();
    for (file, text) in files {
        let stem = Path::new(file).file_stem().unwrap_or_default().to_string_lossy();
        let (name, version) = split_name_version(&stem);
        let items = parse_tsv(text).map_err(|e| format!("{file}: {e}"))?;
        inventories.insert(CrateInventory::new(name, version, items));
    }
    Ok(inventories)
}

/// `async-std-1.13.2` → (`async-std`, `1.13.2`); `std` → (`std`, ``).
fn split_name_version(stem: &str) -> (&str, &str) {
    match stem.rfind('-') {
        Some(i) if stem[i + 1..].starts_with(|c: char| c.is_ascii_digit()) => (&stem[..i], &stem[i + 1..]),
        _ => (stem, ""),
    }
}

/// Parses an inventory TSV (header line names the columns; only the ones used here are read).
pub fn parse_tsv(text: &str) -> Result<Vec<Item>, String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().ok_or("empty inventory")?.split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).ok_or(format!("missing column `{name}`"));
    let (path, kind, url) = (column("path")?, column("kind")?, column("docs_url")?);
    let (gate, deprecated, hidden) = (column("feature_gate")?, column("deprecated")?, column("doc_hidden")?);
    let origin = header.iter().position(|h| *h == "origin");
    lines
        .enumerate()
        .filter(|(_, line)| !line.is_empty())
        .map(|(i, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            let field = |c: usize| fields.get(c).copied().ok_or(format!("line {}: too few columns", i + 2));
            Ok(Item {
                path: field(path)?.to_string(),
                kind: field(kind)?.to_string(),
                url: field(url)?.to_string(),
                feature_gate: field(gate)?.to_string(),
                deprecated: field(deprecated)?.to_string(),
                doc_hidden: field(hidden)? == "yes",
                origin: origin.and_then(|c| fields.get(c)).unwrap_or(&"").to_string(),
            })
        })
        .collect()
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
        inv.insert(CrateInventory::new("tokio", "1.54.1", parse_tsv(TSV).unwrap()));
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
