//! mdBook glue: the `Preprocessor` implementation. Thin: it gathers the book's chapters, runs
//! the pipeline, and splices the generated chapters under the configured parent.

use crate::config;
use crate::diagnostic;
use crate::ecosystem;
use crate::pipeline::{self, GeneratedChapter};
use crate::plain_text;
use crate::render::RenderOptions;
use crate::timings::{self, Stopwatch};
use anyhow::{Context, bail};
use mdbook_preprocessor::book::{Book, BookItem, Chapter, SectionNumber};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The preprocessor's name, as in `[preprocessor.apimap]`.
pub const NAME: &str = "apimap";

#[derive(Debug, Default, Clone, Copy)]
pub struct ApiMap;

impl Preprocessor for ApiMap {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, ctx: &PreprocessorContext, book: Book) -> anyhow::Result<Book> {
        let mut clock = Stopwatch::start();
        let book = preprocess(ctx, book, &mut clock)?;
        timings::print_if_enabled(&clock.stages);
        Ok(book)
    }
}

/// The preprocessor's work, each stage timed on `clock`.
fn preprocess(ctx: &PreprocessorContext, mut book: Book, clock: &mut Stopwatch) -> anyhow::Result<Book> {
    let config = config::from_mdbook(&ctx.config)?;
    let chapters = hand_written_chapters(&book);
    clock.lap("config");
    let analysis = pipeline::analyze(&ctx.root, &config, &chapters);
    clock.append(analysis.timings.clone());
    if analysis.has_errors() {
        bail!("the API maps have problems:\n{}", diagnostic::report(&analysis.diagnostics));
    }
    for warning in &analysis.diagnostics {
        eprintln!("{warning}");
    }
    let options =
        RenderOptions::from_config(&config).with_book_templates(&ctx.root).map_err(|e| anyhow::anyhow!("{e}"))?;
    let dependencies = (!analysis.ecosystem.is_empty())
        .then(|| ecosystem::render::chapter_body(&analysis.ecosystem, &analysis.index, ecosystem::CHAPTER, &options));
    let generated = pipeline::generate(&analysis.book, &analysis.coverage, &config, &options);
    // mdBook's `links` preprocessor runs after this one (preprocessors without ordering run
    // by name: apimap, index, links). `check` refuses `{{#` in every value; this catches
    // one assembled from two, in every text the build writes.
    let written = generated.iter().map(|c| (c.path.as_str(), c.content.as_str()));
    let mut written = written.chain(dependencies.as_deref().map(|body| (ecosystem::CHAPTER, body)));
    if let Some((path, _)) = written.find(|(_, content)| !plain_text::directive_offsets(content).is_empty()) {
        bail!("the generated chapter `{path}` contains an mdBook directive (`{{{{#`)");
    }
    book.for_each_chapter_mut(|chapter| {
        if let Some(path) = chapter.path.as_ref().map(|p| slash_path(p)) {
            chapter.content = pipeline::rewrite_chapter_links(&path, &chapter.content, &analysis.index);
            if let Some(body) = dependencies.as_deref().filter(|_| path == ecosystem::CHAPTER) {
                chapter.content.push_str(body);
            }
        }
    });
    attach(&mut book, &config.parent, generated)?;
    clock.lap("render");
    Ok(book)
}

fn slash_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Non-draft chapters by source path (relative to `src/`).
pub fn hand_written_chapters(book: &Book) -> BTreeMap<String, String> {
    book.chapters().filter_map(|c| c.source_path.as_ref().map(|p| (slash_path(p), c.content.clone()))).collect()
}

/// Appends the generated chapters under the parent chapter, numbered after its own number
/// so the sidebar nests them and previous/next and search breadcrumbs work.
fn attach(book: &mut Book, parent_path: &str, generated: Vec<GeneratedChapter>) -> anyhow::Result<()> {
    let mut generated = Some(generated);
    book.for_each_mut(|item| {
        let BookItem::Chapter(parent) = item else {
            return;
        };
        if parent.source_path.as_ref().map(|p| slash_path(p)).as_deref() != Some(parent_path) {
            return;
        }
        let Some(chapters) = generated.take() else {
            return;
        };
        let base: Vec<u32> = parent.number.as_ref().map(|n| n.to_vec()).unwrap_or_default();
        let mut parent_names = parent.parent_names.clone();
        parent_names.push(parent.name.clone());
        let first = parent.sub_items.iter().filter(|i| matches!(i, BookItem::Chapter(_))).count() as u32;
        for (i, chapter) in chapters.into_iter().enumerate() {
            let mut number = base.clone();
            number.push(first + i as u32 + 1);
            parent.sub_items.push(BookItem::Chapter(Chapter {
                name: chapter.name,
                content: chapter.content,
                number: (!base.is_empty()).then(|| SectionNumber::new(number)),
                sub_items: Vec::new(),
                path: Some(PathBuf::from(chapter.path)),
                source_path: None,
                parent_names: parent_names.clone(),
            }));
        }
    });
    if generated.is_some() {
        bail!("book.toml [preprocessor.apimap] parent = \"{parent_path}\" is not a chapter in SUMMARY.md");
    }
    Ok(())
}

/// Runs the preprocessor on a `[context, book]` JSON document, as mdBook's protocol does.
pub fn run_protocol(mut input: impl std::io::Read, mut output: impl std::io::Write) -> anyhow::Result<()> {
    let mut clock = Stopwatch::start();
    // Whole-buffer (de)serialisation: serde_json's reader and writer paths go byte by byte
    // through stdin's and stdout's locks, several times slower on a large book.
    let mut json = Vec::new();
    input.read_to_end(&mut json).context("cannot read the book from stdin")?;
    let (ctx, book): (PreprocessorContext, Book) =
        serde_json::from_slice(&json).context("cannot parse mdBook's input")?;
    clock.lap("json-in");
    if ctx.mdbook_version != mdbook_preprocessor::MDBOOK_VERSION {
        eprintln!(
            "warning: mdbook-apimap was built against mdBook {} but is called by mdBook {}",
            mdbook_preprocessor::MDBOOK_VERSION,
            ctx.mdbook_version
        );
    }
    let book = preprocess(&ctx, book, &mut clock)?;
    let json = serde_json::to_vec(&book).context("cannot serialise the book")?;
    output.write_all(&json).and_then(|()| output.flush()).context("cannot write the book to stdout")?;
    clock.lap("json-out");
    timings::print_if_enabled(&clock.stages);
    Ok(())
}
