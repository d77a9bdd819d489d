//! Errors a person can act on: one line on stderr, a distinct exit code, no panic.

use std::path::Path;
use std::process::Command;

fn scan(dir: &Path) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-apimap"))
        .args(["apimap", "scan", "--quiet"])
        .arg(dir)
        .output()
        .expect("the binary runs");
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn project(manifest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), "").unwrap();
    dir
}

fn assert_one_line(stderr: &str, expected: &str) {
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: ") && stderr.contains(expected), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

const PACKAGE: &str = "[package]\nname = \"p\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[workspace]\n";

#[test]
fn no_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = scan(dir.path());
    assert_eq!(code, Some(3));
    assert_one_line(&stderr, "no Cargo.toml in");
}

#[test]
fn manifest_that_cargo_rejects() {
    let dir = project("[package]\nname = \"p\"\nversion = \"not a version\"\n[workspace]\n");
    let (code, stderr) = scan(dir.path());
    assert_eq!(code, Some(4));
    assert_one_line(&stderr, "cargo metadata failed: ");
}

#[test]
fn dependencies_not_fetched() {
    let dir = project(&format!("{PACKAGE}[dependencies]\napimap-no-such-crate-in-the-cache = \"1\"\n"));
    let (code, stderr) = scan(dir.path());
    assert_eq!(code, Some(5));
    assert_one_line(&stderr, "run `cargo fetch`");
}

#[test]
fn project_without_async_std() {
    let dir = project(PACKAGE);
    let (code, stderr) = scan(dir.path());
    assert_eq!(code, Some(6));
    assert_one_line(&stderr, "no async-std in the dependency graph");
}
