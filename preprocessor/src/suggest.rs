//! "Did you mean" suggestions: the closest existing paths to a misspelled one.

/// Up to `limit` candidates closest to `path`, best first. Scores the whole path and its last
/// segment separately, so a shared crate prefix (`async_std::`) does not make everything close.
pub fn closest<'a>(path: &str, candidates: impl Iterator<Item = &'a str>, limit: usize) -> Vec<&'a str> {
    let last = last_segment(path);
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|candidate| {
            let whole = strsim::normalized_damerau_levenshtein(path, candidate);
            let name = strsim::jaro_winkler(last, last_segment(candidate));
            (whole * 0.5 + name * 0.5, candidate)
        })
        .filter(|(score, _)| *score > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(limit).map(|(_, p)| p).collect()
}

fn last_segment(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn prefers_the_same_name_over_the_same_prefix() {
        let candidates = ["async_std::sync::Condvar", "async_std::task::spawn", "async_std::task::spawn_local"];
        assert_eq!(closest("async_std::task::spwan", candidates.into_iter(), 3)[0], "async_std::task::spawn");
    }

    #[test]
    fn nothing_close_means_no_suggestion() {
        assert_eq!(closest("tokio::net::TcpStream", ["tokio::task::spawn"].into_iter(), 3), Vec::<&str>::new());
    }
}
