//! The syntactic pass over doctests. rust-analyzer does not analyse the code blocks of doc
//! comments, so their async-std uses are found by text: every path written `async_std::…`,
//! every item a `use async_std::…` tree names, and every path through a module such a `use`
//! brought into the same code block. These uses are reported as `textual`: matched, not resolved.
//! Files that doc attributes include (`#![doc = include_str!("../README.md")]`) are read the same
//! way, at their own lines, if they are inside the package.

mod blocks;
mod include;
mod paths;

use crate::engine::{Found, Missed, SourceText};
use include::Include;
use ra_ap_syntax::{AstNode, AstToken, Edition, SourceFile, SyntaxKind, TextSize, ast};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A line of documentation: its text and the byte offset in the file where that text starts.
#[derive(Debug, Clone)]
struct DocLine {
    text: String,
    offset: usize,
}

/// The doctest pass's result: uses found by text, and included files it refused to read.
#[derive(Debug, Default)]
pub struct Doctests {
    pub uses: Vec<Found>,
    pub refused: Vec<Missed>,
}

/// Finds the async-std uses written in the doc-comment code blocks of `files` (path and the
/// crate each belongs to), and in the files their doc attributes include
/// (`#![doc = include_str!("../README.md")]`), reading nothing outside `packages` (the folders
/// of the workspace members). `is_module` tells an async-std module from an item.
pub fn scan(files: &[(PathBuf, String)], packages: &[PathBuf], is_module: &dyn Fn(&str) -> bool) -> Doctests {
    let mut out = Doctests::default();
    let mut included = HashSet::new();
    for (path, krate) in files {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        if text.contains("async_std") {
            out.uses.extend(scan_text(path, krate, &text, is_module));
        }
        for include in include::includes(path, &text, package_of(path, packages)) {
            match include {
                Include::File(readme) => {
                    if included.insert((readme.clone(), krate.clone()))
                        && let Ok(markdown) = std::fs::read_to_string(&readme)
                    {
                        out.uses.extend(scan_markdown(&readme, krate, &markdown, is_module));
                    }
                }
                Include::Refused { offset, literal, reason } => {
                    let source = SourceText::new(path.clone(), text.as_bytes().to_vec());
                    let Some((line, column)) = source.line_column(offset as u32) else { continue };
                    let reason = reason.to_string();
                    out.refused.push(Missed { file: path.clone(), line, column, text: literal, reason });
                }
            }
        }
    }
    out.uses.sort();
    out.uses.dedup();
    out
}

/// The folder of the innermost package that holds `path`.
fn package_of<'a>(path: &Path, packages: &'a [PathBuf]) -> Option<&'a Path> {
    packages.iter().filter(|p| path.starts_with(p)).max_by_key(|p| p.components().count()).map(PathBuf::as_path)
}

fn scan_text(path: &Path, krate: &str, text: &str, is_module: &dyn Fn(&str) -> bool) -> Vec<Found> {
    uses_in(path, krate, text, doc_groups(text), is_module)
}

/// An included Markdown file is one piece of documentation, its lines the file's own.
fn scan_markdown(path: &Path, krate: &str, markdown: &str, is_module: &dyn Fn(&str) -> bool) -> Vec<Found> {
    uses_in(path, krate, markdown, vec![split_lines(markdown, 0)], is_module)
}

/// The uses in the Rust code blocks of `docs` (doc lines of `text`, the file at `path`).
fn uses_in(
    path: &Path,
    krate: &str,
    text: &str,
    docs: Vec<Vec<DocLine>>,
    is_module: &dyn Fn(&str) -> bool,
) -> Vec<Found> {
    let source = SourceText::new(path.to_path_buf(), text.as_bytes().to_vec());
    let mut found = Vec::new();
    for docs in docs {
        for block in blocks::rust_code_blocks(&docs) {
            for textual in paths::find(&block.text, is_module) {
                let offset = block.file_offset(textual.offset);
                let Some((line, column)) = source.line_column(offset as u32) else { continue };
                found.push(Found {
                    file: path.to_path_buf(),
                    line,
                    column,
                    krate: krate.to_string(),
                    form: textual.form,
                    path: textual.path,
                    via_macro: None,
                });
            }
        }
    }
    found
}

/// The doc lines of a file, grouped by the item (or module) they document, in file order.
fn doc_groups(text: &str) -> Vec<Vec<DocLine>> {
    let file = SourceFile::parse(text, Edition::CURRENT).tree();
    let mut groups: Vec<(ra_ap_syntax::SyntaxNode, Vec<DocLine>)> = Vec::new();
    let mut push = |owner: Option<ra_ap_syntax::SyntaxNode>, lines: Vec<DocLine>| {
        let Some(owner) = owner else { return };
        match groups.last_mut() {
            Some((last, group)) if *last == owner => group.extend(lines),
            _ => groups.push((owner, lines)),
        }
    };
    for element in file.syntax().descendants_with_tokens() {
        if let Some(comment) = element.as_token().cloned().and_then(ast::Comment::cast) {
            if let Some((doc, prefix)) = comment.doc_comment() {
                let start = usize::from(comment.syntax().text_range().start() + prefix);
                push(comment.syntax().parent(), split_lines(doc, start));
            }
        } else if let Some(attr) = element.as_node().cloned().and_then(ast::Attr::cast)
            && attr.simple_name().is_some_and(|n| n == "doc")
            && let Some(literal) = attr
                .syntax()
                .descendants_with_tokens()
                .filter_map(|e| e.into_token())
                .find(|t| t.kind() == SyntaxKind::STRING)
        {
            // `#[doc = "…"]` and `#[doc = r#"…"#]`: the text between the quotes, as written.
            let raw = literal.text();
            let open = raw.find('"').map_or(0, |i| i + 1);
            let close = raw.rfind('"').filter(|&c| c >= open).unwrap_or(raw.len());
            let start = usize::from(literal.text_range().start() + TextSize::from(open as u32));
            push(attr.syntax().parent(), split_lines(&raw[open..close], start));
        }
    }
    groups.into_iter().map(|(_, lines)| lines).collect()
}

fn split_lines(text: &str, start: usize) -> Vec<DocLine> {
    let mut offset = start;
    text.split('\n')
        .map(|line| {
            let doc = DocLine { text: line.to_string(), offset };
            offset += line.len() + 1;
            doc
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules(path: &str) -> bool {
        matches!(path, "async_std::task" | "async_std::io" | "async_std::prelude" | "async_std::sync")
    }

    fn uses(text: &str) -> Vec<(u32, u32, String)> {
        scan_text(Path::new("lib.rs"), "demo", text, &modules).into_iter().map(|f| (f.line, f.column, f.path)).collect()
    }

    #[test]
    fn finds_paths_in_line_doc_comments_at_their_column() {
        let text = "/// Spawns.\n///\n/// ```\n/// async_std::task::block_on(async {});\n/// ```\npub fn f() {}\n";
        assert_eq!(uses(text), vec![(4, 5, "async_std::task::block_on".to_string())]);
    }

    #[test]
    fn follows_modules_a_use_in_the_same_block_brought_in() {
        let text = "//! ```rust\n//! # use async_std::{task, sync::Mutex as M};\n//! task::spawn(async {});\n//! ```\n";
        assert_eq!(
            uses(text),
            vec![(2, 29, "async_std::sync::Mutex".to_string()), (3, 5, "async_std::task::spawn".to_string())]
        );
    }

    #[test]
    fn reads_doc_attributes_and_block_comments() {
        let text = "#[doc = \"```\nasync_std::task::sleep(d);\n```\"]\nfn a() {}\n/**\n```\nlet m = async_std::sync::Mutex::new(1);\n```\n*/\nfn b() {}\n";
        assert_eq!(
            uses(text),
            vec![(2, 1, "async_std::task::sleep".to_string()), (7, 9, "async_std::sync::Mutex::new".to_string())]
        );
    }

    #[test]
    fn ignores_prose_other_languages_and_plain_comments() {
        let text = "/// Uses `async_std::task::spawn`.\n/// ```text\n/// async_std::task::spawn\n/// ```\n// ```\n// async_std::task::spawn(f);\n// ```\nfn f() {}\n";
        assert_eq!(uses(text), vec![]);
    }
}
