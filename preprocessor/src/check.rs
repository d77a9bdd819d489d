//! Check: rules on the loaded model that need nothing else (no inventories, no book).
//! Each rule is a small function adding diagnostics; `check` runs them all.

use crate::config::ApimapConfig;
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, APIMAP_SCHEME};
use crate::model::{Entry, MapFile, Pos, Status, Target, value_positions};
use crate::plain_text;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// The hint of an `apimap:` link written as a reference.
pub(crate) const INLINE_APIMAP_HINT: &str = "write `[text](apimap:<full path of an entry>)` inline";

/// Runs every rule over all files; the result is unsorted. `config` names the source crate
/// and the targets.
pub fn check(files: &[MapFile], config: &ApimapConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let source = Source::of(config);
    check_chapter_names(files, &mut out);
    check_duplicate_entries(files, &source, &mut out);
    // The rules of one file read only that file: the files are checked on every core.
    let per_file = crate::parallel::map(files, |file| {
        let mut out = Vec::new();
        check_file_name(file, &source, &mut out);
        check_directives(file, &mut out);
        check_module(file, &source, &mut out);
        if let Some(intro) = &file.doc.intro {
            check_markdown(file, intro, &mut out);
        }
        for entry in &file.doc.entries {
            check_entry(file, entry, config, &source, &mut out);
        }
        out
    });
    out.extend(per_file.into_iter().flatten());
    out
}

/// The source crate as the rules name it.
struct Source {
    /// `async-std`
    name: String,
    /// `async_std`
    root: String,
}

impl Source {
    fn of(config: &ApimapConfig) -> Source {
        Source { name: config.source.name.clone(), root: config.source_root() }
    }

    /// Is `path` a path of the source crate (`root::…`)?
    fn owns(&self, path: &str) -> bool {
        path.strip_prefix(&self.root).is_some_and(|rest| rest.starts_with("::"))
    }
}

/// What is wrong with a Rust path as written in a map, if anything: `(message, hint)`.
pub fn path_syntax_problem(path: &str) -> Option<(String, String)> {
    if path.ends_with('!') {
        return Some((
            format!("`{path}` ends with `!`"),
            format!("write macros without `!`: `{}`", path.trim_end_matches('!')),
        ));
    }
    if path.contains(['<', '(', ' ', '.']) {
        return Some((
            format!("`{path}` is not a plain path"),
            "write the path only: no generics, spaces, `()` or `.`; a method is `Type::method`".into(),
        ));
    }
    let segments: Vec<&str> = path.split("::").collect();
    let valid_ident = |s: &str| {
        let mut chars = s.chars();
        matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
            && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
    };
    // A single segment names a crate (`tokio_stream`): allowed, and checked against inventories.
    if !segments.iter().all(|s| valid_ident(s)) {
        return Some((
            format!("`{path}` is not a valid Rust path"),
            "write a full path with `::` separators, e.g. `std::thread::spawn`".into(),
        ));
    }
    None
}

/// Two files must not produce the same chapter.
fn check_chapter_names(files: &[MapFile], out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for file in files {
        if let Some(first) = seen.insert(&file.stem, &file.path) {
            out.push(
                Diagnostic::error(
                    "duplicate-chapter",
                    &file.path,
                    Pos::FILE,
                    format!("`{}` has the same file name as `{first}`", file.path),
                )
                .hint("each map file becomes the chapter `api-map/<file name>.md`: rename one of them"),
            );
        }
    }
}

/// One entry per async-std path, across all files.
fn check_duplicate_entries(files: &[MapFile], source: &Source, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, (&str, Pos)> = BTreeMap::new();
    for file in files {
        for entry in &file.doc.entries {
            let pos = Pos::of(&entry.path);
            if let Some((first_file, first_pos)) = seen.insert(&entry.path.value, (&file.path, pos)) {
                out.push(
                    Diagnostic::error(
                        "duplicate-entry",
                        &file.path,
                        pos,
                        format!("`{}` is mapped twice", entry.path.value),
                    )
                    .expected(format!("one entry per {} path", source.name))
                    .hint(format!(
                        "the first entry is at {first_file}:{}:{}; merge the two",
                        first_pos.line, first_pos.column
                    )),
                );
                seen.insert(&entry.path.value, (first_file, first_pos));
            }
        }
    }
}

fn check_module(file: &MapFile, source: &Source, out: &mut Vec<Diagnostic>) {
    let module = &file.doc.module;
    let valid =
        module.value == source.root || (source.owns(&module.value) && path_syntax_problem(&module.value).is_none());
    if !valid {
        out.push(
            Diagnostic::error(
                "module",
                &file.path,
                Pos::of(module),
                format!("`{}` is not {} module path", module.value, a_or_an(&source.name)),
            )
            .expected(format!("a path such as `{}::module`", source.root)),
        );
    }
    let title = &file.doc.title;
    if let Some((offset, message)) = plain_text::title_problem(&title.value) {
        out.push(
            Diagnostic::error("title", &file.path, file.pos_in_value(title, offset), message)
                .expected(format!(
                    "one line of plain text: letters, digits, spaces and `{}`, at most {} characters",
                    plain_text::TITLE_PUNCTUATION,
                    plain_text::MAX_TITLE_CHARS
                ))
                .hint("the title is the chapter's name in the sidebar, the page title and search results; put code and markup in `intro`"),
        );
    }
}

/// The file name is part of the chapter's URL and of the "edit this mapping" link.
fn check_file_name(file: &MapFile, source: &Source, out: &mut Vec<Diagnostic>) {
    if let Some(message) = plain_text::file_name_problem(&file.path, &file.stem) {
        out.push(
            Diagnostic::error("file-name", &file.path, Pos::FILE, message)
                .expected("a lowercase name of letters, digits, `_` and `-` (`task.yaml`), in a folder named likewise")
                .hint(format!("name the file after its {} module", source.name)),
        );
    }
}

/// mdBook expands `{{#include}}`, `{{#title}}`, … in generated chapters, code blocks included.
fn check_directives(file: &MapFile, out: &mut Vec<Diagnostic>) {
    for text in file.doc.texts() {
        check_directives_in(&file.path, &file.source, text, out);
    }
}

/// [`check_directives`] for one value of any YAML file: `path` names it, `source` is its text.
pub(crate) fn check_directives_in(path: &str, source: &str, value: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    let offsets = plain_text::directive_offsets(&value.value);
    let mut positions = value_positions(source, value);
    if let Some(&first_unlisted) = offsets.get(markdown::MAX_PROBLEMS_PER_TEXT) {
        let message =
            format!("{} more `{{{{#` in this value are not listed", offsets.len() - markdown::MAX_PROBLEMS_PER_TEXT);
        out.push(Diagnostic::error(
            "too-many-problems",
            path,
            value_positions(source, value).pos(first_unlisted),
            message,
        ));
    }
    for &offset in offsets.iter().take(markdown::MAX_PROBLEMS_PER_TEXT) {
        out.push(directive_error(path, positions.pos(offset)));
    }
}

/// The error for a `{{#` at `pos` of `path`, wherever it was found.
pub(crate) fn directive_error(path: &str, pos: Pos) -> Diagnostic {
    Diagnostic::error("mdbook-directive", path, pos, "`{{#` opens an mdBook directive, which maps must not contain")
        .hint("mdBook would run it (`{{#include}}` reads a file, `{{#title}}` sets the page title); write `{ {#` or `{{ #` in words, or build the text at run time in an example")
}

fn check_entry(file: &MapFile, entry: &Entry, config: &ApimapConfig, source: &Source, out: &mut Vec<Diagnostic>) {
    let path = &entry.path;
    if let Some((message, hint)) = path_syntax_problem(&path.value) {
        out.push(Diagnostic::error("path-syntax", &file.path, Pos::of(path), message).hint(hint));
    } else if !belongs_to_module(&path.value, &file.doc.module.value) {
        out.push(
            Diagnostic::error(
                "wrong-module",
                &file.path,
                Pos::of(path),
                format!("`{}` is not in `{}`", path.value, file.doc.module.value),
            )
            .expected(format!(
                "a path starting with `{}::` (or a crate-root item such as `{}::main`)",
                file.doc.module.value, source.root
            ))
            .hint("move the entry to the file of its module"),
        );
    }
    if let Some(summary) = &entry.summary {
        if summary.value.trim().contains('\n') {
            out.push(
                Diagnostic::error("summary", &file.path, Pos::of(summary), "the summary must be one line")
                    .hint("move details into a target's `note`"),
            );
        }
        // The page shows the summary trimmed, as a paragraph: an indented summary is a code
        // block to the scan, yet HTML on the page. So the scan starts where the page does.
        let indent = summary.value.len() - summary.value.trim_start().len();
        check_markdown_shown(&file.path, &file.source, summary, indent, out);
    }
    for (target, crate_) in entry.targets.iter().zip(&config.targets) {
        check_target(file, &crate_.label, target, entry.windows_only, out);
    }
    for reference in &entry.see_also {
        check_see_also(file, reference, source, out);
    }
}

/// Entries live in their module's file; crate-root items (`async_std::main`) may go anywhere.
fn belongs_to_module(path: &str, module: &str) -> bool {
    path.strip_prefix(module).is_some_and(|rest| rest.starts_with("::")) || path.matches("::").count() == 1
}

fn check_target(file: &MapFile, name: &str, target: &Target, windows_only: bool, out: &mut Vec<Diagnostic>) {
    let status = target.status.value;
    let pos = Pos::of(&target.status);
    if status == Status::None && !target.paths.is_empty() {
        out.push(
            Diagnostic::error("paths-with-none", &file.path, pos, format!("{name}: status `none` with paths"))
                .hint("use `similar` or `different` if these paths are an equivalent; otherwise remove them and explain in the note"),
        );
    }
    if status != Status::None && target.paths.is_empty() {
        out.push(
            Diagnostic::error(
                "missing-paths",
                &file.path,
                pos,
                format!("{name}: status `{}` needs `paths`", status.as_str()),
            )
            .hint("list the equivalent path(s), or use status `none`"),
        );
    }
    let note_is_empty = target.note.as_ref().is_none_or(|n| n.value.trim().is_empty());
    if status != Status::DropIn && note_is_empty {
        out.push(
            Diagnostic::error(
                "missing-note",
                &file.path,
                pos,
                format!("{name}: status `{}` needs a `note`", status.as_str()),
            )
            .expected("a note saying what differs and what breaks if it is ignored")
            .hint("only `drop-in` entries may go without a note"),
        );
    }
    if status != Status::DropIn && target.example.is_none() && !windows_only {
        out.push(
            Diagnostic::warning(
                "missing-example",
                &file.path,
                pos,
                format!("{name}: status `{}` has no `example`", status.as_str()),
            )
            .hint("add a complete program that shows the difference; the examples crate runs it"),
        );
    }
    for path in &target.paths {
        if let Some((message, hint)) = path_syntax_problem(&path.value) {
            out.push(Diagnostic::error("path-syntax", &file.path, Pos::of(path), message).hint(hint));
        }
    }
    if let Some(note) = &target.note {
        check_markdown(file, note, out);
    }
}

fn check_see_also(file: &MapFile, reference: &Spanned<String>, source: &Source, out: &mut Vec<Diagnostic>) {
    let value = reference.value.as_str();
    let ok = if source.owns(value) {
        path_syntax_problem(value).is_none()
    } else {
        // Shown as the link's text and used as its destination: a plain relative path.
        let (file_part, fragment) = value.split_once('#').unwrap_or((value, ""));
        let safe = |text: &str, extra: &str| text.chars().all(|c| c.is_ascii_alphanumeric() || extra.contains(c));
        file_part.ends_with(".md") && !file_part.starts_with('/') && safe(file_part, "_-./") && safe(fragment, "_-")
    };
    if !ok {
        out.push(
            Diagnostic::error(
                "see-also",
                &file.path,
                Pos::of(reference),
                format!("`{value}` is neither an entry nor a chapter"),
            )
            .expected(format!(
                "{} path (`{}::module::item`) or a chapter (`tasks.md`, `tasks.md#anchor`)",
                a_or_an(&source.name),
                source.root
            )),
        );
    }
}

/// Contributed Markdown: no raw HTML, headings, images or unsafe links; apimap links inline.
fn check_markdown(file: &MapFile, value: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    check_markdown_in(&file.path, &file.source, value, out);
}

/// [`check_markdown`] for a value of any YAML file: `path` names it, `source` is its text.
pub(crate) fn check_markdown_in(path: &str, source: &str, value: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    check_markdown_shown(path, source, value, 0, out);
}

/// [`check_markdown_in`] of the part of the value the page shows: from byte `from` on.
pub(crate) fn check_markdown_shown(
    path: &str,
    source: &str,
    value: &Spanned<String>,
    from: usize,
    out: &mut Vec<Diagnostic>,
) {
    let mut positions = value_positions(source, value);
    let shown = &value.value[from..];
    for problem in markdown::scan_untrusted(shown) {
        let pos = positions.pos(from + problem.offset);
        out.push(Diagnostic::error(problem.code, path, pos, problem.message).hint(problem.hint));
    }
    for site in markdown::links(shown) {
        if site.dest.starts_with(APIMAP_SCHEME) && site.dest_range.is_none() {
            let pos = positions.pos(from + site.offset);
            out.push(
                Diagnostic::error("apimap-link-form", path, pos, "`apimap:` links must be written inline")
                    .hint(INLINE_APIMAP_HINT),
            );
        }
    }
}

/// `a crate` or `an async-std`… by the crate name's first letter (English article).
fn a_or_an(name: &str) -> String {
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {name}")
}

pub mod signatures;

#[cfg(test)]
mod tests;
