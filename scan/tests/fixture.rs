//! The fixture project (`tests/fixtures/mixed`): every form of async-std use is found at its
//! line and named by its public path, no decoy counts, `--features` reaches the analysis, and
//! the reports are what the formats promise (JSON snapshot, valid SARIF 2.1.0).
//!
//! Scanning loads a whole project into rust-analyzer, so each configuration is scanned once
//! and shared by the tests.

mod common;

use cargo_apimap::guide::{Guide, How};
use cargo_apimap::project::FeatureSelection;
use cargo_apimap::render;
use cargo_apimap::report::{Form, Report};
use cargo_apimap::scan::{ScanOptions, scan};
use std::path::PathBuf;
use std::sync::OnceLock;

const FIXTURE: &str = "tests/fixtures/mixed";

fn guide() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(|| Guide::load().expect("the built-in guide loads"))
}

fn scan_with(features: Vec<String>) -> Report {
    let options = ScanOptions {
        path: PathBuf::from(FIXTURE),
        features: FeatureSelection { features, ..FeatureSelection::default() },
        build_scripts: false,
        progress: false,
        ..ScanOptions::default()
    };
    scan(&options, guide()).expect("the fixture scans")
}

/// `--features extra`.
fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| scan_with(vec!["extra".into()]))
}

/// The uses in a file: line, column, path, form and whether it is textual.
fn uses_in<'a>(report: &'a Report, file: &str) -> Vec<(u32, u32, &'a str, Form, bool)> {
    report
        .uses
        .iter()
        .filter(|u| u.file == file)
        .map(|u| (u.line, u.column, u.path.as_str(), u.form, u.textual))
        .collect()
}

/// Expected uses, all textual or all resolved.
fn marked(expected: &[(u32, u32, &'static str, Form)], textual: bool) -> Vec<(u32, u32, &'static str, Form, bool)> {
    expected.iter().map(|&(line, column, path, form)| (line, column, path, form, textual)).collect()
}

fn found(report: &Report, file: &str, line: u32, path: &str) -> Option<Form> {
    report.uses.iter().find(|u| u.file == file && u.line == line && u.path == path).map(|u| u.form)
}

/// Each form, where the fixture writes it, and the path it must be reported as.
const EXPECTED: &[(&str, u32, &str, Form)] = &[
    ("src/forms.rs", 3, "async_std::channel::bounded", Form::Import),
    ("src/forms.rs", 8, "async_std::channel::bounded", Form::Path), // renamed import
    ("src/forms.rs", 14, "async_std::stream::from_iter", Form::Path),
    ("src/forms.rs", 13, "async_std::prelude::FutureExt::timeout", Form::Method), // glob prelude
    ("src/forms.rs", 19, "async_std::sync::Mutex::new", Form::Path),              // project re-export
    ("src/forms.rs", 20, "async_std::sync::Mutex::lock", Form::Method),           // re-export of async-lock
    ("src/forms.rs", 21, "async_std::task::spawn", Form::Path),                   // renamed re-export
    ("src/forms.rs", 25, "async_std::net::TcpStream::connect", Form::Path),       // type alias
    ("src/forms.rs", 31, "async_std::task::sleep", Form::Path),                   // macro_rules expansion
    ("src/forms.rs", 34, "async_std::io::Read", Form::Path),                      // trait bound
    ("src/forms.rs", 36, "async_std::io::ReadExt::read_to_end", Form::Method),
    ("src/forms.rs", 42, "async_std::io::Read", Form::Path), // impl … for
    ("src/forms.rs", 53, "async_std::task_local", Form::Macro),
    ("src/forms.rs", 58, "async_std::task::LocalKey::with", Form::Method),
    ("src/forms.rs", 63, "async_std::prelude::FutureExt::timeout", Form::Method), // a chain over lines
    ("src/rt.rs", 2, "async_std::sync::Mutex", Form::Import),
    ("src/rt.rs", 3, "async_std::task::spawn", Form::Import),
    ("src/rt.rs", 5, "async_std::net::TcpStream", Form::Path),
    ("src/main.rs", 1, "async_std::main", Form::Attribute),
    ("tests/attributes.rs", 1, "async_std::test", Form::Attribute),
    ("src/extra.rs", 3, "async_std::task::yield_now", Form::Path), // behind `--features extra`
];

/// Found only with std sources: the type of `Conn::connect(addr).await?` goes through
/// `Future` and `Try`, and the item type of `from_iter(vec![1, 2])` through `vec!`, all in std.
const NEEDS_STD_SOURCES: &[(&str, u32, &str, Form)] = &[
    ("src/forms.rs", 15, "async_std::stream::StreamExt::next", Form::Method),
    ("src/forms.rs", 26, "async_std::net::TcpStream::peer_addr", Form::Method),
];

#[test]
fn every_form_is_found_at_its_line() {
    let report = report();
    let mut missing = Vec::new();
    for &(file, line, path, form) in EXPECTED {
        if found(report, file, line, path) != Some(form) {
            missing.push(format!("{file}:{line} {path} ({form:?})"));
        }
    }
    assert!(missing.is_empty(), "not found: {missing:#?}\nfound: {:#?}", report.uses);
}

/// Doctests are not analysed by rust-analyzer: these are found by text, at their line and
/// column, and marked `textual`.
const IN_DOCTESTS: &[(u32, u32, &str, Form)] = &[
    (4, 29, "async_std::sync::Mutex", Form::Import), // `//!`, a hidden line, a use list
    (5, 5, "async_std::task::block_on", Form::Path), // through the module the block imported
    (11, 5, "async_std::task::block_on", Form::Path), // `///`, ```no_run
    (11, 31, "async_std::task::sleep", Form::Path),  // two on a line
    (18, 9, "async_std::channel::bounded", Form::Path), // `#[doc = "…"]`
];

#[test]
fn doctest_uses_are_found_by_text_at_their_column() {
    let report = report();
    // The ```text block (line 15) is not Rust: nothing there counts.
    assert_eq!(uses_in(report, "src/docs.rs"), marked(IN_DOCTESTS, true));
    let in_doc_files = |u: &&cargo_apimap::report::Use| u.file == "src/docs.rs" || u.file == "README.md";
    assert!(report.uses.iter().filter(|u| !in_doc_files(u)).all(|u| !u.textual));
    let sarif: serde_json::Value = serde_json::from_str(&render::sarif(report, None)).unwrap();
    let textual = sarif["runs"][0]["results"].as_array().unwrap().iter().filter(|r| r["properties"]["textual"] == true);
    assert_eq!(textual.count(), IN_DOCTESTS.len() + IN_README.len());
    assert!(render::text(report, None).contains("src/docs.rs:18 (textual, in a doctest)"));
}

/// Globs, renames and `self` in `use` lists nested to any depth (`src/lists.rs`): every use,
/// at its line and column.
const IN_USE_LISTS: &[(u32, u32, &str, Form)] = &[
    (4, 37, "async_std::io::BufReader", Form::Import), // `use async_std::io::{prelude::*, BufReader};`
    (6, 32, "async_std::io::prelude::BufRead", Form::Path), // brought by the glob in the list
    (8, 26, "async_std::io::BufReader::new", Form::Path),
    (9, 16, "async_std::io::BufReadExt::read_line", Form::Method),
    (12, 21, "async_std::io::prelude::BufRead", Form::Path),
    (12, 52, "async_std::io::Lines", Form::Path),
    (12, 73, "async_std::io::BufReader", Form::Path),
    (13, 9, "async_std::io::BufReader::new", Form::Path),
    (13, 32, "async_std::io::BufReadExt::lines", Form::Method),
    (21, 9, "async_std::task::block_on", Form::Path), // `use async_std::{io::{self, prelude::*}, task};`
    (22, 21, "async_std::io::stdout", Form::Path),
    (22, 34, "async_std::io::WriteExt::flush", Form::Method),
    (26, 21, "async_std::io::prelude::Write", Form::Path), // the glob two lists deep
    (32, 49, "async_std::io::prelude::BufRead", Form::Import), // `BufRead as Lines` in a nested list
    (32, 91, "async_std::task::spawn", Form::Import),      // `spawn as go`
    (34, 21, "async_std::io::prelude::BufRead", Form::Path),
    (34, 50, "async_std::io::BufReader", Form::Path), // through `io::{self as aio}`
    (35, 9, "async_std::io::BufReader::new", Form::Path),
    (39, 14, "async_std::task::spawn", Form::Path),
    (40, 9, "async_std::task::block_on", Form::Path), // through `task::{self as rt}`
    (47, 21, "async_std::io::prelude::BufRead", Form::Path), // `io::prelude::{*}`: a glob without a path
    (48, 9, "async_std::task::block_on", Form::Path),
    (49, 14, "async_std::task::spawn", Form::Path), // `task::{self, *}`
];

#[test]
fn use_lists_of_any_depth_with_globs_and_renames() {
    let report = report();
    assert_eq!(uses_in(report, "src/lists.rs"), marked(IN_USE_LISTS, false));
}

/// The crate's README, included as its documentation: its code blocks are doctests too, found
/// at the README's own lines.
const IN_README: &[(u32, u32, &str, Form)] = &[
    (8, 1, "async_std::task::block_on", Form::Path), // through the module the block imported
    (9, 5, "async_std::task::sleep", Form::Path),
];

#[test]
fn an_included_readme_is_read_as_doctests() {
    let report = report();
    // The ```toml block is not Rust.
    assert_eq!(uses_in(report, "README.md"), marked(IN_README, true));
}

#[test]
fn includes_outside_the_package_are_refused_not_read() {
    let report = report();
    let refused: Vec<(&str, u32, u32, &str)> = report
        .unresolved
        .iter()
        .filter(|u| u.reason.contains("include_str!"))
        .map(|u| (u.file.as_str(), u.line, u.column, u.text.as_str()))
        .collect();
    assert_eq!(
        refused,
        [
            ("src/docs.rs", 23, 22, "\"/etc/passwd\""),
            ("src/docs.rs", 26, 22, "\"../../../../../../../../../../etc/passwd\""),
        ]
    );
    assert!(report.uses.iter().all(|u| !u.file.contains("passwd")));
}

#[test]
fn method_uses_are_at_the_method_name() {
    let report = report();
    let at = |line: u32| {
        report
            .uses
            .iter()
            .find(|u| u.file == "src/forms.rs" && u.line == line && u.form == Form::Method)
            .map(|u| u.column)
    };
    // `let _ = async { 1 }.timeout(…)`, and `.timeout(…)` on the line below its receiver.
    assert_eq!((at(13), at(63)), (Some(25), Some(10)));
}

#[test]
fn std_dependent_uses_are_found_when_std_sources_are_present() {
    let report = report();
    if !report.project.std_sources {
        eprintln!("std sources are missing: the std-dependent cases are not asserted");
        assert!(report.project.limitations.iter().any(|l| l.contains("std sources are missing")));
        return;
    }
    for &(file, line, path, form) in NEEDS_STD_SOURCES {
        assert_eq!(found(report, file, line, path), Some(form), "{file}:{line} {path}");
    }
}

#[test]
fn no_decoy_counts() {
    let report = report();
    let in_decoys: Vec<_> = report.uses.iter().filter(|u| u.file == "src/decoys.rs").collect();
    assert!(in_decoys.is_empty(), "decoys counted: {in_decoys:#?}");
    // The macro's definition is not a use: its expansion at the call is.
    assert!(report.uses.iter().all(|u| !(u.file == "src/rt.rs" && u.line == 10)));
    // Importing the project's own re-export is not another use of async-std.
    assert!(report.uses.iter().all(|u| !(u.file == "src/forms.rs" && u.line == 2)));
}

#[test]
fn code_behind_a_feature_needs_the_feature() {
    let without = scan_with(Vec::new());
    assert_eq!(found(&without, "src/extra.rs", 3, "async_std::task::yield_now"), None);
    assert!(found(&without, "src/forms.rs", 21, "async_std::task::spawn").is_some());
}

#[test]
fn uses_are_joined_to_the_guide() {
    let report = report();
    let spawn = report.uses.iter().find(|u| u.path == "async_std::task::spawn").unwrap();
    assert_eq!(spawn.guide.tokio.how, How::Explicit);
    assert_eq!(spawn.guide.url.as_deref(), guide().entry_url("async_std::task::spawn").as_deref());
    let totals = &report.totals;
    let sum = |c: &cargo_apimap::report::StatusCounts| c.drop_in + c.similar + c.different + c.none + c.not_in_guide;
    assert_eq!((sum(&totals.tokio), sum(&totals.smol)), (totals.uses, totals.uses));
}

#[test]
fn dependency_routes_reach_async_std() {
    let report = report();
    let route = report.dependency_routes.first().expect("a route");
    let names: Vec<&str> = route.hops.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["fixture", "async-std"]);
    assert!(route.hops[1].features.contains(&"attributes".to_string()));
}

#[test]
fn json_report_snapshot() {
    let report = report();
    let json = render::json(report);
    if report.project.std_sources {
        // The snapshot was taken without std sources; with them the scan sees more.
        let snapshot = std::fs::read_to_string("tests/snapshots/fixture__json_report_snapshot.snap").unwrap();
        for u in &report.uses {
            let needle = format!("\"line\": {},", u.line);
            assert!(snapshot.contains(&needle) || NEEDS_STD_SOURCES.iter().any(|e| e.1 == u.line), "{u:?}");
        }
        return;
    }
    insta::assert_snapshot!(json);
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let sarif = common::valid_sarif(&render::sarif(report(), None));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), report().uses.len());
    let spawn = results.iter().find(|r| r["ruleId"] == "async_std::task::spawn").unwrap();
    let region = &spawn["locations"][0]["physicalLocation"]["region"];
    assert!(region["startLine"].as_u64().unwrap() > 0 && region["startColumn"].as_u64().unwrap() > 0);
}

#[test]
fn text_and_markdown_reports() {
    let report = report();
    let text = render::text(report, None);
    assert!(text.contains("Tokio") && text.contains("smol"), "{text}");
    assert!(text.contains("src/forms.rs:"), "{text}");
    let markdown = render::markdown(report, Some(cargo_apimap::runtime::Runtime::Tokio), None);
    assert!(markdown.lines().filter(|l| l.starts_with("- [ ] ")).count() >= report.totals.paths);
    assert!(markdown.contains("(src/forms.rs#L21)"), "{markdown}");
}

#[test]
fn fail_on_gates() {
    use cargo_apimap::FailOn;
    use cargo_apimap::runtime::Runtime;
    let report = report();
    assert!(!FailOn::None.fails(report, None));
    assert!(FailOn::Any.fails(report, None));
    // The fixture spawns tasks: a trap for both targets.
    assert!(FailOn::Different.fails(report, Some(Runtime::Tokio)));
    assert!(FailOn::Different.fails(report, Some(Runtime::Smol)));
}
