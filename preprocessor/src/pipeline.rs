//! The pipeline in one place: load → check → resolve → (render). Used by the mdBook
//! preprocessor, `check` and `coverage`, so they can never disagree.

use crate::config::ApimapConfig;
use crate::coverage::{self, CoverageReport};
use crate::diagnostic::{self, Diagnostic};
use crate::ecosystem::{self, Ecosystem};
use crate::inventory::{self, Inventories, signatures};
use crate::markdown::{self, APIMAP_SCHEME};
use crate::model::Pos;
use crate::render::{self, Part, RenderOptions};
use crate::resolve::{self, BookContext, EntryIndex, ResolvedBook};
use crate::timings::Stopwatch;
use crate::{check, load};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Everything known after analysing the maps and the book's chapters.
#[derive(Debug)]
pub struct Analysis {
    pub book: ResolvedBook,
    pub coverage: CoverageReport,
    pub index: EntryIndex,
    /// The crates that pull async-std, and their replacements (`api-maps/ecosystem/`).
    pub ecosystem: Ecosystem,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// How long each stage took (reported with `APIMAP_TIMINGS=1`).
    pub timings: Stopwatch,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Analyses the maps of a book. `chapters` are the hand-written chapters (path relative to
/// `src/` → Markdown); their `apimap:` links are checked too.
pub fn analyze(root: &Path, config: &ApimapConfig, chapters: &BTreeMap<String, String>) -> Analysis {
    let mut clock = Stopwatch::start();
    let loaded = load::load_dir(root, &root.join(&config.maps), &config.target_keys());
    clock.lap("load");
    let (inventories, mut diagnostics) = inventory::load_dir(root, &root.join(&config.inventories));
    diagnostics.extend(check_pinned_versions(config, &inventories));
    let (facts, facts_diagnostics) = signatures::load_dir(root, &root.join(&config.inventories));
    diagnostics.extend(facts_diagnostics);
    clock.lap("inventories");
    let mut analysis = analyze_stages(loaded, (&inventories, &facts), diagnostics, config, chapters, clock);
    let (ecosystem, ecosystem_diagnostics) =
        ecosystem::analyze(root, &root.join(&config.maps), config, Some(&analysis.index), chapters);
    analysis.ecosystem = ecosystem;
    analysis.diagnostics.extend(ecosystem_diagnostics);
    diagnostic::sort(&mut analysis.diagnostics);
    analysis
}

/// The versions in book.toml must be those of the inventories the links come from.
fn check_pinned_versions(config: &ApimapConfig, inventories: &Inventories) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let targets = config.targets.iter().map(|t| t.pinned());
    for pinned in std::iter::once(config.source.clone()).chain(targets) {
        let found = inventories.crates().find(|c| c.name == pinned.name);
        let problem = match found {
            None => Some(format!("no inventory for `{}`", pinned.name)),
            // `std.tsv` has no version (it is the toolchain's docs): book.toml's version only documents it.
            Some(c) if !c.version.is_empty() && c.version != pinned.version => {
                Some(format!("book.toml pins {} but the inventory is for {}", pinned.label(), c.version))
            }
            Some(_) => None,
        };
        if let Some(message) = problem {
            out.push(Diagnostic::error("pinned-version", "book.toml", Pos::FILE, message).hint(
                "keep [preprocessor.apimap] and inventories/crates.toml in step, then run `cargo xtask inventory`",
            ));
        }
    }
    out
}

/// The stages after loading: check, resolve, coverage. `diagnostics` are the problems found
/// so far (with the inventories); the result has them all, sorted. The ecosystem data is not
/// read: it lives next to the maps on disk, and callers of this function have only texts.
pub fn analyze_loaded(
    loaded: load::Loaded,
    inventories: &Inventories,
    diagnostics: Vec<Diagnostic>,
    config: &ApimapConfig,
    chapters: &BTreeMap<String, String>,
) -> Analysis {
    // Callers with texts only have no signature files: `drop-in` claims are not compared.
    let no_facts = signatures::ApiFacts::default();
    analyze_stages(loaded, (inventories, &no_facts), diagnostics, config, chapters, Stopwatch::start())
}

fn analyze_stages(
    loaded: load::Loaded,
    (inventories, facts): (&Inventories, &signatures::ApiFacts),
    mut diagnostics: Vec<Diagnostic>,
    config: &ApimapConfig,
    chapters: &BTreeMap<String, String>,
    mut clock: Stopwatch,
) -> Analysis {
    diagnostics.extend(loaded.diagnostics);
    diagnostics.extend(check::check(&loaded.files, config));
    diagnostics.extend(check::signatures::check(&loaded.files, inventories, facts, config));
    clock.lap("check");
    let chapter_set: BTreeSet<String> = chapters.keys().cloned().collect();
    let source_root = config.source_root();
    let target_keys = config.target_keys();
    let reserved_stems = resolve::reserved_stems(&target_keys);
    let context = BookContext {
        generated_dir: &config.generated_dir,
        chapters: &chapter_set,
        source_root: &source_root,
        source_name: &config.source.name,
        reserved_stems: &reserved_stems,
    };
    let index = EntryIndex::build(&loaded.files, &loaded.salvaged, &config.generated_dir);
    let (book, resolve_diagnostics) = resolve::resolve(&loaded.files, &index, inventories, &context);
    diagnostics.extend(resolve_diagnostics);
    for (path, content) in chapters {
        diagnostics.extend(check_chapter_links(path, content, &index));
    }
    clock.lap("resolve");
    let mut coverage = coverage::compute(&book, inventories, &source_root, &target_keys);
    check::signatures::annotate_auto_matches(&loaded.files, &mut coverage.auto_matches, inventories, facts, config);
    // After the last lookup: the rows check, resolve and coverage read are the ones that reach output.
    diagnostics.extend(inventories.row_problems());
    diagnostics.extend(facts.row_problems());
    diagnostic::sort(&mut diagnostics);
    clock.lap("coverage");
    Analysis { book, coverage, index, ecosystem: Ecosystem::default(), diagnostics, timings: clock }
}

/// `apimap:` links in a hand-written chapter must name mapped entries.
fn check_chapter_links(chapter: &str, content: &str, index: &EntryIndex) -> Vec<Diagnostic> {
    let file = format!("src/{chapter}");
    let mut out = Vec::new();
    let mut positions = markdown::LineColumns::new(content);
    for site in markdown::links(content) {
        let Some(path) = site.dest.strip_prefix(APIMAP_SCHEME) else {
            continue;
        };
        let (line, column) = positions.locate(site.offset);
        let pos = Pos { line, column };
        if site.dest_range.is_none() {
            out.push(
                Diagnostic::error("apimap-link-form", &file, pos, "`apimap:` links must be written inline")
                    .hint(check::INLINE_APIMAP_HINT),
            );
        } else if !index.contains(path) {
            let (message, hint) = resolve::unknown_entry(path, index);
            out.push(Diagnostic::error("unresolved-link", &file, pos, message).hint(hint));
        }
    }
    out
}

/// Rewrites the `apimap:` links of a hand-written chapter into relative links.
pub fn rewrite_chapter_links(chapter: &str, content: &str, index: &EntryIndex) -> String {
    markdown::rewrite_links(content, |site| {
        site.dest.strip_prefix(APIMAP_SCHEME).and_then(|path| index.href(chapter, path))
    })
}

/// A generated chapter: title, path relative to `src/`, Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedChapter {
    pub name: String,
    pub path: String,
    pub content: String,
}

/// All generated chapters, in sidebar order: cheat sheet, one per module, reverse indexes,
/// coverage, as `config` chooses them, laid out by `options`' templates. Rendered on every core
/// (each chapter is a pure function of the analysis), in order.
pub fn generate(
    book: &ResolvedBook,
    coverage: &CoverageReport,
    config: &ApimapConfig,
    options: &RenderOptions,
) -> Vec<GeneratedChapter> {
    let dir = config.generated_dir.as_str();
    // Book-wide tables are split by module past `render::MAX_TABLE_ROWS` rows; the API index
    // rides on the first page of the cheat sheet, `cheat-sheet.md` as when it is whole.
    let pages = render::entry_pages(&book.modules);
    let parts = || (0..pages.len()).map(|index| Part { index, count: pages.len() }).zip(pages.iter().copied());
    type Job<'a> = Box<dyn Fn() -> GeneratedChapter + Sync + 'a>;
    let mut jobs: Vec<Job> = Vec::new();
    if config.cheat_sheet {
        for (part, modules) in parts() {
            jobs.push(Box::new(move || {
                let path = part.path(dir, "cheat-sheet");
                // Built in the job of the page it rides on, while the other core renders chapters.
                let index =
                    if part.index == 0 { render::api_index_script(book, coverage, options) } else { String::new() };
                GeneratedChapter {
                    name: part.title(&config.cheat_sheet_title),
                    content: render::cheat_sheet(modules, &path, part, options, &index),
                    path,
                }
            }));
        }
    }
    for module in &book.modules {
        jobs.push(Box::new(move || GeneratedChapter {
            name: module.title.clone(),
            path: module.chapter.clone(),
            content: render::module_chapter(module, &coverage.auto_matches, options),
        }));
    }
    let indexes = config.target_ids().zip(&config.targets).filter(|_| config.reverse_indexes);
    for (id, target) in indexes {
        for (part, modules) in parts() {
            jobs.push(Box::new(move || {
                let path = part.path(dir, &resolve::index_stem(&target.key));
                GeneratedChapter {
                    name: part.title(&config.index_title(target)),
                    content: render::reverse_index(modules, id, &path, part, options),
                    path,
                }
            }));
        }
    }
    if config.coverage {
        jobs.push(Box::new(move || GeneratedChapter {
            name: config.coverage_title.clone(),
            content: render::coverage_chapter(coverage, options),
            path: format!("{dir}/coverage.md"),
        }));
    }
    crate::parallel::map(&jobs, |job| job())
}
