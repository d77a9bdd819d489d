//! Load: `api-maps/ecosystem/*.yaml` → [`CrateFile`]s, under the same parser limits and with the
//! same diagnostics as the map files.

use super::model::{CrateDoc, CrateFile};
use crate::diagnostic::Diagnostic;
use crate::load::{options, read_limited, relative, yaml_diagnostic};
use crate::model::Pos;
use std::path::Path;

/// Loads every `*.yaml` of `dir` (not recursive), in sorted order. A missing folder is no
/// ecosystem at all (the fixture book has none).
/// `target_keys` name an entry's options.
pub fn load_dir(root: &Path, dir: &Path, target_keys: &[String]) -> (Vec<CrateFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (files, diagnostics);
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = relative(root, &path);
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            diagnostics.push(
                Diagnostic::error("file-extension", &name, Pos::FILE, "ecosystem files must end in `.yaml`")
                    .hint("name the file after the crate: `api-maps/ecosystem/<crate>.yaml`"),
            );
            continue;
        }
        match read_limited(&path) {
            Ok(text) => add(name, text, target_keys, &mut files, &mut diagnostics),
            Err(message) => diagnostics.push(Diagnostic::error("io", &name, Pos::FILE, message)),
        }
    }
    (files, diagnostics)
}

/// [`load_dir`] for files already in memory, as `(path, text)`.
pub fn load_texts<'a>(
    texts: impl IntoIterator<Item = (&'a str, &'a str)>,
    target_keys: &[String],
) -> (Vec<CrateFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for (name, text) in texts {
        add(name.to_string(), text.to_string(), target_keys, &mut files, &mut diagnostics);
    }
    (files, diagnostics)
}

fn add(
    name: String,
    text: String,
    target_keys: &[String],
    files: &mut Vec<CrateFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match parse(&name, &text, target_keys) {
        Ok(doc) => files.push(CrateFile { path: name, source: text, doc }),
        Err(found) => diagnostics.extend(found),
    }
}

/// Parses one entry file; on failure, its problems (one: an entry is small).
pub fn parse(name: &str, text: &str, target_keys: &[String]) -> Result<CrateDoc, Vec<Diagnostic>> {
    crate::target_fields::with_keys(target_keys, || serde_saphyr::from_str_with_options::<CrateDoc>(text, options()))
        .map_err(|err| vec![yaml_diagnostic(name, &err, 0)])
}
