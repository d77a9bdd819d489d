//! `cargo apimap scan [PATH]`: see the book's chapter "Scan your project".

use cargo_apimap::guide::Guide;
use cargo_apimap::project::FeatureSelection;
use cargo_apimap::runtime::Runtime;
use cargo_apimap::scan::{ScanOptions, scan_timed};
use cargo_apimap::{FailOn, ScanError, render, report};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cargo apimap",
    version,
    about = "Find every async-std use of a project and what the guide says about it"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan a Cargo project (a workspace or a package) for async-std uses.
    Scan(ScanArgs),
    /// Print the JSON schema of the `json` report.
    Schema,
}

#[derive(clap::Args)]
struct ScanArgs {
    /// The project: a folder with a Cargo.toml, or the Cargo.toml.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Features to turn on, as with cargo (comma- or space-separated, repeatable).
    #[arg(short = 'F', long, value_delimiter = ',')]
    features: Vec<String>,
    /// Turn on every feature of every workspace member.
    #[arg(long)]
    all_features: bool,
    /// Do not turn on the `default` feature.
    #[arg(long)]
    no_default_features: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Speak about one target only (default: Tokio and smol side by side).
    #[arg(long, value_enum)]
    target: Option<Target>,
    /// Exit with 1 when the report contains: nothing (never), a trap (a use or a dependency whose
    /// way out is `different` or `none`, or that is not in the guide yet), or any use or any
    /// route to async-std.
    #[arg(long, value_enum, default_value_t = FailOn::None)]
    fail_on: FailOn,
    /// Run build scripts and expand proc macros (runs `cargo check` first: slower).
    #[arg(long)]
    build_scripts: bool,
    /// Base URL of the project's files for `markdown` links (`https://github.com/o/r/blob/<commit>`).
    #[arg(long)]
    source_url: Option<String>,
    /// Report only the dependencies that bring async-std in (cargo metadata, no code analysis).
    #[arg(long)]
    dependencies_only: bool,
    /// No progress bar on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Print on stderr where the time went: metadata, loading, resolving the crates, analysis, doctests, join, report.
    #[arg(long)]
    timings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum Target {
    Tokio,
    Smol,
}

fn main() -> ExitCode {
    // `cargo apimap …` runs `cargo-apimap apimap …`.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "apimap") {
        args.remove(1);
    }
    let cli = Cli::parse_from(args);
    match cli.command {
        Command::Schema => {
            print!("{}", report::json_schema());
            ExitCode::SUCCESS
        }
        Command::Scan(args) => match run(args) {
            Ok(code) => code,
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::from(err.exit_code())
            }
        },
    }
}

fn run(args: ScanArgs) -> Result<ExitCode, ScanError> {
    let guide = Guide::load().map_err(ScanError::Load)?;
    let options = ScanOptions {
        path: args.path,
        features: FeatureSelection {
            features: args.features.iter().flat_map(|f| f.split_whitespace()).map(str::to_string).collect(),
            all: args.all_features,
            no_default: args.no_default_features,
        },
        build_scripts: args.build_scripts,
        progress: !args.quiet,
        dependencies_only: args.dependencies_only,
    };
    let (report, timings) = scan_timed(&options, &guide)?;
    let rendering = std::time::Instant::now();
    let only = args.target.map(|t| match t {
        Target::Tokio => Runtime::Tokio,
        Target::Smol => Runtime::Smol,
    });
    let out = match args.format {
        Format::Text => render::text(&report, only),
        Format::Markdown => render::markdown(&report, only, args.source_url.as_deref()),
        Format::Json => render::json(&report),
        Format::Sarif => render::sarif(&report, only),
    };
    if args.timings {
        eprintln!("timings: {timings}, report {:.2}s", rendering.elapsed().as_secs_f64());
    }
    use std::io::Write;
    std::io::stdout().write_all(out.as_bytes()).map_err(|e| ScanError::Output(e.to_string()))?;
    Ok(if args.fail_on.fails(&report, only) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
