//! mdBook's own search, as a reader uses it (`?search=` fills the search bar and runs it), finds
//! API paths and bare names. Results per query are written to `target/site-tests/search.tsv`.

use serde_json::{Value, json};
use site_tests::browser::{self, Browser, DESKTOP};
use site_tests::{site, static_server};
use std::time::{Duration, Instant};

/// Queries, each with the page anchor that must be among its results.
const PATHS: [(&str, &str); 4] = [
    ("task::spawn", "api-map/task.html#task-spawn"),
    ("async_std::task::spawn", "api-map/task.html#task-spawn"),
    ("tokio::task::spawn", "api-map/task.html#task-spawn"),
    // Found through the summary's prose ("Spawns a task"), not through the path.
    ("spawn", "api-map/task.html#task-spawn"),
];

/// Bare item names. mdBook indexes `task::spawn_blocking` as one word, and a query only
/// matches words that start with it, so a name that appears only inside paths is not found.
const BARE_NAMES: [(&str, &str); 2] =
    [("spawn_blocking", "api-map/task.html#task-spawn_blocking"), ("JoinHandle", "api-map/task.html#task-JoinHandle")];

async fn results(browser: &Browser, base: &str, query: &str) -> anyhow::Result<Vec<String>> {
    browser.client.goto(&format!("{base}index.html?search={}", query.replace(':', "%3A"))).await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        // The header reads "N search results for …" once the index is loaded and searched. The
        // `?highlight=…` of each result link is dropped: `api-map/task.html#task-spawn`.
        let found: Value = browser
            .js(
                "const header = document.getElementById('mdbook-searchresults-header');
                 if (!header || !/result/.test(header.textContent)) return null;
                 return [...document.querySelectorAll('#mdbook-searchresults a')].map(a => a.getAttribute('href').replace(/\\?[^#]*/, ''));",
                vec![],
            )
            .await?;
        if let Some(hrefs) = found.as_array() {
            return Ok(hrefs.iter().filter_map(|h| h.as_str().map(str::to_string)).collect());
        }
        anyhow::ensure!(Instant::now() < deadline, "no search results header for `{query}`");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs each query in mdBook's search and fails listing the ones whose expected anchor is not
/// among the results; every query and its results go to `target/site-tests/<report>`.
fn search(test: &str, report: &str, queries: &[(&str, &str)]) {
    let Some(tools) = browser::tools_or_skip(test) else { return };
    let artifacts = site::artifacts_dir(env!("CARGO_TARGET_TMPDIR"));
    let base = static_server::serve(site::built_book(env!("CARGO_TARGET_TMPDIR"), "search"));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let browser = Browser::start(&tools, &artifacts.join("profiles").join(test), DESKTOP).await.expect("a browser");
        let mut table = String::from("query\texpected\tfound\tresults\n");
        let mut missing = Vec::new();
        for (query, expected) in queries {
            let hrefs = results(&browser, &base, query).await.expect("search runs");
            let found = hrefs.iter().any(|h| h == expected);
            table.push_str(&format!("{query}\t{expected}\t{found}\t{}\n", hrefs.join(" ")));
            if !found {
                missing.push(json!({ "query": query, "expected": expected, "results": hrefs }));
            }
        }
        let errors = browser.console_errors().await.expect("browser log");
        let _ = browser.close().await;
        let out = artifacts.join(report);
        std::fs::write(&out, &table).unwrap();
        eprintln!("{table}(also in {})", out.display());
        assert_eq!(errors, Vec::<String>::new(), "console errors");
        assert!(missing.is_empty(), "search misses: {}", serde_json::to_string_pretty(&missing).unwrap());
    });
}

#[test]
fn search_finds_api_paths() {
    search("search-paths", "search-paths.tsv", &PATHS);
}

#[test]
fn search_finds_bare_item_names() {
    search("search-names", "search-names.tsv", &BARE_NAMES);
}
