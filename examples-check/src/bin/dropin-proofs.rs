//! Lists every `drop-in` target mapping of the book's maps with how it is proven (see
//! `examples_check::proofs`), then the totals per kind. Reads only the maps: no network, no
//! build of the programs (`cargo test -p examples-check` runs them).
//!
//! `cargo run -p examples-check --bin dropin-proofs [-- --unproven]`: `--unproven` lists only the
//! mappings no program runs (the totals still count all).

use examples_check::derivations::{self, module_name};
use examples_check::proofs::{self, DropIn, Program};
use mdbook_apimap::model::Status;
use mdbook_apimap::{config, load};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let unproven_only = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => false,
        [flag] if flag == "--unproven" => true,
        _ => {
            eprintln!("usage: dropin-proofs [--unproven]");
            return ExitCode::from(2);
        }
    };
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root");
    match drop_ins(book) {
        Ok(drop_ins) => {
            let proofs = proofs::classify(&drop_ins);
            for (d, proof) in drop_ins.iter().zip(&proofs) {
                if !(unproven_only && proof.is_proven()) {
                    println!("{}\t{}\t{}\t{proof}", d.location, d.entry, d.target);
                }
            }
            println!();
            for (kind, count) in proofs::totals(&proofs) {
                println!("{kind}\t{count}");
            }
            println!("total\t{}", proofs.len());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("dropin-proofs: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Every `drop-in` target mapping of the book at `book`, with its own example's derivation.
fn drop_ins(book: &Path) -> Result<Vec<DropIn>, String> {
    let text = std::fs::read_to_string(book.join("book.toml")).map_err(|e| format!("book.toml: {e}"))?;
    let config = config::from_book_toml(&text)?;
    let loaded = load::load_dir(book, &book.join("api-maps"), &config.target_keys());
    if let Some(error) = loaded.diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!("{error} (`cargo run -p mdbook-apimap -- check` lists every problem)"));
    }
    let mut derived: BTreeMap<(&str, &str), Result<Program, String>> = BTreeMap::new();
    for d in derivations::derivations(&config, &loaded.files, "") {
        let program = d.outcome.map(|p| Program { test: d.test, entries: p.entries });
        derived.insert((&d.entry.path.value, d.key), program);
    }
    let mut out = Vec::new();
    let source_root = config.source_root();
    for file in &loaded.files {
        for entry in &file.doc.entries {
            for (id, target) in config.target_ids().zip(&config.targets) {
                let mapping = entry.target(id);
                if mapping.status.value != Status::DropIn {
                    continue;
                }
                out.push(DropIn {
                    location: format!("{}:{}", file.path, entry.path.referenced.line()),
                    entry: entry.path.value.clone(),
                    target: target.key.clone(),
                    paths: mapping.paths.iter().map(|p| p.value.clone()).collect(),
                    windows_only: entry.windows_only,
                    derivation: derived.remove(&(entry.path.value.as_str(), target.key.as_str())),
                    // The module build.rs gives a target's own example.
                    target_program: mapping
                        .example
                        .as_ref()
                        .map(|_| module_name(&file.stem, &source_root, &entry.path.value, &target.key)),
                });
            }
        }
    }
    Ok(out)
}
