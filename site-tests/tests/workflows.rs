//! The GitHub workflows cannot run here, so they are checked statically: valid against GitHub's
//! workflow schema (SchemaStore's, vendored in `schemas/`, no network at test time), every action
//! pinned to a full commit SHA with its version in a comment, and CI running the very commands
//! README.md gives.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn workflows() -> Vec<(PathBuf, String)> {
    let mut files: Vec<_> = std::fs::read_dir(repo().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no workflow in .github/workflows");
    files.into_iter().map(|p| (p.clone(), read(&p))).collect()
}

fn yaml(path: &Path, text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{}: not YAML: {e}", path.display()))
}

/// The `run:` scripts of every step of every job.
fn run_scripts(workflow: &Value) -> Vec<String> {
    let jobs = workflow["jobs"].as_object().map(|j| j.values().collect::<Vec<_>>()).unwrap_or_default();
    jobs.iter()
        .flat_map(|job| job["steps"].as_array().cloned().unwrap_or_default())
        .filter_map(|step| step["run"].as_str().map(str::to_string))
        .collect()
}

/// The actions a workflow uses, as `(owner/name, ref)`.
fn actions(workflow: &Value) -> Vec<(String, String)> {
    let jobs = workflow["jobs"].as_object().map(|j| j.values().collect::<Vec<_>>()).unwrap_or_default();
    jobs.iter()
        .flat_map(|job| job["steps"].as_array().cloned().unwrap_or_default())
        .filter_map(|step| step["uses"].as_str().map(str::to_string))
        .map(|uses| {
            let (action, reference) = uses.split_once('@').unwrap_or((&uses, ""));
            (action.to_string(), reference.to_string())
        })
        .collect()
}

#[test]
fn workflows_match_githubs_workflow_schema() {
    let schema: Value =
        serde_json::from_str(&read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/github-workflow.json")))
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the vendored schema compiles");
    for (path, text) in workflows() {
        let workflow = yaml(&path, &text);
        let errors: Vec<String> =
            validator.iter_errors(&workflow).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}:\n{}", path.display(), errors.join("\n"));
    }
}

#[test]
fn the_schema_rejects_a_broken_workflow() {
    // Guards the test above against a schema that accepts anything.
    let schema: Value =
        serde_json::from_str(&read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/github-workflow.json")))
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let broken: Value =
        serde_saphyr::from_str("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    step:\n      - run: x\n")
            .expect("YAML");
    assert!(!validator.is_valid(&broken), "`step:` instead of `steps:` must be rejected");
}

#[test]
fn every_action_is_pinned_to_a_commit_with_its_version_in_a_comment() {
    for (path, text) in workflows() {
        for line in text.lines().filter(|l| l.trim_start().trim_start_matches("- ").starts_with("uses:")) {
            let (uses, comment) = line.split_once('#').unwrap_or((line, ""));
            let reference = uses.rsplit_once('@').map(|(_, r)| r.trim()).unwrap_or("");
            let is_sha = reference.len() == 40 && reference.chars().all(|c| c.is_ascii_hexdigit());
            let version = comment.trim();
            let is_version = version.strip_prefix('v').is_some_and(|v| {
                v.split('.').count() == 3
                    && v.split('.').all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            });
            assert!(is_sha && is_version, "{}: `{}` is not `owner/action@<sha> # vX.Y.Z`", path.display(), line.trim());
        }
    }
}

/// The commands of README.md's first code block (the ones a newcomer runs), without comments.
fn readme_commands() -> Vec<String> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let readme = read(&repo().join("README.md"));
    let mut in_block = false;
    let mut block = String::new();
    for event in Parser::new(&readme) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => in_block = true,
            Event::Text(text) if in_block => block.push_str(&text),
            Event::End(TagEnd::CodeBlock) if in_block => break,
            _ => {}
        }
    }
    let commands: Vec<String> = block
        .lines()
        .map(|line| line.split(" #").next().unwrap_or("").trim().to_string())
        .filter(|line| !line.is_empty())
        .collect();
    assert!(!commands.is_empty(), "README.md has no code block with commands");
    commands
}

#[test]
fn ci_runs_the_readme_commands_and_the_map_check() {
    let path = repo().join(".github/workflows/ci.yml");
    let scripts = run_scripts(&yaml(&path, &read(&path)));
    let mut expected = readme_commands();
    expected.push("cargo run -p mdbook-apimap -- check".into());
    expected.push("cargo fmt --all -- --check".into());
    expected.push("cargo clippy --workspace --all-targets --locked -- -D warnings".into());
    for command in expected {
        assert!(
            scripts.iter().any(|script| script.lines().any(|line| line.trim().starts_with(&command))),
            "ci.yml does not run `{command}` (README.md / .ci/run)"
        );
    }
    // .ci/run is what this project's own CI runs: the same gates.
    let ci_run = read(&repo().join(".ci/run"));
    for gate in ["cargo fmt --all -- --check", "cargo clippy --workspace --all-targets", "cargo test --workspace"] {
        assert!(ci_run.contains(gate), ".ci/run lacks `{gate}`");
    }
}

/// The run scripts of one job.
fn job_scripts(workflow: &Value, job: &str) -> Vec<String> {
    let steps = workflow["jobs"][job]["steps"].as_array().cloned().unwrap_or_default();
    steps.iter().filter_map(|step| step["run"].as_str().map(str::to_string)).collect()
}

#[test]
fn pull_requests_touching_inventories_regenerate_them_and_a_weekly_run_reports_drift() {
    let path = repo().join(".github/workflows/ci.yml");
    let ci = yaml(&path, &read(&path));
    let job = &ci["jobs"]["inventory"];
    assert_eq!(job["if"], "github.event_name == 'pull_request'", "the inventory job runs on pull requests");
    let scripts = job_scripts(&ci, "inventory");
    assert!(
        scripts.iter().any(|s| s.contains("'^(inventories|guides/[^/]+/inventories|xtask)/'")),
        "it looks for changes in inventories/, the guides' inventories/, xtask/"
    );
    assert!(scripts.iter().any(|s| s.trim() == "cargo xtask inventory --check"), "{scripts:?}");
    for guide in ["guides/once-cell", "guides/lazy-static"] {
        let check = format!("cargo xtask inventory --book {guide} --check");
        assert!(scripts.iter().any(|s| s.lines().any(|l| l.trim() == check)), "{check}: {scripts:?}");
    }
    assert!(scripts.iter().any(|s| s.contains("--component rust-docs")), "std.tsv needs the rust-docs HTML");

    let path = repo().join(".github/workflows/inventory-drift.yml");
    let drift = yaml(&path, &read(&path));
    assert!(drift["on"]["schedule"][0]["cron"].is_string(), "the drift workflow runs on a schedule");
    let scripts = job_scripts(&drift, "drift");
    assert!(
        scripts.iter().any(|s| s.contains("cargo xtask inventory --latest --summary \"$GITHUB_STEP_SUMMARY\"")),
        "{scripts:?}"
    );
}

#[test]
fn pages_builds_with_the_readme_command_and_deploys_with_the_official_actions() {
    let path = repo().join(".github/workflows/pages.yml");
    let workflow = yaml(&path, &read(&path));
    let build =
        readme_commands().into_iter().find(|c| c.contains("mdbook-apimap -- build")).expect("README build command");
    assert!(run_scripts(&workflow).iter().any(|s| s.contains(&build)), "pages.yml does not run `{build}`");
    let used: Vec<String> = actions(&workflow).into_iter().map(|(a, _)| a).collect();
    for official in ["actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"] {
        assert!(used.iter().any(|a| a == official), "pages.yml does not use {official}");
    }
    // The artifact is the directory the build writes: book.toml's build-dir.
    let book_toml = read(&repo().join("book.toml"));
    let build_dir = book_toml
        .lines()
        .find_map(|l| l.trim().strip_prefix("build-dir = "))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_else(|| "book".into());
    let uploads = workflow["jobs"]["build"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/upload-pages-artifact@")))
        .map(|s| s["with"]["path"].as_str().unwrap_or("").to_string());
    assert_eq!(uploads.as_deref(), Some(build_dir.as_str()), "pages.yml uploads another directory than build-dir");
    // deploy-pages needs these, and only the deploy job should have them.
    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["permissions"]["pages"], "write");
    assert_eq!(deploy["permissions"]["id-token"], "write");
    assert_eq!(deploy["environment"]["name"], "github-pages");
}

#[test]
fn issue_and_pull_request_templates_exist_and_parse() {
    let github = repo().join(".github");
    assert!(read(&github.join("pull_request_template.md")).contains("mdbook-apimap -- check"));
    let path = github.join("ISSUE_TEMPLATE/wrong-mapping.yml");
    let form = yaml(&path, &read(&path));
    assert_eq!(form["name"], "This mapping is wrong");
    assert!(form["description"].is_string());
    let body = form["body"].as_array().expect("an issue form has a body");
    let mut ids: Vec<&str> = body.iter().filter_map(|field| field["id"].as_str()).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "issue form ids must be unique");
    for field in body {
        let kind = field["type"].as_str().unwrap_or_default();
        assert!(
            ["markdown", "input", "textarea", "dropdown", "checkboxes"].contains(&kind),
            "unknown field type {kind}"
        );
    }
}
