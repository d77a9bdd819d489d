//! The `use` items of the project, by module and name, to follow an import chain back to the
//! path the code wrote: `use async_std::sync::Mutex as M;` makes `M::new` a use of
//! `async_std::sync::Mutex::new`, while `use futures_util::io::AsyncRead;` is not an async-std
//! use even though async-std re-exports the same trait.

use ra_ap_hir::{Module, Semantics};
use ra_ap_ide_db::RootDatabase;
use ra_ap_syntax::AstNode;
use ra_ap_syntax::ast::{self, HasName};
use std::collections::HashMap;

#[derive(Default)]
pub struct Imports {
    /// `(module, name)` → the paths of the `use` trees that bring `name` into `module`.
    named: HashMap<(Module, String), Vec<ast::Path>>,
    /// `module` → the paths of its glob imports (`use async_std::prelude::*;` → `async_std::prelude`).
    globs: HashMap<Module, Vec<ast::Path>>,
}

impl Imports {
    /// Records every `use` tree of a file.
    pub fn add_file(&mut self, sema: &Semantics<'_, RootDatabase>, file: &ast::SourceFile) {
        for tree in file.syntax().descendants().filter_map(ast::UseTree::cast) {
            if tree.use_tree_list().is_some() {
                continue;
            }
            let Some(module) = sema.scope(tree.syntax()).map(|s| s.module()) else { continue };
            if tree.star_token().is_some() {
                // `prelude::*`, or `*` alone in a list (`prelude::{*}`): the list's prefix.
                if let Some(path) = tree.path().or_else(|| enclosing_prefix(&tree)) {
                    self.globs.entry(module).or_default().push(path);
                }
                continue;
            }
            let Some(path) = tree.path() else { continue };
            let name = match tree.rename() {
                Some(rename) => match rename.name() {
                    Some(name) => name.text().to_string(),
                    None => continue, // `as _`: brings a trait's methods, not a name
                },
                None => match last_name(&path) {
                    Some(name) => name,
                    None => continue,
                },
            };
            self.named.entry((module, name)).or_default().push(path);
        }
    }

    pub fn named(&self, module: Module, name: &str) -> &[ast::Path] {
        self.named.get(&(module, name.to_string())).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn globs(&self, module: Module) -> &[ast::Path] {
        self.globs.get(&module).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The name a path ends with; for `a::b::self`, `b`.
pub fn last_name(path: &ast::Path) -> Option<String> {
    let segment = path.segment()?;
    if segment.self_token().is_some() {
        return path.qualifier().and_then(|q| last_name(&q));
    }
    Some(segment.name_ref()?.text().to_string())
}

/// The prefixes of a path, shortest first, including those of the enclosing `use` trees:
/// for `b::C` in `use a::{b::C};`, the paths `a`, `b` (which resolves as `a::b`) and `b::C`.
pub fn prefix_chain(path: &ast::Path) -> Vec<ast::Path> {
    let mut own: Vec<ast::Path> = std::iter::successors(Some(path.clone()), |p| p.qualifier()).collect();
    own.reverse();
    let outer = path.syntax().parent().and_then(ast::UseTree::cast).and_then(|tree| enclosing_prefix(&tree));
    match outer {
        Some(outer) => {
            let mut chain = prefix_chain(&outer);
            chain.extend(own);
            chain
        }
        None => own,
    }
}

/// The path of the innermost `use` list around `tree` that has one: for `C` in
/// `use a::{b::{C}};`, `b`; for `*` in `use a::{{*}}`, `a`.
fn enclosing_prefix(tree: &ast::UseTree) -> Option<ast::Path> {
    let mut tree = tree.clone();
    loop {
        tree =
            tree.syntax().parent().and_then(ast::UseTreeList::cast)?.syntax().parent().and_then(ast::UseTree::cast)?;
        if let Some(path) = tree.path() {
            return Some(path);
        }
    }
}

/// The name of a path's last segment as written (`self`, `super`, `crate` included).
pub fn segment_text(path: &ast::Path) -> String {
    path.segment().and_then(|s| s.name_ref()).map(|n| n.text().to_string()).unwrap_or_default()
}
