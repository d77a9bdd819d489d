//! `#[doc = include_str!("../README.md")]`: the file rustdoc makes a crate's (or an item's)
//! documentation, found in a source file and resolved as rustc does (relative to the source
//! file's folder), but only inside the package's own folder: an absolute path or one that
//! climbs out of it is refused, never read.

use ra_ap_syntax::ast;
use ra_ap_syntax::{AstNode, AstToken, Edition, SourceFile, SyntaxKind, SyntaxToken};
use std::path::{Component, Path, PathBuf};

/// A `doc = include_str!("…")` of a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Include {
    /// The included file, inside the package.
    File(PathBuf),
    /// Not read: where the literal is (byte offset in the source file), as written, and why.
    Refused { offset: usize, literal: String, reason: &'static str },
}

/// The files the doc attributes of `text` (the source file `source`) include. `package`: the
/// folder of the package the file belongs to; nothing outside it is read.
pub fn includes(source: &Path, text: &str, package: Option<&Path>) -> Vec<Include> {
    if !text.contains("include_str") {
        return Vec::new();
    }
    let file = SourceFile::parse(text, Edition::CURRENT).tree();
    let mut out = Vec::new();
    for attr in file.syntax().descendants().filter_map(ast::Attr::cast) {
        let Some((literal, from_manifest_dir)) = doc_include_literal(&attr) else { continue };
        let offset = usize::from(literal.syntax().text_range().start());
        let written = literal.syntax().text().to_string();
        let refuse = |reason| Include::Refused { offset, literal: written.clone(), reason };
        let Ok(value) = literal.value() else {
            out.push(refuse("the path of `include_str!` is not a valid string literal: not read"));
            continue;
        };
        // `concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")` names a file of the package folder.
        let base = match (from_manifest_dir, package) {
            (false, _) => source.parent().unwrap_or(Path::new("")),
            (true, Some(package)) => package,
            (true, None) => Path::new(""),
        };
        let value = if from_manifest_dir { value.trim_start_matches('/') } else { value.as_ref() };
        out.push(match inside_package(base, Path::new(value), package) {
            Ok(path) => Include::File(path),
            Err(reason) => refuse(reason),
        });
    }
    out
}

/// The string literal of `doc = include_str!("…")` in an attribute, directly (`#![doc = …]`) or
/// inside `cfg_attr(…, doc = …)`; `true` if it follows `concat!(env!("CARGO_MANIFEST_DIR"), …`.
fn doc_include_literal(attr: &ast::Attr) -> Option<(ast::String, bool)> {
    let tokens: Vec<SyntaxToken> = attr
        .syntax()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| !t.kind().is_trivia())
        .collect();
    const MANIFEST_DIR: [&str; 9] = ["concat", "!", "(", "env", "!", "(", "\"CARGO_MANIFEST_DIR\"", ")", ","];
    (0..tokens.len()).find_map(|k| {
        let w = tokens.get(k..k + 5)?;
        let shape = w[0].text() == "doc"
            && w[1].kind() == SyntaxKind::EQ
            && w[2].text() == "include_str"
            && w[3].kind() == SyntaxKind::BANG
            && matches!(w[4].kind(), SyntaxKind::L_PAREN | SyntaxKind::L_BRACK | SyntaxKind::L_CURLY);
        if !shape {
            return None;
        }
        let rest = &tokens[k + 5..];
        if let Some(literal) = rest.first().cloned().and_then(ast::String::cast) {
            return Some((literal, false));
        }
        let concat = rest.len() > MANIFEST_DIR.len() && rest.iter().zip(MANIFEST_DIR).all(|(t, m)| t.text() == m);
        let literal = rest.get(MANIFEST_DIR.len()).cloned().and_then(ast::String::cast);
        literal.filter(|_| concat).map(|literal| (literal, true))
    })
}

/// `written`, relative to the folder `base`, if it stays inside `package`.
fn inside_package(base: &Path, written: &Path, package: Option<&Path>) -> Result<PathBuf, &'static str> {
    if written.has_root() || written.components().any(|c| matches!(c, Component::Prefix(_))) {
        return Err("`include_str!` with an absolute path: not read (only files inside the package are)");
    }
    let Some(package) = package else {
        return Err("the source file is outside every package folder: its `include_str!` is not read");
    };
    let joined = normalize(&base.join(written));
    let outside = "`include_str!` of a file outside the package's folder: not read";
    if !joined.starts_with(normalize(package)) {
        return Err(outside);
    }
    // A symbolic link inside the package may point anywhere: the real paths decide.
    let (Ok(real), Ok(real_package)) = (joined.canonicalize(), package.canonicalize()) else {
        return Err("`include_str!` of a file that does not exist: not read");
    };
    if !real.starts_with(real_package) {
        return Err(outside);
    }
    Ok(joined)
}

/// `a/b/../c` → `a/c`, without touching the file system (`..` at the top stays).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("README.md"), "# demo\n").unwrap();
        dir
    }

    #[test]
    fn reads_a_readme_relative_to_the_source_file() {
        let dir = package();
        let source = dir.path().join("src/lib.rs");
        let text = "#![doc = include_str!(\"../README.md\")]\n#![cfg_attr(docsrs, doc = include_str!(\"../README.md\"))]\n\
                    #![doc = include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/README.md\"))]\n";
        let expected = Include::File(dir.path().join("README.md"));
        assert_eq!(includes(&source, text, Some(dir.path())), vec![expected.clone(), expected.clone(), expected]);
    }

    #[test]
    fn refuses_absolute_paths_and_paths_out_of_the_package() {
        let dir = package();
        let source = dir.path().join("src/lib.rs");
        let text =
            "#![doc = include_str!(\"/etc/passwd\")]\n#[doc = include_str!(\"../../../etc/passwd\")]\nfn f() {}\n";
        let found = includes(&source, text, Some(dir.path()));
        let refused: Vec<(usize, &str, &str)> = found
            .iter()
            .map(|i| match i {
                Include::Refused { offset, literal, reason } => (*offset, literal.as_str(), *reason),
                Include::File(path) => panic!("read {path:?}"),
            })
            .collect();
        assert_eq!(refused[0].0, "#![doc = include_str!(".len());
        assert_eq!(refused[0].1, "\"/etc/passwd\"");
        assert!(refused[0].2.contains("absolute path"), "{}", refused[0].2);
        assert!(refused[1].2.contains("outside the package"), "{}", refused[1].2);
        assert_eq!(refused.len(), 2);
    }

    #[test]
    fn other_attributes_and_macros_are_not_includes() {
        let dir = package();
        let source = dir.path().join("src/lib.rs");
        let text = "#[doc = \"include_str!\"]\nconst T: &str = include_str!(\"../README.md\");\n";
        assert_eq!(includes(&source, text, Some(dir.path())), vec![]);
    }
}
