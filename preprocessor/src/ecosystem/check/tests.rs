use super::*;
use crate::ecosystem::load::parse;
use crate::ecosystem::model::CrateFile;
use crate::ecosystem::resolution::{Record, Resolution, verify};

pub(crate) const GOOD: &str = r#"crate: surf
summary: The http-rs HTTP client.
versions: '>=2, <3'
source: 'surf = "2.3.2"'
tokio:
  status: different
  dependencies:
    - 'reqwest = "0.13.5"'
  note: Use reqwest; see [spawn](apimap:async_std::task::spawn).
smol:
  status: none
  note: Nothing yet.
"#;

pub(crate) fn file(text: &str) -> CrateFile {
    let doc = parse("api-maps/ecosystem/surf.yaml", text, &crate::config::test_keys()).unwrap();
    CrateFile { path: "api-maps/ecosystem/surf.yaml".into(), source: text.into(), doc }
}

/// `line:column code message` of each diagnostic.
fn problems(text: &str) -> Vec<String> {
    check(&[file(text)], &crate::config::test_config())
        .iter()
        .map(|d| format!("{}:{} {} {}", d.pos.line, d.pos.column, d.code, d.message))
        .collect()
}

#[test]
fn a_good_entry_has_no_problems() {
    assert_eq!(problems(GOOD), Vec::<String>::new());
}

#[test]
fn bad_lines_versions_and_statuses_point_at_their_values() {
    let text = GOOD
        .replace("'>=2, <3'", "'two'")
        .replace(r#"'surf = "2.3.2"'"#, r#"'surf = { git = "https://example.com" }'"#)
        .replace("status: none", "status: similar");
    assert_eq!(
        problems(&text),
        [
            "3:11 versions `two` is not a version requirement: unexpected character 't' while parsing major version number",
            "4:9 dependency-line `git` is not allowed: only `version`, `default-features`, `features`, `package` (crates.io releases, no git or path)",
            "11:11 missing-dependencies smol: status `similar` needs `dependencies`",
        ]
    );
}

#[test]
fn notes_are_checked_like_map_notes_and_summaries_stay_plain() {
    let text = GOOD
        .replace("Nothing yet.", "Try <script>alert(1)</script> or [x](javascript:alert(1)).")
        .replace("summary: The http-rs HTTP client.", "summary: '# A heading'");
    assert_eq!(
        problems(&text),
        [
            "2:11 summary `#` is not allowed in a summary",
            "12:13 raw-html raw HTML is not allowed: `<script>`",
            "12:29 raw-html raw HTML is not allowed: `</script>`",
            "12:42 unsafe-link link destination `javascript:alert(1)` is not allowed",
        ]
    );
}

#[test]
fn the_source_must_be_the_entry_crate_and_the_file_its_name() {
    let text = GOOD.replace(r#"'surf = "2.3.2"'"#, r#"'tide = "0.16.0"'"#).replace("crate: surf", "crate: isahc");
    assert_eq!(
        problems(&text),
        ["1:8 file-name the entry for `isahc` is in `surf.yaml`", "4:9 source-crate the source line depends on `tide`"]
    );
}

fn record(option: &str, dependencies: &[&str], async_std: Option<&str>, tokio: Option<&str>) -> Record {
    Record {
        krate: "surf".into(),
        option: option.into(),
        dependencies: dependencies.iter().map(|d| d.to_string()).collect(),
        resolved: vec!["surf 2.3.2".into()],
        crates: [("async-std", async_std), ("tokio", tokio)]
            .into_iter()
            .filter_map(|(name, version)| Some((name.to_string(), version?.to_string())))
            .collect(),
        route: async_std.map(|_| "surf → async-std".into()),
    }
}

fn agreeing() -> Resolution {
    Resolution {
        records: vec![
            record("source", &[r#"surf = "2.3.2""#], Some("1.13.2"), None),
            record("minimal", &[r#"surf = { version = "2.3.2", default-features = false }"#], Some("1.13.2"), None),
            record("tokio", &[r#"reqwest = "0.13.5""#], None, Some("1.54.1")),
        ],
    }
}

#[test]
fn the_committed_resolution_agrees() {
    assert_eq!(verify(&[file(GOOD)], &agreeing(), "lock", &crate::config::test_config()), []);
}

#[test]
fn a_contradicting_resolution_is_an_error_at_the_claim() {
    let mut resolution = agreeing();
    resolution.records[2].crates.insert("async-std".into(), "1.13.2".into());
    resolution.records[2].route = Some("reqwest → async-std".into());
    resolution.records[0].crates.remove("async-std");
    let found: Vec<String> = verify(&[file(GOOD)], &resolution, "lock", &crate::config::test_config())
        .iter()
        .map(|d| format!("{}:{} {} {}", d.pos.line, d.pos.column, d.code, d.message))
        .collect();
    assert_eq!(
        found,
        [
            "4:9 resolution-contradicts `surf` source option: cargo resolved no async-std at all",
            "8:7 resolution-contradicts `surf` tokio option: cargo resolved async-std 1.13.2 into the graph (reqwest → async-std)",
        ]
    );
}

#[test]
fn a_changed_line_is_unverified_until_resolved_again() {
    let text = GOOD.replace(r#"'reqwest = "0.13.5"'"#, r#"'reqwest = "0.13.4"'"#);
    let found = verify(&[file(&text)], &agreeing(), "lock", &crate::config::test_config());
    let codes: Vec<(&str, u64, u64)> = found.iter().map(|d| (d.code, d.pos.line, d.pos.column)).collect();
    assert_eq!(codes, [("unverified-dependency", 8, 7), ("stale-resolution", 1, 1)]);
    assert!(found[0].hint.as_deref().unwrap().contains("cargo xtask ecosystem"));
}

#[test]
fn a_smol_option_that_pulls_tokio_must_say_so() {
    let text = GOOD.replace(
        "status: none\n  note: Nothing yet.",
        "status: similar\n  dependencies: ['isahc = \"2.0.2\"']\n  note: isahc.",
    );
    let mut resolution = agreeing();
    resolution.records.retain(|r| r.option != "minimal");
    resolution.records.push(record("smol", &[r#"isahc = "2.0.2""#], None, Some("1.54.1")));
    let found = verify(&[file(&text)], &resolution, "lock", &crate::config::test_config());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].pos.line, found[0].pos.column), (12, 18));
    assert_eq!(found[0].message, "`surf` smol option: cargo resolved tokio 1.54.1 into the graph");
    let said_so = text.replace("  note: isahc.", "  uses_tokio: true\n  note: isahc.");
    assert_eq!(verify(&[file(&said_so)], &resolution, "lock", &crate::config::test_config()), []);
}

#[test]
fn unknown_fields_and_statuses_are_yaml_errors_at_their_position() {
    let err =
        parse("f.yaml", &GOOD.replace("  status: none", "  status: nope"), &crate::config::test_keys()).unwrap_err();
    assert_eq!((err[0].code, err[0].pos.line, err[0].pos.column), ("unknown-status", 11, 11));
    let err = parse("f.yaml", &GOOD.replace("versions:", "version:"), &crate::config::test_keys()).unwrap_err();
    assert_eq!((err[0].code, err[0].pos.line, err[0].pos.column), ("unknown-field", 3, 1));
}
