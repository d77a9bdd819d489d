//! The hostile case (issue 9): a book whose maps, ecosystem entry and inventory carry one payload of each class
//! that passes validation (`fixtures/hostile-book`), built, then read as HTML and as a reader
//! sees it in Chromium: every payload sets `window.__pwned` if it runs, and none may.

use serde_json::{Value, json};
use site_tests::browser::{self, Browser, DESKTOP};
use site_tests::{site, static_server};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// What each payload would set on `window`.
const MARKER: &str = "__pwned";

/// Builds a copy of the fixture with the repository's theme beside it, once per binary.
fn built() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let work = site::artifacts_dir(env!("CARGO_TARGET_TMPDIR")).join("hostile");
        let _ = std::fs::remove_dir_all(&work);
        let root = work.join("book-src");
        copy_dir(&manifest.join("fixtures/hostile-book"), &root);
        copy_dir(&manifest.parent().unwrap().join("theme"), &root.join("theme"));
        let dest = work.join("book");
        site::build(&root, &dest).unwrap_or_else(|e| panic!("the hostile book builds: {e:#}"));
        dest
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every built file with an extension in `extensions`, as (path relative to the book, text).
fn files(extensions: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![built().to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| extensions.iter().any(|x| e == *x)) {
                let name = path.strip_prefix(built()).unwrap().to_string_lossy().into_owned();
                out.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The places where the marker is markup: inside a tag (the last `<` or `>` before it is a
/// `<`) and not inside the quoted value of an `href` (a link target from a note, escaped).
fn markers_in_markup(html: &str) -> Vec<String> {
    html.match_indices(MARKER)
        .filter(|(at, _)| {
            let Some(open) = html[..*at].rfind(['<', '>']).filter(|&i| html.as_bytes()[i] == b'<') else {
                return false;
            };
            let tag = &html[open..*at];
            let in_quoted_value = tag.matches('"').count() % 2 == 1;
            let attribute = tag.rfind("=\"").map(|i| &tag[..i]).and_then(|t| t.rsplit(' ').next());
            !(in_quoted_value && attribute == Some("href"))
        })
        .map(|(at, _)| html[at.saturating_sub(60)..at].to_string())
        .collect()
}

/// Event-handler attributes (` onclick="`, ` onerror=`) anywhere in a page.
fn event_handlers(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for (at, _) in lower.match_indices(" on") {
        let name: String = lower[at + 1..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let inside_tag = lower[..at].rfind(['<', '>']).is_some_and(|i| lower.as_bytes()[i] == b'<');
        let in_quoted_value = inside_tag && {
            let open = lower[..at].rfind('<').unwrap_or(0);
            lower[open..at].matches('"').count() % 2 == 1
        };
        if inside_tag && !in_quoted_value && name.len() > 2 && lower[at + 1 + name.len()..].starts_with('=') {
            found.push(html[at.saturating_sub(40)..(at + 40).min(html.len())].to_string());
        }
    }
    found
}

#[test]
fn payloads_reach_the_pages_as_text_only() {
    let pages = files(&["html"]);
    let task = pages.iter().find(|(name, _)| name == "api-map/task.html").expect("the hostile chapter");
    assert!(task.1.contains(MARKER), "the payloads are on the page (as text)");
    let ecosystem = pages.iter().find(|(name, _)| name == "dependencies.html").expect("the ecosystem chapter");
    assert!(ecosystem.1.contains(MARKER), "the ecosystem payloads are on the page (as text)");
    for (name, html) in &pages {
        assert_eq!(markers_in_markup(html), Vec::<String>::new(), "{name}: a payload became markup");
        assert_eq!(event_handlers(html), Vec::<String>::new(), "{name}: an event-handler attribute");
        assert!(!html.contains("href=\"javascript:"), "{name}: javascript: link");
        assert!(!html.to_ascii_lowercase().contains("<script>window"), "{name}: a script from the data");
    }
    assert!(task.1.contains("<title>Hostile: alert(1)&#x27; -- /script (onerror)"), "the title is escaped text");
}

/// mdBook's searcher inserts breadcrumbs (chapter names and headings) with `innerHTML`.
#[test]
fn search_index_breadcrumbs_carry_no_markup() {
    let (name, js) =
        files(&["js"]).into_iter().find(|(name, _)| name.starts_with("searchindex")).expect("a search index");
    let json = js
        .strip_prefix("window.search = Object.assign(window.search, JSON.parse('")
        .and_then(|rest| rest.strip_suffix("'));"))
        .unwrap_or_else(|| panic!("{name}: unexpected format"))
        .replace("\\'", "'")
        .replace("\\\\", "\\");
    let index: Value = serde_json::from_str(&json).unwrap();
    let mut breadcrumbs = Vec::new();
    collect_breadcrumbs(&index, &mut breadcrumbs);
    assert!(breadcrumbs.iter().any(|b| b.starts_with("API map » Hostile: alert(1)")), "{breadcrumbs:?}");
    let unsafe_ones: Vec<&String> = breadcrumbs.iter().filter(|b| b.contains(['<', '>', '&', '"'])).collect();
    assert_eq!(unsafe_ones, Vec::<&String>::new());
}

fn collect_breadcrumbs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("breadcrumbs", Value::String(text)) => out.push(text.clone()),
                    _ => collect_breadcrumbs(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_breadcrumbs(v, out)),
        _ => {}
    }
}

/// Searches for a word of the payloads, as a reader would, then looks at the page: no payload
/// ran, and no element of the results carries an event handler.
#[test]
fn searching_for_the_payload_runs_nothing() {
    let Some(tools) = browser::tools_or_skip("hostile-search") else { return };
    let artifacts = site::artifacts_dir(env!("CARGO_TARGET_TMPDIR"));
    let base = static_server::serve(built());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let browser =
            Browser::start(&tools, &artifacts.join("profiles").join("hostile-search"), DESKTOP).await.expect("a browser");
        for query in ["onerror", "onload", "src", "Hostile"] {
            browser.client.goto(&format!("{base}api-map/task.html?search={query}")).await.expect("page loads");
            let seen = wait_for_results(&browser, query).await;
            assert!(seen > 0, "`{query}` finds the hostile chapter");
            let state = browser
                .js(
                    "const handlers = [...document.querySelectorAll('#mdbook-searchresults *')]
                         .flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name)).map(a => e.tagName + ' ' + a.name));
                     const injected = [...document.querySelectorAll('#mdbook-searchresults img, #mdbook-searchresults script, #mdbook-searchresults svg')].length;
                     return { pwned: window.__pwned === undefined ? null : String(window.__pwned), handlers, injected };",
                    vec![],
                )
                .await
                .expect("page state");
            assert_eq!(state, json!({ "pwned": null, "handlers": [], "injected": 0 }), "after searching `{query}`");
        }
        // Give any deferred payload (an image's onerror) time to fire, then look again.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let pwned = browser.js("return window.__pwned === undefined;", vec![]).await.expect("page state");
        let _ = browser.screenshot(&artifacts.join("hostile-search.png")).await;
        let _ = browser.close().await;
        assert_eq!(pwned, json!(true), "a payload ran");
    });
}

/// The number of results once mdBook's search has shown them.
async fn wait_for_results(browser: &Browser, query: &str) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = browser
            .js(
                "const header = document.getElementById('mdbook-searchresults-header');
                 if (!header || !/result/.test(header.textContent)) return null;
                 return document.querySelectorAll('#mdbook-searchresults li').length;",
                vec![],
            )
            .await
            .expect("search state");
        if let Some(count) = found.as_u64() {
            return count;
        }
        assert!(Instant::now() < deadline, "no search results header for `{query}`");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[test]
fn the_markup_detectors_see_markup() {
    let payload = "<p>x <img src=x onerror=window.__pwned=1></p>";
    assert_eq!(markers_in_markup(payload).len(), 1);
    assert_eq!(event_handlers(payload).len(), 1);
    let escaped =
        "<a href=\"https://x/&quot;onmouseover=&quot;window.__pwned=1\">a</a> &lt;img onerror=window.__pwned=1&gt;";
    assert_eq!(markers_in_markup(escaped), Vec::<String>::new());
    assert_eq!(event_handlers(escaped), Vec::<String>::new());
}
