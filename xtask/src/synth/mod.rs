//! `cargo xtask synth --entries N --out DIR`: a synthetic book of N entries, for the benchmark
//! at scale (`cargo xtask bench --book DIR`).
//!
//! The maps are spread over many files (each well within the loader's 2 MiB limit), with every
//! status, notes, examples, `apimap:` links and see-also references, and matching inventories
//! (one mapped type in ten also has members, which coverage matches by name).

mod content;

use anyhow::{Context as _, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

const USAGE: &str = "usage: cargo xtask synth --entries N --out DIR [--per-file M]

Writes a synthetic book of N entries (M per map file, default 500) into DIR, replacing a
synthetic book already there. Then: cargo xtask bench --book DIR";

/// Marks a folder as written by `synth`, so it may be replaced.
const MARKER: &str = ".synthetic-book";

struct Options {
    entries: usize,
    per_file: usize,
    out: PathBuf,
}

fn parse_options(args: &[String]) -> Result<Options> {
    let (mut entries, mut per_file, mut out) = (None, 500, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--entries" => entries = Some(value()?.parse().context("--entries needs a number")?),
            "--per-file" => per_file = value()?.parse().context("--per-file needs a number")?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    let (Some(entries), Some(out)) = (entries, out) else { bail!("{USAGE}") };
    if entries == 0 || per_file == 0 {
        bail!("--entries and --per-file must be at least 1");
    }
    Ok(Options { entries, per_file, out: std::path::absolute(out)? })
}

pub fn run(args: &[String]) -> Result<()> {
    let options = parse_options(args)?;
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("xtask has a parent")?.to_path_buf();
    prepare_dir(&options.out)?;
    let out = &options.out;
    fs::write(out.join("book.toml"), content::book_toml(&workspace, options.entries))?;
    fs::create_dir_all(out.join("src"))?;
    fs::write(out.join("src/SUMMARY.md"), "# Summary\n\n[Introduction](introduction.md)\n\n- [API map](api-map.md)\n")?;
    fs::write(out.join("src/introduction.md"), "# Introduction\n\nA synthetic book for `cargo xtask bench`.\n")?;
    fs::write(out.join("src/api-map.md"), "# API map\n\nThe generated chapters follow.\n")?;
    copy_files(&workspace.join("theme"), &out.join("theme"))?;

    fs::create_dir_all(out.join("api-maps"))?;
    let modules = options.entries.div_ceil(options.per_file);
    let mut largest = 0;
    for module in 0..modules {
        let first = module * options.per_file;
        let last = (first + options.per_file).min(options.entries);
        let yaml = content::map_file(module, first..last);
        largest = largest.max(yaml.len());
        fs::write(out.join("api-maps").join(format!("{}.yaml", content::module_name(module))), yaml)?;
    }
    fs::create_dir_all(out.join("inventories"))?;
    for krate in &content::CRATES {
        let tsv = content::inventory(krate, options.entries, options.per_file);
        fs::write(out.join("inventories").join(format!("{}-{}.tsv", krate.name, krate.version)), tsv)?;
    }
    println!(
        "wrote {} entries in {modules} map files (largest {:.0} KiB) to {}",
        options.entries,
        largest as f64 / 1024.0,
        out.display()
    );
    Ok(())
}

/// Creates `dir`, or empties it if an earlier `synth` wrote it; refuses any other folder.
fn prepare_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        let empty = fs::read_dir(dir)?.next().is_none();
        if !empty && !dir.join(MARKER).exists() {
            bail!("{} exists and was not written by `cargo xtask synth`; choose another --out", dir.display());
        }
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    fs::write(dir.join(MARKER), "written by `cargo xtask synth`; replaced by the next run\n")?;
    Ok(())
}

fn copy_files(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}
