//! "Did you mean" suggestions: the closest existing paths to a misspelled one.
//!
//! Bounded work on hostile input: the edit distance costs `len(path) × len(candidate)`, so a
//! candidate is skipped when the lengths alone rule it out, a path longer than
//! [`MAX_PATH_CHARS`] gets no suggestion, and each [`Budget`] stops suggesting once it has
//! spent its character comparisons (a map full of misspelt paths still checks in seconds).

use std::sync::atomic::{AtomicU64, Ordering};

/// Paths longer than this (in characters) are not compared: no real path is this long.
pub const MAX_PATH_CHARS: usize = 200;

/// Work one budget allows, in character comparisons (each candidate looked at counts its length):
/// a fraction of a second in a release build, a few seconds in a debug build. A real book
/// needs far less: a misspelt std path, the worst case, costs a few million.
pub const BUDGET_COMPARISONS: u64 = 20_000_000;

/// Character comparisons left for did-you-mean searches (one budget per set of candidates).
/// Atomic so that inventories holding one stay `Sync` (the scanner shares them).
#[derive(Debug)]
pub struct Budget(AtomicU64);

impl Default for Budget {
    fn default() -> Self {
        Budget::with_comparisons(BUDGET_COMPARISONS)
    }
}

impl Clone for Budget {
    fn clone(&self) -> Self {
        Budget::with_comparisons(self.0.load(Ordering::Relaxed))
    }
}

impl Budget {
    pub fn with_comparisons(comparisons: u64) -> Self {
        Budget(AtomicU64::new(comparisons))
    }

    /// Takes `cost` comparisons; `false` (and nothing taken) if fewer are left.
    fn spend(&self, cost: u64) -> bool {
        self.0.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(cost)).is_ok()
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
    let last_len = last.chars().count();
    let mut scored = Vec::new();
    for candidate in candidates {
        // Looking at a candidate (counting its characters) costs its length.
        if !budget.spend(candidate.len() as u64) {
            break;
        }
        let candidate_len = candidate.chars().count();
        let whole_bound = whole_similarity_bound(path_len, candidate_len);
        // Cheapest first: the lengths, then the names (short), then the whole paths. Each step
        // skips a candidate only when even a perfect score in the steps left cannot reach the
        // threshold, so no result changes.
        if !can_pass(whole_bound, 1.0) {
            continue;
        }
        let candidate_last = last_segment(candidate);
        if !budget.spend((last_len * candidate_last.chars().count()) as u64) {
            break;
        }
        let name = strsim::jaro_winkler(last, candidate_last);
        if !can_pass(whole_bound, name) {
            continue;
        }
        if !budget.spend((path_len * candidate_len) as u64) {
            break;
        }
        let whole = strsim::normalized_damerau_levenshtein(path, candidate);
        if can_pass(whole, name) {
            scored.push((whole * 0.5 + name * 0.5, candidate));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(limit).map(|(_, p)| p).collect()
}

/// Whether whole-path and name similarities score above the threshold.
fn can_pass(whole: f64, name: f64) -> bool {
    whole * 0.5 + name * 0.5 > THRESHOLD
}

/// The highest whole-path similarity two lengths allow: the edit distance is at least the
/// difference of the lengths, and the similarity is `1 - distance / longest`.
fn whole_similarity_bound(a: usize, b: usize) -> f64 {
    let longest = a.max(b);
    if longest == 0 { 1.0 } else { 1.0 - a.abs_diff(b) as f64 / longest as f64 }
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
    fn pruning_keeps_every_result() {
        // Brute force: a pair that scores above the threshold is never pruned by its bounds.
        let names = ["a", "ab", "abc", "task::spawn", "tokio::task::spawn", "tokio::task::spawn_blocking", "x::y"];
        for path in names {
            for candidate in names {
                let whole = strsim::normalized_damerau_levenshtein(path, candidate);
                let name = strsim::jaro_winkler(last_segment(path), last_segment(candidate));
                if can_pass(whole, name) {
                    let bound = whole_similarity_bound(path.chars().count(), candidate.chars().count());
                    assert!(can_pass(bound, 1.0) && can_pass(bound, name), "{path} / {candidate}");
                    assert_eq!(closest3(path, &[candidate]), [candidate]);
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
        // One candidate: a look (22), the names (5 × 5) and the whole paths (22 × 22).
        let budget = Budget::with_comparisons(22 + 5 * 5 + 22 * 22);
        let candidates = ["async_std::task::spawn"];
        assert_eq!(closest("async_std::task::spwan", candidates.into_iter(), 3, &budget), candidates);
        assert_eq!(closest("async_std::task::spwan", candidates.into_iter(), 3, &budget), Vec::<&str>::new());
    }
}
