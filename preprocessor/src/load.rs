//! Load: `*.yaml` files under the maps folder → typed model with positions.
//!
//! Contributed YAML is untrusted, so parsing runs under resource limits (depth, nodes, aliases,
//! scalar bytes, file size) and never panics; a broken file yields diagnostics, not a crash.

use crate::diagnostic::Diagnostic;
use crate::model::{Entry, MapDoc, MapFile, Pos};
use serde_saphyr::{Budget, Options};
use std::collections::HashSet;
use std::path::Path;
use walkdir::WalkDir;

/// Larger files are refused before parsing: the biggest real map is far below this.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// The result of loading a maps folder: the files that parsed, and every problem found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<MapFile>,
    /// Entries that parsed on their own in files that did not.
    pub salvaged: Vec<SalvagedEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// An entry of a file that failed to load: enough to know it exists and where it will be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalvagedEntry {
    pub stem: String,
    pub path: String,
}

/// The outcome of parsing one file that is not valid as a whole.
#[derive(Debug, Default)]
pub struct ParseFailure {
    pub diagnostics: Vec<Diagnostic>,
    /// Paths of the entries that are valid on their own.
    pub entry_paths: Vec<String>,
}

/// Loads every `*.yaml` under `maps_dir` (recursively), in sorted path order, except the
/// ecosystem folder (`maps_dir/ecosystem/`, other data: see [`crate::ecosystem`]).
/// `root` is the book root: file names in diagnostics are relative to it. `target_keys` are
/// the fields of an entry named after the book's targets.
pub fn load_dir(root: &Path, maps_dir: &Path, target_keys: &[String]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut paths = Vec::new();
    let ecosystem = maps_dir.join(crate::ecosystem::DIR);
    for entry in WalkDir::new(maps_dir).follow_links(false).into_iter().filter_entry(|e| e.path() != ecosystem) {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.into_path();
                match path.extension().and_then(|e| e.to_str()) {
                    Some("yaml") => paths.push(path),
                    Some("yml") => loaded.diagnostics.push(
                        Diagnostic::error(
                            "file-extension",
                            &relative(root, &path),
                            Pos::FILE,
                            "map files must end in `.yaml`",
                        )
                        .hint("rename the file to `.yaml` so the build picks it up"),
                    ),
                    _ => {}
                }
            }
            Ok(_) => {}
            Err(err) => loaded.diagnostics.push(Diagnostic::error(
                "io",
                &relative(root, maps_dir),
                Pos::FILE,
                format!("cannot read the maps folder: {err}"),
            )),
        }
    }
    paths.sort();
    // Reading and parsing dominate a build's own time: done on every core, assembled in order.
    let parsed = crate::parallel::map(&paths, |path| {
        let name = relative(root, path);
        let result = read_limited(path).map(|text| {
            let doc = parse_map(&name, &text, target_keys);
            (text, doc)
        });
        (name, result)
    });
    for (name, result) in parsed {
        let (text, doc) = match result {
            Ok(parsed) => parsed,
            Err(message) => {
                loaded.diagnostics.push(Diagnostic::error("io", &name, Pos::FILE, message));
                continue;
            }
        };
        loaded.add_parsed(name, text, doc);
    }
    loaded
}

/// Loads maps that are already in memory (e.g. built into a binary): `(path relative to the
/// book root, text)` pairs, taken in the order given.
pub fn load_texts<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>, target_keys: &[String]) -> Loaded {
    let mut loaded = Loaded::default();
    for (name, text) in files {
        loaded.add_text(name.to_string(), text.to_string(), target_keys);
    }
    loaded
}

impl Loaded {
    /// Loads one map file's text, as if read from `name` (a path relative to the book root):
    /// what `load_dir` does with each file, for callers that have the text (the fuzzers).
    pub fn add_text(&mut self, name: String, text: String, target_keys: &[String]) {
        let doc = parse_map(&name, &text, target_keys);
        self.add_parsed(name, text, doc);
    }

    fn add_parsed(&mut self, name: String, text: String, doc: Result<MapDoc, ParseFailure>) {
        let stem = Path::new(&name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        match doc {
            Ok(doc) => self.files.push(MapFile { path: name, stem, source: text, doc }),
            Err(failure) => {
                self.diagnostics.extend(failure.diagnostics);
                let salvaged = failure.entry_paths.into_iter().map(|path| SalvagedEntry { stem: stem.clone(), path });
                self.salvaged.extend(salvaged);
            }
        }
    }
}

/// `path` relative to the book root, with `/` separators, as diagnostics name files.
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

pub(crate) fn read_limited(path: &Path) -> Result<String, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("cannot read file: {e}"))?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "file is {size} bytes; the limit is {MAX_FILE_BYTES}: split the module into several files"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read file: {e}"))?;
    String::from_utf8(bytes)
        .map_err(|e| format!("file is not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()))
}

/// Parser options: limits that keep hostile input (alias bombs, deep nesting, huge scalars)
/// from exhausting memory or time.
pub(crate) fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_nodes = 200_000;
    budget.max_aliases = 100;
    budget.max_anchors = 100;
    budget.max_total_scalar_bytes = 4 * 1024 * 1024;
    budget.max_documents = 1;
    budget.flow_nesting_limit = 16;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options.strict_booleans = true;
    // No value reads YAML comments: the parser still validates them, without collecting
    // their text for every key (a tenth of a map's parse).
    options.emit_comments = false;
    options
}

/// Parses one map file. On failure, returns every problem it can find: the whole-file error,
/// plus the errors of each entry parsed on its own (so one bad entry does not hide the next).
/// `target_keys` name an entry's target fields.
pub fn parse_map(name: &str, text: &str, target_keys: &[String]) -> Result<MapDoc, ParseFailure> {
    crate::target_fields::with_keys(target_keys, || parse_map_with_keys(name, text))
}

fn parse_map_with_keys(name: &str, text: &str) -> Result<MapDoc, ParseFailure> {
    if text.len() as u64 > MAX_FILE_BYTES {
        let diagnostics = vec![Diagnostic::error("io", name, Pos::FILE, "file too large")];
        return Err(ParseFailure { diagnostics, entry_paths: Vec::new() });
    }
    let first = match serde_saphyr::from_str_with_options::<MapDoc>(text, options()) {
        Ok(doc) => return Ok(doc),
        Err(first) => first,
    };
    let mut failure = ParseFailure { diagnostics: vec![yaml_diagnostic(name, &first, 0)], entry_paths: Vec::new() };
    let mut reported: HashSet<(Pos, String)> = failure.diagnostics.iter().map(|d| (d.pos, d.message.clone())).collect();
    let lines: Vec<&str> = text.lines().collect();
    for (start, end) in entry_line_ranges(&lines) {
        // Only the entry's own lines are parsed (cost linear in the file); its positions are
        // shifted back to the file's lines.
        let isolated = lines[start..end].join("\n");
        match serde_saphyr::from_str_with_options::<Vec<Entry>>(&isolated, options()) {
            Ok(entries) => failure.entry_paths.extend(entries.into_iter().map(|e| e.path.value)),
            Err(err) => {
                let d = yaml_diagnostic(name, &err, start as u64);
                if reported.insert((d.pos, d.message.clone())) {
                    failure.diagnostics.push(d);
                }
            }
        }
    }
    Err(failure)
}

/// Turns a YAML/serde error into a diagnostic with position, expectation and hint;
/// `line_offset` lines precede the parsed text in the file.
pub(crate) fn yaml_diagnostic(name: &str, err: &serde_saphyr::Error, line_offset: u64) -> Diagnostic {
    let pos = err
        .location()
        .map(|l| Pos { line: l.line().max(1) + line_offset, column: l.column().max(1) })
        .unwrap_or(Pos::FILE);
    let full = strip_location_suffix(&err.to_string());
    // serde's "…, expected one of a, b" goes to the `expected` line.
    let (message, expected) = match full.split_once(", expected ") {
        Some((message, expected)) => (message.to_string(), Some(expected.to_string())),
        None => (full, None),
    };
    let mut d = Diagnostic::error("yaml", name, pos, message.clone());
    if let Some(field) = between(&message, "unknown field `", "`") {
        d.code = "unknown-field";
        if let Some(expected) = expected {
            d = d.expected(expected);
        }
        d = d.hint(format!("remove `{field}` or fix its spelling; the fields are listed in CONTRIBUTING.md"));
    } else if let Some(field) = between(&message, "missing field `", "`") {
        d.code = "missing-field";
        d = d.hint(format!("add `{field}:`; see the complete example in CONTRIBUTING.md"));
    } else if message.contains("unknown variant") {
        d.code = "unknown-status";
        d = d
            .expected("one of `drop-in`, `similar`, `different`, `none`")
            .hint("`drop-in`: only the path changes; `similar`: new signature; `different`: behaves differently; `none`: no equivalent");
    } else if message.to_lowercase().contains("budget") || message.contains("limit") {
        d.code = "yaml-limit";
        d = d.hint("map files are small and plain: no anchors/aliases, no deep nesting, no huge values");
    } else {
        d = d.hint(
            "check the indentation and quoting around this position; block scalars (`|`) avoid most quoting problems",
        );
    }
    d
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// serde-saphyr appends " at line L column C" to messages; the diagnostic carries the position.
fn strip_location_suffix(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or_default();
    match first_line.rfind(" at line ") {
        Some(i) => first_line[..i].to_string(),
        None => first_line.to_string(),
    }
}

/// Finds the line ranges (0-based, end exclusive) of the block-sequence items under the
/// top-level `entries:` key. Returns nothing for layouts it does not recognise (flow style);
/// then only the whole-file error is reported.
fn entry_line_ranges(lines: &[&str]) -> Vec<(usize, usize)> {
    let Some(entries_line) = lines.iter().position(|l| l.trim_end() == "entries:") else {
        return Vec::new();
    };
    let mut ranges = Vec::new();
    let mut item_indent = None;
    let mut start = None;
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate().skip(entries_line + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent == 0 && !trimmed.starts_with('-') {
            end = i; // the next top-level key ends the sequence
            break;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            let expected = *item_indent.get_or_insert(indent);
            if indent == expected
                && let Some(s) = start.replace(i)
            {
                ranges.push((s, i));
            }
        }
    }
    if let Some(s) = start {
        ranges.push((s, end));
    }
    ranges
}

#[cfg(test)]
mod tests;
