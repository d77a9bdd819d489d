//! `cargo xtask bench`: how much the preprocessor adds to an `mdbook build`.
//!
//! Builds the book and its pre-expanded copy (the preprocessor's output written once as plain
//! Markdown) side by side, interleaved, and prints min / median / max and the ratio to the
//! pre-expanded build, plus the preprocessor's own stage timings (`APIMAP_TIMINGS=1`).
//! A benchmark, not a test: nothing here asserts a time.

mod expand;
mod serve;
mod stats;

use anyhow::{Context as _, Result, bail};
use mdbook_apimap::timings;
use stats::{Samples, human};
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: cargo xtask bench [--book DIR] [--runs N] [--mdbook PATH] [--serve]

Builds the release preprocessor, writes a pre-expanded copy of the book (no preprocessor) under
target/bench/, then runs, interleaved, N times each after one warm-up round:
  - mdbook build of the pre-expanded copy (the baseline),
  - mdbook build with book.toml's own preprocessor command (`cargo run …`),
  - mdbook build with the release binary as the command,
  - the preprocessor alone on the JSON mdBook sends it, with its stage timings.
--book DIR     the book root (default: this repository); e.g. a book from `cargo xtask synth`
--runs N       measured runs of each (default 5)
--mdbook PATH  the mdbook binary (default: $MDBOOK, else `mdbook` on PATH);
               install it with `cargo install mdbook --version 0.5.4 --locked`
--preprocessor-only
               only the preprocessor alone (no mdbook builds: a 100k-entry book takes
               minutes per build on a loaded machine)
--serve        also measure live preview: N edits each, from saving a file to `mdbook serve`
               serving the new page (polled with curl), for a YAML edit of the book and a
               Markdown edit of the pre-expanded copy (both on copies under target/bench/)";

/// The version the guide is built with (Cargo.toml pins the same mdBook crates).
const MDBOOK_VERSION: &str = "0.5.4";

struct Options {
    book: PathBuf,
    runs: usize,
    mdbook: PathBuf,
    serve: bool,
    preprocessor_only: bool,
}

fn parse_options(args: &[String], workspace: &Path) -> Result<Options> {
    let default_mdbook = std::env::var_os("MDBOOK").map(PathBuf::from).unwrap_or_else(|| "mdbook".into());
    let mut options = Options {
        book: workspace.to_path_buf(),
        runs: 5,
        mdbook: default_mdbook,
        serve: false,
        preprocessor_only: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--book" => options.book = value()?.into(),
            "--runs" => options.runs = value()?.parse().context("--runs needs a number")?,
            "--mdbook" => options.mdbook = value()?.into(),
            "--serve" => options.serve = true,
            "--preprocessor-only" => options.preprocessor_only = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    if options.runs == 0 {
        bail!("--runs must be at least 1");
    }
    options.book = std::path::absolute(&options.book)?;
    Ok(options)
}

/// What is measured, in the order of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Variant {
    Expanded,
    BookCommand,
    Binary,
    PreprocessorAlone,
}

impl Variant {
    const ALL: [Variant; 4] = [Variant::Expanded, Variant::BookCommand, Variant::Binary, Variant::PreprocessorAlone];

    fn label(self) -> &'static str {
        match self {
            Variant::Expanded => "mdbook build, pre-expanded (no preprocessor)",
            Variant::BookCommand => "mdbook build, book.toml's command",
            Variant::Binary => "mdbook build, release binary as command",
            Variant::PreprocessorAlone => "preprocessor alone (JSON in to JSON out)",
        }
    }

    fn target(self) -> &'static str {
        match self {
            Variant::Expanded => "",
            Variant::BookCommand => "target <= 1.25x",
            Variant::Binary => "target <= 1.05x",
            Variant::PreprocessorAlone => "target <= 40 ms (this guide)",
        }
    }
}

/// Everything the runs need to know.
struct Setup {
    mdbook: PathBuf,
    book: PathBuf,
    binary: PathBuf,
    work: PathBuf,
    expanded: expand::Expanded,
    /// The repository root (book.toml's `cargo run` runs here).
    workspace: PathBuf,
}

/// Stage name → one duration per run of the preprocessor alone; and its peak memory.
#[derive(Default)]
struct StageSamples {
    stages: BTreeMap<&'static str, (usize, Samples)>,
    peak_rss_kib: Vec<u64>,
    cpu_ms: Vec<u64>,
}

pub fn run(args: &[String]) -> Result<()> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("xtask has a parent")?.to_path_buf();
    let options = parse_options(args, &workspace)?;
    let version = mdbook_version(&options.mdbook)?;
    let target_dir = target_dir(&workspace)?;
    eprintln!("building the release preprocessor: cargo build --release --locked -p mdbook-apimap");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(&cargo)
        .args(["build", "--release", "--locked", "-p", "mdbook-apimap"])
        .current_dir(&workspace)
        .status()?;
    if !status.success() {
        bail!("cargo build failed");
    }
    let exe = format!("mdbook-apimap{}", std::env::consts::EXE_SUFFIX);
    let name = options.book.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "book".into());
    let work = target_dir.join("bench").join(name);
    std::fs::create_dir_all(&work)?;
    // A copy, as `cargo install` would make: book.toml's `cargo run` (other features) replaces
    // target/release/mdbook-apimap with its own build.
    let binary = work.join(&exe);
    std::fs::copy(target_dir.join("release").join(&exe), &binary)?;
    eprintln!("writing the pre-expanded copy under {}", work.display());
    let expanded = expand::write(&options.book, &work)?;
    let setup = Setup { mdbook: options.mdbook.clone(), book: options.book.clone(), binary, work, expanded, workspace };
    let load_at_start = load_average();

    let mut samples: BTreeMap<Variant, Samples> = BTreeMap::new();
    let mut stages = StageSamples::default();
    // Round 0 warms the file cache and cargo's fingerprints; it is not counted. Each round
    // starts with a different variant so that none always runs right after another.
    for round in 0..=options.runs {
        match round {
            0 => eprintln!("warm-up round (also compiles book.toml's command if needed)"),
            _ => eprint!("\rround {round}/{} ", options.runs),
        }
        let variants: &[Variant] =
            if options.preprocessor_only { &[Variant::PreprocessorAlone] } else { &Variant::ALL };
        for i in 0..variants.len() {
            let variant = variants[(round + i) % variants.len()];
            let (elapsed, stderr) = measure(&setup, variant)?;
            if round == 0 {
                continue;
            }
            samples.entry(variant).or_default().0.push(elapsed);
            if variant == Variant::PreprocessorAlone {
                stages.record(&stderr);
            }
        }
    }
    eprintln!();
    let preview = if options.serve { serve::measure(&setup, options.runs)? } else { Vec::new() };
    print_report(&setup, &options, &version, &samples, &stages, &load_at_start)?;
    print_preview(&preview);
    Ok(())
}

/// The live-preview table (`--serve`): each side's times and its difference to the baseline.
fn print_preview(preview: &[(&str, Samples)]) {
    let Some((_, baseline)) = preview.first() else { return };
    println!();
    println!("live preview: save -> new page served by `mdbook serve` (load average {})", load_average());
    println!("{:<46} {:>10} {:>10} {:>10} {:>10}", "", "min", "median", "max", "- baseline");
    for (label, runs) in preview {
        // Signed: on a loaded machine a side can come out faster than the baseline.
        let extra = runs.median().as_secs_f64() - baseline.median().as_secs_f64();
        println!(
            "{label:<46} {:>10} {:>10} {:>10} {:>+9.3} s",
            human(runs.min()),
            human(runs.median()),
            human(runs.max()),
            extra
        );
    }
}

/// Runs one variant once: wall time and stderr.
fn measure(setup: &Setup, variant: Variant) -> Result<(Duration, String)> {
    let out_dir = setup.work.join(format!("out-{variant:?}").to_lowercase());
    let mut command = match variant {
        Variant::PreprocessorAlone => {
            let mut command = Command::new(&setup.binary);
            command
                .current_dir(&setup.book)
                .env(timings::ENV, "1")
                .stdin(File::open(&setup.expanded.input_json)?)
                .stdout(Stdio::null());
            command
        }
        _ => {
            let dir = if variant == Variant::Expanded { &setup.expanded.dir } else { &setup.book };
            let mut command = Command::new(&setup.mdbook);
            command.arg("build").arg("--dest-dir").arg(&out_dir).current_dir(dir).stdout(Stdio::null());
            command.env_remove(COMMAND_OVERRIDE).env_remove(timings::ENV);
            if variant == Variant::Binary {
                command.env(COMMAND_OVERRIDE, &setup.binary);
            }
            command
        }
    };
    let start = Instant::now();
    let output = command.stderr(Stdio::piped()).output().with_context(|| format!("cannot run {variant:?}"))?;
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        bail!("{} failed ({}):\n{stderr}", variant.label(), output.status);
    }
    Ok((elapsed, stderr))
}

/// mdBook reads `MDBOOK_<TABLE>__<KEY>` over book.toml: this one replaces the command.
const COMMAND_OVERRIDE: &str = "MDBOOK_PREPROCESSOR__APIMAP__COMMAND";

impl StageSamples {
    fn record(&mut self, stderr: &str) {
        for line in stderr.lines() {
            let Some(rest) = line.strip_prefix(timings::LINE_PREFIX) else {
                continue;
            };
            let mut words = rest.split_whitespace();
            let (Some(name), Some(value)) = (words.next(), words.next()) else {
                continue;
            };
            if name == "peak-rss-kib" {
                self.peak_rss_kib.extend(value.parse::<u64>().ok());
            } else if name == "cpu-ms" {
                self.cpu_ms.extend(value.parse::<u64>().ok());
            } else if let Ok(ms) = value.parse::<f64>() {
                let order = self.stages.len();
                let name: &'static str = Box::leak(name.to_owned().into_boxed_str());
                let entry = self.stages.entry(name).or_insert_with(|| (order, Samples::default()));
                entry.1.0.push(Duration::from_secs_f64(ms / 1000.0));
            }
        }
    }
}

fn print_report(
    setup: &Setup,
    options: &Options,
    version: &str,
    samples: &BTreeMap<Variant, Samples>,
    stages: &StageSamples,
    load_at_start: &str,
) -> Result<()> {
    let (files, entries) = count_entries(&setup.book)?;
    println!("book: {} ({entries} entries in {files} map files)", setup.book.display());
    println!(
        "{version}; {} measured runs of each, interleaved, after one warm-up round; {} CPUs; \
         load average {load_at_start} at the start, {} at the end",
        options.runs,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    println!("book.toml's command: {}", book_command(&setup.book).unwrap_or_else(|| "(none)".into()));
    println!();
    let baseline = samples.get(&Variant::Expanded).map(Samples::median).unwrap_or_default();
    println!("{:<46} {:>10} {:>10} {:>10} {:>8}", "", "min", "median", "max", "ratio");
    for (variant, runs) in samples {
        let ratio = match variant {
            Variant::PreprocessorAlone => String::new(),
            _ => format!("{:.2}x", runs.median().as_secs_f64() / baseline.as_secs_f64()),
        };
        println!(
            "{:<46} {:>10} {:>10} {:>10} {:>8}   {}",
            variant.label(),
            human(runs.min()),
            human(runs.median()),
            human(runs.max()),
            ratio,
            variant.target()
        );
    }
    println!();
    println!("preprocessor stages (median of the runs alone, APIMAP_TIMINGS=1):");
    let mut ordered: Vec<(&str, &(usize, Samples))> = stages.stages.iter().map(|(k, v)| (*k, v)).collect();
    ordered.sort_by_key(|(_, (order, _))| *order);
    let mut pipeline = Duration::ZERO;
    let mut total = Duration::ZERO;
    for (name, (_, runs)) in &ordered {
        println!("  {name:<12} {:>10}", human(runs.median()));
        total += runs.median();
        if !matches!(*name, "json-in" | "json-out") {
            pipeline += runs.median();
        }
    }
    println!("  {:<12} {:>10}   (sum of the medians, in-process)", "total", human(total));
    println!(
        "  {:<12} {:>10}   (config + load + check + inventories + resolve + coverage + render)",
        "no JSON",
        human(pipeline)
    );
    if let Some(peak) = median_u64(&stages.peak_rss_kib) {
        println!("  peak memory {:>8.1} MiB (VmHWM)", peak as f64 / 1024.0);
    }
    if let Some(cpu) = median_u64(&stages.cpu_ms) {
        let min = stages.cpu_ms.iter().min().copied().unwrap_or_default();
        println!(
            "  CPU time    {cpu:>8} ms (user + sys, all threads, median; min {min} ms; 10 ms ticks; less disturbed by load than wall time)"
        );
    }
    println!();
    let (largest_md, _) = output_sizes(&setup.expanded.dir, ".md")?;
    if let Some((path, bytes)) = largest_md {
        println!("largest chapter (Markdown, pre-expanded): {} ({:.2} MiB)", path, bytes as f64 / 1_048_576.0);
    }
    let built = setup.work.join("out-expanded");
    if !built.is_dir() {
        return Ok(());
    }
    let (largest, search_index) = output_sizes(&built, ".html")?;
    if let Some((path, bytes)) = largest {
        println!("largest page: {} ({:.2} MiB)", path, bytes as f64 / 1_048_576.0);
    }
    if let Some((path, bytes)) = search_index {
        println!("search index: {} ({:.2} MiB)", path, bytes as f64 / 1_048_576.0);
    }
    Ok(())
}

fn median_u64(values: &[u64]) -> Option<u64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied()
}

/// The number of map files and entries, as the preprocessor loads them.
fn count_entries(book: &Path) -> Result<(usize, usize)> {
    let loaded = mdbook_driver::MDBook::load(book)?;
    let config = mdbook_apimap::config::from_mdbook(&loaded.config)?;
    let maps = mdbook_apimap::load::load_dir(book, &book.join(&config.maps), &config.target_keys());
    Ok((maps.files.len(), maps.files.iter().map(|f| f.doc.entries.len()).sum()))
}

fn book_command(book: &Path) -> Option<String> {
    let text = std::fs::read_to_string(book.join("book.toml")).ok()?;
    let table: toml::Table = text.parse().ok()?;
    table.get("preprocessor")?.get("apimap")?.get("command")?.as_str().map(str::to_owned)
}

/// The largest page (`.html`, or `.md` in a book's sources) and the search index of a build,
/// relative to it, with sizes.
type SizedFile = Option<(String, u64)>;
fn output_sizes(dir: &Path, page_suffix: &str) -> Result<(SizedFile, SizedFile)> {
    let mut largest: SizedFile = None;
    let mut search: SizedFile = None;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                pending.push(path);
                continue;
            }
            let size = entry.metadata()?.len();
            let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().into_owned();
            let bigger = |current: &SizedFile| current.as_ref().is_none_or(|(_, s)| size > *s);
            if name.ends_with(page_suffix) && name != "print.html" && bigger(&largest) {
                largest = Some((name, size));
            } else if name.starts_with("searchindex") && name.ends_with(".js") && bigger(&search) {
                search = Some((name, size));
            }
        }
    }
    Ok((largest, search))
}

fn mdbook_version(mdbook: &Path) -> Result<String> {
    let output = Command::new(mdbook).arg("--version").output().with_context(|| {
        format!("cannot run `{}`: install it with `cargo install mdbook --version {MDBOOK_VERSION} --locked`, or pass --mdbook PATH", mdbook.display())
    })?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if !version.contains(MDBOOK_VERSION) {
        eprintln!("warning: {version} is not mdBook {MDBOOK_VERSION}, which the guide is built with");
    }
    Ok(version)
}

fn target_dir(workspace: &Path) -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return Ok(std::path::absolute(dir)?);
    }
    Ok(workspace.join("target"))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}
