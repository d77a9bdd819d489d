//! The `mdbook-apimap` binary: `check`, `supports`, and mdBook's JSON protocol.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/book")
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mdbook-apimap"))
}

/// A copy of the fixture book that a test may break.
fn fixture_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(fixture()).into_iter().filter_map(Result::ok) {
        let rel = entry.path().strip_prefix(fixture()).unwrap();
        let dest = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    dir
}

#[test]
fn check_passes_on_a_good_book() {
    let output = bin().args(["check"]).arg(fixture()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("0 error(s), 0 warning(s)"), "{stdout}");
}

#[test]
fn check_reports_every_problem_with_file_line_column_and_exits_1() {
    let book = fixture_copy();
    let task = book.path().join("api-maps/task.yaml");
    let text = std::fs::read_to_string(&task).unwrap();
    let text = text
        .replace("paths: [tokio::task::spawn]", "paths: [tokio::task::spawn_blockin]")
        .replace("status: different\n      paths: [smol::Task]", "status: sorta\n      paths: [smol::Task]");
    std::fs::write(&task, text).unwrap();
    let sync = book.path().join("api-maps/sync.yaml");
    let text = std::fs::read_to_string(&sync)
        .unwrap()
        .replace("note: Pair a lock with an event.", "note: <b onclick=x>bold</b>");
    std::fs::write(&sync, text).unwrap();
    std::fs::write(book.path().join("src/tasks.md"), "# Tasks\n\nSee [spawn](apimap:async_std::task::spwan).\n")
        .unwrap();

    let output = bin().arg("check").arg(book.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let expected = [
        "api-maps/sync.yaml:14:13: error[raw-html]: raw HTML is not allowed: `<b onclick=x>`",
        "api-maps/task.yaml:45:15: error[unknown-status]: unknown variant `sorta`",
        "src/tasks.md:3:5: error[unresolved-link]: no entry maps `async_std::task::spwan`\n  hint: did you mean `async_std::task::spawn`?",
    ];
    for line in expected {
        assert!(stdout.contains(line), "missing\n{line}\nin\n{stdout}");
    }
    assert!(stdout.contains("error(s)"), "{stdout}");
}

#[test]
fn misspelled_target_path_gets_did_you_mean_with_line_and_column() {
    let book = fixture_copy();
    let task = book.path().join("api-maps/task.yaml");
    let text = std::fs::read_to_string(&task)
        .unwrap()
        .replace("paths: [tokio::task::spawn]", "paths: [tokio::task::spawn_blockin]");
    std::fs::write(&task, text).unwrap();
    let output = bin().arg("check").arg(book.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "api-maps/task.yaml:16:15: error[unknown-path]: `tokio::task::spawn_blockin` does not exist in tokio 1.54.1\n  hint: did you mean `tokio::task::spawn_blocking`?"
        ),
        "{stdout}"
    );
}

#[test]
fn supports_every_renderer() {
    assert!(bin().args(["supports", "html"]).status().unwrap().success());
}

#[test]
fn speaks_mdbooks_json_protocol() {
    let root = fixture();
    let book = mdbook_driver::MDBook::load(&root).unwrap();
    let ctx = mdbook_preprocessor::PreprocessorContext::new(root.clone(), book.config.clone(), "html".into());
    let input = serde_json::to_string(&(ctx, book.book.clone())).unwrap();
    let mut child = bin().stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let out: mdbook_preprocessor::book::Book = serde_json::from_slice(&output.stdout).unwrap();
    let names: Vec<String> = out.chapters().map(|c| c.name.clone()).collect();
    assert_eq!(
        names,
        [
            "Introduction",
            "Tasks",
            "API map",
            "Cheat sheet",
            "Synchronisation",
            "Tasks",
            "Tokio index",
            "smol index",
            "Coverage"
        ]
    );
    let generated = out.chapters().find(|c| c.path.as_deref() == Some(Path::new("api-map/task.md"))).unwrap();
    assert_eq!(generated.source_path, None);
    assert_eq!(generated.parent_names, ["API map"]);
}

#[test]
fn coverage_prints_per_module_figures() {
    let output = bin().arg("coverage").arg(fixture()).arg("--missing").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let expected = "\
module         target  paths  explicit  automatic  inherited   std  missing  covered
sync           tokio       2         1          0          1     0        0   100.0%
sync           smol        2         1          0          0     0        1    50.0%
task           tokio       4         3          0          0     0        1    75.0%
task           smol        4         3          1          0     0        0   100.0%
all            tokio       6         4          0          1     0        1    83.3%
all            smol        6         4          1          0     0        1    83.3%
missing (smol): async_std::sync::Condvar::notify_one
missing (tokio): async_std::task::JoinHandle::cancel
";
    assert_eq!(stdout, expected);
}

#[test]
fn coverage_json_has_the_same_figures() {
    let output = bin().args(["coverage", "--json"]).arg(fixture()).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["overall"]["smol"]["automatic"], 1);
    assert_eq!(json["modules"][1]["missing_tokio"][0], "async_std::task::JoinHandle::cancel");
}
