//! One inventory file → rows, each validated: inventories come in pull requests too, and their
//! fields reach the pages (paths as code, URLs as link targets, feature gates as HTML).
//! Plain character scans, no regex: the 5 MB of committed inventories validate in milliseconds.

use super::{Item, root_ident};
use crate::diagnostic::Diagnostic;
use crate::model::Pos;

/// Every kind `cargo xtask inventory` writes (the committed inventories use all but `static`).
pub const KINDS: [&str; 18] = [
    "assoc_const",
    "assoc_type",
    "attr",
    "const",
    "derive",
    "enum",
    "fn",
    "macro",
    "method",
    "mod",
    "static",
    "struct",
    "trait",
    "trait_alias",
    "tymethod",
    "type",
    "union",
    "variant",
];

/// The columns read here, in the order of [`Columns`].
const NEEDED: [&str; 6] = ["path", "kind", "docs_url", "feature_gate", "deprecated", "doc_hidden"];

/// At most this many problems are reported per file; a broken generator breaks every row.
const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Documentation of std lives here (any path below it).
const STD_DOCS: &str = "https://doc.rust-lang.org/";

/// Positions of the columns in the header.
#[derive(Debug, Clone)]
pub(super) struct Columns {
    needed: [usize; 6],
    origin: Option<usize>,
    count: usize,
}

/// The crate an inventory file lists: `tokio`, `1.54.1` (from `tokio-1.54.1.tsv`).
pub struct InventoryFile<'a> {
    /// Relative to the book root, for diagnostics (`inventories/tokio-1.54.1.tsv`).
    pub name: &'a str,
    pub crate_name: &'a str,
    pub version: &'a str,
}

/// Parses an inventory TSV (the header names the columns); returns the valid rows and a
/// diagnostic at line:column for each invalid one. Every row, eagerly: for tests and the
/// fuzzers; builds index the file and validate rows when they are looked up
/// ([`super::CrateInventory::index`]).
pub fn parse_tsv(file: &InventoryFile<'_>, text: &str) -> (Vec<Item>, Vec<Diagnostic>) {
    let mut lines = text.lines();
    let columns = match header_columns(file, lines.next().unwrap_or_default()) {
        Ok(columns) => columns,
        Err(d) => return (Vec::new(), vec![*d]),
    };
    let root = root_ident(file.crate_name);
    let mut items = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, line) in lines.enumerate() {
        if line.is_empty() {
            continue;
        }
        match parse_row(line, &columns, file, &root) {
            Ok(item) => items.push(item),
            Err((column, message)) => diagnostics.push(row_problem(file.name, index as u64 + 2, line, column, message)),
        }
    }
    (items, cap_problems("inventory-row", file.name, diagnostics))
}

/// An invalid row's diagnostic: `line` is 1-based, `field` the index of the bad field.
pub(super) fn row_problem(file: &str, line: u64, text: &str, field: usize, message: String) -> Diagnostic {
    let pos = Pos { line, column: column_of(text, field) };
    Diagnostic::error("inventory-row", file, pos, message)
        .hint("inventories are generated: run `cargo xtask inventory` instead of editing them")
}

/// The first [`MAX_PROBLEMS_PER_FILE`] problems of a file (by line), then how many more.
pub(super) fn cap_problems(code: &'static str, file: &str, mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if problems.len() <= MAX_PROBLEMS_PER_FILE {
        return problems;
    }
    problems.sort_by_key(|d| (d.pos.line, d.pos.column));
    let skipped = problems.len() - MAX_PROBLEMS_PER_FILE;
    problems.truncate(MAX_PROBLEMS_PER_FILE);
    problems.push(Diagnostic::error(
        code,
        file,
        Pos::FILE,
        format!("{skipped} more invalid rows after the first {MAX_PROBLEMS_PER_FILE}"),
    ));
    problems
}

/// The columns named by a header line, or (boxed: it is the rare path) the file's diagnostic.
pub(super) fn header_columns(file: &InventoryFile<'_>, header: &str) -> Result<Columns, Box<Diagnostic>> {
    columns_of(header).map_err(|message| {
        Box::new(
            Diagnostic::error("inventory", file.name, Pos::FILE, message)
                .expected(format!("a header line naming the columns {}", NEEDED.join(", ")))
                .hint("regenerate the file with `cargo xtask inventory`"),
        )
    })
}

fn columns_of(header: &str) -> Result<Columns, String> {
    let names: Vec<&str> = header.split('\t').collect();
    let position = |name: &str| names.iter().position(|h| *h == name);
    let mut needed = [0; 6];
    for (slot, name) in needed.iter_mut().zip(NEEDED) {
        *slot = position(name).ok_or(format!("missing column `{name}`"))?;
    }
    Ok(Columns { needed, origin: position("origin"), count: names.len() })
}

impl Columns {
    /// The index of the path column and the path of a row (empty when the row is short).
    pub(super) fn path_of<'a>(&self, line: &'a str) -> (usize, &'a str) {
        let field = self.needed[0];
        (field, line.split('\t').nth(field).unwrap_or_default())
    }
}

/// The 1-based character column where field `field` of a row starts.
fn column_of(line: &str, field: usize) -> u64 {
    let before: usize = line.split('\t').take(field).map(|f| f.chars().count() + 1).sum();
    before as u64 + 1
}

/// A valid row, or the index of the first bad field and what is wrong with it.
pub(super) fn parse_row(
    line: &str,
    columns: &Columns,
    file: &InventoryFile<'_>,
    root: &str,
) -> Result<Item, (usize, String)> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() != columns.count {
        let at = fields.len().min(columns.count);
        return Err((at, format!("{} columns where the header has {}", fields.len(), columns.count)));
    }
    let [path, kind, url, gate, deprecated, hidden] = columns.needed;
    let origin = columns.origin.map(|c| fields[c]).unwrap_or_default();
    let field = |c: usize| fields[c];
    if let Some(message) = path_problem(field(path), root) {
        return Err((path, message));
    }
    if !KINDS.contains(&field(kind)) {
        return Err((
            kind,
            format!("unknown kind `{}`; expected one of {}", field(kind).escape_debug(), KINDS.join(", ")),
        ));
    }
    if let Some(message) = origin_problem(origin) {
        return Err((columns.origin.unwrap_or_default(), message));
    }
    if let Some(message) = url_problem(field(url), file, origin) {
        return Err((url, message));
    }
    if !field(gate).chars().all(|c| c.is_ascii_alphanumeric() || " _=\"(),.-".contains(c)) {
        return Err((gate, format!("`{}` is not a cfg predicate", field(gate).escape_debug())));
    }
    if field(deprecated).chars().any(char::is_control) {
        return Err((deprecated, "control characters in the deprecation note".into()));
    }
    let doc_hidden = match field(hidden) {
        "yes" => true,
        "no" => false,
        other => return Err((hidden, format!("`{}` is neither `yes` nor `no`", other.escape_debug()))),
    };
    Ok(Item {
        path: field(path).to_string(),
        kind: field(kind).to_string(),
        url: field(url).to_string(),
        feature_gate: field(gate).to_string(),
        deprecated: field(deprecated).to_string(),
        doc_hidden,
        origin: origin.to_string(),
    })
}

/// A path of this crate: `root::segment::…`, each segment an identifier; fields of enum
/// variants are written `Variant.field.name` / `Variant.fields`.
pub(super) fn path_problem(path: &str, root: &str) -> Option<String> {
    let roots: &[&str] = if root == "std" { &["std", "core", "alloc"] } else { &[root] };
    if is_plain_ascii_path(path, roots) {
        return None;
    }
    // Split at single colons (a byte search, run on every row of every file): a valid path
    // alternates segments and the empty string between the two colons of each `::`.
    let mut parts = path.split(':');
    let first = parts.next().unwrap_or_default();
    let after_first = path.get(first.len()..).unwrap_or_default();
    if !roots.contains(&first) || !(after_first.is_empty() || after_first.starts_with("::")) {
        return Some(format!("`{}` is not a path of `{root}`", path.escape_debug()));
    }
    let is_ident = |s: &str| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c == '_' || c.is_alphabetic()) && chars.all(|c| c == '_' || c.is_alphanumeric())
    };
    let valid =
        parts.enumerate().all(|(i, part)| if i % 2 == 0 { part.is_empty() } else { part.split('.').all(is_ident) })
            && path.split(':').count() % 2 == 1;
    (!valid).then(|| format!("`{}` is not a Rust path", path.escape_debug()))
}

/// The common case in one pass over the bytes (every row of every file is checked when
/// indexed): a root, then `::` and an ASCII identifier, any number of times. A subset of what
/// the general check accepts; anything else goes through it.
fn is_plain_ascii_path(path: &str, roots: &[&str]) -> bool {
    let Some(rest) = roots.iter().find_map(|root| path.strip_prefix(root)) else { return false };
    let mut bytes = rest.as_bytes();
    while !bytes.is_empty() {
        let Some(segment) = bytes.strip_prefix(b"::") else { return false };
        let end = segment.iter().position(|b| !(b.is_ascii_alphanumeric() || *b == b'_')).unwrap_or(segment.len());
        if end == 0 || segment[0].is_ascii_digit() {
            return false;
        }
        bytes = &segment[end..];
    }
    true
}

/// `self`, `std`, or the `crate@version` that defines the item.
fn origin_problem(origin: &str) -> Option<String> {
    if matches!(origin, "" | "self" | "std") {
        return None;
    }
    let valid = origin.split_once('@').is_some_and(|(name, version)| {
        crate_name_ok(name)
            && !version.is_empty()
            && version.chars().all(|c| c.is_ascii_alphanumeric() || ".+-".contains(c))
    });
    (!valid).then(|| format!("origin `{}` is not `self`, `std` or `crate@version`", origin.escape_debug()))
}

fn crate_name_ok(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
}

/// Empty, std's documentation, or docs.rs at the pinned version of this crate or of the
/// crate that defines the item; in characters that need no escaping in a Markdown link.
fn url_problem(url: &str, file: &InventoryFile<'_>, origin: &str) -> Option<String> {
    if url.is_empty() {
        return None;
    }
    let rest = if let Some(rest) = url.strip_prefix(STD_DOCS) {
        Some(rest)
    } else if let Some(rest) = url.strip_prefix("https://docs.rs/") {
        let mut parts = rest.splitn(3, '/');
        let (name, version, page) = (parts.next(), parts.next(), parts.next());
        let pinned = origin.split_once('@');
        let allowed =
            |n: &str, v: &str| Some((n, v)) == Some((file.crate_name, file.version)) || Some((n, v)) == pinned;
        match (name, version, page) {
            (Some(n), Some(v), Some(page)) if allowed(n, v) => Some(page),
            _ => {
                return Some(format!(
                    "docs URL `{}` is not for {} {} (or its origin)",
                    url.escape_debug(),
                    file.crate_name,
                    file.version
                ));
            }
        }
    } else {
        None
    };
    match rest {
        Some(rest) if rest.chars().all(|c| c.is_ascii_alphanumeric() || "_-./#:%~".contains(c)) => None,
        _ => Some(format!(
            "docs URL `{}` is not allowed: expected `https://docs.rs/{}/{}/…`, `{STD_DOCS}…` or nothing",
            url.escape_debug(),
            file.crate_name,
            file.version
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "path\tkind\tdocs_url\tfeature_gate\tcfg\tin_docsrs_build\tin_plain_build\tdoc_hidden\tdeprecated\torigin\n";
    const FILE: InventoryFile<'static> =
        InventoryFile { name: "inventories/tokio-1.54.1.tsv", crate_name: "tokio", version: "1.54.1" };

    /// `line:column message` of each problem with the rows.
    fn problems(rows: &str) -> Vec<String> {
        let (_, diagnostics) = parse_tsv(&FILE, &format!("{HEADER}{rows}"));
        diagnostics.iter().map(|d| format!("{}:{} {}", d.pos.line, d.pos.column, d.message)).collect()
    }

    #[test]
    fn accepts_real_rows() {
        let rows = "tokio::task::spawn\tfn\thttps://docs.rs/tokio/1.54.1/tokio/task/fn.spawn.html\tfeature = \"rt\"\t\tyes\tyes\tno\t\tself\n\
            tokio::io::Bytes\tstruct\thttps://docs.rs/bytes/1.12.2/bytes/struct.Bytes.html\t\t\tyes\tyes\tno\tuse `x`\tbytes@1.12.2\n\
            tokio::x::V.field.a\tvariant\t\t\t\tyes\tyes\tyes\t\tself\n";
        assert_eq!(problems(rows), Vec::<String>::new());
    }

    #[test]
    fn a_javascript_url_is_refused_at_its_column() {
        let row = "tokio::task::spawn\tfn\tjavascript:alert(1)\t\t\tyes\tyes\tno\t\tself\n";
        assert_eq!(
            problems(row),
            [
                "2:23 docs URL `javascript:alert(1)` is not allowed: expected `https://docs.rs/tokio/1.54.1/…`, `https://doc.rust-lang.org/…` or nothing"
            ]
        );
    }

    #[test]
    fn every_field_is_validated() {
        let rows = "tokio::task::spawn\tfn\thttps://docs.rs/tokio/9.9.9/x.html\t\t\tyes\tyes\tno\t\tself\n\
            tokio::task::<img>\tfn\t\t\t\tyes\tyes\tno\t\tself\n\
            smol::spawn\tfn\t\t\t\tyes\tyes\tno\t\tself\n\
            tokio::a\tscript\t\t\t\tyes\tyes\tno\t\tself\n\
            tokio::a\tfn\t\tfeature = \"<b>\"\t\tyes\tyes\tno\t\tself\n\
            tokio::a\tfn\thttps://doc.rust-lang.org/x\"onclick=\"y\t\t\tyes\tyes\tno\t\tself\n\
            tokio::a\tfn\t\t\t\tyes\tyes\tmaybe\t\tself\n\
            tokio::a\tfn\t\t\t\tyes\tyes\tno\t\tx@<1>\n\
            tokio::a\tfn\n";
        assert_eq!(
            problems(rows),
            [
                "2:23 docs URL `https://docs.rs/tokio/9.9.9/x.html` is not for tokio 1.54.1 (or its origin)",
                "3:1 `tokio::task::<img>` is not a Rust path",
                "4:1 `smol::spawn` is not a path of `tokio`",
                "5:10 unknown kind `script`; expected one of assoc_const, assoc_type, attr, const, derive, enum, fn, macro, method, mod, static, struct, trait, trait_alias, tymethod, type, union, variant",
                "6:14 `feature = \\\"<b>\\\"` is not a cfg predicate",
                "7:13 docs URL `https://doc.rust-lang.org/x\\\"onclick=\\\"y` is not allowed: expected `https://docs.rs/tokio/1.54.1/…`, `https://doc.rust-lang.org/…` or nothing",
                "8:24 `maybe` is neither `yes` nor `no`",
                "9:28 origin `x@<1>` is not `self`, `std` or `crate@version`",
                "10:13 2 columns where the header has 10",
            ]
        );
    }

    #[test]
    fn a_missing_column_is_a_problem_of_the_file() {
        let (_, diagnostics) = parse_tsv(&FILE, "path\tkind\n");
        assert_eq!(diagnostics[0].pos, Pos::FILE);
        assert_eq!(diagnostics[0].message, "missing column `docs_url`");
    }
}
