//! The derived programs of one book: for every `drop-in` target of an entry with a source example,
//! where both sides have a runtime setup, the target's program or the reason none can be derived.
//! Shared by `build.rs` (which writes their tests and `derived.tsv`) and the `dropin-proofs`
//! command (which lists how each `drop-in` is proven), so both see the same programs.

use crate::derive::{self, Derived, Mapping};
use crate::setup;
use mdbook_apimap::config::ApimapConfig;
use mdbook_apimap::model::{Entry, MapFile, Status};
use std::collections::BTreeMap;

/// The derivation of one `drop-in` target of an entry from the entry's source example.
pub struct Derivation<'a> {
    pub file: &'a MapFile,
    pub entry: &'a Entry,
    /// The target's key in the maps: `tokio`, `smol`.
    pub key: &'a str,
    /// The name of the test module that runs the program (or of the ignored test that says why
    /// there is none): `io__Cursor_poll_read__smol_derived`.
    pub test: String,
    /// The derived program and the entries it went through, or why it cannot be derived.
    pub outcome: Result<Derived, String>,
}

/// Per target (in book.toml's order): every entry's status and paths, for the derivation.
pub fn mappings(config: &ApimapConfig, files: &[MapFile]) -> Vec<BTreeMap<String, Mapping>> {
    config
        .target_ids()
        .map(|id| {
            let entries = files.iter().flat_map(|f| &f.doc.entries).map(|e| {
                let target = e.target(id);
                let paths = target.paths.iter().map(|p| p.value.clone()).collect();
                (e.path.value.clone(), Mapping { status: target.status.value.as_str().to_string(), paths })
            });
            entries.collect()
        })
        .collect()
}

/// Every derivation of the book whose maps are `files`, in file, entry and target order; test
/// names start with `module_prefix` (the guide's, for the guides under `guides/`).
pub fn derivations<'a>(config: &'a ApimapConfig, files: &'a [MapFile], module_prefix: &str) -> Vec<Derivation<'a>> {
    let source_root = config.source_root();
    // The same program on the other side: only where both sides have a runtime setup.
    if setup::setup(&source_root).is_none() {
        return Vec::new();
    }
    let mappings = mappings(config, files);
    let mut out = Vec::new();
    for file in files {
        for entry in &file.doc.entries {
            let Some(example) = &entry.example else { continue };
            for (id, target) in config.target_ids().zip(&config.targets) {
                let key = target.key.as_str();
                let Some(setup) = setup::setup(key) else { continue };
                if entry.target(id).status.value != Status::DropIn {
                    continue;
                }
                let test =
                    format!("{module_prefix}{}_derived", module_name(&file.stem, &source_root, &entry.path.value, key));
                let outcome = derive::derive(&example.value, &entry.path.value, setup, &mappings[id.0]);
                out.push(Derivation { file, entry, key, test, outcome });
            }
        }
    }
    out
}

/// `task`, `async_std`, `async_std::task::JoinHandle::cancel`, `tokio` →
/// `task__task_JoinHandle_cancel__tokio`.
pub fn module_name(stem: &str, source_root: &str, path: &str, runtime: &str) -> String {
    let clean = |s: &str| s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect::<String>();
    let short = path.strip_prefix(source_root).and_then(|p| p.strip_prefix("::")).unwrap_or(path).replace("::", "_");
    format!("{}__{}__{runtime}", clean(stem), clean(&short))
}
