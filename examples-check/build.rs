//! Turns every example in `api-maps/*.yaml` into a module of the test crate: one module per
//! example (named after its file, entry and runtime), and a test that runs it. An example that is
//! an async body runs under its runtime's setup (`src/setup.rs`). For every `drop-in` target of an
//! entry with an async-std example, the target's program is derived from that example
//! (`src/derive.rs`) and run too; `derived.tsv` in `OUT_DIR` lists each one's outcome.
//!
//! `EXAMPLES_ONLY=<text>,<text>` keeps only the modules whose name contains one of the texts
//! (`_derived`, `stream__,sync__`): a quicker build while writing examples.

#[path = "src/derive.rs"]
mod derive;
#[path = "src/setup.rs"]
mod setup;

use mdbook_apimap::load;
use mdbook_apimap::model::{Entry, Status, Target};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().expect("the workspace root");
    let maps = root.join("api-maps");
    println!("cargo::rerun-if-changed={}", maps.display());
    for entry in walkdir(&maps) {
        println!("cargo::rerun-if-changed={}", entry.display());
    }

    let loaded = load::load_dir(root, &maps);
    if let Some(d) = loaded.diagnostics.iter().find(|d| d.is_error()) {
        // The maps are checked by `mdbook-apimap check` and the preprocessor tests; here a
        // broken map only means its examples cannot be extracted.
        println!("cargo::warning=examples not extracted: {d}");
    }

    println!("cargo::rerun-if-env-changed=EXAMPLES_ONLY");
    let only = std::env::var("EXAMPLES_ONLY").unwrap_or_default();
    let kept = |name: &str| only.split(',').any(|text| name.contains(text));
    let targets: [(&str, TargetOf); 2] = [("tokio", |e| &e.tokio), ("smol", |e| &e.smol)];
    let mappings: BTreeMap<&str, BTreeMap<String, derive::Mapping>> = targets
        .iter()
        .map(|(name, target_of)| {
            let entries = loaded.files.iter().flat_map(|f| &f.doc.entries).map(|e| {
                let target = target_of(e);
                let paths = target.paths.iter().map(|p| p.value.clone()).collect();
                (e.path.value.clone(), derive::Mapping { status: target.status.value.as_str().to_string(), paths })
            });
            (*name, entries.collect())
        })
        .collect();

    let mut code = String::new();
    let mut report = String::from("file\tline\tentry\ttarget\toutcome\tentries used\n");
    for file in &loaded.files {
        for entry in &file.doc.entries {
            let examples = std::iter::once(("async_std", entry.example.as_ref()))
                .chain([("tokio", entry.tokio.example.as_ref()), ("smol", entry.smol.example.as_ref())]);
            for (runtime, example) in examples {
                let Some(example) = example else { continue };
                let name = module_name(&file.stem, &entry.path.value, runtime);
                let line = example.referenced.line();
                let location = format!("{}:{line}: {} ({runtime})", file.path, entry.path.value);
                if kept(&name) {
                    code += &example_module(&name, &location, runtime, &example.value, entry.no_run);
                }
            }
            let Some(example) = &entry.example else { continue };
            let line = example.referenced.line();
            for (target, target_of) in &targets {
                if target_of(entry).status.value != Status::DropIn {
                    continue;
                }
                let location = format!(
                    "{}:{line}: {} ({target}, derived from the async-std example)",
                    file.path, entry.path.value
                );
                let name = format!("{}_derived", module_name(&file.stem, &entry.path.value, target));
                let setup = setup::setup(target).expect("a setup for every target");
                let outcome = match derive::derive(&example.value, &entry.path.value, setup, &mappings[target]) {
                    Ok(derived) => {
                        if kept(&name) {
                            code += &example_module(&name, &location, target, &derived.program, entry.no_run);
                        }
                        // The entries whose paths it substituted: their mappings run too.
                        format!("derived\t{}", derived.entries.join(" "))
                    }
                    Err(reason) => {
                        // Listed, not failed: the example needs a path that is not `drop-in` (the
                        // derivation says which); `cargo test -- --ignored` shows each reason.
                        if kept(&name) {
                            let message = format!("{location}: no {target} program can be derived: {reason}");
                            let _ = writeln!(
                                code,
                                "// {location}\n#[test]\n#[ignore = {message:?}]\n#[allow(non_snake_case)]\nfn {name}() {{\n    panic!({message:?});\n}}\n"
                            );
                        }
                        format!("not derived: {reason}")
                    }
                };
                let _ = writeln!(report, "{}\t{line}\t{}\t{target}\t{outcome}", file.path, entry.path.value);
            }
        }
    }
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("derived.tsv"), report).expect("write derived.tsv");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("examples.rs");
    std::fs::write(out, code).expect("write examples.rs");
}

/// Picks one target's mapping out of an entry.
type TargetOf = fn(&Entry) -> &Target;

/// The module of one example: the program (an async body runs under `runtime`'s setup) and the
/// test that runs it, or only compiles it (`no_run`).
fn example_module(name: &str, location: &str, runtime: &str, example: &str, no_run: bool) -> String {
    let program = match setup::setup(runtime) {
        Some(setup) if setup::is_async_body(example) => setup::wrap_async_body(example, setup),
        _ => example.to_string(),
    };
    // The test lives inside the example's module: `main` is private there.
    let test = if no_run {
        "#[test]\nfn __compiles() {\n    let _ = main;\n}".to_string()
    } else {
        format!("#[test]\nfn __runs() {{\n    crate::harness::run({location:?}, main);\n}}")
    };
    format!(
        "// {location}\n#[allow(dead_code, unused_imports, unused_variables, non_snake_case, clippy::all)]\nmod {name} {{\n{program}\n\n{test}\n}}\n\n"
    )
}

/// `task`, `async_std::task::JoinHandle::cancel`, `tokio` → `task__task_JoinHandle_cancel__tokio`.
fn module_name(stem: &str, path: &str, runtime: &str) -> String {
    let clean = |s: &str| s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect::<String>();
    let short = path.strip_prefix("async_std::").unwrap_or(path).replace("::", "_");
    format!("{}__{}__{runtime}", clean(stem), clean(&short))
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walkdir(&path));
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
