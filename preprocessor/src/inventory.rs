//! Inventories: the public API of each crate at a pinned version, as committed TSV files
//! written by `cargo xtask inventory` from rustdoc JSON. Builds read only these files.

mod row;
pub mod signatures;

pub use row::{InventoryFile, KINDS, parse_tsv};

use crate::diagnostic::{self, Diagnostic};
use crate::model::Pos;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

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

/// The inventory of one crate: every path, sorted, with its rows parsed when first asked for.
///
/// Which rows can reach output: a row's fields reach the pages (links, kinds, feature gates,
/// deprecation notes) and the reports only through [`CrateInventory::get`], i.e. for the paths
/// the maps name, every path of the source crate (coverage) and the members of mapped types
/// looked up in the targets (automatic matches); paths alone reach did-you-mean hints and the
/// coverage lists through [`CrateInventory::paths`]. So every row's path is validated when the
/// file is indexed, and a row's other fields the first time its path is looked up, before any
/// of it is returned; an invalid row is left out, and its diagnostic (file:line:column) is in
/// [`Inventories::row_problems`]. A build looks up far fewer rows than the 34,000 committed.
#[derive(Debug, Default)]
pub struct CrateInventory {
    /// Crate name as on crates.io (`async-std`), or `std`.
    pub name: String,
    pub version: String,
    /// The file's text; paths and rows are byte ranges into it. (For [`CrateInventory::new`],
    /// the paths, one per line.)
    text: String,
    /// One group per distinct path, sorted by path.
    groups: Vec<PathGroup>,
    /// The rows of the file (without the header), grouped by path: `PathGroup::rows` indexes this.
    rows: Vec<RowLine>,
    /// How to validate the rows; `None` when they were given parsed.
    format: Option<Format>,
    /// Invalid rows found so far (in the order they were looked up; sorted when reported).
    problems: Mutex<Vec<Diagnostic>>,
}

/// The rows of one path.
#[derive(Debug)]
struct PathGroup {
    path: Range<usize>,
    /// Indexes into `CrateInventory::rows`, in file order.
    rows: Range<usize>,
    /// The valid rows, parsed on first access.
    items: OnceLock<Vec<Item>>,
}

/// One row: its 1-based line number and its bytes in the text.
#[derive(Debug, Clone)]
struct RowLine {
    line: u64,
    text: Range<usize>,
}

#[derive(Debug)]
struct Format {
    /// The file name relative to the book root, for diagnostics.
    file: String,
    columns: row::Columns,
    root: String,
}

impl CrateInventory {
    /// An inventory of rows already parsed (tests, fuzzers).
    pub fn new(name: &str, version: &str, items: impl IntoIterator<Item = Item>) -> Self {
        let mut items: Vec<Item> = items.into_iter().collect();
        items.sort_by(|a, b| a.path.cmp(&b.path));
        let mut text = String::new();
        let mut groups: Vec<PathGroup> = Vec::new();
        for item in items {
            match groups.last_mut() {
                Some(last) if text[last.path.clone()] == item.path => {
                    last.items.get_mut().expect("set when the group was made").push(item)
                }
                _ => {
                    let start = text.len();
                    text.push_str(&item.path);
                    text.push('\n');
                    groups.push(PathGroup {
                        path: start..start + item.path.len(),
                        rows: 0..0,
                        items: OnceLock::from(vec![item]),
                    });
                }
            }
        }
        CrateInventory { name: name.to_string(), version: version.to_string(), text, groups, ..Default::default() }
    }

    /// Indexes an inventory file's text by path; only the paths are validated here (see the
    /// type's documentation). Returns the problems of the file as a whole (its header).
    fn index(file: &InventoryFile<'_>, text: String) -> (Self, Vec<Diagnostic>) {
        let mut inventory = CrateInventory {
            name: file.crate_name.to_string(),
            version: file.version.to_string(),
            ..Default::default()
        };
        let mut offset = 0;
        let mut lines = text.split_inclusive('\n').map(|raw| {
            let start = offset;
            offset += raw.len();
            let line = raw.strip_suffix('\n').unwrap_or(raw);
            (start, line.strip_suffix('\r').unwrap_or(line))
        });
        let columns = match row::header_columns(file, lines.next().map(|(_, line)| line).unwrap_or_default()) {
            Ok(columns) => columns,
            Err(problem) => return (inventory, vec![*problem]),
        };
        let root = root_ident(file.crate_name);
        let mut rows: Vec<(Range<usize>, RowLine)> = Vec::new();
        let mut problems = Vec::new();
        for (index, (start, line)) in lines.enumerate() {
            if line.is_empty() {
                continue;
            }
            let (field, path) = columns.path_of(line);
            let line_number = index as u64 + 2;
            match row::path_problem(path, &root) {
                Some(message) => problems.push(row::row_problem(file.name, line_number, line, field, message)),
                None => {
                    // `path` lies inside `line`, which lies inside `text` at `start`.
                    let path_start = start + (path.as_ptr() as usize - line.as_ptr() as usize);
                    let row = RowLine { line: line_number, text: start..start + line.len() };
                    rows.push((path_start..path_start + path.len(), row));
                }
            }
        }
        // Stable: the rows of one path keep their file order. Files are written sorted, so
        // this is one pass.
        rows.sort_by(|a, b| text[a.0.clone()].cmp(&text[b.0.clone()]));
        for (i, (path, row)) in rows.into_iter().enumerate() {
            match inventory.groups.last_mut() {
                Some(last) if text[last.path.clone()] == text[path.clone()] => last.rows.end = i + 1,
                _ => inventory.groups.push(PathGroup { path, rows: i..i + 1, items: OnceLock::new() }),
            }
            inventory.rows.push(row);
        }
        inventory.text = text;
        inventory.format = Some(Format { file: file.name.to_string(), columns, root });
        *inventory.problems.get_mut().unwrap_or_else(PoisonError::into_inner) = problems;
        (inventory, Vec::new())
    }

    /// `tokio 1.54.1`, or `std` (whose inventory has no version).
    pub fn label(&self) -> String {
        if self.version.is_empty() { self.name.clone() } else { format!("{} {}", self.name, self.version) }
    }

    /// All valid rows of a path (a path can name several items, e.g. a module and a macro).
    pub fn get(&self, path: &str) -> &[Item] {
        match self.groups.binary_search_by(|group| self.text[group.path.clone()].cmp(path)) {
            Ok(i) => self.groups[i].items.get_or_init(|| self.parse_group(&self.groups[i])),
            Err(_) => &[],
        }
    }

    /// Validates and parses the rows of one path, recording the invalid ones.
    fn parse_group(&self, group: &PathGroup) -> Vec<Item> {
        let Some(format) = &self.format else { return Vec::new() };
        let file = InventoryFile { name: &format.file, crate_name: &self.name, version: &self.version };
        let mut items = Vec::new();
        for row in &self.rows[group.rows.clone()] {
            let line = &self.text[row.text.clone()];
            match row::parse_row(line, &format.columns, &file, &format.root) {
                Ok(item) => items.push(item),
                Err((field, message)) => self
                    .problems
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(row::row_problem(&format.file, row.line, line, field, message)),
            }
        }
        items
    }

    /// Each path once, in sorted order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().map(|group| &self.text[group.path.clone()])
    }

    /// Parses every row, so that [`Inventories::row_problems`] covers the whole file (tests of
    /// the committed inventories).
    pub fn validate_all(&self) {
        for path in self.paths() {
            self.get(path);
        }
    }

    /// The invalid rows found so far, by line, capped per file.
    fn row_problems(&self) -> Vec<Diagnostic> {
        let problems = self.problems.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let file = self.format.as_ref().map_or("", |f| f.file.as_str());
        let mut problems = row::cap_problems("inventory-row", file, problems);
        diagnostic::sort(&mut problems);
        problems
    }
}

/// All inventories, keyed by the crate's root identifier (`async_std`, `tokio`, `std`).
#[derive(Debug, Default)]
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

    /// The invalid rows among those looked up so far (all rows after
    /// [`CrateInventory::validate_all`]): a caller collects them after its last lookup.
    pub fn row_problems(&self) -> Vec<Diagnostic> {
        self.crates.values().flat_map(CrateInventory::row_problems).collect()
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

/// Reads and indexes every `<crate>-<version>.tsv` (and `std.tsv`) in `dir`. Problems of a file
/// as a whole come back now; those of its rows from [`Inventories::row_problems`].
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
    // Indexed on every core, the biggest files (std) first.
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

/// One inventory file, read and indexed.
fn load_file(root: &Path, file: &Path) -> (Option<CrateInventory>, Vec<Diagnostic>) {
    let name = crate::load::relative(root, file);
    match read_limited(file) {
        Ok(text) => parse_file(&name, text),
        Err(message) => (None, vec![Diagnostic::error("inventory", &name, Pos::FILE, message)]),
    }
}

/// Parses inventories already in memory (e.g. built into a binary): `(file name, text)` pairs,
/// each file name being `inventories/<crate>-<version>.tsv` or `inventories/std.tsv`. Every row
/// is indexed as [`load_dir`] does.
pub fn from_texts<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Inventories, Vec<Diagnostic>) {
    let mut inventories = Inventories::default();
    let mut diagnostics = Vec::new();
    for (name, text) in files {
        let (inventory, problems) = parse_file(name, text.to_string());
        diagnostics.extend(problems);
        if let Some(inventory) = inventory {
            inventories.insert(inventory);
        }
    }
    (inventories, diagnostics)
}

/// One inventory file's text; `name` (relative to the book root) names the crate and version.
fn parse_file(name: &str, text: String) -> (Option<CrateInventory>, Vec<Diagnostic>) {
    let stem = Path::new(name).file_stem().unwrap_or_default().to_string_lossy().into_owned();
    if !stem.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)) {
        let d = Diagnostic::error("inventory", name, Pos::FILE, "not an inventory file name")
            .expected("`<crate>-<version>.tsv` or `std.tsv`");
        return (None, vec![d]);
    }
    let (crate_name, version) = split_name_version(&stem);
    let (inventory, problems) = CrateInventory::index(&InventoryFile { name, crate_name, version }, text);
    (Some(inventory), problems)
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
    fn rows_are_validated_when_their_path_is_looked_up() {
        let text =
            TSV.replace("tokio/task/fn.spawn.html", "\"onclick").replace("tokio::task::JoinHandle\t", "tokio::<x>\t");
        let (inv, problems) = from_texts([("inventories/tokio-1.54.1.tsv", text.as_str())]);
        assert_eq!(problems, []);
        let shown = |inv: &Inventories| -> Vec<String> {
            inv.row_problems().iter().map(|d| format!("{}:{} {}", d.pos.line, d.pos.column, d.message)).collect()
        };
        // Paths are checked when the file is indexed; the bad URL only once its row is read.
        assert_eq!(shown(&inv), ["5:1 `tokio::<x>` is not a Rust path"]);
        assert!(inv.lookup("tokio::task::spawn_blocking").len() == 1);
        assert_eq!(shown(&inv).len(), 1);
        assert!(inv.lookup("tokio::task::spawn").is_empty(), "an invalid row is left out");
        assert_eq!(
            shown(&inv)[0],
            "3:23 docs URL `https://docs.rs/tokio/1.54.1/\\\"onclick` is not allowed: expected `https://docs.rs/tokio/1.54.1/…`, `https://doc.rust-lang.org/…` or nothing"
        );
        assert_eq!(inv.crates().next().unwrap().paths().count(), 4);
    }

    #[test]
    fn splits_file_names() {
        assert_eq!(split_name_version("async-std-1.13.2"), ("async-std", "1.13.2"));
        assert_eq!(split_name_version("std"), ("std", ""));
        assert_eq!(split_name_version("tokio-util-0.7.16"), ("tokio-util", "0.7.16"));
    }
}
