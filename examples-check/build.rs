//! Turns every example in `api-maps/*.yaml` (this guide's, and those of the guides under
//! `guides/`) into a module of the test crate: one module per example (named after its guide,
//! file, entry and runtime), and a test that runs it.

use mdbook_apimap::{config, load};
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().expect("the workspace root");
    let mut code = String::new();
    write_examples(root, root, "", &mut code);
    // The other guides made with the same preprocessor (`guides/<name>/book.toml`): their
    // modules are named after the guide, their locations start with its folder.
    let guides = root.join("guides");
    println!("cargo::rerun-if-changed={}", guides.display());
    for guide in walkdir(&guides).iter().filter(|p| p.ends_with("book.toml")).filter_map(|p| p.parent()) {
        let name = guide.file_name().unwrap_or_default().to_string_lossy().replace('-', "_");
        write_examples(root, guide, &format!("guide_{name}__"), &mut code);
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("examples.rs");
    std::fs::write(out, code).expect("write examples.rs");
}

/// Appends one module per example of the book at `book` (its `book.toml` names the source and
/// target keys, its `api-maps/` holds the examples) to `code`.
fn write_examples(workspace: &Path, book: &Path, module_prefix: &str, code: &mut String) {
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
        for entry in &file.doc.entries {
            // One module per example: the source crate's, then each target's (by its key).
            let targets = config.targets.iter().zip(&entry.targets).map(|(t, e)| (t.key.as_str(), e.example.as_ref()));
            let examples = std::iter::once((source_root.as_str(), entry.example.as_ref())).chain(targets);
            for (runtime, example) in examples {
                let Some(example) = example else { continue };
                let name = module_name(&file.stem, &source_root, &entry.path.value, runtime);
                let line = example.referenced.line();
                let file_path = book_dir.join(&file.path).to_string_lossy().replace('\\', "/");
                let location = format!("{file_path}:{line}: {} ({runtime})", entry.path.value);
                // The test lives inside the example's module: `main` is private there.
                let test = if entry.no_run {
                    "#[test]\nfn __compiles() {\n    let _ = main;\n}".to_string()
                } else {
                    format!("#[test]\nfn __runs() {{\n    crate::harness::run({location:?}, main);\n}}")
                };
                let _ = writeln!(
                    code,
                    "// {location}\n#[allow(dead_code, unused_imports, unused_variables, non_snake_case, clippy::all)]\nmod {module_prefix}{name} {{\n{}\n\n{test}\n}}\n",
                    example.value
                );
            }
        }
    }
}

/// `task`, `async_std`, `async_std::task::JoinHandle::cancel`, `tokio` →
/// `task__task_JoinHandle_cancel__tokio`.
fn module_name(stem: &str, source_root: &str, path: &str, runtime: &str) -> String {
    let clean = |s: &str| s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect::<String>();
    let short = path.strip_prefix(source_root).and_then(|p| p.strip_prefix("::")).unwrap_or(path).replace("::", "_");
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
