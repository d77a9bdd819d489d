//! "Did you mean" suggestions: the closest existing paths to a misspelled one.
//!
//! Bounded work on hostile input: the edit distance costs `len(path) × len(candidate)`, so a
//! candidate is skipped when the lengths alone rule it out, a path longer than
//! [`MAX_PATH_CHARS`] gets no suggestion, and each [`Budget`] stops suggesting once it has
//! spent its character comparisons (a map full of misspelt paths still checks in seconds).

use std::cell::Cell;

/// Paths longer than this (in characters) are not compared: no real path is this long.
pub const MAX_PATH_CHARS: usize = 200;

/// Character comparisons one budget allows: about a second of work, far more than a real
/// book needs (dozens of misspelt paths against the largest inventory).
pub const BUDGET_COMPARISONS: u64 = 300_000_000;

/// Character comparisons left for did-you-mean searches (one budget per set of candidates).
#[derive(Debug, Clone)]
pub struct Budget(Cell<u64>);

impl Default for Budget {
    fn default() -> Self {
        Budget(Cell::new(BUDGET_COMPARISONS))
    }
}

impl Budget {
    pub fn with_comparisons(comparisons: u64) -> Self {
        Budget(Cell::new(comparisons))
    }

    /// Takes `cost` comparisons; `false` (and nothing taken) if fewer are left.
    fn spend(&self, cost: u64) -> bool {
        let left = self.0.get();
        let enough = left >= cost;
        if enough {
            self.0.set(left - cost);
        }
        enough
    }
}

/// The lowest score a suggestion needs.
const THRESHOLD: f64 = 0.75;

/// Up to `limit` candidates closest to `path`, best first. Scores the whole path and its last
/// segment separately, so a shared crate prefix (`async_std::`) does not make everything close.
pub fn closest<'a>(
    path: &str,
    candidates: impl Iterator<Item = &'a str>,
    limit: usize,
    budget: &Budget,
) -> Vec<&'a str> {
    let path_len = path.chars().count();
    if path_len > MAX_PATH_CHARS {
        return Vec::new();
    }
    let last = last_segment(path);
    let mut scored = Vec::new();
    for candidate in candidates {
        let candidate_len = candidate.chars().count();
        if !lengths_can_match(path_len, candidate_len) {
            continue;
        }
        if !budget.spend((path_len * candidate_len) as u64) {
            break;
        }
        let whole = strsim::normalized_damerau_levenshtein(path, candidate);
        let name = strsim::jaro_winkler(last, last_segment(candidate));
        let score = whole * 0.5 + name * 0.5;
        if score > THRESHOLD {
            scored.push((score, candidate));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(limit).map(|(_, p)| p).collect()
}

/// The score is half the whole-path similarity plus at most 0.5 from the name, and the
/// whole-path similarity is at most `1 - |a - b| / max(a, b)`: a score above the threshold
/// needs that bound above `2 × THRESHOLD - 1`. Skipping the others changes no result.
fn lengths_can_match(a: usize, b: usize) -> bool {
    let longest = a.max(b);
    longest == 0 || 1.0 - a.abs_diff(b) as f64 / longest as f64 > 2.0 * THRESHOLD - 1.0
}

fn last_segment(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closest3<'a>(path: &str, candidates: &[&'a str]) -> Vec<&'a str> {
        closest(path, candidates.iter().copied(), 3, &Budget::default())
    }

    #[test]
    fn prefers_the_same_name_over_the_same_prefix() {
        let candidates = ["async_std::sync::Condvar", "async_std::task::spawn", "async_std::task::spawn_local"];
        assert_eq!(closest3("async_std::task::spwan", &candidates)[0], "async_std::task::spawn");
    }

    #[test]
    fn nothing_close_means_no_suggestion() {
        assert_eq!(closest3("tokio::net::TcpStream", &["tokio::task::spawn"]), Vec::<&str>::new());
    }

    #[test]
    fn length_pruning_keeps_every_result() {
        // Brute force over pairs of very different lengths: pruning must never drop a match.
        let names = ["a", "ab", "abc", "task::spawn", "tokio::task::spawn", "tokio::task::spawn_blocking", "x::y"];
        for path in names {
            for candidate in names {
                let whole = strsim::normalized_damerau_levenshtein(path, candidate);
                let name = strsim::jaro_winkler(last_segment(path), last_segment(candidate));
                if whole * 0.5 + name * 0.5 > THRESHOLD {
                    assert!(lengths_can_match(path.len(), candidate.len()), "{path} / {candidate}");
                }
            }
        }
    }

    #[test]
    fn a_huge_path_is_not_compared() {
        // A 1 MB path would cost a million comparisons per candidate character: refused up front,
        // so no budget is spent.
        let budget = Budget::with_comparisons(1);
        let huge = format!("tokio::{}", "x".repeat(1 << 20));
        assert_eq!(closest(&huge, ["tokio::task::spawn"].into_iter(), 3, &budget), Vec::<&str>::new());
        assert!(budget.spend(1));
    }

    #[test]
    fn an_exhausted_budget_stops_suggesting() {
        let budget = Budget::with_comparisons(22 * 22);
        let candidates = ["async_std::task::spawn"];
        assert_eq!(closest("async_std::task::spwan", candidates.into_iter(), 3, &budget), candidates);
        assert_eq!(closest("async_std::task::spwan", candidates.into_iter(), 3, &budget), Vec::<&str>::new());
    }
}
