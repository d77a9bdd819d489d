//! Name resolution of every crate in the graph, the project's and all its dependencies', done
//! before the analysis: on a large graph it is most of a scan's work. Crates are resolved on
//! several threads, each once its dependencies are, and each finished crate moves the progress
//! bar (otherwise the bar would stand still for this whole phase).

use ra_ap_hir::{Crate, TraitImpls, attach_db, crate_def_map};
use ra_ap_ide_db::RootDatabase;
use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Condvar, Mutex};

/// rust-analyzer recurses deeply while resolving names: the main thread's stack size.
const STACK_SIZE: usize = 8 << 20;

struct Queue {
    /// Crates whose dependencies are all resolved.
    ready: Vec<usize>,
    /// Per crate, how many of its dependencies are not resolved yet.
    waiting: Vec<usize>,
    done: usize,
}

/// Resolves the names (and collects the trait impls, which method resolution reads) of the
/// workspace crates and every crate they depend on, on `threads` threads. Other crates of the
/// graph (the build-dependencies of dependencies) are never needed, so never resolved.
/// `progress(done, total, crate)` is called after each crate.
pub fn prime(db: &RootDatabase, threads: usize, progress: &(dyn Fn(usize, usize, &str) + Sync)) {
    let crates = needed(db);
    let total = crates.len();
    let index: HashMap<Crate, usize> = crates.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let names: Vec<String> =
        crates.iter().map(|k| k.display_name(db).map(|n| n.to_string()).unwrap_or_default()).collect();
    let mut waiting = vec![0; total];
    let mut dependents = vec![Vec::new(); total];
    for (i, krate) in crates.iter().enumerate() {
        for dependency in krate.dependencies(db) {
            if let Some(&j) = index.get(&dependency.krate) {
                waiting[i] += 1;
                dependents[j].push(i);
            }
        }
    }
    let ready = (0..total).filter(|&i| waiting[i] == 0).collect();
    let queue = Mutex::new(Queue { ready, waiting, done: 0 });
    let wake = Condvar::new();
    let (queue, wake, crates, dependents, names) = (&queue, &wake, &crates, &dependents, &names);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            let db = db.clone();
            let worker = move || {
                while let Some(i) = next(queue, wake, total) {
                    let krate = crates[i].base();
                    // A panic leaves this crate to the analysis, which reports what it cannot resolve.
                    let _ = catch_unwind(AssertUnwindSafe(|| {
                        crate_def_map(&db, krate);
                        attach_db(&db, || {
                            TraitImpls::for_crate(&db, krate);
                        });
                    }));
                    let mut queue = queue.lock().unwrap_or_else(|e| e.into_inner());
                    queue.done += 1;
                    for &d in &dependents[i] {
                        queue.waiting[d] -= 1;
                        if queue.waiting[d] == 0 {
                            queue.ready.push(d);
                        }
                    }
                    progress(queue.done, total, &names[i]);
                    wake.notify_all();
                }
            };
            let spawned = std::thread::Builder::new().stack_size(STACK_SIZE).spawn_scoped(scope, worker);
            if spawned.is_err() {
                break; // fewer threads: the others (or the analysis) do the work
            }
        }
    });
}

/// The workspace crates and their dependencies, direct and indirect.
fn needed(db: &RootDatabase) -> Vec<Crate> {
    let mut stack: Vec<Crate> = Crate::all(db).into_iter().filter(|k| k.origin(db).is_local()).collect();
    let mut seen: HashSet<Crate> = stack.iter().copied().collect();
    while let Some(krate) = stack.pop() {
        for dependency in krate.dependencies(db) {
            if seen.insert(dependency.krate) {
                stack.push(dependency.krate);
            }
        }
    }
    Crate::all(db).into_iter().filter(|k| seen.contains(k)).collect()
}

/// The next crate to resolve, waiting while others are resolved; `None` when all are.
fn next(queue: &Mutex<Queue>, wake: &Condvar, total: usize) -> Option<usize> {
    let mut queue = queue.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if let Some(i) = queue.ready.pop() {
            return Some(i);
        }
        if queue.done == total {
            return None;
        }
        queue = wake.wait(queue).unwrap_or_else(|e| e.into_inner());
    }
}
