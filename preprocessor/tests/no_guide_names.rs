//! The generator serves any migration guide: the crates of this one (async-std → Tokio, smol)
//! come from book.toml, never from the code. Comments and tests may name them.

use std::path::Path;

const NAMES: [&str; 4] = ["async-std", "async_std", "tokio", "smol"];

/// The code of a source file: up to its first `#[cfg(test)]` item (test modules and helpers
/// come last), without comment lines.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, line)| !line.trim_start().starts_with("#[cfg(test") && !line.contains("#[cfg(all(test"))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
}

#[test]
fn the_library_names_no_crate_of_this_guide() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let is_test =
            path.file_name().is_some_and(|n| n == "tests.rs") || path.components().any(|c| c.as_os_str() == "tests");
        if path.extension().is_none_or(|e| e != "rs") || is_test {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(path).unwrap();
        for (i, line) in code_lines(&text) {
            let lower = line.to_lowercase();
            if let Some(name) = NAMES.iter().find(|name| lower.contains(*name)) {
                found.push(format!(
                    "{}:{}: `{name}`: {}",
                    path.strip_prefix(&src).unwrap().display(),
                    i + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(files > 20, "only {files} source files under {}", src.display());
    assert!(found.is_empty(), "crate names of this guide in the library's code:\n{}", found.join("\n"));
}
