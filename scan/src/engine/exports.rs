//! async-std's public paths, read from rust-analyzer's view of the crate: every item reachable
//! through its public modules (its own items and its re-exports, such as
//! `async_std::sync::Mutex`, which is `async_lock::Mutex`), with the paths that name it.

use ra_ap_hir::{Crate, Module, ModuleDef, ScopeDef};
use ra_ap_ide_db::RootDatabase;
use std::collections::{HashMap, HashSet, VecDeque};

pub struct Exports {
    /// The async-std crates of the graph (more than one if two versions are in it).
    pub crates: HashSet<Crate>,
    /// Public module paths (`async_std::task`).
    modules: HashMap<Module, String>,
    /// Every public path of each item.
    items: HashMap<ModuleDef, Vec<String>>,
}

impl Exports {
    /// Walks the public modules of every async-std crate, as seen from `viewer` (a module of
    /// the project, so visibility is the project's).
    pub fn collect(db: &RootDatabase, crates: HashSet<Crate>, viewer: Option<Module>) -> Exports {
        let mut exports = Exports { crates, modules: HashMap::new(), items: HashMap::new() };
        let mut queue: VecDeque<(Module, String)> =
            exports.crates.iter().map(|k| (k.root_module(db), "async_std".to_string())).collect();
        while let Some((module, path)) = queue.pop_front() {
            if exports.modules.contains_key(&module) {
                continue;
            }
            exports.modules.insert(module, path.clone());
            let mut scope = module.scope(db, viewer);
            scope.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
            for (name, def) in scope {
                let ScopeDef::ModuleDef(def) = def else { continue };
                let item_path = format!("{path}::{}", name.as_str());
                match def {
                    ModuleDef::Module(child) if exports.crates.contains(&child.krate(db)) => {
                        queue.push_back((child, item_path));
                    }
                    _ => exports.items.entry(def).or_default().push(item_path),
                }
            }
        }
        for paths in exports.items.values_mut() {
            paths.sort_by_key(|p| (p.len(), p.clone()));
            paths.dedup();
        }
        exports
    }

    /// The public path of an async-std module, if it is one.
    pub fn module_path(&self, module: Module) -> Option<&str> {
        self.modules.get(&module).map(String::as_str)
    }

    /// The public paths of an item async-std exports (shortest first).
    pub fn paths(&self, def: ModuleDef) -> &[String] {
        self.items.get(&def).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn is_exported(&self, def: ModuleDef) -> bool {
        self.items.contains_key(&def)
    }

    pub fn is_async_std(&self, krate: Option<Crate>) -> bool {
        krate.is_some_and(|k| self.crates.contains(&k))
    }
}
