//! The site's search, as a reader uses it (`?search=` fills mdBook's search bar and runs it):
//! a query that names an API, in any of the forms found in code, lands on its entry FIRST (the
//! API answer from theme/apimap.js, above mdBook's full-text results); arrows and Enter move
//! through the answers; a query that names nothing gets no API answer. Every query, its first
//! results and the time the API search took in the browser go to `target/site-tests/search.tsv`.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{Value, json};
use site_tests::browser::{self, Browser, DESKTOP};
use site_tests::site;
use std::time::{Duration, Instant};

/// Each query, with the page and anchor its first result must link to.
const FIRST_RESULT: [(&str, &str); 49] = [
    // Full paths and suffixes of async-std paths.
    ("async_std::task::spawn", "api-map/task.html#task-spawn"),
    ("task::spawn", "api-map/task.html#task-spawn"),
    ("spawn", "api-map/task.html#task-spawn"),
    ("async_std::sync::Mutex", "api-map/sync.html#sync-Mutex"),
    ("sync::Mutex", "api-map/sync.html#sync-Mutex"),
    ("Mutex", "api-map/sync.html#sync-Mutex"),
    ("TcpStream::clone", "api-map/net.html#net-TcpStream-clone"),
    ("net::TcpStream::clone", "api-map/net.html#net-TcpStream-clone"),
    ("File::open", "api-map/fs.html#fs-File-open"),
    ("async_std::fs::File::open", "api-map/fs.html#fs-File-open"),
    ("Cursor::new", "api-map/io.html#io-Cursor-new"),
    ("TcpListener::bind", "api-map/net.html#auto-net-TcpListener-bind"),
    ("fs::read_to_string", "api-map/fs.html#fs-read_to_string"),
    ("channel::bounded", "api-map/channel.html#channel-bounded"),
    ("future::timeout", "api-map/future.html#future-timeout"),
    ("task::sleep", "api-map/task.html#task-sleep"),
    ("io::BufReader", "api-map/io.html#io-BufReader"),
    ("process::Command", "api-map/process.html#process-Command"),
    ("RwLock", "api-map/sync.html#sync-RwLock"),
    // Bare item and member names.
    ("spawn_blocking", "api-map/task.html#task-spawn_blocking"),
    ("JoinHandle", "api-map/task.html#task-JoinHandle"),
    ("block_on", "api-map/task.html#task-block_on"),
    ("yield_now", "api-map/task.html#task-yield_now"),
    ("spawn_local", "api-map/task.html#task-spawn_local"),
    // As written in code: a call, a macro, a leading `::`, a typo.
    ("task::spawn_blocking()", "api-map/task.html#task-spawn_blocking"),
    ("::async_std::task::block_on", "api-map/task.html#task-block_on"),
    ("task::spawn_bloking", "api-map/task.html#task-spawn_blocking"),
    // Tokio paths: the async-std entries that map to them.
    ("tokio::task::spawn_blocking", "api-map/task.html#task-spawn_blocking"),
    ("tokio::task::JoinHandle", "api-map/task.html#task-JoinHandle"),
    ("tokio::net::TcpListener::bind", "api-map/net.html#auto-net-TcpListener-bind"),
    ("tokio::fs::read_to_string", "api-map/fs.html#fs-read_to_string"),
    ("tokio::sync::RwLock", "api-map/sync.html#sync-RwLock"),
    ("tokio::task::yield_now", "api-map/task.html#task-yield_now"),
    // smol paths.
    ("smol::block_on", "api-map/task.html#task-block_on"),
    ("smol::unblock", "api-map/task.html#task-spawn_blocking"),
    ("smol::fs::read_to_string", "api-map/fs.html#fs-read_to_string"),
    ("smol::net::TcpListener::bind", "api-map/net.html#auto-net-TcpListener-bind"),
    ("smol::future::yield_now", "api-map/task.html#task-yield_now"),
    // Members of std types that async-std re-exports: the type's entry (keep using std).
    ("io::ErrorKind::AlreadyExists", "api-map/io.html#io-ErrorKind"),
    ("ErrorKind::AlreadyExists", "api-map/io.html#io-ErrorKind"),
    ("path::Component::Normal", "api-map/path.html#path-Component"),
    ("Component::Normal", "api-map/path.html#path-Component"),
    ("sync::Arc::get_mut", "api-map/sync.html#sync-Arc"),
    ("fs::Permissions::from_mode", "api-map/fs.html#fs-Permissions"),
    ("process::Stdio::inherit", "api-map/process.html#process-Stdio"),
    ("std::io::ErrorKind::AlreadyExists", "api-map/io.html#io-ErrorKind"),
    // Members matched automatically: their line in the type's section.
    ("io::Write::poll_flush", "api-map/io.html#auto-io-Write-poll_flush"),
    ("Write::poll_flush", "api-map/io.html#auto-io-Write-poll_flush"),
    ("tokio::net::TcpListener::local_addr", "api-map/net.html#auto-net-TcpListener-local_addr"),
];

/// The results of `query` once mdBook has searched and theme/apimap.js has added (or decided not
/// to add) its answer: hrefs without mdBook's `?highlight=…`, which ones are API answers, and
/// how long the API search took in the page.
async fn results(browser: &Browser, base: &str, query: &str) -> anyhow::Result<Value> {
    let encoded: String = url::form_urlencoded::byte_serialize(query.as_bytes()).collect();
    browser.client.goto(&format!("{base}index.html?search={encoded}")).await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found: Value = browser
            .js(
                "const header = document.getElementById('mdbook-searchresults-header');
                 const list = document.getElementById('mdbook-searchresults');
                 if (!header || !/result/.test(header.textContent) || list.dataset.apimapQuery !== arguments[0]) return null;
                 const items = [...list.children];
                 return { hrefs: items.map(li => li.querySelector('a').getAttribute('href').replace(/\\?[^#]*/, '')),
                          api: items.map(li => li.classList.contains('apimap-hit')),
                          ms: list.dataset.apimapMs || '', header: header.textContent };",
                vec![json!(query)],
            )
            .await?;
        if !found.is_null() {
            return Ok(found);
        }
        anyhow::ensure!(Instant::now() < deadline, "no search results (or no API answer) for `{query}`");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn in_browser(test: &str, body: impl AsyncFnOnce(&Browser, &str) -> anyhow::Result<()>) {
    let book = || site::built_book(env!("CARGO_TARGET_TMPDIR"), "search");
    let profiles = site::artifacts_dir(env!("CARGO_TARGET_TMPDIR")).join("profiles");
    browser::in_browser(test, book, &profiles, DESKTOP, body);
}

#[test]
fn every_form_of_an_api_name_lands_on_its_entry_first() {
    in_browser("search-first", async |browser, base| {
        let mut table = String::from("query\texpected\tfirst\tapi search (ms)\tresults\n");
        let mut wrong = Vec::new();
        for (query, expected) in FIRST_RESULT {
            let found = results(browser, base, query).await?;
            let hrefs: Vec<&str> = found["hrefs"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
            let first = hrefs.first().copied().unwrap_or("(none)");
            let shown: Vec<&str> = hrefs.iter().take(5).copied().collect();
            table.push_str(&format!(
                "{query}\t{expected}\t{first}\t{}\t{}\n",
                found["ms"].as_str().unwrap_or(""),
                shown.join(" ")
            ));
            if first != expected || found["api"][0] != true {
                wrong.push(json!({ "query": query, "expected": expected, "results": shown }));
            }
        }
        // The API search alone, in the page, once the index is loaded and the code warm: every
        // query of the table 20 times. Measured, not asserted.
        let queries: Vec<&str> = FIRST_RESULT.iter().map(|(q, _)| *q).collect();
        let timing = browser
            .js(
                "const index = await window.apimapIndex();
                 const start = performance.now();
                 for (let round = 0; round < 20; round++) for (const q of arguments[0]) index.search(q);
                 return { perQueryMs: (performance.now() - start) / (20 * arguments[0].length),
                          records: index.records.length };",
                vec![json!(queries)],
            )
            .await?;
        table.push_str(&format!("# warm API search: {timing}\n"));
        let out = site::artifacts_dir(env!("CARGO_TARGET_TMPDIR")).join("search.tsv");
        std::fs::write(&out, &table)?;
        eprintln!("{table}(also in {})", out.display());
        anyhow::ensure!(wrong.is_empty(), "not first: {}", serde_json::to_string_pretty(&wrong)?);
        Ok(())
    });
}

/// mdBook's full-text results stay, below the API answer.
#[test]
fn the_api_answer_comes_above_mdbooks_results_which_stay() {
    in_browser("search-both", async |browser, base| {
        let found = results(browser, base, "spawn_blocking").await?;
        let api: Vec<bool> = found["api"].as_array().unwrap().iter().map(|v| v == true).collect();
        let answers = api.iter().take_while(|a| **a).count();
        anyhow::ensure!(answers >= 1, "no API answer: {found}");
        anyhow::ensure!(api[answers..].iter().all(|a| !a), "API answers mixed into mdBook's results: {found}");
        anyhow::ensure!(api.len() > answers, "mdBook's own results are gone: {found}");
        Ok(())
    });
}

#[test]
fn a_query_that_names_nothing_gets_no_api_answer() {
    in_browser("search-none", async |browser, base| {
        for query in ["Frobnicator::quux", "zzyzx"] {
            let found = results(browser, base, query).await?;
            anyhow::ensure!(found["api"].as_array().unwrap().iter().all(|a| a != true), "`{query}`: {found}");
        }
        // Prose is not an API name: mdBook answers alone.
        let found = results(browser, base, "how to cancel a task").await?;
        anyhow::ensure!(found["api"].as_array().unwrap().iter().all(|a| a != true), "prose query: {found}");
        Ok(())
    });
}

async fn press(browser: &Browser, key: Key) -> anyhow::Result<()> {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key.into() })
        .then(KeyAction::Up { value: key.into() });
    browser.client.perform_actions(keys).await?;
    Ok(())
}

/// mdBook's own keys work on the API answers: ↓ from the search bar focuses the first, ↓ and ↑
/// move, Enter follows.
#[test]
fn arrows_and_enter_move_through_the_api_answers() {
    in_browser("search-keys", async |browser, base| {
        let found = results(browser, base, "spawn_blocking").await?;
        anyhow::ensure!(found["hrefs"].as_array().unwrap().len() >= 2, "need two results: {found}");
        let focused = async || -> anyhow::Result<Value> {
            browser
                .js(
                    "const li = document.querySelector('#mdbook-searchresults li.focus');
                     return li ? [...li.parentNode.children].indexOf(li) : null;",
                    vec![],
                )
                .await
        };
        browser.js("document.getElementById('mdbook-searchbar').focus();", vec![]).await?;
        press(browser, Key::Down).await?;
        anyhow::ensure!(focused().await? == json!(0), "↓ from the search bar: {}", focused().await?);
        press(browser, Key::Down).await?;
        anyhow::ensure!(focused().await? == json!(1), "↓: {}", focused().await?);
        press(browser, Key::Up).await?;
        anyhow::ensure!(focused().await? == json!(0), "↑: {}", focused().await?);
        press(browser, Key::Enter).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = browser.client.current_url().await?;
            if url.path().ends_with("api-map/task.html") && url.fragment() == Some("task-spawn_blocking") {
                break;
            }
            anyhow::ensure!(Instant::now() < deadline, "Enter did not open the entry: {url}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    });
}
