//! `cargo xtask ecosystem [CRATE...] [--check]`: proves the ecosystem entries with cargo's own
//! resolver. Each probe of the plan (`mdbook_apimap::ecosystem::plan`) becomes a scratch
//! project under `target/ecosystem/`, resolved with `cargo generate-lockfile` and read with
//! `cargo tree`; the facts go to `api-maps/ecosystem.lock.toml`, which builds and `check` verify
//! offline. `--check` re-resolves and fails when the facts drifted from the committed file.

use anyhow::{Context as _, Result, bail};
use mdbook_apimap::diagnostic;
use mdbook_apimap::ecosystem::plan::{self, Probe};
use mdbook_apimap::ecosystem::resolution::{self, Record, Resolution};
use mdbook_apimap::ecosystem::{DIR, RESOLUTION_FILE, check, load};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask ecosystem [CRATE...] [--check | --reuse-scratch]

Resolves every dependency line of api-maps/ecosystem/*.yaml (or the named crates' only) in a
scratch project under target/ecosystem/ and writes api-maps/ecosystem.lock.toml.
--check          re-resolves everything and fails if the facts differ from the committed file.
--reuse-scratch  reads the graphs the last run resolved (scratch projects whose lines did not
                 change keep their Cargo.lock): for fixing an entry right after a run.
Needs the crates.io index (network); resolves one project at a time.";

/// The package name of every scratch project: it never collides with a real dependency.
const PROBE_PACKAGE: &str = "ecosystem-probe";

pub fn run(args: &[String]) -> Result<()> {
    let mut only = Vec::new();
    let mut check_mode = false;
    let mut reuse_scratch = false;
    for arg in args {
        match arg.as_str() {
            "--check" => check_mode = true,
            "--reuse-scratch" => reuse_scratch = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            flag if flag.starts_with('-') => bail!("unknown option {flag}\n{USAGE}"),
            name => only.push(name.to_owned()),
        }
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("xtask has a parent directory")?;
    let maps = workspace.join("api-maps");
    let book_toml = std::fs::read_to_string(workspace.join("book.toml")).context("read book.toml")?;
    let config = mdbook_apimap::config::from_book_toml(&book_toml).map_err(anyhow::Error::msg)?;
    let (files, mut problems) = load::load_dir(workspace, &maps.join(DIR), &config.target_keys());
    problems.extend(check::check(&files, &config));
    if problems.iter().any(diagnostic::Diagnostic::is_error) {
        bail!("fix the entries first:\n{}", diagnostic::report(&problems));
    }
    let lock_path = maps.join(RESOLUTION_FILE);
    let committed = match std::fs::read_to_string(&lock_path) {
        Ok(text) => Resolution::parse(&text).map_err(anyhow::Error::msg).context("the committed lock file")?,
        Err(_) => Resolution::default(),
    };
    let probes: Vec<Probe> = files.iter().flat_map(|file| plan::probes(file, &config)).collect();
    // The crates whose versions each record keeps: the source crate and the first target's.
    let recorded = [config.source.name.as_str(), config.targets[0].name.as_str()];
    let scratch = workspace.join("target").join("ecosystem");
    let started = Instant::now();
    let mut records = Vec::new();
    let mut failures = Vec::new();
    let mut resolved = 0;
    for probe in &probes {
        // Crates not named keep their committed facts (when their lines did not change).
        let named = only.is_empty() || only.contains(&probe.krate);
        let reuse = if named { None } else { committed.records.iter().find(|r| same_probe(r, probe)).cloned() };
        if let Some(record) = reuse {
            records.push(record);
            continue;
        }
        eprintln!("resolving {} {}", probe.krate, probe.option);
        resolved += 1;
        let dir = scratch.join(format!("{}-{}", probe.krate, probe.option));
        match resolve(&dir, probe, recorded, reuse_scratch && !check_mode) {
            Ok(record) => records.push(record),
            Err(err) => failures.push(format!("{} {}: {err:#}", probe.krate, probe.option)),
        }
    }
    let elapsed = started.elapsed();
    println!("resolved {resolved} scratch project(s) in {:.0} s", elapsed.as_secs_f64());
    let fresh = Resolution { records };
    let lock_name = format!("api-maps/{RESOLUTION_FILE}");
    let mut contradictions = resolution::verify(&files, &fresh, &lock_name, &config);
    contradictions.retain(diagnostic::Diagnostic::is_error);
    let broken = !failures.is_empty() || !contradictions.is_empty();
    if broken && !check_mode {
        // Keep the facts: a rerun naming the failed crates reuses the rest, and `check` shows
        // the contradictions at their lines.
        std::fs::write(&lock_path, fresh.to_toml())?;
    }
    if !failures.is_empty() {
        bail!("cargo could not resolve:\n{}", failures.join("\n"));
    }
    if !contradictions.is_empty() {
        bail!("cargo contradicts the entries:\n{}", diagnostic::report(&contradictions));
    }
    if check_mode {
        let drift = drift(&committed, &fresh);
        if !drift.is_empty() {
            bail!(
                "{lock_name} drifted from what cargo resolves today:\n{}\nrun `cargo xtask ecosystem` and review the diff",
                drift.join("\n")
            );
        }
        println!("{lock_name} matches what cargo resolves today ({} probes)", fresh.records.len());
    } else {
        std::fs::write(&lock_path, fresh.to_toml()).with_context(|| format!("cannot write {}", lock_path.display()))?;
        println!("wrote {lock_name} ({} probes)", fresh.records.len());
    }
    Ok(())
}

fn same_probe(record: &Record, probe: &Probe) -> bool {
    record.krate == probe.krate && record.option == probe.option && record.dependencies == probe.dependencies
}

/// What changed between two resolutions: a probe added or gone, a named crate at another
/// version, async-std or Tokio entering or leaving a graph.
fn drift(committed: &Resolution, fresh: &Resolution) -> Vec<String> {
    let mut out = Vec::new();
    for record in &fresh.records {
        let name = format!("{} {}", record.krate, record.option);
        match committed.records.iter().find(|r| r.krate == record.krate && r.option == record.option) {
            None => out.push(format!("{name}: not in the committed file")),
            Some(old) if old.dependencies != record.dependencies => out.push(format!("{name}: other dependency lines")),
            Some(old) => {
                if old.resolved != record.resolved {
                    out.push(format!("{name}: resolved {:?}, committed {:?}", record.resolved, old.resolved));
                }
                let crates: std::collections::BTreeSet<&String> =
                    old.crates.keys().chain(record.crates.keys()).collect();
                for krate in crates {
                    let (new, old) = (record.version_of(krate), old.version_of(krate));
                    if new.is_some() != old.is_some() {
                        out.push(format!("{name}: {krate} {new:?}, committed {old:?}"));
                    }
                }
            }
        }
    }
    for old in &committed.records {
        if !fresh.records.iter().any(|r| r.krate == old.krate && r.option == old.option) {
            out.push(format!("{} {}: committed but no longer asked for", old.krate, old.option));
        }
    }
    out
}

/// Resolves one probe in `dir` and reads the facts from the resolved graph. With `reuse`, a
/// scratch project whose manifest is unchanged keeps the lock file of the last run.
/// `recorded` are the source crate and the first target's crate, whose versions are kept.
fn resolve(dir: &Path, probe: &Probe, recorded: [&str; 2], reuse: bool) -> Result<Record> {
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(dir.join("src/lib.rs"), "")?;
    let manifest = format!(
        "[package]\nname = \"{PROBE_PACKAGE}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         # Its own workspace: the guide's workspace must not adopt it.\n[workspace]\n\n[dependencies]\n{}\n",
        probe.dependencies.join("\n")
    );
    let unchanged = std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|old| old == manifest);
    if !(reuse && unchanged && dir.join("Cargo.lock").exists()) {
        std::fs::write(dir.join("Cargo.toml"), manifest)?;
        let _ = std::fs::remove_file(dir.join("Cargo.lock"));
        cargo(dir, &["generate-lockfile", "--quiet"])?;
    }
    let tree = cargo(dir, &["tree", "--quiet", "--edges", "normal,build", "--prefix", "depth", "--format", "{p}"])?;
    let packages: Vec<(usize, String, String)> = tree.lines().filter_map(parse_tree_line).collect();
    let version_of = |name: &str| {
        let mut versions: Vec<&str> =
            packages.iter().filter(|(_, n, _)| n == name).map(|(_, _, v)| v.as_str()).collect();
        versions.sort_unstable();
        versions.dedup();
        (!versions.is_empty()).then(|| versions.join(", "))
    };
    let mut resolved: Vec<String> = packages
        .iter()
        .filter(|(depth, _, _)| *depth == 1)
        .map(|(_, name, version)| format!("{name} {version}"))
        .collect();
    resolved.sort();
    resolved.dedup();
    let route = match version_of(recorded[0]) {
        Some(_) => Some(route(dir, recorded[0])?),
        None => None,
    };
    let crates = recorded.iter().filter_map(|name| Some((name.to_string(), version_of(name)?))).collect();
    Ok(Record {
        krate: probe.krate.clone(),
        option: probe.option.clone(),
        dependencies: probe.dependencies.clone(),
        resolved,
        crates,
        route,
    })
}

/// The first chain by which async-std enters the graph: `surf → http-client → async-std`.
fn route(dir: &Path, source: &str) -> Result<String> {
    let tree = cargo(
        dir,
        &["tree", "--quiet", "--edges", "normal,build", "--invert", source, "--prefix", "depth", "--format", "{p}"],
    )?;
    let mut chain: Vec<String> = Vec::new();
    for (depth, name, _) in tree.lines().filter_map(parse_tree_line) {
        if name == PROBE_PACKAGE {
            break;
        }
        chain.truncate(depth);
        chain.push(name);
    }
    chain.reverse();
    Ok(chain.join(" → "))
}

/// `2sqlx-core v0.8.6 (*)` → (2, `sqlx-core`, `0.8.6`).
fn parse_tree_line(line: &str) -> Option<(usize, String, String)> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let depth = line[..digits].parse().ok()?;
    let mut words = line[digits..].split_whitespace();
    let name = words.next()?.to_string();
    let version = words.next()?.strip_prefix('v')?.to_string();
    Some((depth, name, version))
}

fn cargo(dir: &Path, args: &[&str]) -> Result<String> {
    let cargo = std::env::var_os("CARGO").map(PathBuf::from).unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .with_context(|| format!("cannot run cargo {}", args[0]))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!("cargo {} failed: {}", args[0], stderr.trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_depth_prefixed_tree_lines() {
        assert_eq!(parse_tree_line("2sqlx-core v0.8.6 (*)"), Some((2, "sqlx-core".into(), "0.8.6".into())));
        assert_eq!(parse_tree_line("0ecosystem-probe v0.0.0 (/x)"), Some((0, PROBE_PACKAGE.into(), "0.0.0".into())));
        assert_eq!(parse_tree_line(""), None);
    }

    fn record(option: &str, resolved: &str, async_std: Option<&str>) -> Record {
        Record {
            krate: "surf".into(),
            option: option.into(),
            dependencies: vec!["surf = \"2.3.2\"".into()],
            resolved: vec![resolved.into()],
            crates: async_std.map(|v| ("async-std".to_string(), v.to_string())).into_iter().collect(),
            route: None,
        }
    }

    #[test]
    fn drift_names_new_versions_and_graphs_that_gained_async_std() {
        let committed = Resolution {
            records: vec![record("source", "surf 2.3.2", Some("1.13.2")), record("tokio", "x 1.0.0", None)],
        };
        let fresh = Resolution {
            records: vec![record("source", "surf 2.3.3", Some("1.13.2")), record("tokio", "x 1.0.0", Some("1.13.2"))],
        };
        assert_eq!(
            drift(&committed, &fresh),
            [
                r#"surf source: resolved ["surf 2.3.3"], committed ["surf 2.3.2"]"#,
                r#"surf tokio: async-std Some("1.13.2"), committed None"#,
            ]
        );
        assert_eq!(drift(&committed, &committed), Vec::<String>::new());
    }
}
