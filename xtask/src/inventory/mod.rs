//! `cargo xtask inventory [--book DIR] [CRATE...] [--check | --latest] [--compare DIR]`: public-API
//! inventories of the crates in a book's `inventories/crates.toml` (this guide's, or another
//! book's with `--book`), made from rustdoc JSON, written to its `inventories/*.tsv` (or, to
//! check them, to a scratch folder compared with `inventories/`).

mod attrs;
mod compare;
mod config;
mod diff;
mod drift;
mod facts;
mod runner;
mod rustdoc_json;
mod std_docs;
mod tsv;
mod walker;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};

use config::{Config, Role};
use runner::ScratchBuild;
use std_docs::StdDocs;
use tsv::{MergedRow, Row, RowSet};
use walker::Walker;

pub const USAGE: &str =
    "usage: cargo xtask inventory [--book DIR] [CRATE...] [--check | --latest [--summary FILE]] [--compare REFERENCE_DIR]

Regenerates inventories/<crate>-<version>.tsv for the crates of inventories/crates.toml (all of
them, or the ones named) and, when all are regenerated, inventories/std.tsv (the std items those
crates use, and the `std-items` that crates.toml lists).
--book DIR      the book whose DIR/inventories/ is regenerated (default: this guide, the
                workspace root); a relative DIR is relative to the workspace root
--check         regenerates into target/inventory/regenerated/ instead and fails if any file
                differs from the committed one (each difference as inventories/FILE:LINE)
--latest        regenerates the newest release of each crate into target/inventory/regenerated/
                and prints, as Markdown, the paths added, removed and newly deprecated since the
                pinned version; inventories/ is left as it is
--summary FILE  with --latest: also appends that Markdown to FILE (e.g. $GITHUB_STEP_SUMMARY)
--compare DIR   then compares paths, kinds and URLs with the reference TSVs in DIR.";

#[derive(Debug, Default)]
struct Options {
    book: Option<PathBuf>,
    crates: Vec<String>,
    compare: Option<PathBuf>,
    check: bool,
    latest: bool,
    summary: Option<PathBuf>,
}

fn parse_options(args: &[String]) -> Result<Options> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--book" => options.book = Some(args.next().context("--book needs a directory")?.into()),
            "--compare" => options.compare = Some(args.next().context("--compare needs a directory")?.into()),
            "--check" => options.check = true,
            "--latest" => options.latest = true,
            "--summary" => options.summary = Some(args.next().context("--summary needs a file")?.into()),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            flag if flag.starts_with('-') => bail!("unknown option {flag}\n{USAGE}"),
            name => options.crates.push(name.to_owned()),
        }
    }
    if options.check && options.latest {
        bail!("--check compares with the pinned versions, --latest with the newest: use one\n{USAGE}");
    }
    if options.summary.is_some() && !options.latest {
        bail!("--summary goes with --latest\n{USAGE}");
    }
    Ok(options)
}

/// (std public path, kind) -> (in a docs.rs build, in a plain build).
type StdUses = BTreeMap<(Vec<String>, String), (bool, bool)>;

pub fn run(args: &[String]) -> Result<()> {
    let options = parse_options(args)?;
    let workspace =
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("xtask has a parent directory")?.to_path_buf();
    let book = options.book.as_ref().map_or_else(|| workspace.clone(), |dir| workspace.join(dir));
    let inventories = book.join("inventories");
    let config = Config::load(&inventories.join("crates.toml"))?;
    for name in &options.crates {
        if !config.crates.iter().any(|c| &c.name == name) {
            bail!("{name} is not in {}", inventories.join("crates.toml").display());
        }
    }
    let selected: Vec<_> =
        config.crates.iter().filter(|c| options.crates.is_empty() || options.crates.contains(&c.name)).collect();
    let all_crates = selected.len() == config.crates.len();
    let inventory_target = workspace.join("target/inventory");
    // --check and --latest never touch the committed files.
    let output_dir = if options.check || options.latest {
        let dir = inventory_target.join("regenerated");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        dir
    } else {
        inventories.clone()
    };
    let newest: Vec<config::CrateSpec> = if options.latest {
        selected.iter().map(|spec| newest_release(spec)).collect::<Result<_>>()?
    } else {
        Vec::new()
    };
    let selected: Vec<&config::CrateSpec> = if options.latest { newest.iter().collect() } else { selected };
    let std_docs = StdDocs::from_sysroot();
    if !std_docs.has_html() {
        eprintln!(
            "note: no local rust-docs HTML (rustup component add rust-docs): std pages are guessed and std members are not listed"
        );
    }
    let mut std_uses = StdUses::new();
    let mut provenance_by_file: HashMap<String, compare::ProvenanceIndex> = HashMap::new();
    let started = Instant::now();
    for spec in &selected {
        let crate_started = Instant::now();
        let mut by_role: HashMap<Role, Vec<RowSet>> = HashMap::new();
        // Facts of the plain build first: it is what an application compiles against (async-std's
        // docs build has stand-in types for std's); the docs.rs build adds what only it has.
        let (mut plain_facts, mut docsrs_facts) = (facts::FactSet::default(), facts::FactSet::default());
        for build in &spec.builds {
            let mut scratch = ScratchBuild::prepare(&inventory_target, spec, build)?;
            let root =
                scratch.root_doc().with_context(|| format!("{} {} build {}", spec.name, spec.version, build.name))?;
            let in_docsrs = build.counts_as.contains(&Role::Docsrs);
            let in_plain = build.counts_as.contains(&Role::Plain);
            for summary in root.path_summaries() {
                let crate_name = root.external_crate_name(summary.crate_id).unwrap_or_default();
                if std_docs::is_std_crate(&crate_name) {
                    record_std_use(&std_docs, &mut std_uses, &summary.path, &summary.kind, in_docsrs, in_plain);
                }
            }
            let output = Walker::new(&mut scratch, &std_docs, root).walk()?;
            for warning in &output.warnings {
                eprintln!("warning: {} {} ({}): {warning}", spec.name, spec.version, build.name);
            }
            for (path, kind) in &output.std_targets {
                record_std_use(&std_docs, &mut std_uses, path, walker::summary_kind_of(kind), in_docsrs, in_plain);
            }
            if in_plain {
                plain_facts.merge(output.api_facts)
            } else {
                docsrs_facts.merge(output.api_facts)
            }
            let rows = output.rows;
            for role in &build.counts_as {
                // A build that counts for both roles contributes the same rows to each.
                by_role.entry(*role).or_default().push(rows.clone());
            }
        }
        let merged = tsv::merge_builds(
            by_role.remove(&Role::Docsrs).unwrap_or_default(),
            by_role.remove(&Role::Plain).unwrap_or_default(),
        );
        let file = format!("{}-{}.tsv", spec.name, spec.version);
        std::fs::write(output_dir.join(&file), tsv::render(&merged))?;
        // A path of the plain build without facts is a std re-export there: the docs build's
        // stand-in type for it is not what code compiles against.
        let plain_paths: BTreeSet<&str> =
            merged.iter().filter(|m| m.in_plain_build).map(|m| m.row.path.as_str()).collect();
        docsrs_facts.retain(|path| !plain_paths.contains(path));
        plain_facts.merge(docsrs_facts);
        write_facts(&output_dir, &format!("{}-{}", spec.name, spec.version), &plain_facts)?;
        provenance_by_file.insert(
            file.clone(),
            merged.iter().map(|m| ((m.row.path.clone(), m.row.kind.clone()), m.row.provenance)).collect(),
        );
        println!("{file}: {} rows in {:.1}s", merged.len(), crate_started.elapsed().as_secs_f64());
    }
    if all_crates {
        for item in &config.std_items {
            let path: Vec<String> = item.path.split("::").map(str::to_owned).collect();
            if std_docs.locate(&path, &item.kind).is_none_or(|page| page.public_path != path) {
                bail!("crates.toml: std-items: std documents no {} `{}`", item.kind, item.path);
            }
            // Named by the book's maps, so present in every build.
            let entry = std_uses.entry((path, item.kind.clone())).or_default();
            *entry = (true, true);
        }
        let rows = std_rows(&std_docs, &std_uses);
        std::fs::write(output_dir.join("std.tsv"), tsv::render(&rows))?;
        println!("std.tsv: {} rows", rows.len());
    } else {
        println!("std.tsv skipped (it needs every crate; run without crate names)");
    }
    println!("total: {:.1}s", started.elapsed().as_secs_f64());
    if let Some(reference) = &options.compare {
        compare_with_reference(&output_dir, reference, &selected, &provenance_by_file, &inventory_target)?;
    }
    if options.check {
        check_against_committed(&inventories, &output_dir, all_crates)?;
    }
    if options.latest {
        report_drift(&config, &inventories, &output_dir, &selected, all_crates, options.summary.as_deref())?;
    }
    Ok(())
}

/// Where the trait impls and signatures of each crate go, next to its row inventory.
pub const FACTS_DIR: &str = "signatures";

/// Writes `signatures/<stem>.traits.tsv` and `signatures/<stem>.sigs.tsv`.
fn write_facts(output_dir: &Path, stem: &str, api_facts: &facts::FactSet) -> Result<()> {
    let dir = output_dir.join(FACTS_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    std::fs::write(dir.join(format!("{stem}.traits.tsv")), api_facts.render_traits())?;
    std::fs::write(dir.join(format!("{stem}.sigs.tsv")), api_facts.render_sigs())?;
    Ok(())
}

/// The spec of a crate with its version replaced by the newest release.
fn newest_release(spec: &config::CrateSpec) -> Result<config::CrateSpec> {
    let version = drift::newest_version(&spec.name)?;
    println!("{}: pinned {}, newest {version}", spec.name, spec.version);
    Ok(config::CrateSpec { version, ..spec.clone() })
}

/// The `*.tsv` files of a folder, by file name.
fn read_tsv_files(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "tsv") {
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            files.insert(name, std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?);
        }
    }
    Ok(files)
}

/// `--check`: every regenerated file equals the committed one; with every crate regenerated,
/// a committed file that nothing produces is a difference too.
fn check_against_committed(inventories: &Path, regenerated_dir: &Path, all_crates: bool) -> Result<()> {
    let mut regenerated = read_tsv_files(regenerated_dir)?;
    let mut committed = read_tsv_files(inventories)?;
    // The signature files are checked like the rows, under their folder's name.
    let in_facts_dir = |files: BTreeMap<String, String>| {
        files.into_iter().map(|(name, text)| (format!("{FACTS_DIR}/{name}"), text)).collect::<BTreeMap<_, _>>()
    };
    regenerated.extend(in_facts_dir(read_tsv_files(&regenerated_dir.join(FACTS_DIR))?));
    let committed_facts = inventories.join(FACTS_DIR);
    if committed_facts.is_dir() {
        committed.extend(in_facts_dir(read_tsv_files(&committed_facts)?));
    }
    if !all_crates {
        committed.retain(|file, _| regenerated.contains_key(file));
    }
    let differences = diff::diff_sets(&committed, &regenerated);
    if differences.is_empty() {
        println!("inventories/: the {} committed inventories are what the pinned crates produce", regenerated.len());
        return Ok(());
    }
    print!("{}", diff::report("inventories", &differences));
    bail!(
        "{} of the committed inventories differ from what the pinned crates produce (regenerated files in {}); \
         run `cargo xtask inventory` and commit the result, or undo the hand edit",
        differences.len(),
        regenerated_dir.display()
    )
}

/// `--latest`: the drift of each regenerated crate (and of std's rows) from its committed inventory.
fn report_drift(
    config: &Config,
    inventories: &Path,
    regenerated_dir: &Path,
    newest: &[&config::CrateSpec],
    all_crates: bool,
    summary: Option<&Path>,
) -> Result<()> {
    let read = |path: PathBuf| std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()));
    let mut drifts = Vec::new();
    for spec in newest {
        let pinned = config.crates.iter().find(|c| c.name == spec.name).context("a crate of crates.toml")?;
        drifts.push(drift::CrateDrift::new(
            &spec.name,
            &pinned.version,
            &spec.version,
            &read(inventories.join(format!("{}-{}.tsv", pinned.name, pinned.version)))?,
            &read(regenerated_dir.join(format!("{}-{}.tsv", spec.name, spec.version)))?,
        ));
    }
    if all_crates {
        let (committed, regenerated) = (read(inventories.join("std.tsv"))?, read(regenerated_dir.join("std.tsv"))?);
        drifts.push(drift::CrateDrift::new("std (as used)", "—", "—", &committed, &regenerated));
    }
    let markdown = drift::markdown(&drifts);
    println!("{markdown}");
    if let Some(file) = summary {
        use std::io::Write as _;
        let mut out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .with_context(|| format!("opening {}", file.display()))?;
        out.write_all(markdown.as_bytes())?;
    }
    Ok(())
}

fn inventory_kind(summary_kind: &str) -> Option<&'static str> {
    Some(match summary_kind {
        "module" => "mod",
        "function" => "fn",
        "type_alias" => "type",
        "constant" => "const",
        "proc_attribute" => "attr",
        "proc_derive" => "derive",
        "struct" => "struct",
        "enum" => "enum",
        "union" => "union",
        "trait" => "trait",
        "trait_alias" => "trait_alias",
        "static" => "static",
        "macro" => "macro",
        _ => return None,
    })
}

/// Notes a std item by its public path (definition paths like `core::task::wake::Context`
/// that have no page of their own are skipped: they are private or unstable internals).
fn record_std_use(
    std_docs: &StdDocs,
    uses: &mut StdUses,
    definition_path: &[String],
    summary_kind: &str,
    in_docsrs: bool,
    in_plain: bool,
) {
    let Some(kind) = inventory_kind(summary_kind) else { return };
    let Some(page) = std_docs.locate(definition_path, kind) else { return };
    let entry = uses.entry((page.public_path, kind.to_owned())).or_default();
    entry.0 |= in_docsrs;
    entry.1 |= in_plain;
}

fn std_rows(std_docs: &StdDocs, uses: &StdUses) -> Vec<MergedRow> {
    let mut rows: BTreeMap<(String, String), MergedRow> = BTreeMap::new();
    for ((public_path, kind), (in_docsrs, in_plain)) in uses {
        // A public path is also a definition path that `locate` maps to itself.
        let Some(page) = std_docs.locate(public_path, kind) else { continue };
        let url = format!("{}{}", std_docs::STD_URL_IN_STD_TSV, page.rel_page);
        let mut add = |path: String, kind: &str, docs_url: String| {
            let row =
                Row { path: path.clone(), kind: kind.to_owned(), docs_url, origin: "std".to_owned(), ..Row::default() };
            let merged = rows.entry((path, kind.to_owned())).or_insert(MergedRow {
                row,
                in_docsrs_build: false,
                in_plain_build: false,
            });
            merged.in_docsrs_build |= in_docsrs;
            merged.in_plain_build |= in_plain;
        };
        let path = public_path.join("::");
        add(path.clone(), kind, url.clone());
        if matches!(kind.as_str(), "struct" | "enum" | "union" | "trait") {
            for member in std_docs.members(&page) {
                add(format!("{path}::{}", member.name), member.kind, format!("{url}#{}", member.anchor));
            }
        }
    }
    rows.into_values().collect()
}

fn compare_with_reference(
    inventories: &Path,
    reference: &Path,
    selected: &[&config::CrateSpec],
    provenance_by_file: &HashMap<String, compare::ProvenanceIndex>,
    inventory_target: &Path,
) -> Result<()> {
    let report_dir = inventory_target.join("compare");
    std::fs::create_dir_all(&report_dir)?;
    let mut compared = BTreeSet::new();
    for spec in selected {
        let file = format!("{}-{}.tsv", spec.name, spec.version);
        let reference_file = reference.join(&file);
        if !reference_file.is_file() {
            continue;
        }
        let comparison = compare::compare_file(
            &inventories.join(&file),
            &reference_file,
            &spec.version,
            provenance_by_file.get(&file),
        )?;
        println!("{}", comparison.summary());
        std::fs::write(report_dir.join(file.replace(".tsv", ".txt")), comparison.details())?;
        compared.insert(file);
    }
    println!("compared {} crates; every difference is listed in {}", compared.len(), report_dir.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(args: &[&str]) -> Result<Options> {
        parse_options(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn check_and_latest_are_exclusive_and_summary_goes_with_latest() {
        let check = options(&["tokio", "--check"]).unwrap();
        assert!(check.check && !check.latest && check.crates == ["tokio"] && check.book.is_none());
        let book = options(&["--book", "guides/once-cell", "--check"]).unwrap();
        assert_eq!(book.book.as_deref(), Some(Path::new("guides/once-cell")));
        assert!(book.crates.is_empty());
        let latest = options(&["--latest", "--summary", "summary.md"]).unwrap();
        assert_eq!(latest.summary.as_deref(), Some(Path::new("summary.md")));
        let both = options(&["--check", "--latest"]).unwrap_err().to_string();
        assert!(both.starts_with("--check compares with the pinned versions"), "{both}");
        let summary = options(&["--check", "--summary", "x"]).unwrap_err().to_string();
        assert!(summary.starts_with("--summary goes with --latest"), "{summary}");
    }
}
