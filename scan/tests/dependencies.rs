//! The dependency report (`tests/fixtures/deps`): a project that writes no `use async_std` but
//! depends on surf 2.3.2 and on sqlx with `runtime-async-std`. Both routes are found from cargo
//! metadata alone (`--dependencies-only`: no rust-analyzer load), each is joined to its
//! ecosystem entry, and every format carries the replacement lines.

mod common;

use cargo_apimap::guide::Guide;
use cargo_apimap::report::Report;
use cargo_apimap::runtime::Runtime;
use cargo_apimap::scan::{ScanOptions, scan};
use cargo_apimap::{FailOn, render};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const FIXTURE: &str = "tests/fixtures/deps";

/// The scan runs offline, so the fixture's locked dependencies are fetched first (cargo's own
/// network, as `cargo test` itself uses).
fn fetch() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["fetch", "--locked", "--manifest-path"])
        .arg(Path::new(FIXTURE).join("Cargo.toml"))
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "run `cargo fetch --locked --manifest-path scan/{FIXTURE}/Cargo.toml` (needs network once)"
    );
}

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        fetch();
        let guide = Guide::load().expect("the built-in guide loads");
        let options = ScanOptions { path: PathBuf::from(FIXTURE), dependencies_only: true, ..ScanOptions::default() };
        scan(&options, &guide).expect("the fixture's dependency graph scans")
    })
}

#[test]
fn both_routes_and_both_replacements() {
    let report = report();
    let names: Vec<&str> = report.dependencies.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["sqlx", "surf"]);
    for d in &report.dependencies {
        let entry = d.entry.as_ref().expect("both crates have an entry");
        assert!(entry.direct && entry.krate == d.name && d.not_in_guide.is_empty(), "{d:?}");
        assert_eq!(d.declared_in[0].file, "Cargo.toml");
        assert!(entry.url.ends_with(&format!("/dependencies.html#{}", d.name)), "{}", entry.url);
        let first = &report.dependency_routes[d.routes[0]];
        let route: Vec<&str> = first.hops.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(route.first(), Some(&"deps-fixture"));
        assert_eq!(route.last(), Some(&"async-std"));
        assert_eq!(route[1], d.name);
    }
    // cargo metadata lists sqlx's optional drivers that only weak features (`sqlx-mysql?/any`)
    // name; the build has no such edge, so no route goes through them.
    let hops = report.dependency_routes.iter().flat_map(|r| &r.hops);
    assert!(hops.clone().all(|h| h.name != "sqlx-mysql" && h.name != "sqlx-sqlite"));
    let [sqlx, surf] = &report.dependencies[..] else { unreachable!() };
    assert_eq!(sqlx.entry.as_ref().unwrap().features, ["runtime-async-std"]);
    assert!(surf.entry.as_ref().unwrap().features.is_empty());
    assert_eq!((sqlx.version.as_str(), sqlx.declared_in[0].line), ("0.8.6", Some(15)));
    assert_eq!((surf.version.as_str(), surf.declared_in[0].line), ("2.3.2", Some(14)));
    assert!(sqlx.option(Runtime::Tokio).unwrap().dependencies[0].contains("\"runtime-tokio\""));
    assert_eq!(surf.option(Runtime::Tokio).unwrap().dependencies, ["reqwest = \"0.13.5\""]);
    assert_eq!(surf.option(Runtime::Smol).unwrap().dependencies, ["isahc = \"2.0.2\""]);
}

#[test]
fn text_report_snapshot() {
    insta::assert_snapshot!(render::text(report(), None));
}

#[test]
fn markdown_has_a_task_per_dependency_with_its_line() {
    let markdown = render::markdown(report(), Some(Runtime::Tokio), None);
    let tasks: Vec<&str> = markdown.lines().filter(|l| l.starts_with("- [ ] ")).collect();
    assert_eq!(tasks.len(), 2, "{markdown}");
    assert!(tasks[0].contains("`surf` 2.3.2") && tasks[0].contains("(Cargo.toml#L14)"), "{markdown}");
    assert!(markdown.contains("  - Tokio **different**: `reqwest = \"0.13.5\"`"), "{markdown}");
}

#[test]
fn sarif_has_a_result_per_dependency_at_its_manifest_line() {
    let sarif = common::valid_sarif(&render::sarif(report(), None));
    let run = &sarif["runs"][0];
    let surf = run["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "dependency/surf").unwrap();
    assert_eq!(surf["level"], "warning");
    let location = &surf["locations"][0]["physicalLocation"];
    assert_eq!(
        (&location["artifactLocation"]["uri"], &location["region"]["startLine"]),
        (&"Cargo.toml".into(), &14.into())
    );
    let rule = &run["tool"]["driver"]["rules"][surf["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "dependency/surf");
    assert!(rule["helpUri"].as_str().unwrap().ends_with("/dependencies.html#surf"));
}

#[test]
fn fail_on_counts_dependencies() {
    let report = report();
    assert!(report.uses.is_empty());
    assert!(!FailOn::None.fails(report, None));
    assert!(FailOn::Any.fails(report, None));
    // surf's ways out are `different`; sqlx's are `drop-in`.
    assert!(FailOn::Different.fails(report, Some(Runtime::Tokio)));
}
