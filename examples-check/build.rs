//! Turns every example in `api-maps/*.yaml` into a module of the test crate: one module per
//! example (named after its file, entry and runtime), and a test that runs it.

use mdbook_apimap::load;
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

    let mut code = String::new();
    for file in &loaded.files {
        for entry in &file.doc.entries {
            let examples = std::iter::once(("async_std", entry.example.as_ref()))
                .chain([("tokio", entry.tokio.example.as_ref()), ("smol", entry.smol.example.as_ref())]);
            for (runtime, example) in examples {
                let Some(example) = example else { continue };
                let name = module_name(&file.stem, &entry.path.value, runtime);
                let line = example.referenced.line();
                let location = format!("{}:{line}: {} ({runtime})", file.path, entry.path.value);
                // The test lives inside the example's module: `main` is private there.
                let test = if entry.no_run {
                    "#[test]\nfn __compiles() {\n    let _ = main;\n}".to_string()
                } else {
                    format!("#[test]\nfn __runs() {{\n    crate::harness::run({location:?}, main);\n}}")
                };
                let _ = writeln!(
                    code,
                    "// {location}\n#[allow(dead_code, unused_imports, unused_variables, non_snake_case, clippy::all)]\nmod {name} {{\n{}\n\n{test}\n}}\n",
                    example.value
                );
            }
        }
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("examples.rs");
    std::fs::write(out, code).expect("write examples.rs");
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
