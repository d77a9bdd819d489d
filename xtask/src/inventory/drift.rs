//! `--latest`: the newest release of each inventoried crate, and how its public API drifted from
//! the pinned version's committed inventory (paths added, removed, newly deprecated), as Markdown.

use std::fmt::Write as _;
use std::process::Command;

use anyhow::{Context as _, Result, bail};

use super::diff::{RowKey, keyed_rows};

/// How many paths of each list the Markdown shows per crate (a job summary holds at most 1 MiB).
const SHOWN_PATHS: usize = 100;

/// The newest release of a crate on crates.io, as `cargo info` reports it. It runs outside the
/// workspace: inside, `cargo info` reports the version of the lockfile.
pub fn newest_version(name: &str) -> Result<String> {
    let output = Command::new("cargo")
        .args(["info", "--quiet", name])
        .current_dir(std::env::temp_dir())
        .output()
        .context("running cargo info")?;
    if !output.status.success() {
        bail!("cargo info {name} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    parse_cargo_info_version(&String::from_utf8_lossy(&output.stdout))
        .with_context(|| format!("no `version:` line in the output of cargo info {name}"))
}

fn parse_cargo_info_version(output: &str) -> Option<String> {
    output
        .lines()
        .find_map(|line| line.strip_prefix("version: "))
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_owned)
}

/// One crate's drift from its pinned version to its newest release.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CrateDrift {
    /// The inventory's name: the crate's, or `std`.
    pub name: String,
    pub pinned: String,
    pub newest: String,
    pub added: Vec<RowKey>,
    pub removed: Vec<RowKey>,
    pub newly_deprecated: Vec<RowKey>,
}

impl CrateDrift {
    pub fn new(name: &str, pinned: &str, newest: &str, committed: &str, regenerated: &str) -> Self {
        let old = keyed_rows(committed);
        let new = keyed_rows(regenerated);
        let deprecated_of = |header: &str, text: &str| {
            let column = header.split('\t').position(|c| c == "deprecated");
            column.and_then(|c| text.split('\t').nth(c)).is_some_and(|value| !value.is_empty())
        };
        let mut drift = CrateDrift {
            name: name.to_owned(),
            pinned: pinned.to_owned(),
            newest: newest.to_owned(),
            ..Self::default()
        };
        for (key, row) in &new.rows {
            match old.rows.get(key) {
                None => drift.added.push(key.clone()),
                Some(before) if deprecated_of(&new.header, &row.text) && !deprecated_of(&old.header, &before.text) => {
                    drift.newly_deprecated.push(key.clone())
                }
                Some(_) => {}
            }
        }
        drift.removed = old.rows.keys().filter(|key| !new.rows.contains_key(*key)).cloned().collect();
        drift
    }

    pub fn is_empty(&self) -> bool {
        self.pinned == self.newest
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.newly_deprecated.is_empty()
    }
}

/// The job summary: a table of every crate, then the lists of paths of the crates that drifted.
pub fn markdown(drifts: &[CrateDrift]) -> String {
    let mut out = String::from("## Inventories against the newest releases\n\n");
    if drifts.iter().all(CrateDrift::is_empty) {
        out.push_str("Every pinned crate is at its newest release and its inventory is unchanged.\n\n");
    }
    out.push_str(
        "| crate | pinned | newest | paths added | paths removed | newly deprecated |\n|---|---|---|---|---|---|\n",
    );
    for d in drifts {
        let newest = if d.newest == d.pinned { "same".to_owned() } else { format!("**{}**", d.newest) };
        let _ = writeln!(
            out,
            "| {} | {} | {newest} | {} | {} | {} |",
            d.name,
            d.pinned,
            d.added.len(),
            d.removed.len(),
            d.newly_deprecated.len()
        );
    }
    for d in drifts.iter().filter(|d| !d.is_empty()) {
        let _ = writeln!(out, "\n### {} {} → {}\n", d.name, d.pinned, d.newest);
        for (title, keys) in [("added", &d.added), ("removed", &d.removed), ("newly deprecated", &d.newly_deprecated)] {
            if keys.is_empty() {
                continue;
            }
            let _ = writeln!(out, "<details><summary>{} {title}</summary>\n", keys.len());
            for (path, kind) in keys.iter().take(SHOWN_PATHS) {
                let _ = writeln!(out, "- `{path}` ({kind})");
            }
            if keys.len() > SHOWN_PATHS {
                let _ = writeln!(out, "- … and {} more", keys.len() - SHOWN_PATHS);
            }
            out.push_str("\n</details>\n");
        }
    }
    out.push_str(
        "\nTo move a pin: change the version in `inventories/crates.toml` (and `book.toml` for async-std, tokio, smol), \
         run `cargo xtask inventory`, then `cargo run -p mdbook-apimap -- check`.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "path\tkind\tdocs_url\tdeprecated";

    #[test]
    fn reads_the_version_cargo_info_prints() {
        let output = "tokio #io #async\nAn event-driven platform.\nversion: 1.55.0\nlicense: MIT\n";
        assert_eq!(parse_cargo_info_version(output).as_deref(), Some("1.55.0"));
        assert_eq!(parse_cargo_info_version("version: 1.54.1 (latest 1.55.0)\n").as_deref(), Some("1.54.1"));
        assert_eq!(parse_cargo_info_version("nothing"), None);
    }

    #[test]
    fn lists_added_removed_and_newly_deprecated_paths() {
        let pinned = format!("{HEADER}\nc::a\tfn\tu\t\nc::b\tfn\tu\t\nc::old\tfn\tu\tsince 0.9\n");
        let newest =
            format!("{HEADER}\nc::a\tfn\tu\tuse b\nc::b\tfn\tu2\t\nc::new\tstruct\tu\t\nc::old\tfn\tu\tsince 0.9\n");
        let drift = CrateDrift::new("c", "1.0.0", "1.1.0", &pinned, &newest);
        let key = |p: &str, k: &str| (p.to_owned(), k.to_owned());
        assert_eq!(drift.added, [key("c::new", "struct")]);
        assert!(drift.removed.is_empty());
        assert_eq!(drift.newly_deprecated, [key("c::a", "fn")]);
        let summary = markdown(&[drift, CrateDrift::new("d", "2.0.0", "2.0.0", &pinned, &pinned)]);
        assert!(summary.contains("| c | 1.0.0 | **1.1.0** | 1 | 0 | 1 |"), "{summary}");
        assert!(summary.contains("| d | 2.0.0 | same | 0 | 0 | 0 |"), "{summary}");
        assert!(summary.contains("### c 1.0.0 → 1.1.0"), "{summary}");
        assert!(!summary.contains("### d"), "{summary}");
        assert!(summary.contains("- `c::new` (struct)"), "{summary}");
    }

    #[test]
    fn no_drift_says_so() {
        let same = format!("{HEADER}\nc::a\tfn\tu\t\n");
        let summary = markdown(&[CrateDrift::new("c", "1.0.0", "1.0.0", &same, &same)]);
        assert!(summary.contains("Every pinned crate is at its newest release"), "{summary}");
    }
}
