//! `cargo xtask bench --serve`: live preview. How long after a map file is saved does
//! `mdbook serve` serve the new page, compared with a Markdown edit of the pre-expanded copy
//! (mdBook's own rebuild, watcher and server, without the preprocessor)?
//!
//! Each side runs `mdbook serve` on a copy of its book (edits never touch the book itself),
//! changes the title of the first module (in its YAML file, or in the pre-expanded chapter's
//! heading) to a new marker, and polls the page with `curl` until the marker is served.

use super::Setup;
use super::stats::Samples;
use anyhow::{Context as _, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A preview never takes this long; past it the run stops with an error.
const TIMEOUT: Duration = Duration::from_secs(120);
/// How often the page is fetched while waiting.
const POLL: Duration = Duration::from_millis(20);

/// What one side of the comparison edits and fetches.
struct Side {
    label: &'static str,
    /// The book root that is served (a copy).
    root: PathBuf,
    /// The file that is edited, and the line in it that carries the title.
    file: PathBuf,
    title_line: String,
    /// The page's path under the site root.
    page: String,
    /// `MDBOOK_PREPROCESSOR__APIMAP__COMMAND`, if the side overrides book.toml's command.
    command: Option<String>,
}

/// Median seconds from save to served page, per side, in the order of [`sides`].
pub fn measure(setup: &Setup, runs: usize) -> Result<Vec<(&'static str, Samples)>> {
    let sides = sides(setup)?;
    let mut results = Vec::new();
    for side in &sides {
        eprintln!("live preview: {} ({} edits)", side.label, runs);
        results.push((side.label, side_samples(setup, side, runs)?));
    }
    Ok(results)
}

fn side_samples(setup: &Setup, side: &Side, runs: usize) -> Result<Samples> {
    let port = free_port()?;
    let mut command = Command::new(&setup.mdbook);
    command
        .arg("serve")
        .arg("--port")
        .arg(port.to_string())
        .arg("--hostname")
        .arg("127.0.0.1")
        .arg("--watcher")
        .arg("native")
        .arg("--dest-dir")
        .arg(side.root.join("served"))
        .current_dir(&side.root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .env_remove(super::COMMAND_OVERRIDE);
    if let Some(preprocessor) = &side.command {
        command.env(super::COMMAND_OVERRIDE, preprocessor);
    }
    let server = Server(command.spawn().context("cannot start mdbook serve")?);
    let url = format!("http://127.0.0.1:{port}/{}", side.page);
    let original = fs::read_to_string(&side.file)?;
    if !original.contains(&side.title_line) {
        bail!("{} has no line `{}` to edit", side.file.display(), side.title_line);
    }
    let result = (|| {
        wait_for(&url, None)?;
        let mut samples = Samples::default();
        for run in 0..=runs {
            let marker = format!("apimap-live-{}-{run}", std::process::id());
            let edited = original.replacen(&side.title_line, &format!("{} {marker}", side.title_line), 1);
            let start = Instant::now();
            fs::write(&side.file, edited)?;
            wait_for(&url, Some(&marker))?;
            // The first edit warms the server and the file cache; it is not counted.
            if run > 0 {
                samples.0.push(start.elapsed());
            }
            // Let the watcher settle before the next save, so edits are not merged.
            std::thread::sleep(Duration::from_millis(500));
        }
        Ok(samples)
    })();
    fs::write(&side.file, &original)?;
    drop(server);
    result
}

/// Polls `url` until it answers (and contains `marker`, when given).
fn wait_for(url: &str, marker: Option<&str>) -> Result<()> {
    let start = Instant::now();
    loop {
        let output =
            Command::new("curl").args(["--silent", "--fail", "--noproxy", "*", "--max-time", "5", url]).output();
        let output = output.context("cannot run curl")?;
        if output.status.success() && marker.is_none_or(|m| String::from_utf8_lossy(&output.stdout).contains(m)) {
            return Ok(());
        }
        if start.elapsed() > TIMEOUT {
            bail!("{url} did not show {} within {TIMEOUT:?}", marker.unwrap_or("up"));
        }
        std::thread::sleep(POLL);
    }
}

/// Stops `mdbook serve` however the measurement ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The pre-expanded copy with a Markdown edit; the book with a YAML edit, first with the
/// release binary, then with book.toml's own command.
fn sides(setup: &Setup) -> Result<Vec<Side>> {
    let loaded = mdbook_driver::MDBook::load(&setup.book)?;
    let config = mdbook_apimap::config::from_mdbook(&loaded.config)?;
    let maps = mdbook_apimap::load::load_dir(&setup.book, &setup.book.join(&config.maps), &config.target_keys());
    let first = maps.files.first().context("the book has no map file")?;
    let title = first.doc.title.value.clone();
    let chapter = format!("{}/{}.md", config.generated_dir, first.stem);
    let page = chapter.replace(".md", ".html");
    let src = loaded.config.book.src.clone();

    let expanded = setup.work.join("serve-expanded");
    fresh_copy(&setup.expanded.dir, &expanded)?;
    let book = setup.work.join("serve-book");
    if book.exists() {
        fs::remove_dir_all(&book)?;
    }
    let mut parts = vec![src.clone(), config.maps.clone(), config.inventories.clone()];
    parts.extend(super::expand::assets(&loaded));
    parts.push("book.toml".into());
    for part in parts {
        let from = setup.book.join(&part);
        if from.is_dir() {
            super::expand::copy_dir(&from, &book.join(&part))?;
        } else if from.is_file() {
            fs::create_dir_all(book.join(&part).parent().unwrap_or(&book))?;
            fs::copy(&from, book.join(&part))?;
        }
    }
    // mdBook's watcher obeys the nearest .gitignore up from the book root; the copies live under
    // `target/`, which the repository's .gitignore ignores, so without their own no edit would be
    // seen.
    for root in [&expanded, &book] {
        fs::write(root.join(".gitignore"), "# The copy's own: stops mdBook from reading the repository's.\n")?;
    }
    let map_file = book.join(&first.path);
    let title_line = format!("title: {title}");
    let book_command = super::book_command(&setup.book).context("book.toml has no apimap command")?;
    Ok(vec![
        Side {
            label: "pre-expanded book, Markdown edit",
            file: expanded.join(&src).join(&chapter),
            title_line: format!("# {title}"),
            root: expanded,
            page: page.clone(),
            command: None,
        },
        Side {
            label: "book, YAML edit, release binary",
            root: book.clone(),
            file: map_file.clone(),
            title_line: title_line.clone(),
            page: page.clone(),
            command: Some(setup.binary.to_string_lossy().into_owned()),
        },
        Side {
            label: "book, YAML edit, book.toml's command",
            root: book,
            file: map_file,
            title_line,
            page,
            command: Some(with_manifest_path(&book_command, &setup.workspace)),
        },
    ])
}

/// book.toml's `cargo run …` runs from the copy, outside the workspace: point it back.
fn with_manifest_path(command: &str, workspace: &Path) -> String {
    if command.contains("--manifest-path") || !command.starts_with("cargo run") {
        return command.to_string();
    }
    let manifest = workspace.join("Cargo.toml");
    command.replacen("cargo run", &format!("cargo run --manifest-path {}", manifest.display()), 1)
}

fn fresh_copy(from: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        fs::remove_dir_all(to)?;
    }
    super::expand::copy_dir(from, to)
}
