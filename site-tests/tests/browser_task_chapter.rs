//! The generated `task` chapter (and the cheat sheet) in headless Chromium: what a reader sees
//! and does with the comparison tables. Screenshots go to `target/site-tests/*.png`.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium chromium-driver`);
//! without them these tests print that they skip, except under `CI`, where they fail.

use serde_json::{Value, json};
use site_tests::browser::{self, Browser, DESKTOP, PHONE, Viewport};
use site_tests::site;
use std::path::PathBuf;
use std::sync::Mutex;

const TASK: &str = "api-map/task.html";
const CHEAT_SHEET: &str = "api-map/cheat-sheet.html";
const THEMES: [&str; 5] = ["light", "rust", "coal", "navy", "ayu"];

/// One Chromium at a time: the machine has two cores, and parallel browsers make timings flaky.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

fn artifacts() -> PathBuf {
    site::artifacts_dir(env!("CARGO_TARGET_TMPDIR"))
}

/// One browser at a time (see [`browser::in_browser`]), on the book built for this binary.
fn in_browser(test: &str, viewport: Viewport, body: impl AsyncFnOnce(&Browser, &str) -> anyhow::Result<()>) {
    let _one = ONE_BROWSER.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let book = || site::built_book(env!("CARGO_TARGET_TMPDIR"), "browser");
    browser::in_browser(test, book, &artifacts().join("profiles"), viewport, body);
}

/// The rows of the table that holds `task::spawn`, as the reader sees them.
async fn spawn_table_rows(browser: &Browser) -> anyhow::Result<Vec<Value>> {
    let rows = browser
        .js(
            r#"
            const table = document.getElementById('row-task-spawn').closest('.apimap-table');
            return [...table.querySelectorAll('tbody tr')].map(row => ({
                id: row.querySelector('.apimap-row-link').id,
                text: row.textContent.toLowerCase(),
                visible: row.getClientRects().length > 0,
                statuses: [...row.querySelectorAll('.apimap-status')].map(b => b.className.replace(/.*apimap-status-/, '')),
            }));
            "#,
            vec![],
        )
        .await?;
    Ok(rows.as_array().cloned().unwrap_or_default())
}

/// Marks the filter input or a status toggle of the `task::spawn` table so WebDriver can find it.
async fn mark_control(browser: &Browser, selector: &str) -> anyhow::Result<fantoccini::elements::Element> {
    browser
        .js(
            "const table = document.getElementById('row-task-spawn').closest('.apimap-table');
             table.previousElementSibling.querySelector(arguments[0]).setAttribute('data-under-test', '');",
            vec![json!(selector)],
        )
        .await?;
    Ok(browser.client.find(fantoccini::Locator::Css("[data-under-test]")).await?)
}

#[test]
fn task_chapter_renders_its_table_with_badges() {
    in_browser("renders", DESKTOP, async |browser, base| {
        browser.open(&format!("{base}{TASK}")).await?;
        browser.screenshot(&artifacts().join("task-light.png")).await?;
        let rows = spawn_table_rows(browser).await?;
        anyhow::ensure!(rows.len() >= 3, "the task table has {} rows", rows.len());
        for row in &rows {
            anyhow::ensure!(row["visible"] == true, "row {} is hidden before any filtering", row["id"]);
            anyhow::ensure!(!row["statuses"].as_array().unwrap().is_empty(), "row {} has no status badge", row["id"]);
        }
        let badge = browser
            .js(
                "const b = document.querySelector('.apimap-table .apimap-status');
                 const s = getComputedStyle(b);
                 return { display: s.display, border: s.borderTopStyle, width: b.getBoundingClientRect().width };",
                vec![],
            )
            .await?;
        anyhow::ensure!(badge["display"] == "inline-block" && badge["border"] != "none", "badge unstyled: {badge}");
        let header = browser
            .js("return [...document.querySelectorAll('.apimap-table thead th')].map(th => getComputedStyle(th).position);", vec![])
            .await?;
        anyhow::ensure!(header.as_array().unwrap().iter().all(|p| p == "sticky"), "header cells not sticky: {header}");

        // The other generated pages get the same controls above every table, written by the
        // build (console errors on any of them fail the test too).
        for page in [CHEAT_SHEET, "api-map/tokio-index.html", "api-map/smol-index.html"] {
            browser.open(&format!("{base}{page}")).await?;
            let counts = browser
                .js(
                    "return [document.querySelectorAll('.apimap-table').length,
                             document.querySelectorAll('.apimap-controls .apimap-filter').length,
                             document.querySelectorAll('.apimap-table tbody tr > td:first-child > a.apimap-row-link[id^=\"row-\"]').length,
                             document.querySelectorAll('.apimap-table tbody tr').length];",
                    vec![],
                )
                .await?;
            let [tables, filters, anchored, rows] = [0, 1, 2, 3].map(|i| counts[i].as_u64().unwrap_or(0));
            anyhow::ensure!(tables > 0 && filters == tables, "{page}: {filters} filters for {tables} tables");
            anyhow::ensure!(rows > 0 && anchored == rows, "{page}: {anchored} of {rows} rows have an anchor");
        }
        Ok(())
    });
}

#[test]
fn typing_spawn_in_the_filter_hides_the_other_rows() {
    in_browser("filter", DESKTOP, async |browser, base| {
        browser.open(&format!("{base}{TASK}")).await?;
        mark_control(browser, ".apimap-filter").await?.send_keys("spawn").await?;
        let rows = spawn_table_rows(browser).await?;
        let (shown, hidden): (Vec<&Value>, Vec<&Value>) = rows.iter().partition(|r| r["visible"] == true);
        anyhow::ensure!(!hidden.is_empty(), "typing `spawn` hid no row");
        anyhow::ensure!(shown.iter().any(|r| r["id"] == "row-task-spawn"), "the task::spawn row was hidden");
        for row in &shown {
            anyhow::ensure!(row["text"].as_str().unwrap().contains("spawn"), "row {} shown without `spawn`", row["id"]);
        }
        for row in &hidden {
            anyhow::ensure!(!row["text"].as_str().unwrap().contains("spawn"), "row {} hidden with `spawn`", row["id"]);
        }
        let count =
            browser.js("return document.querySelector('.apimap-controls .apimap-count').textContent;", vec![]).await?;
        anyhow::ensure!(count.as_str().unwrap_or("").contains(" of "), "the row count does not say `N of M`: {count}");
        browser.screenshot(&artifacts().join("task-filter-spawn.png")).await?;
        Ok(())
    });
}

#[test]
fn a_status_toggle_shows_only_rows_with_that_status() {
    in_browser("toggle", DESKTOP, async |browser, base| {
        browser.open(&format!("{base}{TASK}")).await?;
        let before = spawn_table_rows(browser).await?;
        // The status that the fewest rows have, so pressing it must hide some rows.
        let rarest = ["drop-in", "similar", "different", "none"]
            .into_iter()
            .map(|s| (before.iter().filter(|r| r["statuses"].as_array().unwrap().contains(&json!(s))).count(), s))
            .filter(|(n, _)| *n > 0)
            .min()
            .map(|(_, s)| s)
            .ok_or_else(|| anyhow::anyhow!("no status badge in the table"))?;
        let toggle = mark_control(browser, &format!(".apimap-toggle[data-status='{rarest}']")).await?;
        toggle.click().await?;
        anyhow::ensure!(toggle.attr("aria-pressed").await?.as_deref() == Some("true"), "toggle not pressed");
        let rows = spawn_table_rows(browser).await?;
        for row in &rows {
            let has = row["statuses"].as_array().unwrap().contains(&json!(rarest));
            anyhow::ensure!(
                (row["visible"] == true) == has,
                "`{rarest}` pressed, row {} shown: {}",
                row["id"],
                row["visible"]
            );
        }
        browser.screenshot(&artifacts().join(format!("task-toggle-{rarest}.png"))).await?;
        toggle.click().await?;
        let rows = spawn_table_rows(browser).await?;
        anyhow::ensure!(rows.iter().all(|r| r["visible"] == true), "releasing the toggle did not show every row");
        Ok(())
    });
}

#[test]
fn a_row_anchor_scrolls_to_its_row_and_the_link_button_targets_it() {
    in_browser("anchor", Viewport { width: 1280, height: 600 }, async |browser, base| {
        browser.open(&format!("{base}{TASK}")).await?;
        let last = browser
            .js(
                "const links = document.querySelectorAll('.apimap-table tbody .apimap-row-link'); return links[links.length - 1].id;",
                vec![],
            )
            .await?;
        let id = last.as_str().filter(|id| id.starts_with("row-")).ok_or_else(|| anyhow::anyhow!("rows lack ids"))?;
        // A fresh load with the fragment, as when following a shared link.
        browser.open(&format!("{base}{CHEAT_SHEET}")).await?;
        browser.open(&format!("{base}{TASK}#{id}")).await?;
        let seen = browser
            .js(
                "const row = document.getElementById(arguments[0]).closest('tr');
                 const r = row.getBoundingClientRect();
                 // Visible means: the row's centre shows the row, not mdBook's menu bar or the
                 // sticky header row on top of it.
                 const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                 return { targeted: row.matches(':has(:target)'), onTop: row.contains(hit),
                          top: r.top, bottom: r.bottom, height: innerHeight };",
                vec![json!(id)],
            )
            .await?;
        anyhow::ensure!(seen["targeted"] == true, "row {id} not highlighted: {seen}");
        let (top, bottom) = (seen["top"].as_f64().unwrap(), seen["bottom"].as_f64().unwrap());
        anyhow::ensure!(
            top >= 0.0 && bottom <= seen["height"].as_f64().unwrap() && seen["onTop"] == true,
            "row {id} is not in view, or covered: {seen}"
        );
        browser.screenshot(&artifacts().join("task-row-anchor.png")).await?;

        // The "#" button of the first row puts that row's anchor in the address bar (and copies it).
        // Centred first: at the top edge mdBook's menu bar would take the click.
        browser.js("document.getElementById('row-task-spawn').scrollIntoView({ block: 'center' });", vec![]).await?;
        let before = browser.js("return scrollY;", vec![]).await?;
        browser.client.find(fantoccini::Locator::Css("#row-task-spawn")).await?.click().await?;
        let after = browser
            .js(
                "return { hash: location.hash, scrolled: scrollY,
                          copied: document.getElementById('row-task-spawn').dataset.copied || null,
                          targeted: document.getElementById('row-task-spawn').closest('tr').matches(':has(:target)'),
                          others: document.querySelectorAll('.apimap-table tr:has(:target)').length };",
                vec![],
            )
            .await?;
        anyhow::ensure!(after["hash"] == "#row-task-spawn" && after["targeted"] == true, "link button: {after}");
        anyhow::ensure!(after["others"] == 1, "more than one row highlighted: {after}");
        anyhow::ensure!(after["scrolled"] == before, "the page jumped when the link was clicked: {after}");
        Ok(())
    });
}

#[test]
fn the_cheat_sheet_header_row_stays_visible_while_scrolling() {
    in_browser("sticky", Viewport { width: 1280, height: 600 }, async |browser, base| {
        browser.open(&format!("{base}{CHEAT_SHEET}")).await?;
        let seen = browser
            .js(
                "const wrapper = document.querySelector('.apimap-table .table-wrapper');
                 const scrollable = wrapper.scrollHeight > wrapper.clientHeight;
                 // The page scrolled so the table starts just below mdBook's menu bar, then the
                 // table scrolled halfway down.
                 const menu = document.getElementById('mdbook-menu-bar').getBoundingClientRect().height;
                 window.scrollTo(0, wrapper.getBoundingClientRect().top + scrollY - menu - 4);
                 wrapper.scrollTop = wrapper.scrollHeight / 2;
                 const th = wrapper.querySelector('thead th');
                 const head = th.getBoundingClientRect();
                 const box = wrapper.getBoundingClientRect();
                 const hit = document.elementFromPoint(head.left + head.width / 2, head.top + head.height / 2);
                 return { scrollable, scrolled: wrapper.scrollTop, headTop: head.top, boxTop: box.top,
                          headerShows: th.contains(hit) };",
                vec![],
            )
            .await?;
        if seen["scrollable"] == false {
            // Only a long table has anything to scroll; the fixture book's cheat sheet is short.
            eprintln!("sticky: the cheat sheet fits on screen; nothing to scroll");
            return Ok(());
        }
        anyhow::ensure!(seen["scrolled"].as_f64().unwrap() > 0.0, "the table did not scroll: {seen}");
        let (head, top) = (seen["headTop"].as_f64().unwrap(), seen["boxTop"].as_f64().unwrap());
        anyhow::ensure!(
            (head - top).abs() <= 2.0 && seen["headerShows"] == true,
            "the header row scrolled away: {seen}"
        );
        browser.screenshot(&artifacts().join("cheat-sheet-scrolled.png")).await?;
        Ok(())
    });
}

/// WCAG contrast of a badge's text against what is behind it (its tint over the page), and the
/// border colours of the statuses, in the current theme.
const BADGE_COLOURS: &str = r#"
    const parse = (c) => {
        const srgb = c.match(/color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)/);
        if (srgb) return [srgb[1] * 255, srgb[2] * 255, srgb[3] * 255, srgb[4] === undefined ? 1 : +srgb[4]];
        const m = c.match(/rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)/);
        return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
    };
    const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3]));
    const luminance = (rgb) => rgb.map(v => v / 255).map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    // What is painted behind an element: its ancestors' backgrounds, composited from the page up.
    const behind = (el) => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
        return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255]);
    };
    const badges = [...document.querySelectorAll('.apimap-legend .apimap-status')];
    return {
        theme: document.documentElement.className,
        badges: badges.map(b => {
            const s = getComputedStyle(b);
            return { text: b.textContent, border: s.borderTopColor, contrast: contrast(parse(s.color).slice(0, 3), behind(b)) };
        }),
    };
"#;

#[test]
fn badges_are_readable_in_all_five_themes() {
    in_browser("themes", DESKTOP, async |browser, base| {
        for theme in THEMES {
            browser.open(&format!("{base}{TASK}")).await?;
            browser.js("localStorage.setItem('mdbook-theme', arguments[0]);", vec![json!(theme)]).await?;
            browser.open(&format!("{base}{TASK}")).await?;
            let seen = browser.js(BADGE_COLOURS, vec![]).await?;
            anyhow::ensure!(
                seen["theme"].as_str().unwrap().split(' ').any(|c| c == theme),
                "theme not applied: {seen}"
            );
            let badges = seen["badges"].as_array().unwrap();
            anyhow::ensure!(!badges.is_empty(), "{theme}: no legend badges");
            for badge in badges {
                anyhow::ensure!(
                    badge["contrast"].as_f64().unwrap() >= 4.5,
                    "{theme}: badge text contrast below 4.5: {badge}"
                );
            }
            let mut borders: Vec<&str> = badges.iter().map(|b| b["border"].as_str().unwrap()).collect();
            borders.sort_unstable();
            borders.dedup();
            anyhow::ensure!(borders.len() == badges.len(), "{theme}: two statuses share a colour: {seen}");
            browser.screenshot(&artifacts().join(format!("task-{theme}.png"))).await?;
        }
        Ok(())
    });
}

#[test]
fn a_375_px_screen_scrolls_the_table_not_the_page() {
    in_browser("phone", PHONE, async |browser, base| {
        for page in [TASK, CHEAT_SHEET] {
            browser.open(&format!("{base}{page}")).await?;
            let seen = browser
                .js(
                    "const wrappers = [...document.querySelectorAll('.apimap-table .table-wrapper')];
                     return { width: innerWidth, page: document.documentElement.scrollWidth,
                              tables: wrappers.map(w => ({ scroll: w.scrollWidth, client: w.clientWidth,
                                                            right: w.getBoundingClientRect().right })) };",
                    vec![],
                )
                .await?;
            let width = seen["width"].as_f64().unwrap();
            anyhow::ensure!(width <= 400.0, "the window is {width} px wide, not a phone's");
            anyhow::ensure!(seen["page"].as_f64().unwrap() <= width, "{page}: the page scrolls sideways: {seen}");
            for table in seen["tables"].as_array().unwrap() {
                anyhow::ensure!(table["right"].as_f64().unwrap() <= width + 0.5, "{page}: a table sticks out: {seen}");
            }
            browser.js("document.querySelector('.apimap-controls').scrollIntoView();", vec![]).await?;
            let name = page.trim_start_matches("api-map/").trim_end_matches(".html");
            browser.screenshot(&artifacts().join(format!("{name}-375px.png"))).await?;
        }
        Ok(())
    });
}

#[test]
fn print_shows_every_row_without_the_controls() {
    in_browser("print", DESKTOP, async |browser, base| {
        browser.open(&format!("{base}{TASK}")).await?;
        browser.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" })).await?;
        let seen = browser
            .js(
                "const wrapper = document.querySelector('.apimap-table .table-wrapper');
                 const badge = getComputedStyle(document.querySelector('.apimap-table .apimap-status'));
                 return { controls: getComputedStyle(document.querySelector('.apimap-controls')).display,
                          overflow: getComputedStyle(wrapper).overflowY,
                          clipped: wrapper.scrollHeight > wrapper.clientHeight + 1,
                          badgeText: badge.color, badgeBorder: badge.borderTopColor };",
                vec![],
            )
            .await?;
        anyhow::ensure!(seen["controls"] == "none", "print shows the filter controls: {seen}");
        anyhow::ensure!(seen["overflow"] == "visible" && seen["clipped"] == false, "print clips the table: {seen}");
        anyhow::ensure!(seen["badgeText"] == "rgb(0, 0, 0)", "print badges are not black on white: {seen}");
        browser.screenshot(&artifacts().join("task-print.png")).await?;
        Ok(())
    });
}

#[test]
fn at_1400_px_the_tables_use_the_width_and_the_prose_keeps_its_measure() {
    in_browser("wide", Viewport { width: 1400, height: 900 }, async |browser, base| {
        for page in [TASK, CHEAT_SHEET] {
            browser.open(&format!("{base}{page}")).await?;
            let seen = browser
                .js(
                    "const wrapper = document.querySelector('.apimap-table .table-wrapper');
                     const box = wrapper.getBoundingClientRect();
                     const text = document.querySelector('main > p').getBoundingClientRect();
                     const last = wrapper.querySelector('thead th:last-child').getBoundingClientRect();
                     return { width: innerWidth, page: document.documentElement.scrollWidth,
                              left: box.left, right: box.right, table: box.width, prose: text.width,
                              lastRight: last.right, scroll: wrapper.scrollWidth, client: wrapper.clientWidth };",
                    vec![],
                )
                .await?;
            let num = |k: &str| seen[k].as_f64().unwrap_or(f64::NAN);
            anyhow::ensure!(num("prose") <= 751.0, "{page}: the prose is wider than mdBook's measure: {seen}");
            anyhow::ensure!(num("table") > num("prose") + 50.0, "{page}: the table does not use the width: {seen}");
            anyhow::ensure!(num("page") <= num("width"), "{page}: the page scrolls sideways: {seen}");
            anyhow::ensure!(
                num("scroll") <= num("client") + 1.0 && num("lastRight") <= num("right") + 1.0,
                "{page}: the last column is cut: {seen}"
            );
            let name = page.trim_start_matches("api-map/").trim_end_matches(".html");
            browser.screenshot(&artifacts().join(format!("{name}-1400px.png"))).await?;
        }
        Ok(())
    });
}

/// Layout shift while each generated page loads, as Chromium reports it (the Layout Instability
/// API Lighthouse reads): the tables' controls and anchors are in the HTML, so nothing in the
/// content moves. Fonts and styles are cached first, as on any page after the first one: a late
/// web font (mdBook's) reflows text on a busy machine, and that is not what this test is about.
/// Shifts of mdBook's sidebar are reported, not counted.
#[test]
fn generated_pages_do_not_shift_while_loading() {
    in_browser("shift", DESKTOP, async |browser, base| {
        for page in [TASK, CHEAT_SHEET] {
            browser.open(&format!("{base}{page}")).await?;
        }
        let mut shifts = Vec::new();
        for page in [
            "index.html",
            TASK,
            CHEAT_SHEET,
            "api-map/io.html",
            "api-map/tokio-index.html",
            "api-map/smol-index.html",
            "api-map/coverage.html",
        ] {
            browser.open(&format!("{base}{page}")).await?;
            let cls = browser
                .js(
                    "return await new Promise(done => {
                         let sum = 0;
                         const moved = [];
                         const name = (n) => !n ? '?' : n.nodeType !== 1 ? n.nodeName
                             : n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (n.className && typeof n.className === 'string' ? '.' + n.className.split(' ').join('.') : '');
                         new PerformanceObserver(list => {
                             for (const e of list.getEntries()) {
                                 const content = (e.sources || []).some(s => s.node && document.getElementById('mdbook-content').contains(s.node));
                                 if (e.hadRecentInput || !content) continue;
                                 sum += e.value;
                                 for (const s of e.sources || []) moved.push(name(s.node) + ' ' + Math.round(s.previousRect.y) + '→' + Math.round(s.currentRect.y) + ' @' + Math.round(e.startTime));
                             }
                         }).observe({ type: 'layout-shift', buffered: true });
                         setTimeout(() => done({ cls: sum, moved: moved.slice(0, 8) }), 300);
                     });",
                    vec![],
                )
                .await?;
            shifts.push((page, cls["cls"].as_f64().unwrap_or(f64::NAN), cls["moved"].clone()));
        }
        eprintln!("layout shift per page: {shifts:?}");
        let over: Vec<_> =
            shifts.iter().filter(|(page, cls, _)| *page != "index.html" && (cls.is_nan() || *cls >= 0.02)).collect();
        anyhow::ensure!(over.is_empty(), "layout shift of 0.02 or more: {over:?}");
        Ok(())
    });
}

/// The cheat sheet's filter and the search's API answer read the same index: for a query that
/// names an API, the rows the filter shows are exactly the entries the search finds.
#[test]
fn the_cheat_sheet_filter_and_the_search_agree() {
    in_browser("agree", DESKTOP, async |browser, base| {
        browser.open(&format!("{base}{CHEAT_SHEET}")).await?;
        for query in ["spawn_blocking", "File::open", "tokio::sync::mutex", "JoinHandle"] {
            let filter = browser.client.find(fantoccini::Locator::Css(".apimap-filter")).await?;
            filter.clear().await?;
            filter.send_keys(query).await?;
            let seen = browser
                .js(
                    "const index = await window.apimapIndex();
                     const url = (u) => new URL(u, location.href).href;
                     const searched = index.search(arguments[0]).filter(r => r.how === 'entry')
                         .map(r => url(path_to_root + r.url)).sort();
                     const shown = [...document.querySelectorAll('.apimap-table tbody tr')]
                         .filter(row => !row.hidden)
                         .map(row => row.cells[0].querySelector('a:not(.apimap-row-link)').href).sort();
                     return { searched, shown, count: document.querySelector('.apimap-count').textContent };",
                    vec![json!(query)],
                )
                .await?;
            anyhow::ensure!(!seen["shown"].as_array().unwrap().is_empty(), "`{query}`: no row shown: {seen}");
            anyhow::ensure!(seen["searched"] == seen["shown"], "`{query}`: the filter and the search disagree: {seen}");
        }
        Ok(())
    });
}
