//! The `mdbook-apimap` command: an mdBook preprocessor, plus `check` and `build`.

use clap::{Parser, Subcommand};
use mdbook_apimap::schema;
use std::path::PathBuf;
use std::process::ExitCode;
// The commands that load the book themselves need mdBook's driver (feature `mdbook`);
// book.toml's `cargo run` builds without it.
#[cfg(feature = "mdbook")]
use {
    anyhow::Context,
    mdbook_apimap::{config, diagnostic, mdbook::ApiMap, pipeline, render},
    std::path::Path,
};

#[derive(Parser)]
#[command(version, about = "mdBook preprocessor for migration guides' API maps")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// mdBook asks whether a renderer is supported (all are).
    Supports { renderer: String },
    /// Check the maps and the chapters' `apimap:` links; exit 1 on errors.
    #[cfg(feature = "mdbook")]
    Check {
        /// The book root (where book.toml is).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Coverage of async-std's public API by the maps, per module and target.
    #[cfg(feature = "mdbook")]
    Coverage {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Also list the missing paths.
        #[arg(long)]
        missing: bool,
    },
    /// Print the JSON Schema of the book's map files, with a field per target of its book.toml
    /// (or write both schemas with `--write`).
    Schema {
        /// Write `schema/api-map.schema.json` and `schema/ecosystem.schema.json` under this book
        /// root (and read its book.toml) instead of printing.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
        /// The book root whose book.toml names the targets (when printing).
        #[arg(long, value_name = "DIR", default_value = ".")]
        book: PathBuf,
        /// Print the schema of the ecosystem entries (`api-maps/ecosystem/*.yaml`) instead.
        #[arg(long)]
        ecosystem: bool,
    },
    /// Build the whole site (with this preprocessor in-process) into the book's build dir.
    #[cfg(feature = "mdbook")]
    Build {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder (default: `book/` under the book root).
        #[arg(long)]
        dest_dir: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => mdbook_apimap::mdbook::run_protocol(std::io::stdin().lock(), std::io::stdout().lock())
            .map(|()| ExitCode::SUCCESS),
        Some(Command::Supports { .. }) => Ok(ExitCode::SUCCESS),
        #[cfg(feature = "mdbook")]
        Some(Command::Check { dir }) => check(&dir),
        #[cfg(feature = "mdbook")]
        Some(Command::Build { dir, dest_dir }) => build(&dir, dest_dir),
        #[cfg(feature = "mdbook")]
        Some(Command::Coverage { dir, json, missing }) => coverage(&dir, json, missing),
        Some(Command::Schema { write, book, ecosystem }) => write_schemas(write, &book, ecosystem),
    };
    result.unwrap_or_else(|err| {
        eprintln!("error: {err:#}");
        ExitCode::FAILURE
    })
}

/// `schema`: prints the map (or ecosystem) schema of the book at `book`, or writes both under
/// `write`.
fn write_schemas(write: Option<PathBuf>, book: &std::path::Path, ecosystem: bool) -> anyhow::Result<ExitCode> {
    let root = write.as_deref().unwrap_or(book);
    let text = std::fs::read_to_string(root.join("book.toml"))
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", root.join("book.toml").display()))?;
    let config = mdbook_apimap::config::from_book_toml(&text).map_err(anyhow::Error::msg)?;
    let (maps, crates) = (schema::map_schema(&config), mdbook_apimap::ecosystem::schema(&config));
    match write {
        None => print!("{}", if ecosystem { crates } else { maps }),
        Some(dir) => {
            std::fs::write(dir.join(schema::SCHEMA_PATH), maps)?;
            std::fs::write(dir.join(mdbook_apimap::ecosystem::SCHEMA_PATH), crates)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "mdbook")]
fn load_book(dir: &Path) -> anyhow::Result<mdbook_driver::MDBook> {
    mdbook_driver::MDBook::load(dir).with_context(|| format!("cannot load the book at `{}`", dir.display()))
}

/// Loads the book and analyses its maps, as a build would.
#[cfg(feature = "mdbook")]
fn analyze(dir: &Path) -> anyhow::Result<pipeline::Analysis> {
    let book = load_book(dir)?;
    let config = config::from_mdbook(&book.config)?;
    let chapters = mdbook_apimap::mdbook::hand_written_chapters(&book.book);
    Ok(pipeline::analyze(dir, &config, &chapters))
}

#[cfg(feature = "mdbook")]
fn coverage(dir: &Path, json: bool, missing: bool) -> anyhow::Result<ExitCode> {
    let analysis = analyze(dir)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&analysis.coverage)?);
    } else {
        print!("{}", render::coverage_text(&analysis.coverage));
        if missing {
            for module in &analysis.coverage.modules {
                for target in &module.targets {
                    for path in &target.missing {
                        println!("missing ({}): {path}", target.key);
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "mdbook")]
fn check(dir: &Path) -> anyhow::Result<ExitCode> {
    let analysis = analyze(dir)?;
    print!("{}", diagnostic::report(&analysis.diagnostics));
    let entries: usize = analysis.book.modules.iter().map(|m| m.entries.len()).sum();
    println!(
        "checked {} map file(s), {entries} entries, {} ecosystem crate(s)",
        analysis.book.modules.len(),
        analysis.ecosystem.entries.len()
    );
    Ok(if analysis.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

#[cfg(feature = "mdbook")]
fn build(dir: &Path, dest_dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let mut book = load_book(dir)?;
    if let Some(dest) = dest_dir {
        book.config.build.build_dir = std::path::absolute(dest)?;
    }
    book.with_preprocessor(ApiMap);
    book.build()?;
    println!("wrote {}", book.build_dir_for("html").display());
    Ok(ExitCode::SUCCESS)
}
