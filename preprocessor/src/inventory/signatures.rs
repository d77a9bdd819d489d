//! Trait impls and normalised signatures: `inventories/signatures/<crate>-<version>.traits.tsv`
//! and `.sigs.tsv`, written by `cargo xtask inventory` next to the row inventories. They are
//! what `check` compares a `drop-in` claim with (see `check/signatures.rs`).
//!
//! Like the row inventories they come in pull requests: every row is validated (a bad one is
//! an error at file:line:column and is dropped), a file is read only below a size limit, and
//! nothing here panics on any input.

use crate::diagnostic::Diagnostic;
use crate::model::Pos;
use std::collections::HashMap;
use std::path::Path;

/// The folder, inside the inventories folder, that holds these files.
pub const DIR: &str = "signatures";

pub const TRAITS_HEADER: &str = "path\ttrait\tfamily\tbounds";
pub const SIGS_HEADER: &str = "path\tasync\treceiver\tarity\tparams\treturns\tyields";

/// Longest field accepted (the generator shortens longer types to this with `…`).
const MAX_FIELD_CHARS: usize = 300;
/// More parameters than any real function has: a larger arity is a broken row.
const MAX_ARITY: u32 = 64;
const MAX_PROBLEMS_PER_FILE: usize = 50;

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
#[derive(Debug, Clone, Default)]
pub struct ApiFacts {
    traits: HashMap<String, Vec<TraitFact>>,
    sigs: HashMap<String, SigFact>,
}

impl ApiFacts {
    /// The traits of a type, `None` when the type is not in any file (std, or not a type).
    pub fn traits(&self, path: &str) -> Option<&[TraitFact]> {
        self.traits.get(path).map(Vec::as_slice)
    }

    pub fn signature(&self, path: &str) -> Option<&SigFact> {
        self.sigs.get(path)
    }

    pub fn is_empty(&self) -> bool {
        self.traits.is_empty() && self.sigs.is_empty()
    }
}

/// Reads every `*.traits.tsv` and `*.sigs.tsv` of `inventories/signatures/`; a missing folder
/// is no facts (the check then compares nothing). `root` is the book root, for file names.
pub fn load_dir(root: &Path, inventories: &Path) -> (ApiFacts, Vec<Diagnostic>) {
    let dir = inventories.join(DIR);
    let mut facts = ApiFacts::default();
    let mut diagnostics = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else { return (facts, diagnostics) };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    for file in files {
        let name = crate::load::relative(root, &file);
        let text = match super::read_limited(&file) {
            Ok(text) => text,
            Err(message) => {
                diagnostics.push(Diagnostic::error("signature-row", &name, Pos::FILE, message));
                continue;
            }
        };
        diagnostics.extend(parse_into(&mut facts, &name, &text));
    }
    (facts, diagnostics)
}

/// Parses one file's text into `facts`, by the file's name (`….traits.tsv` or `….sigs.tsv`).
pub fn parse_into(facts: &mut ApiFacts, name: &str, text: &str) -> Vec<Diagnostic> {
    if name.ends_with(".traits.tsv") {
        parse_rows(name, text, TRAITS_HEADER, |fields| {
            let fact = parse_trait_row(fields)?;
            facts.traits.entry(fields[0].to_owned()).or_default().push(fact);
            Ok(())
        })
    } else if name.ends_with(".sigs.tsv") {
        parse_rows(name, text, SIGS_HEADER, |fields| {
            let sig = parse_sig_row(fields)?;
            facts.sigs.insert(fields[0].to_owned(), sig);
            Ok(())
        })
    } else {
        vec![
            Diagnostic::error("signature-row", name, Pos::FILE, "not a signatures file name")
                .expected("`<crate>-<version>.traits.tsv` or `<crate>-<version>.sigs.tsv`"),
        ]
    }
}

/// Checks the header and each row's column count, path and field characters, then hands the
/// fields to `accept` (which checks the rest); a rejected field is an error at its column.
fn parse_rows(
    name: &str,
    text: &str,
    header: &str,
    mut accept: impl FnMut(&[&str]) -> Result<(), (usize, String)>,
) -> Vec<Diagnostic> {
    let mut lines = text.lines();
    if lines.next() != Some(header) {
        return vec![
            Diagnostic::error("signature-row", name, Pos::FILE, "unexpected header line")
                .expected(format!("the header `{}`", header.replace('\t', "␉")))
                .hint("regenerate the file with `cargo xtask inventory`"),
        ];
    }
    let columns = header.split('\t').count();
    let mut diagnostics = Vec::new();
    let mut skipped = 0;
    for (index, line) in lines.enumerate() {
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let result = if fields.len() != columns {
            Err((fields.len().min(columns), format!("{} columns where the header has {columns}", fields.len())))
        } else {
            common_problem(&fields).map_or_else(|| accept(&fields), Err)
        };
        let Err((field, message)) = result else { continue };
        if diagnostics.len() >= MAX_PROBLEMS_PER_FILE {
            skipped += 1;
            continue;
        }
        let column: usize = line.split('\t').take(field).map(|f| f.chars().count() + 1).sum::<usize>() + 1;
        let pos = Pos { line: index as u64 + 2, column: column as u64 };
        diagnostics.push(
            Diagnostic::error("signature-row", name, pos, message)
                .hint("these files are generated: run `cargo xtask inventory` instead of editing them"),
        );
    }
    if skipped > 0 {
        let message = format!("{skipped} more invalid rows after the first {MAX_PROBLEMS_PER_FILE}");
        diagnostics.push(Diagnostic::error("signature-row", name, Pos::FILE, message));
    }
    diagnostics
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
    fn rejects_a_wrong_header_and_file_name() {
        let (_, problems) = parse("s/x-1.0.0.traits.tsv", "path\ttrait\n");
        assert_eq!(problems[0].message, "unexpected header line");
        let (_, problems) = parse("s/x-1.0.0.tsv", "");
        assert_eq!(problems[0].message, "not a signatures file name");
    }
}
