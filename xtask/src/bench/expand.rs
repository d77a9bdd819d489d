//! The pre-expanded copy of a book: the preprocessor's output written once as plain Markdown,
//! so mdBook builds the same pages without the preprocessor. It is the benchmark's baseline.

use anyhow::{Context as _, Result};
use mdbook_apimap::mdbook::{ApiMap, NAME};
use mdbook_driver::MDBook;
use mdbook_driver::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor as _, PreprocessorContext};
use std::fs;
use std::path::{Path, PathBuf};

/// What the benchmark needs besides the book itself.
pub struct Expanded {
    /// The pre-expanded book (book.toml without `[preprocessor.apimap]`, `src/`, theme).
    pub dir: PathBuf,
    /// The JSON mdBook sends the preprocessor (`[context, book]`), to time it alone.
    pub input_json: PathBuf,
}

/// Runs the preprocessor in-process once and writes its output under `work`.
pub fn write(book_dir: &Path, work: &Path) -> Result<Expanded> {
    let loaded = MDBook::load(book_dir).with_context(|| format!("cannot load the book at {}", book_dir.display()))?;
    // The preprocessor runs first (mdBook orders `apimap` before `index` and `links`), so its
    // input is the book as loaded, and the copy still goes through `index` and `links`.
    let ctx = PreprocessorContext::new(book_dir.to_path_buf(), loaded.config.clone(), "html".into());
    let input_json = work.join("input.json");
    fs::write(&input_json, serde_json::to_vec(&(&ctx, &loaded.book))?)?;
    let expanded = ApiMap.run(&ctx, loaded.book.clone())?;

    let dir = work.join("expanded");
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    let src = &loaded.config.book.src;
    copy_dir(&book_dir.join(src), &dir.join(src))?;
    for extra in assets(&loaded) {
        let from = book_dir.join(&extra);
        if from.is_dir() {
            copy_dir(&from, &dir.join(&extra))?;
        } else if from.is_file() {
            fs::create_dir_all(dir.join(&extra).parent().unwrap_or(&dir))?;
            fs::copy(&from, dir.join(&extra))?;
        }
    }
    fs::write(dir.join("book.toml"), book_toml_without_preprocessor(&book_dir.join("book.toml"))?)?;
    for item in expanded.iter() {
        if let BookItem::Chapter(chapter) = item
            && let Some(path) = &chapter.path
        {
            let file = dir.join(src).join(path);
            fs::create_dir_all(file.parent().unwrap_or(&dir))?;
            fs::write(file, &chapter.content)?;
        }
    }
    fs::write(dir.join(src).join("SUMMARY.md"), summary(&expanded))?;
    Ok(Expanded { dir, input_json })
}

/// Files outside `src/` the HTML renderer reads: the theme folder and additional CSS/JS.
pub(super) fn assets(book: &MDBook) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("theme")];
    for key in ["output.html.additional-css", "output.html.additional-js"] {
        if let Ok(Some(paths)) = book.config.get::<Vec<PathBuf>>(key) {
            out.extend(paths);
        }
    }
    out
}

fn book_toml_without_preprocessor(path: &Path) -> Result<String> {
    let text = fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut table: toml::Table = text.parse().with_context(|| format!("cannot parse {}", path.display()))?;
    if let Some(toml::Value::Table(preprocessors)) = table.get_mut("preprocessor") {
        preprocessors.remove(NAME);
    }
    // The maps and inventories are not copied: `mdbook serve` stops on a watched folder that
    // does not exist.
    if let Some(toml::Value::Table(build)) = table.get_mut("build") {
        build.remove("extra-watch-dirs");
    }
    Ok(toml::to_string(&table)?)
}

/// A SUMMARY.md that gives the expanded chapters the same structure and numbers.
fn summary(book: &Book) -> String {
    let mut out = String::from("# Summary\n\n");
    for item in &book.items {
        summary_item(item, 0, &mut out);
    }
    out
}

fn summary_item(item: &BookItem, depth: usize, out: &mut String) {
    match item {
        BookItem::Chapter(chapter) => {
            let link = chapter.path.as_ref().map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
            let name = chapter.name.replace('[', "\\[").replace(']', "\\]");
            if chapter.number.is_none() && depth == 0 {
                out.push_str(&format!("[{name}]({link})\n\n"));
            } else {
                out.push_str(&format!("{}- [{name}]({link})\n", "  ".repeat(depth)));
            }
            for sub in &chapter.sub_items {
                summary_item(sub, depth + 1, out);
            }
        }
        BookItem::Separator => out.push_str("\n---\n\n"),
        BookItem::PartTitle(title) => out.push_str(&format!("\n# {title}\n\n")),
    }
}

pub(super) fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
