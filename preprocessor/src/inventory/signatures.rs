//! Trait impls and normalised signatures: `inventories/signatures/<crate>-<version>.traits.tsv`
//! and `.sigs.tsv`, written by `cargo xtask inventory` next to the row inventories. They are
//! what `check` compares a `drop-in` claim with (see `check/signatures.rs`).
//!
//! Like the row inventories they come in pull requests: every row is validated (a bad one is
//! an error at file:line:column and is dropped), a file is read only below a size limit, and
//! nothing here panics on any input.

use crate::diagnostic::Diagnostic;
use crate::model::Pos;
use std::ops::Range;
use std::path::Path;
use std::sync::{Mutex, OnceLock, PoisonError};

/// The folder, inside the inventories folder, that holds these files.
pub const DIR: &str = "signatures";

pub const TRAITS_HEADER: &str = "path\ttrait\tfamily\tbounds";
pub const SIGS_HEADER: &str = "path\tasync\treceiver\tarity\tparams\treturns\tyields";

/// Longest field accepted (the generator shortens longer types to this with `…`).
const MAX_FIELD_CHARS: usize = 300;
/// More parameters than any real function has: a larger arity is a broken row.
const MAX_ARITY: u32 = 64;

/// One trait a type implements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraitFact {
    /// `Clone`, `From<TcpStream>`, `&AsyncRead` (implemented for `&Type`).
    pub name: String,
    /// The crate defining the trait (`core`, `futures_io`, `tokio`): the trait family.
    pub family: String,
    /// The impl's where-clause, empty when unconditional.
    pub bounds: String,
}

impl TraitFact {
    /// The trait's name without `&` and generic arguments: `&AsyncRead` → `AsyncRead`.
    pub fn base_name(&self) -> &str {
        let name = self.name.trim_start_matches('&');
        name.split('<').next().unwrap_or(name)
    }
}

/// The normalised signature of a function or method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigFact {
    pub is_async: bool,
    /// `-` (a free function), `self`, `&self`, `&mut self`, or the written receiver type.
    pub receiver: String,
    pub arity: u32,
    /// The parameter types after the receiver, `; `-separated (for messages only).
    pub params: String,
    pub returns: String,
    /// `Output=T` of a returned future, `Item=T` of a returned stream, empty when unknown.
    pub yields: String,
}

/// Trait impls by type path and signatures by function path, over all crates.
///
/// Like [`super::CrateInventory`], the files are indexed by path when read and a path's rows
/// are validated and parsed the first time it is looked up: a build compares the few hundred
/// paths its `drop-in` entries name, out of the tens of thousands of rows committed. A row
/// never looked up reaches no message; the invalid rows among those looked up are in
/// [`ApiFacts::row_problems`], and [`parse_into`] validates a whole file (tests, fuzzers).
#[derive(Debug, Default)]
pub struct ApiFacts {
    files: Vec<FactsFile>,
    traits: PathIndex<Vec<TraitFact>>,
    sigs: PathIndex<Option<SigFact>>,
    /// Invalid rows found so far, in the order they were looked up.
    problems: Mutex<Vec<Diagnostic>>,
}

/// One file's name (relative to the book root) and text.
#[derive(Debug)]
struct FactsFile {
    name: String,
    text: String,
    kind: FileKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Traits,
    Sigs,
}

impl FileKind {
    fn of(name: &str) -> Option<Self> {
        if name.ends_with(".traits.tsv") {
            Some(FileKind::Traits)
        } else if name.ends_with(".sigs.tsv") {
            Some(FileKind::Sigs)
        } else {
            None
        }
    }

    fn header(self) -> &'static str {
        match self {
            FileKind::Traits => TRAITS_HEADER,
            FileKind::Sigs => SIGS_HEADER,
        }
    }
}

/// The rows of one kind of file, sorted by path (then by file and line): a group per path.
#[derive(Debug)]
struct PathIndex<T> {
    rows: Vec<RowRef>,
    groups: Vec<PathGroup<T>>,
}

impl<T> Default for PathIndex<T> {
    fn default() -> Self {
        PathIndex { rows: Vec::new(), groups: Vec::new() }
    }
}

/// One row: its file, 1-based line number, bytes in the file's text and the length of its path
/// (the first field).
#[derive(Debug, Clone)]
struct RowRef {
    file: usize,
    line: u64,
    text: Range<usize>,
    path_len: usize,
}

#[derive(Debug)]
struct PathGroup<T> {
    /// Indexes into `PathIndex::rows`.
    rows: Range<usize>,
    /// The valid rows, parsed on first access.
    parsed: OnceLock<T>,
}

impl ApiFacts {
    /// The traits of a type, `None` when the type is not in any file (std, or not a type).
    pub fn traits(&self, path: &str) -> Option<&[TraitFact]> {
        let parsed = self.parsed(&self.traits, path, |rows| self.parse_rows(rows, parse_trait_row))?;
        Some(parsed.as_slice())
    }

    /// The signature of a function (the last valid row of its path).
    pub fn signature(&self, path: &str) -> Option<&SigFact> {
        let parsed = self.parsed(&self.sigs, path, |rows| self.parse_rows(rows, parse_sig_row).pop())?;
        parsed.as_ref()
    }

    pub fn is_empty(&self) -> bool {
        self.traits.groups.is_empty() && self.sigs.groups.is_empty()
    }

    /// The invalid rows among those looked up so far, by file and line, capped per file: a
    /// caller collects them after its last lookup.
    pub fn row_problems(&self) -> Vec<Diagnostic> {
        let mut problems = self.problems.lock().unwrap_or_else(PoisonError::into_inner).clone();
        crate::diagnostic::sort(&mut problems);
        let mut out = Vec::new();
        for file in &self.files {
            let of_file: Vec<Diagnostic> = problems.iter().filter(|d| d.file == file.name).cloned().collect();
            out.extend(super::row::cap_problems("signature-row", &file.name, of_file));
        }
        out
    }

    /// Parses every row, so that [`ApiFacts::row_problems`] covers every file (tests of the
    /// committed files).
    pub fn validate_all(&self) {
        for group in &self.traits.groups {
            self.traits(self.path_of(&self.traits.rows[group.rows.start]));
        }
        for group in &self.sigs.groups {
            self.signature(self.path_of(&self.sigs.rows[group.rows.start]));
        }
    }

    /// The parsed rows of `path`, parsed by `parse` on first access; `None` when no row has it.
    fn parsed<'a, T>(
        &'a self,
        index: &'a PathIndex<T>,
        path: &str,
        parse: impl FnOnce(&[RowRef]) -> T,
    ) -> Option<&'a T> {
        let found = index.groups.binary_search_by(|group| self.path_of(&index.rows[group.rows.start]).cmp(path));
        let group = &index.groups[found.ok()?];
        Some(group.parsed.get_or_init(|| parse(&index.rows[group.rows.clone()])))
    }

    fn path_of(&self, row: &RowRef) -> &str {
        &self.files[row.file].text[row.text.start..row.text.start + row.path_len]
    }

    fn line_of(&self, row: &RowRef) -> &str {
        &self.files[row.file].text[row.text.clone()]
    }

    /// Validates `rows` with `parse`, recording the invalid ones; the valid ones in order.
    fn parse_rows<T>(&self, rows: &[RowRef], parse: RowParser<T>) -> Vec<T> {
        let mut out = Vec::new();
        for row in rows {
            let line = self.line_of(row);
            let file = &self.files[row.file];
            match parse_line(line, file.kind.header(), parse) {
                Ok(fact) => out.push(fact),
                Err((field, message)) => {
                    let problem = row_problem(&file.name, row.line, line, field, message);
                    self.problems.lock().unwrap_or_else(PoisonError::into_inner).push(problem);
                }
            }
        }
        out
    }

    /// Adds a file (its header checked; rows indexed by their first field only). The index is
    /// rebuilt by [`ApiFacts::reindex`].
    fn add_file(&mut self, name: &str, text: String) -> Result<(), Box<Diagnostic>> {
        let Some(kind) = FileKind::of(name) else {
            return Err(Box::new(
                Diagnostic::error("signature-row", name, Pos::FILE, "not a signatures file name")
                    .expected("`<crate>-<version>.traits.tsv` or `<crate>-<version>.sigs.tsv`"),
            ));
        };
        let header = text.split('\n').next().unwrap_or_default();
        if header.strip_suffix('\r').unwrap_or(header) != kind.header() {
            return Err(Box::new(
                Diagnostic::error("signature-row", name, Pos::FILE, "unexpected header line")
                    .expected(format!("the header `{}`", kind.header().replace('\t', "␉")))
                    .hint("regenerate the file with `cargo xtask inventory`"),
            ));
        }
        self.files.push(FactsFile { name: name.to_owned(), text, kind });
        Ok(())
    }

    /// Indexes every row of every file by path.
    fn reindex(&mut self) {
        let mut traits = Vec::new();
        let mut sigs = Vec::new();
        for (index, file) in self.files.iter().enumerate() {
            let rows = if file.kind == FileKind::Traits { &mut traits } else { &mut sigs };
            let mut offset = 0;
            for (number, raw) in file.text.split_inclusive('\n').enumerate() {
                let start = offset;
                offset += raw.len();
                let line = raw.strip_suffix('\n').unwrap_or(raw);
                let line = line.strip_suffix('\r').unwrap_or(line);
                if number == 0 || line.is_empty() {
                    continue;
                }
                let path_len = line.find('\t').unwrap_or(line.len());
                rows.push(RowRef { file: index, line: number as u64 + 1, text: start..start + line.len(), path_len });
            }
        }
        self.traits = self.index(traits);
        self.sigs = self.index(sigs);
    }

    /// Sorts rows by path, keeping the file and line order of a path's rows, and groups them.
    fn index<T>(&self, mut rows: Vec<RowRef>) -> PathIndex<T> {
        rows.sort_by(|a, b| self.path_of(a).cmp(self.path_of(b)));
        let mut groups: Vec<PathGroup<T>> = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            match groups.last_mut() {
                Some(last) if self.path_of(&rows[last.rows.start]) == self.path_of(row) => last.rows.end = i + 1,
                _ => groups.push(PathGroup { rows: i..i + 1, parsed: OnceLock::new() }),
            }
        }
        PathIndex { rows, groups }
    }
}

/// Reads every `*.traits.tsv` and `*.sigs.tsv` of `inventories/signatures/`; a missing folder
/// is no facts (the check then compares nothing). `root` is the book root, for file names.
/// The problems of a file as a whole come back now; those of its rows from
/// [`ApiFacts::row_problems`].
pub fn load_dir(root: &Path, inventories: &Path) -> (ApiFacts, Vec<Diagnostic>) {
    let dir = inventories.join(DIR);
    let mut facts = ApiFacts::default();
    let mut diagnostics = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else { return (facts, diagnostics) };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    for file in files {
        let name = crate::load::relative(root, &file);
        match super::read_limited(&file) {
            Ok(text) => diagnostics.extend(facts.add_file(&name, text).err().map(|problem| *problem)),
            Err(message) => diagnostics.push(Diagnostic::error("signature-row", &name, Pos::FILE, message)),
        }
    }
    facts.reindex();
    (facts, diagnostics)
}

/// Adds one file's text to `facts`, by the file's name (`….traits.tsv` or `….sigs.tsv`), and
/// validates all its rows (builds validate only the rows they look up): the file's problems.
pub fn parse_into(facts: &mut ApiFacts, name: &str, text: &str) -> Vec<Diagnostic> {
    if let Err(problem) = facts.add_file(name, text.to_owned()) {
        return vec![*problem];
    }
    facts.reindex();
    facts.validate_all();
    facts.row_problems().into_iter().filter(|d| d.file == name).collect()
}

type RowParser<T> = fn(&[&str]) -> Result<T, (usize, String)>;

/// Checks a row's column count, path and field characters, then hands its fields to `parse`
/// (which checks the rest); a rejected field is an error at its column.
fn parse_line<T>(line: &str, header: &str, parse: RowParser<T>) -> Result<T, (usize, String)> {
    let columns = header.split('\t').count();
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() != columns {
        return Err((fields.len().min(columns), format!("{} columns where the header has {columns}", fields.len())));
    }
    common_problem(&fields).map_or_else(|| parse(&fields), Err)
}

fn row_problem(file: &str, line: u64, text: &str, field: usize, message: String) -> Diagnostic {
    let column: usize = text.split('\t').take(field).map(|f| f.chars().count() + 1).sum::<usize>() + 1;
    Diagnostic::error("signature-row", file, Pos { line, column: column as u64 }, message)
        .hint("these files are generated: run `cargo xtask inventory` instead of editing them")
}

/// The path is a Rust path; every field is short printable text (they reach messages).
fn common_problem(fields: &[&str]) -> Option<(usize, String)> {
    if let Some((message, _)) = crate::check::path_syntax_problem(fields[0]) {
        return Some((0, message));
    }
    for (index, field) in fields.iter().enumerate() {
        if field.chars().count() > MAX_FIELD_CHARS {
            return Some((index, format!("field longer than {MAX_FIELD_CHARS} characters")));
        }
        if let Some(c) = field.chars().find(|c| c.is_control() || matches!(c, '`' | '\\' | '"')) {
            return Some((index, format!("unexpected character {}", c.escape_debug())));
        }
    }
    None
}

fn parse_trait_row(fields: &[&str]) -> Result<TraitFact, (usize, String)> {
    let [_, name, family, bounds] = fields else { return Err((0, "wrong number of columns".into())) };
    let base = name.trim_start_matches('&');
    if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err((1, format!("`{name}` is not a trait name")));
    }
    if !family.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
        return Err((2, format!("`{family}` is not a crate name")));
    }
    Ok(TraitFact { name: (*name).to_owned(), family: (*family).to_owned(), bounds: (*bounds).to_owned() })
}

fn parse_sig_row(fields: &[&str]) -> Result<SigFact, (usize, String)> {
    let [_, is_async, receiver, arity, params, returns, yields] = fields else {
        return Err((0, "wrong number of columns".into()));
    };
    let is_async = match *is_async {
        "yes" => true,
        "no" => false,
        other => return Err((1, format!("`{other}` is neither `yes` nor `no`"))),
    };
    if receiver.is_empty() {
        return Err((2, "empty receiver; `-` is a function without one".into()));
    }
    let arity = match arity.parse::<u32>() {
        Ok(n) if n <= MAX_ARITY => n,
        _ => return Err((3, format!("`{arity}` is not a parameter count (0 to {MAX_ARITY})"))),
    };
    if !yields.is_empty() && !yields.starts_with("Output=") && !yields.starts_with("Item=") {
        return Err((6, format!("`{yields}` is neither `Output=…` nor `Item=…`")));
    }
    Ok(SigFact {
        is_async,
        receiver: (*receiver).to_owned(),
        arity,
        params: (*params).to_owned(),
        returns: (*returns).to_owned(),
        yields: (*yields).to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, text: &str) -> (ApiFacts, Vec<Diagnostic>) {
        let mut facts = ApiFacts::default();
        let problems = parse_into(&mut facts, name, text);
        (facts, problems)
    }

    #[test]
    fn reads_traits_and_signatures() {
        let (facts, problems) = parse(
            "inventories/signatures/x-1.0.0.traits.tsv",
            "path\ttrait\tfamily\tbounds\nx::Fuse\tClone\tcore\tS: Clone\nx::Fuse\t&AsyncRead\tfutures_io\t\n",
        );
        assert_eq!(problems, []);
        let traits = facts.traits("x::Fuse").unwrap();
        assert_eq!(traits[1].base_name(), "AsyncRead");
        let (facts, problems) = parse(
            "inventories/signatures/x-1.0.0.sigs.tsv",
            "path\tasync\treceiver\tarity\tparams\treturns\tyields\nx::Ext::read\tno\t&mut self\t1\t&mut [u8]\tRead<Self>\tOutput=Result<usize, Error>\n",
        );
        assert_eq!(problems, []);
        assert_eq!(facts.signature("x::Ext::read").unwrap().arity, 1);
    }

    #[test]
    fn rejects_bad_rows_at_their_column() {
        let text = "path\tasync\treceiver\tarity\tparams\treturns\tyields\n\
                    x::f\tmaybe\t-\t0\t\t()\t\n\
                    x::g\tno\t-\t99999999999\t\t()\t\n\
                    x::h\tno\t-\t0\t\t()\tOops\n\
                    x::<h>\tno\t-\t0\t\t()\t\n\
                    x::i\tno\t-\t0\t`x`\t()\t\n\
                    x::j\tno\n";
        let (facts, problems) = parse("s/x-1.0.0.sigs.tsv", text);
        let found: Vec<(u64, u64, &str)> =
            problems.iter().map(|d| (d.pos.line, d.pos.column, d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (2, 6, "`maybe` is neither `yes` nor `no`"),
                (3, 11, "`99999999999` is not a parameter count (0 to 64)"),
                (4, 17, "`Oops` is neither `Output=…` nor `Item=…`"),
                (5, 1, "`x::<h>` is not a plain path"),
                (6, 13, "unexpected character `"),
                (7, 9, "2 columns where the header has 7"),
            ]
        );
        assert!(facts.signature("x::f").is_none());
    }

    #[test]
    fn rows_are_validated_when_their_path_is_looked_up() {
        let mut facts = ApiFacts::default();
        let text = "path\tasync\treceiver\tarity\tparams\treturns\tyields\nx::f\tmaybe\t-\t0\t\t()\t\nx::g\tno\t-\t0\t\t()\t\n";
        facts.add_file("s/x-1.0.0.sigs.tsv", text.to_owned()).unwrap();
        facts.reindex();
        assert!(facts.signature("x::g").is_some());
        assert_eq!(facts.row_problems(), [], "the bad row of x::f was not looked up");
        assert!(facts.signature("x::f").is_none(), "an invalid row is left out");
        let found: Vec<(u64, u64)> = facts.row_problems().iter().map(|d| (d.pos.line, d.pos.column)).collect();
        assert_eq!(found, [(2, 6)]);
    }

    #[test]
    fn rejects_a_wrong_header_and_file_name() {
        let (_, problems) = parse("s/x-1.0.0.traits.tsv", "path\ttrait\n");
        assert_eq!(problems[0].message, "unexpected header line");
        let (_, problems) = parse("s/x-1.0.0.tsv", "");
        assert_eq!(problems[0].message, "not a signatures file name");
    }
}
