//! The engine: the project loaded as rust-analyzer sees it, and every use whose definition is
//! reached through async-std, named by the async-std public path the guide's maps are keyed by.
//!
//! Three passes over the source files of every workspace crate (lib, bins, tests, examples,
//! benches): the `use` items; then paths, macro calls and attributes (inside macro calls too);
//! then method calls, whose owner may be an async-std re-export the code named earlier.

mod exports;
mod imports;
pub mod load;
mod prime;

use crate::report::Form;
use exports::Exports;
use imports::{Imports, prefix_chain, segment_text};
use ra_ap_hir::{
    AsAssocItem, AssocItemContainer, Crate, HasCrate, Module, ModuleDef, ModuleSource, PathResolution, Semantics,
};
use ra_ap_ide_db::RootDatabase;
use ra_ap_syntax::{AstNode, SyntaxKind, SyntaxNode, SyntaxToken, TextRange, ast};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

/// A use found in the project (positions 1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
    pub krate: String,
    pub form: Form,
    pub path: String,
    pub via_macro: Option<String>,
}

/// A place that may be an async-std use but could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Missed {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Findings {
    pub uses: Vec<Found>,
    pub missed: Vec<Missed>,
    pub files: usize,
    /// Names of the workspace crates (targets) analysed.
    pub crates: Vec<String>,
    /// Every file analysed, with the crate it was first found in.
    pub sources: Vec<(PathBuf, String)>,
    /// async-std is not in rust-analyzer's crate graph (not a dependency with these features).
    pub no_async_std: bool,
}

/// Decides whether a path names something the guide knows, to pick among several public paths.
pub type Known<'a> = &'a dyn Fn(&str) -> bool;

/// Resolves the names of every crate in the graph, on up to [`MAX_THREADS`] threads, before
/// [`scan`]. `progress(done, total, crate)` is called after each crate.
pub fn resolve_crates(db: &RootDatabase, progress: &(dyn Fn(usize, usize, &str) + Sync)) {
    let _quiet = QuietPanics::install();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_THREADS);
    prime::prime(db, threads, progress);
}

/// Finds every async-std use in the workspace crates of a loaded project.
/// `progress(done, total, file)` is called before each file.
pub fn scan(
    db: &RootDatabase,
    vfs: &ra_ap_vfs::Vfs,
    known: Known<'_>,
    progress: &dyn Fn(usize, usize, &str),
) -> Findings {
    let _quiet = QuietPanics::install();
    // Type inference reads the database through a thread-local that must be attached.
    ra_ap_hir::attach_db(db, || scan_attached(db, vfs, known, progress))
}

thread_local! {
    static SCANNING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// While a scan runs on this thread, rust-analyzer's panics (caught and reported as
/// unresolved places) print nothing; other threads' panics print as usual.
struct QuietPanics;

impl QuietPanics {
    fn install() -> QuietPanics {
        static HOOK: std::sync::Once = std::sync::Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !SCANNING.with(|s| s.get()) {
                    previous(info);
                }
            }));
        });
        SCANNING.with(|s| s.set(true));
        QuietPanics
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        SCANNING.with(|s| s.set(false));
    }
}

fn scan_attached(
    db: &RootDatabase,
    vfs: &ra_ap_vfs::Vfs,
    known: Known<'_>,
    progress: &dyn Fn(usize, usize, &str),
) -> Findings {
    let sema = Semantics::new(db);
    let all = Crate::all(db);
    let local: Vec<Crate> = all.iter().copied().filter(|k| k.origin(db).is_local()).collect();
    let async_std: HashSet<Crate> = all.iter().copied().filter(|k| crate_name(db, *k) == "async_std").collect();
    let mut findings = Findings { no_async_std: async_std.is_empty(), ..Findings::default() };
    findings.crates = local.iter().map(|k| crate_name(db, *k)).collect::<BTreeSet<_>>().into_iter().collect();
    let viewer = local.first().map(|k| k.root_module(db));
    let exports = Exports::collect(db, async_std, viewer);

    // Every file once, with the crate it was first found in.
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for krate in &local {
        for module in krate.modules(db) {
            let source = module.definition_source(db);
            if !matches!(source.value, ModuleSource::SourceFile(_)) {
                continue;
            }
            let Some(file_id) = source.file_id.file_id() else { continue };
            if seen.insert(file_id.file_id(db)) {
                files.push((file_id, *krate));
            }
        }
    }
    let file_path = |file_id: ra_ap_vfs::FileId| {
        vfs.file_path(file_id).as_path().map(|p| PathBuf::from(p.as_str())).unwrap_or_default()
    };
    findings.files = files.len();
    let parsed: Vec<(ast::SourceFile, Crate, PathBuf)> =
        files.iter().map(|(id, krate)| (sema.parse(*id), *krate, file_path(id.file_id(db)))).collect();
    findings.sources = parsed.iter().map(|(_, krate, path)| (path.clone(), crate_name(db, *krate))).collect();

    let mut imports = Imports::default();
    for (file, _, _) in &parsed {
        imports.add_file(&sema, file);
    }
    let mut scanner = Scanner {
        sema: &sema,
        db,
        exports: &exports,
        imports: &imports,
        known,
        local: local.iter().copied().collect(),
        crate_names: HashMap::new(),
        via_async_std: HashSet::new(),
        via_other: HashSet::new(),
        method_calls: Vec::new(),
        uses: BTreeSet::new(),
        missed: BTreeSet::new(),
        texts: HashMap::new(),
        broken_bodies: HashSet::new(),
        vfs_path: &file_path,
        origins: RefCell::default(),
    };
    let total = parsed.len();
    for (done, (file, krate, path)) in parsed.iter().enumerate() {
        progress(done, total, &path.to_string_lossy());
        let mentions = file.syntax().text().to_string().contains("async_std");
        scanner.walk(file.syntax(), *krate, None, mentions, 0);
    }
    progress(total, total, "method calls");
    let calls = std::mem::take(&mut scanner.method_calls);
    for (call, krate, via_macro, mentions) in calls {
        scanner.guarded(call.syntax(), |s| s.method_call(&call, krate, via_macro.clone(), mentions));
    }
    findings.uses = scanner.uses.into_iter().collect();
    findings.missed = scanner.missed.into_iter().collect();
    findings
}

/// `#[doc = include_str!("…")]`: documentation (read by the doctest pass), not code.
fn in_doc_attribute(node: &SyntaxNode) -> bool {
    node.ancestors().filter_map(ast::Attr::cast).any(|attr| attr.simple_name().is_some_and(|n| n == "doc"))
}

fn crate_name(db: &RootDatabase, krate: Crate) -> String {
    krate.display_name(db).map(|n| n.crate_name().to_string()).unwrap_or_default()
}

/// Threads that resolve the crates of the graph at most.
const MAX_THREADS: usize = 4;
/// How deep macro expansions are followed.
const MAX_EXPANSION_DEPTH: usize = 8;
/// How deep import and alias chains are followed.
const MAX_CHAIN_DEPTH: usize = 16;

/// A name as a module of the project sees it, with the item it resolves to.
type NameKey = (Module, String, Option<ModuleDef>);

struct Scanner<'a> {
    sema: &'a Semantics<'a, RootDatabase>,
    db: &'a RootDatabase,
    exports: &'a Exports,
    imports: &'a Imports,
    known: Known<'a>,
    local: HashSet<Crate>,
    crate_names: HashMap<Crate, String>,
    /// Items the code of a crate names through async-std, and through something else.
    via_async_std: HashSet<(Crate, ModuleDef)>,
    via_other: HashSet<(Crate, ModuleDef)>,
    /// Method calls, resolved after every path (their owner may be a re-export named earlier).
    method_calls: Vec<(ast::MethodCallExpr, Crate, Option<String>, bool)>,
    uses: BTreeSet<Found>,
    missed: BTreeSet<Missed>,
    texts: HashMap<ra_ap_vfs::FileId, SourceText>,
    /// Bodies (by original range) in which rust-analyzer panicked: the rest is not retried.
    broken_bodies: HashSet<(ra_ap_vfs::FileId, TextRange)>,
    vfs_path: &'a dyn Fn(ra_ap_vfs::FileId) -> PathBuf,
    /// [`Scanner::name_origin`]'s answers, by module, name and item.
    origins: RefCell<HashMap<NameKey, Option<String>>>,
}

impl Scanner<'_> {
    /// Visits every path, macro call and method call under `node`. `mentions`: the file's text
    /// names async_std, so places that do not resolve there are worth reporting.
    fn walk(&mut self, node: &SyntaxNode, krate: Crate, via_macro: Option<String>, mentions: bool, depth: usize) {
        for node in node.descendants() {
            if let Some(path) = ast::Path::cast(node.clone()) {
                self.guarded(&node, |s| s.path(&path, krate, via_macro.clone(), mentions));
            } else if let Some(call) = ast::MethodCallExpr::cast(node.clone()) {
                self.method_calls.push((call, krate, via_macro.clone(), mentions));
            } else if let Some(call) = ast::MacroCall::cast(node.clone())
                && depth < MAX_EXPANSION_DEPTH
                && !in_doc_attribute(&node)
            {
                self.guarded(&node, |s| s.macro_call(&call, krate, via_macro.clone(), mentions, depth));
            }
        }
    }

    /// Runs one analysis step; a panic inside rust-analyzer makes the place (and the rest of its
    /// body) unresolved instead of ending the scan.
    fn guarded(&mut self, node: &SyntaxNode, step: impl FnOnce(&mut Self)) {
        let body = node.ancestors().find(|n| n.kind() == SyntaxKind::FN).unwrap_or_else(|| node.clone());
        let body_key = self.original_key(&body);
        if body_key.is_some_and(|k| self.broken_bodies.contains(&k)) {
            self.miss(node, "in a body where rust-analyzer panicked");
            return;
        }
        if catch_unwind(AssertUnwindSafe(|| step(self))).is_err() {
            if let Some(key) = body_key {
                self.broken_bodies.insert(key);
            }
            self.miss(node, "rust-analyzer panicked while analysing this body");
        }
    }

    fn original_key(&self, node: &SyntaxNode) -> Option<(ra_ap_vfs::FileId, TextRange)> {
        let range = catch_unwind(AssertUnwindSafe(|| self.sema.original_range(node))).ok()?;
        Some((range.file_id.file_id(self.db), range.range))
    }

    fn path(&mut self, path: &ast::Path, krate: Crate, via_macro: Option<String>, mentions: bool) {
        if path.parent_path().is_some() {
            return; // a qualifier: its top path is the use
        }
        let parent = path.syntax().parent();
        if let Some(tree) = parent.clone().and_then(ast::UseTree::cast)
            && (tree.use_tree_list().is_some() || tree.star_token().is_some())
        {
            return; // the prefix of a `use` list, or a glob: the items it brings are the uses
        }
        let macro_call = parent.clone().and_then(ast::MacroCall::cast);
        let resolution = match &macro_call {
            Some(call) => self.sema.resolve_macro_call(call).map(|m| PathResolution::Def(ModuleDef::Macro(m))),
            None => self.sema.resolve_path(path),
        };
        let Some(resolution) = resolution else {
            self.unresolved_path(path, krate, via_macro, mentions);
            return;
        };
        let PathResolution::Def(def) = resolution else { return };
        if matches!(def, ModuleDef::Module(_)) || !self.reachable(def) {
            return;
        }
        let origin = self.written_origin(path, 0);
        let key = (krate, self.owner(def).unwrap_or(def));
        match origin {
            Some(public) => {
                self.via_async_std.insert(key);
                self.via_async_std.insert((krate, def));
                let form = if macro_call.is_some() {
                    Form::Macro
                } else if path.syntax().ancestors().any(|n| ast::Use::can_cast(n.kind())) {
                    Form::Import
                } else if path.syntax().ancestors().any(|n| ast::Attr::can_cast(n.kind())) {
                    Form::Attribute
                } else {
                    Form::Path
                };
                // `use crate::rt::Mutex;` imports the project's re-export: the use to change
                // is the re-export itself (reported there), not each import of it.
                if form == Form::Import && !self.names_async_std_module(path) {
                    return;
                }
                self.found(path.syntax(), krate, form, public, via_macro);
            }
            None => {
                self.via_other.insert(key);
                self.via_other.insert((krate, def));
            }
        }
    }

    /// A path rust-analyzer did not resolve. When its qualifier is an async-std type reached
    /// through async-std (`Conn::connect`, `Conn` an alias of `async_std::net::TcpStream`), the
    /// member is named after the type; otherwise the place is reported as unresolved.
    fn unresolved_path(&mut self, path: &ast::Path, krate: Crate, via_macro: Option<String>, mentions: bool) {
        let qualifier_type = path.qualifier().and_then(|q| match self.sema.resolve_path(&q) {
            Some(PathResolution::Def(def @ (ModuleDef::Adt(_) | ModuleDef::Trait(_) | ModuleDef::TypeAlias(_)))) => {
                Some(def)
            }
            _ => None,
        });
        if qualifier_type.is_some()
            && let Some(public) = self.written_origin(path, 0)
        {
            self.found(path.syntax(), krate, Form::Path, public, via_macro);
            return;
        }
        if mentions
            && (self.written_origin(path, 0).is_some() || path.syntax().text().to_string().contains("async_std"))
        {
            self.miss(path.syntax(), "path not resolved");
        }
    }

    /// A macro call: project macros are expanded and their expansion walked (their uses are
    /// reported at the call); for other macros, the tokens the code wrote in the call are
    /// followed into the expansion (`println!("{}", task::block_on(f))`).
    fn macro_call(&mut self, call: &ast::MacroCall, krate: Crate, via: Option<String>, mentions: bool, depth: usize) {
        let Some(mac) = self.sema.resolve_macro_call(call) else {
            if mentions {
                self.miss(call.syntax(), "macro not resolved");
            }
            return;
        };
        if self.local.contains(&mac.krate(self.db)) {
            let Some(expansion) = self.sema.expand_macro_call(call) else {
                if mentions {
                    self.miss(call.syntax(), "macro not expanded");
                }
                return;
            };
            let name = via.or_else(|| Some(format!("{}!", mac.name(self.db).as_str())));
            self.walk(&expansion.value, krate, name, mentions, depth + 1);
            return;
        }
        let Some(tokens) = call.token_tree() else { return };
        let mut done = HashSet::new();
        for token in tokens.syntax().descendants_with_tokens().filter_map(|t| t.into_token()) {
            if token.kind() != SyntaxKind::IDENT {
                continue;
            }
            for descended in self.sema.descend_into_macros(token) {
                self.descended_token(&descended, krate, &via, mentions, &mut done);
            }
        }
    }

    fn descended_token(
        &mut self,
        token: &SyntaxToken,
        krate: Crate,
        via: &Option<String>,
        mentions: bool,
        done: &mut HashSet<SyntaxNode>,
    ) {
        let Some(name_ref) = token.parent().and_then(ast::NameRef::cast) else { return };
        let Some(parent) = name_ref.syntax().parent() else { return };
        if let Some(call) = ast::MethodCallExpr::cast(parent.clone()) {
            if done.insert(call.syntax().clone()) {
                self.method_calls.push((call, krate, via.clone(), mentions));
            }
        } else if let Some(segment) = ast::PathSegment::cast(parent) {
            let top = segment.parent_path().top_path();
            if done.insert(top.syntax().clone()) {
                self.guarded(&top.syntax().clone(), |s| s.path(&top, krate, via.clone(), mentions));
            }
        }
    }

    fn method_call(&mut self, call: &ast::MethodCallExpr, krate: Crate, via: Option<String>, mentions: bool) {
        let Some(function) = self.sema.resolve_method_call(call) else {
            if mentions && let Some(name) = call.name_ref() {
                self.miss_as(name.syntax(), format!(".{}(..)", name.text()), "method call not resolved");
            }
            return;
        };
        let name = function.name(self.db).as_str().to_string();
        let owner = function.as_assoc_item(self.db).and_then(|item| match item.container(self.db) {
            AssocItemContainer::Trait(t) => Some(ModuleDef::Trait(t)),
            AssocItemContainer::Impl(i) => i.self_ty(self.db).as_adt().map(ModuleDef::Adt),
        });
        let receiver = call
            .receiver()
            .and_then(|r| self.sema.type_of_expr(&r))
            .and_then(|t| t.original.strip_references().as_adt())
            .map(ModuleDef::Adt);
        // Prefer the owner of the method; a foreign trait's method (`clone`) on an async-std
        // type is the type's member.
        for candidate in [owner, receiver].into_iter().flatten() {
            if !self.exports.is_exported(candidate) {
                continue;
            }
            let own = self.exports.is_async_std(self.krate_of(candidate));
            let named_here =
                self.via_async_std.contains(&(krate, candidate)) && !self.via_other.contains(&(krate, candidate));
            if own || named_here {
                let public = self.best_path(self.exports.paths(candidate), Some(&name));
                // At the method's name: in a chain split over lines, the call starts at the
                // receiver, lines above.
                let at = call.name_ref().map(|n| n.syntax().clone()).unwrap_or_else(|| call.syntax().clone());
                self.found(&at, krate, Form::Method, public, via);
                return;
            }
        }
    }

    /// Is `def` something async-std defines or re-exports (or a member of one)?
    fn reachable(&self, def: ModuleDef) -> bool {
        self.exports.is_exported(def)
            || self.exports.is_async_std(self.krate_of(def))
            || self.owner(def).is_some_and(|o| self.exports.is_exported(o))
    }

    /// The type or trait an associated item belongs to.
    fn owner(&self, def: ModuleDef) -> Option<ModuleDef> {
        let item = match def {
            ModuleDef::Function(f) => f.as_assoc_item(self.db),
            ModuleDef::Const(c) => c.as_assoc_item(self.db),
            ModuleDef::TypeAlias(t) => t.as_assoc_item(self.db),
            _ => None,
        }?;
        match item.container(self.db) {
            AssocItemContainer::Trait(t) => Some(ModuleDef::Trait(t)),
            AssocItemContainer::Impl(i) => i.self_ty(self.db).as_adt().map(ModuleDef::Adt),
        }
    }

    fn krate_of(&self, def: ModuleDef) -> Option<Crate> {
        def.module(self.db).map(|m| m.krate(self.db))
    }

    /// The async-std public path a written path reaches, following the project's imports,
    /// re-exports and type aliases; `None` when it does not go through async-std.
    fn written_origin(&self, path: &ast::Path, depth: usize) -> Option<String> {
        if depth > MAX_CHAIN_DEPTH {
            return None;
        }
        let chain = prefix_chain(path);
        let names: Vec<String> = chain.iter().map(segment_text).collect();
        let resolved: Vec<Option<PathResolution<'_>>> = chain.iter().map(|p| self.sema.resolve_path(p)).collect();
        // The longest prefix that is an async-std module: `async_std::task`, or `task` after
        // `use async_std::task;`, or a renamed dependency.
        for (k, resolution) in resolved.iter().enumerate().rev() {
            if let Some(PathResolution::Def(ModuleDef::Module(m))) = resolution
                && let Some(module_path) = self.exports.module_path(*m)
            {
                return Some(join(module_path, &names[k + 1..]));
            }
        }
        // Otherwise the first segment after the longest prefix that is a project module names
        // an import, a re-export or an alias of that module.
        let mut module = self.sema.scope(path.syntax())?.module();
        let mut next = 0;
        for (k, resolution) in resolved.iter().enumerate().rev() {
            if let Some(PathResolution::Def(ModuleDef::Module(m))) = resolution
                && self.local.contains(&m.krate(self.db))
            {
                module = *m;
                next = k + 1;
                break;
            }
        }
        let name = names.get(next)?;
        let def = match resolved.get(next)? {
            Some(PathResolution::Def(def)) => Some(*def),
            _ => None,
        };
        let origin = self.name_origin(module, name, def, depth + 1)?;
        Some(join(&origin, &names[next + 1..]))
    }

    /// Does the written path itself go through an async-std module (`async_std::…`, or a
    /// module imported from it)?
    fn names_async_std_module(&self, path: &ast::Path) -> bool {
        prefix_chain(path).iter().any(|prefix| {
            matches!(self.sema.resolve_path(prefix), Some(PathResolution::Def(ModuleDef::Module(m)))
                if self.exports.module_path(m).is_some())
        })
    }

    /// The async-std path behind `name` in a project module: an import, a glob import, or a
    /// type alias the project defines.
    fn name_origin(&self, module: Module, name: &str, def: Option<ModuleDef>, depth: usize) -> Option<String> {
        if depth > MAX_CHAIN_DEPTH {
            return None;
        }
        // Once per name and module: glob imports between a project's modules (`use super::*;`
        // in every test module) would otherwise be followed again along every route, which
        // grows exponentially with the depth. A cycle ends at its entry (`None` while open).
        let key = (module, name.to_string(), def);
        if let Some(known) = self.origins.borrow().get(&key) {
            return known.clone();
        }
        self.origins.borrow_mut().insert(key.clone(), None);
        let origin = self.name_origin_uncached(module, name, def, depth);
        self.origins.borrow_mut().insert(key, origin.clone());
        origin
    }

    fn name_origin_uncached(&self, module: Module, name: &str, def: Option<ModuleDef>, depth: usize) -> Option<String> {
        if let Some(ModuleDef::TypeAlias(alias)) = def
            && self.local.contains(&alias.module(self.db).krate(self.db))
        {
            let source = self.sema.source(alias)?;
            let ast::Type::PathType(ty) = source.value.ty()? else { return None };
            return self.written_origin(&ty.path()?, depth + 1);
        }
        // Imports are looked for in the module, then its parents (block scopes see them); the
        // import must name the same item, so a parent's import never claims a child's name.
        let mut current = Some(module);
        while let Some(m) = current {
            for import in self.imports.named(m, name) {
                let same = match (def, self.sema.resolve_path(import)) {
                    (Some(def), Some(PathResolution::Def(imported))) => def == imported,
                    (None, _) => true,
                    _ => false,
                };
                if same {
                    // A renamed import (`as M`) reaches the original path.
                    return self.written_origin(import, depth + 1);
                }
            }
            for glob in self.imports.globs(m) {
                let Some(PathResolution::Def(ModuleDef::Module(source))) = self.sema.resolve_path(glob) else {
                    continue;
                };
                if let Some(module_path) = self.exports.module_path(source) {
                    let has = source.scope(self.db, Some(m)).iter().any(|(n, d)| {
                        n.as_str() == name
                            && match (def, d) {
                                (Some(def), ra_ap_hir::ScopeDef::ModuleDef(d)) => def == *d,
                                _ => def.is_none(),
                            }
                    });
                    if has {
                        return Some(format!("{module_path}::{name}"));
                    }
                } else if self.local.contains(&source.krate(self.db))
                    && let Some(origin) = self.name_origin(source, name, def, depth + 1)
                {
                    return Some(origin);
                }
            }
            current = m.parent(self.db);
        }
        None
    }

    /// Of several public paths of an item, the one the guide knows (an entry, or a path of the
    /// inventory), else the shortest. `member` is appended (`Type::method`).
    fn best_path(&self, paths: &[String], member: Option<&str>) -> String {
        let full = |p: &String| match member {
            Some(m) => format!("{p}::{m}"),
            None => p.clone(),
        };
        let candidates: Vec<String> = paths.iter().map(full).collect();
        candidates.iter().find(|p| (self.known)(p)).or(candidates.first()).cloned().unwrap_or_default()
    }

    fn found(&mut self, node: &SyntaxNode, krate: Crate, form: Form, path: String, via_macro: Option<String>) {
        let Some((file, line, column)) = self.position(node) else { return };
        let name = self.crate_names.entry(krate).or_insert_with(|| crate_name(self.db, krate)).clone();
        self.uses.insert(Found { file, line, column, krate: name, form, path, via_macro });
    }

    fn miss(&mut self, node: &SyntaxNode, reason: &str) {
        let mut text: String = node.text().to_string().split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() > 60 {
            text = text.chars().take(57).collect::<String>() + "...";
        }
        self.miss_as(node, text, reason);
    }

    fn miss_as(&mut self, node: &SyntaxNode, text: String, reason: &str) {
        let Some((file, line, column)) = self.position(node) else { return };
        self.missed.insert(Missed { file, line, column, text, reason: reason.to_string() });
    }

    /// File, line and column (1-based) of a node, mapped out of macro expansions.
    fn position(&mut self, node: &SyntaxNode) -> Option<(PathBuf, u32, u32)> {
        let range = catch_unwind(AssertUnwindSafe(|| self.sema.original_range(node))).ok()?;
        let file_id = range.file_id.file_id(self.db);
        let file = self.texts.entry(file_id).or_insert_with(|| SourceText::read((self.vfs_path)(file_id)));
        let (line, column) = file.line_column(u32::from(range.range.start()))?;
        Some((file.path.clone(), line, column))
    }
}

/// A file's text and line starts, to turn offsets into lines and columns.
pub(crate) struct SourceText {
    path: PathBuf,
    text: Vec<u8>,
    line_starts: Vec<u32>,
}

impl SourceText {
    fn read(path: PathBuf) -> SourceText {
        let text = std::fs::read(&path).unwrap_or_default();
        SourceText::new(path, text)
    }

    pub(crate) fn new(path: PathBuf, text: Vec<u8>) -> SourceText {
        let newlines = text.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i as u32 + 1);
        let line_starts = std::iter::once(0).chain(newlines).collect();
        SourceText { path, text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_column(&self, offset: u32) -> Option<(u32, u32)> {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = *self.line_starts.get(line.checked_sub(1)?)? as usize;
        let before = String::from_utf8_lossy(self.text.get(start..offset as usize)?).chars().count();
        Some((line as u32, before as u32 + 1))
    }
}

fn join(prefix: &str, rest: &[String]) -> String {
    let mut out = prefix.to_string();
    for name in rest {
        out.push_str("::");
        out.push_str(name);
    }
    out
}
