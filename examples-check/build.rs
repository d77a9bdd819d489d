//! Turns every example in `api-maps/*.yaml` (this guide's, and those of the guides under
//! `guides/`) into a module of the test crate: one module per example (named after its guide,
//! file, entry and runtime), and a test that runs it. An example that is an async body runs
//! under its runtime's setup (`src/setup.rs`). For every `drop-in` target of an entry with a
//! source example, where both sides have a setup, the target's program is derived from that
//! example (`src/derive.rs`, `src/derivations.rs`) and run too; `derived.tsv` in `OUT_DIR` lists each one's outcome.
//!
//! `EXAMPLES_ONLY=<text>,<text>` keeps only the modules whose name contains one of the texts
//! (`_derived`, `stream__,sync__`): a quicker build while writing examples.

#[path = "src/derivations.rs"]
mod derivations;
#[path = "src/derive.rs"]
mod derive;
#[path = "src/setup.rs"]
mod setup;

use derivations::Derivation;
use mdbook_apimap::{config, load};
use std::fmt::Write as _;
use std::path::Path;

/// What the build writes: the examples' modules and the derivation report.
struct Output {
    code: String,
    report: String,
    only: String,
}

impl Output {
    /// Whether `EXAMPLES_ONLY` keeps the module `name`.
    fn kept(&self, name: &str) -> bool {
        self.only.split(',').any(|text| name.contains(text))
    }
}

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().expect("the workspace root");
    println!("cargo::rerun-if-env-changed=EXAMPLES_ONLY");
    let mut out = Output {
        code: String::new(),
        report: String::from("file\tline\tentry\ttarget\toutcome\tentries used\n"),
        only: std::env::var("EXAMPLES_ONLY").unwrap_or_default(),
    };
    write_examples(root, root, "", &mut out);
    // The other guides made with the same preprocessor (`guides/<name>/book.toml`): their
    // modules are named after the guide, their locations start with its folder.
    let guides = root.join("guides");
    println!("cargo::rerun-if-changed={}", guides.display());
    for guide in walkdir(&guides).iter().filter(|p| p.ends_with("book.toml")).filter_map(|p| p.parent()) {
        let name = guide.file_name().unwrap_or_default().to_string_lossy().replace('-', "_");
        write_examples(root, guide, &format!("guide_{name}__"), &mut out);
    }
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("derived.tsv"), out.report).expect("write derived.tsv");
    std::fs::write(Path::new(&out_dir).join("examples.rs"), out.code).expect("write examples.rs");
}

/// Appends one module per example of the book at `book` (its `book.toml` names the source and
/// target keys, its `api-maps/` holds the examples), and one per derived program, to `out`.
fn write_examples(workspace: &Path, book: &Path, module_prefix: &str, out: &mut Output) {
    let maps = book.join("api-maps");
    println!("cargo::rerun-if-changed={}", maps.display());
    for entry in walkdir(&maps) {
        println!("cargo::rerun-if-changed={}", entry.display());
    }

    let book_toml = book.join("book.toml");
    println!("cargo::rerun-if-changed={}", book_toml.display());
    let text = std::fs::read_to_string(&book_toml).expect("read book.toml");
    let config = config::from_book_toml(&text).expect("book.toml has valid [preprocessor.apimap] settings");
    let source_root = config.source_root();
    let loaded = load::load_dir(book, &maps, &config.target_keys());
    if let Some(d) = loaded.diagnostics.iter().find(|d| d.is_error()) {
        // The maps are checked by `mdbook-apimap check` and the preprocessor tests; here a
        // broken map only means its examples cannot be extracted.
        println!("cargo::warning=examples not extracted: {d}");
    }
    let book_dir = book.strip_prefix(workspace).unwrap_or(book);

    for file in &loaded.files {
        let file_path = book_dir.join(&file.path).to_string_lossy().replace('\\', "/");
        for entry in &file.doc.entries {
            // One module per example: the source crate's, then each target's (by its key).
            let targets = config.targets.iter().zip(&entry.targets).map(|(t, e)| (t.key.as_str(), e.example.as_ref()));
            let examples = std::iter::once((source_root.as_str(), entry.example.as_ref())).chain(targets);
            for (runtime, example) in examples {
                let Some(example) = example else { continue };
                let name = format!(
                    "{module_prefix}{}",
                    derivations::module_name(&file.stem, &source_root, &entry.path.value, runtime)
                );
                let line = example.referenced.line();
                let location = format!("{file_path}:{line}: {} ({runtime})", entry.path.value);
                if out.kept(&name) {
                    out.code += &example_module(&name, &location, runtime, &example.value, entry.no_run);
                }
            }
        }
    }

    for derivation in derivations::derivations(&config, &loaded.files, module_prefix) {
        let Derivation { file, entry, key, test: name, .. } = &derivation;
        let file_path = book_dir.join(&file.path).to_string_lossy().replace('\\', "/");
        let line = entry.example.as_ref().map_or(0, |e| e.referenced.line());
        let location =
            format!("{file_path}:{line}: {} ({key}, derived from the {source_root} example)", entry.path.value);
        let outcome = match &derivation.outcome {
            Ok(derived) => {
                if out.kept(name) {
                    out.code += &example_module(name, &location, key, &derived.program, entry.no_run);
                }
                // The entries whose paths it substituted: their mappings run too.
                format!("derived\t{}", derived.entries.join(" "))
            }
            Err(reason) => {
                // Listed, not failed: the example needs a path that is not `drop-in` (the
                // derivation says which); `cargo test -- --ignored` shows each reason.
                if out.kept(name) {
                    let message = format!("{location}: no {key} program can be derived: {reason}");
                    let _ = writeln!(
                        out.code,
                        "// {location}\n#[test]\n#[ignore = {message:?}]\n#[allow(non_snake_case)]\nfn {name}() {{\n    panic!({message:?});\n}}\n"
                    );
                }
                format!("not derived: {reason}")
            }
        };
        let _ = writeln!(out.report, "{file_path}\t{line}\t{}\t{key}\t{outcome}", entry.path.value);
    }
}

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
