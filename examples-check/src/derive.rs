//! Derives a target's program from an async-std example by changing only paths: the test of a
//! `drop-in` claim ("only the path changes"), and the first brick of an automatic rewrite.
//!
//! Every async-std path the example names is looked up in the entries, longest prefix first (a
//! type's mapping applies to its members: `async_std::sync::Mutex::new` goes through the entry
//! `async_std::sync::Mutex` when `Mutex::new` has none), and replaced by the target's path. The
//! paths come written out (`async_std::stream::iter(..)`) or through imports
//! (`use async_std::stream;` then `stream::iter(..)`, `use async_std::sync::Mutex;`). An import
//! that maps is rewritten (`use tokio::sync::Mutex;`); one that does not (a module such as
//! `async_std::stream` has no single target) is dropped, and the paths through it are written out.
//! A qualified path (`<T as async_std::future::IntoFuture>::Output`) goes through the entry of the
//! associated item (`IntoFuture::Output`), and only the trait is replaced.
//! `#[async_std::main]` and `#[async_std::test]` become the target's runtime setup.
//!
//! A path whose entry is not `drop-in` for the target, or maps to several paths, makes the
//! derivation fail: the program is then not "the same program, other paths". Method calls are not
//! resolved (that needs types): a method keeps its name, which a `drop-in` promises; so a trait
//! imported only for its methods (`use async_std::io::ReadExt;`) maps to its first target path
//! whatever the status of the trait as a whole, and the calls are judged by running the program.
//!
//! A pure function, string in, string out: `build.rs` includes this file.

use crate::setup::Setup;
use std::collections::BTreeMap;

/// How one async-std entry maps to the target of the derivation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// `drop-in`, `similar`, `different` or `none`.
    pub status: String,
    /// The target paths of the entry.
    pub paths: Vec<String>,
}

/// A derived program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    /// The target's program.
    pub program: String,
    /// The entries whose mappings the derivation went through, sorted.
    pub entries: Vec<String>,
}

/// Derives `setup`'s program from the async-std `example` of the entry `entry`, with `entries` the
/// mappings of every async-std entry for that target. The error says every path that does not map,
/// and why.
pub fn derive(
    example: &str,
    entry: &str,
    setup: &Setup,
    entries: &BTreeMap<String, Mapping>,
) -> Result<Derived, String> {
    let source =
        example.replace("#[async_std::main]", setup.main_attribute).replace("#[async_std::test]", setup.test_attribute);
    let resolver = Resolver { target: setup.target, entries };
    let code = code_mask(&source);
    let imports = find_imports(&source, &code)?;
    let occurrences = find_paths(&source, &code, &imports);

    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut import_targets: BTreeMap<&str, Result<String, String>> = BTreeMap::new();

    // The imports first: whether each one maps decides how the paths through it are written.
    for statement in &imports {
        let mut rewritten: Vec<String> = Vec::new();
        for import in &statement.imports {
            let through_it = occurrences.iter().filter(|o| o.import.as_deref() == Some(import.name.as_str())).count();
            let resolved = match resolver.resolve(&import.full) {
                Err(_)
                    if through_it == 0 && !import.glob && import.name.starts_with(|c: char| c.is_ascii_uppercase()) =>
                {
                    resolver.resolve_trait_import(&import.full, entry)
                }
                resolved => resolved,
            };
            match (&resolved, import.glob) {
                (Ok((target, through)), true) => {
                    used.push(through.clone());
                    rewritten.push(format!("use {target}::*;"));
                }
                (Ok((target, through)), false) => {
                    used.push(through.clone());
                    let last = target.rsplit("::").next().unwrap_or(target);
                    rewritten.push(if last == import.name {
                        format!("use {target};")
                    } else {
                        format!("use {target} as {};", import.name)
                    });
                }
                // A module (or anything else without a single target) imported only to name its
                // items: the items are written out instead.
                (Err(_), false) if through_it > 0 => {}
                (Err(reason), _) => errors.push(reason.clone()),
            }
            if !import.glob {
                import_targets.insert(import.name.as_str(), resolved.map(|(target, _)| target));
            }
        }
        if rewritten.is_empty() {
            edits.push((statement.line_start, statement.line_end, String::new()));
        } else {
            edits.push((statement.start, statement.end, rewritten.join(" ")));
        }
    }

    for occurrence in &occurrences {
        match resolver.resolve(&occurrence.full).and_then(|resolved| occurrence.without_assoc(resolved)) {
            Ok((target, through)) => {
                used.push(through);
                // `Mutex::new` after `use tokio::sync::Mutex;` already says `tokio::sync::Mutex::new`.
                let unchanged = occurrence.import.as_deref().and_then(|name| import_targets.get(name)).is_some_and(
                    |import_target| import_target.as_ref().is_ok_and(|t| format!("{t}{}", occurrence.rest) == target),
                );
                if !unchanged {
                    edits.push((occurrence.start, occurrence.end, target));
                }
            }
            Err(reason) => errors.push(reason),
        }
    }

    // The entry's own method under another name on the target (`race` → `or`): its calls are
    // part of the entry's path, so they are renamed too.
    if let Some((old_name, new_name)) = renamed_method(entry, &resolver) {
        for (start, end) in identifiers(&source, &code) {
            if &source[start..end] == old_name && is_method_call(&source, &code, start, end) {
                edits.push((start, end, new_name.clone()));
            }
        }
    }

    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(errors.join("; "));
    }
    used.sort();
    used.dedup();
    Ok(Derived { program: apply(&source, edits), entries: used })
}

struct Resolver<'a> {
    target: &'a str,
    entries: &'a BTreeMap<String, Mapping>,
}

impl Resolver<'_> {
    /// The entry `full` goes through (itself or its longest prefix), and what follows it.
    fn lookup(&self, full: &str) -> Result<(String, &Mapping, String), String> {
        let segments: Vec<&str> = full.split("::").collect();
        (2..=segments.len())
            .rev()
            .find_map(|len| {
                let prefix = segments[..len].join("::");
                let rest: String = segments[len..].iter().map(|s| format!("::{s}")).collect();
                self.entries.get(&prefix).map(|mapping| (prefix, mapping, rest))
            })
            .ok_or_else(|| format!("`{full}` has no entry"))
    }

    /// The target path of the async-std path `full`, and the entry it went through.
    fn resolve(&self, full: &str) -> Result<(String, String), String> {
        let (prefix, mapping, rest) = self.lookup(full)?;
        let through = if prefix == full { String::new() } else { format!(" (through the entry `{prefix}`)") };
        let target = self.target;
        if mapping.status != "drop-in" {
            return Err(format!("`{full}`{through} is `{}` for {target}", mapping.status));
        }
        let [path] = mapping.paths.as_slice() else {
            return Err(format!(
                "`{full}`{through} maps to {} paths for {target} ({}): no single path to put in its place",
                mapping.paths.len(),
                mapping.paths.join(", ")
            ));
        };
        Ok((format!("{path}{rest}"), prefix))
    }

    /// A trait imported only for its methods (its name appears nowhere else): the trait of the
    /// entry's own target when the entry is one of its methods (`futures_lite::StreamExt` for
    /// `StreamExt::nth`), else its first target path, whatever the trait's own status (which sums
    /// up all its methods; the example's calls are what the derived program tests), unless it has
    /// none.
    fn resolve_trait_import(&self, full: &str, entry: &str) -> Result<(String, String), String> {
        if entry.strip_prefix(full).is_some_and(|method| method.starts_with("::") && !method[2..].contains("::")) {
            let (target, _) = self.resolve(entry)?;
            let (target_trait, _) = target.rsplit_once("::").unwrap_or((&target, ""));
            return Ok((target_trait.to_string(), entry.to_string()));
        }
        let (prefix, mapping, rest) = self.lookup(full)?;
        match mapping.paths.first() {
            Some(path) if mapping.status != "none" => Ok((format!("{path}{rest}"), prefix)),
            _ => Err(format!("`{full}` is `{}` for {}", mapping.status, self.target)),
        }
    }
}

/// One `use async_std::…;` statement.
struct ImportStatement {
    start: usize,
    end: usize,
    /// The whole line when the statement is alone on it (else the statement), for dropping it.
    line_start: usize,
    line_end: usize,
    imports: Vec<Import>,
}

/// One name a `use` statement brings in.
struct Import {
    /// `async_std::sync::Mutex`; for a glob, the module (`async_std::prelude`).
    full: String,
    /// The local name: `Mutex`, or the `as` name; empty for a glob.
    name: String,
    glob: bool,
}

/// An async-std path in the code: written out, or through an imported name.
struct Occurrence {
    start: usize,
    end: usize,
    full: String,
    /// The imported name the path starts with, if it does.
    import: Option<String>,
    /// What follows the imported name: `::new` in `Mutex::new`.
    rest: String,
    /// The associated item of a qualified path (`Output` in `<F as async_std::future::IntoFuture>::Output`):
    /// `full` ends with it, so it maps through its own entry, but only the trait is replaced.
    assoc: Option<String>,
}

impl Occurrence {
    /// The target of the replaced text, from the target of `full`: without the associated item.
    fn without_assoc(&self, (target, through): (String, String)) -> Result<(String, String), String> {
        let Some(assoc) = &self.assoc else { return Ok((target, through)) };
        match target.strip_suffix(&format!("::{assoc}")) {
            Some(target_trait) => Ok((target_trait.to_string(), through)),
            None => Err(format!("`{}` maps to `{target}`, which `<_ as …>::{assoc}` cannot name", self.full)),
        }
    }
}

/// The `use async_std::…;` statements: single paths, globs and one level of `{…}` groups.
fn find_imports(source: &str, code: &[bool]) -> Result<Vec<ImportStatement>, String> {
    let bytes = source.as_bytes();
    let mut statements = Vec::new();
    for (start, end) in identifiers(source, code) {
        if &source[start..end] != "use" || !source[end..].trim_start().starts_with("async_std::") {
            continue;
        }
        let Some(semicolon) = source[end..].find(';').map(|i| end + i) else {
            return Err(format!("`{}` has no `;`", &source[start..]));
        };
        let tree: String = source[end..semicolon].split_whitespace().collect::<Vec<_>>().join(" ");
        let imports = parse_use_tree(&tree)?;
        let end = semicolon + 1;
        let (mut line_start, mut line_end) = (start, end);
        let before = source[..start].rfind('\n').map_or(0, |i| i + 1);
        if source[before..start].trim().is_empty() && bytes.get(end) == Some(&b'\n') {
            (line_start, line_end) = (before, end + 1);
        }
        statements.push(ImportStatement { start, end, line_start, line_end, imports });
    }
    Ok(statements)
}

/// `async_std::sync::Mutex`, `async_std::prelude::*`, `async_std::{stream, sync::Mutex as M}`.
fn parse_use_tree(tree: &str) -> Result<Vec<Import>, String> {
    let single = |path: &str| -> Result<Import, String> {
        let path = path.trim();
        if let Some(module) = path.strip_suffix("::*") {
            return Ok(Import { full: module.to_string(), name: String::new(), glob: true });
        }
        let path = path.strip_suffix("::self").unwrap_or(path);
        let (full, name) = match path.split_once(" as ") {
            Some((full, alias)) => (full.trim(), alias.trim()),
            None => (path, path.rsplit("::").next().unwrap_or(path)),
        };
        if full.contains(['{', '}', ' ']) || name.is_empty() {
            return Err(format!("`use {tree};` is not an import this derivation reads: write the paths out"));
        }
        Ok(Import { full: full.to_string(), name: name.to_string(), glob: false })
    };
    let Some((prefix, group)) = tree.split_once('{') else { return Ok(vec![single(tree)?]) };
    let Some(group) = group.trim_end().strip_suffix('}') else {
        return Err(format!("`use {tree};` is not an import this derivation reads: write the paths out"));
    };
    group
        .split(',')
        .filter(|item| !item.trim().is_empty())
        .map(|item| single(&format!("{prefix}{}", item.trim())))
        .collect()
}

/// The async-std paths outside the imports: `async_std::…` written out, and paths that start with
/// an imported name (`Mutex::new`, `stream::iter`, or `Mutex` alone where it names a type).
fn find_paths(source: &str, code: &[bool], imports: &[ImportStatement]) -> Vec<Occurrence> {
    let names: BTreeMap<&str, &str> = imports
        .iter()
        .flat_map(|s| &s.imports)
        .filter(|i| !i.glob)
        .map(|i| (i.name.as_str(), i.full.as_str()))
        .collect();
    let inside_import = |at: usize| imports.iter().any(|s| (s.line_start..s.line_end).contains(&at));
    let mut occurrences = Vec::new();
    let mut skip_to = 0;
    for (start, end) in identifiers(source, code) {
        if start < skip_to || inside_import(start) || follows_path_or_field(source, code, start) {
            continue;
        }
        let first = &source[start..end];
        let (path_end, segments) = read_path(source, code, start);
        let rest: String = segments[1..].iter().map(|s| format!("::{s}")).collect();
        let assoc = qualified_assoc(source, code, start, path_end);
        let with_assoc = |full: String| assoc.map_or(full.clone(), |a| format!("{full}::{a}"));
        let assoc = assoc.map(str::to_string);
        if first == "async_std" && segments.len() > 1 {
            let full = with_assoc(segments.join("::"));
            occurrences.push(Occurrence { start, end: path_end, full, import: None, rest, assoc });
        } else if let Some(full) = names.get(first) {
            if segments.len() == 1 && !names_an_item(source, start, path_end) {
                continue;
            }
            let full = with_assoc(format!("{full}{rest}"));
            occurrences.push(Occurrence { start, end: path_end, full, import: Some(first.to_string()), rest, assoc });
        }
        skip_to = path_end;
    }
    occurrences
}

/// The associated item named after the trait of a qualified path: `Output` for the path at
/// `start..end` in `<F as async_std::future::IntoFuture>::Output`.
fn qualified_assoc<'s>(source: &'s str, code: &[bool], start: usize, end: usize) -> Option<&'s str> {
    let after_as = source[..start]
        .trim_end()
        .strip_suffix("as")
        .is_some_and(|b| !b.ends_with(|c: char| c.is_alphanumeric() || c == '_'));
    if !after_as || !source[end..].starts_with(">::") || code.get(end) != Some(&true) {
        return None;
    }
    let assoc_end = identifier_end(source, end + 3);
    (assoc_end > end + 3).then(|| &source[end + 3..assoc_end])
}

/// Whether the lone name at `start..end` names the imported item: a type or trait (capitalised),
/// or a call, macro or generic use; not a `let` binding or a field that happens to share its name.
fn names_an_item(source: &str, start: usize, end: usize) -> bool {
    let before = source[..start].trim_end();
    if before.ends_with("let") || before.ends_with("mut") || before.ends_with("fn") {
        return false;
    }
    let after = source[end..].trim_start();
    if after.starts_with(':') && !after.starts_with("::") {
        return false;
    }
    source[start..].starts_with(|c: char| c.is_ascii_uppercase()) || after.starts_with(['(', '!', '<'])
}

/// The entry's method name and its name on the target, when the entry is a method (or function)
/// the target calls otherwise.
fn renamed_method<'e>(entry: &'e str, resolver: &Resolver<'_>) -> Option<(&'e str, String)> {
    let (_, old_name) = entry.rsplit_once("::")?;
    let (target, _) = resolver.resolve(entry).ok()?;
    let (_, new_name) = target.rsplit_once("::")?;
    let is_method = old_name.starts_with(|c: char| c.is_ascii_lowercase());
    (is_method && new_name != old_name).then(|| (old_name, new_name.to_string()))
}

/// Whether the identifier at `start..end` is called as a method: `.name(` or `.name::<`.
fn is_method_call(source: &str, code: &[bool], start: usize, end: usize) -> bool {
    let after = source[end..].trim_start();
    follows_path_or_field(source, code, start)
        && !source[..start].trim_end().ends_with("::")
        && (after.starts_with('(') || after.starts_with("::<"))
}

/// Whether the identifier at `start` continues a path (`x::name`) or is a field or method
/// (`.name`), looking back over whitespace and comments (a comment may end with a full stop).
fn follows_path_or_field(source: &str, code: &[bool], start: usize) -> bool {
    let bytes = source.as_bytes();
    let before: Vec<u8> =
        (0..start).rev().filter(|&i| code[i] && !bytes[i].is_ascii_whitespace()).take(2).map(|i| bytes[i]).collect();
    match before.as_slice() {
        [b':', b':', ..] => true,
        [b'.', b'.', ..] => false,
        [b'.', ..] => true,
        _ => false,
    }
}

/// The path starting at `start`: its end and its segments (`a::b::C`; stops before `::<` and `::{`).
fn read_path<'s>(source: &'s str, code: &[bool], start: usize) -> (usize, Vec<&'s str>) {
    let mut end = identifier_end(source, start);
    let mut segments = vec![&source[start..end]];
    while source[end..].starts_with("::") && code.get(end + 2) == Some(&true) {
        let next = end + 2;
        let next_end = identifier_end(source, next);
        if next_end == next {
            break;
        }
        segments.push(&source[next..next_end]);
        end = next_end;
    }
    (end, segments)
}

fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn identifier_end(source: &str, start: usize) -> usize {
    let bytes = source.as_bytes();
    if !bytes.get(start).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') {
        return start;
    }
    start + bytes[start..].iter().take_while(|b| is_identifier_byte(**b)).count()
}

/// The identifiers in code (not in comments, strings or character literals), as byte ranges.
fn identifiers(source: &str, code: &[bool]) -> Vec<(usize, usize)> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_here = code[i] && (i == 0 || !is_identifier_byte(bytes[i - 1]));
        let end = if starts_here { identifier_end(source, i) } else { i };
        if end > i {
            out.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// For each byte of `source`: whether it is code, rather than a comment, a string or a
/// character literal (where a path is text, not a path).
fn code_mask(source: &str) -> Vec<bool> {
    let bytes = source.as_bytes();
    let mut code = vec![true; bytes.len()];
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => source[i..].find('\n').map_or(bytes.len(), |n| i + n),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                source[i + 2..].find("*/").map_or(bytes.len(), |n| i + 2 + n + 2)
            }
            b'r' if (i == 0 || !is_identifier_byte(bytes[i - 1]))
                && matches!(bytes.get(i + 1), Some(b'"') | Some(b'#')) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
                if bytes.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let body = i + 2 + hashes;
                source[body..].find(&close).map_or(bytes.len(), |n| body + n + close.len())
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                (j + 1).min(bytes.len())
            }
            b'\'' => {
                let rest = &source[i + 1..];
                let mut chars = rest.char_indices();
                match chars.next() {
                    Some((_, '\\')) => rest.get(2..).and_then(|r| r.find('\'')).map_or(i + 1, |n| i + 1 + 2 + n + 1),
                    Some((_, c)) if rest[c.len_utf8()..].starts_with('\'') => i + 1 + c.len_utf8() + 1,
                    // A lifetime or a label.
                    _ => i + 1,
                }
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let end = end.min(bytes.len());
        code[i..end].iter_mut().for_each(|c| *c = false);
        i = end.max(i + 1);
    }
    code
}

/// `source` with the non-overlapping `edits` (start, end, replacement) applied.
fn apply(source: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort_by_key(|(start, _, _)| *start);
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for (start, end, replacement) in edits {
        out.push_str(&source[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&source[at..]);
    out
}

// An explicit path: `build.rs` includes this file too, from another directory.
#[cfg(test)]
#[path = "derive/tests.rs"]
mod tests;
