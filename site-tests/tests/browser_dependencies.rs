//! The "Your dependencies" chapter in headless Chromium: its table of crates gets the theme's
//! filter and status toggles, and they show exactly the matching rows.

use serde_json::{Value, json};
use site_tests::browser::{self, Browser, DESKTOP};
use site_tests::{site, static_server};

const CHAPTER: &str = "dependencies.html";

/// Every row of the crates table: id, text, visible, statuses.
async fn rows(browser: &Browser) -> anyhow::Result<Vec<Value>> {
    let rows = browser
        .js(
            "return [...document.querySelectorAll('.apimap-table tbody tr')].map(row => ({
                 id: (row.querySelector('.apimap-row-link') || row).id,
                 text: row.textContent.toLowerCase(),
                 visible: row.getClientRects().length > 0,
                 statuses: [...row.querySelectorAll('.apimap-status')].map(b => b.className.replace(/.*apimap-status-/, '')),
             }));",
            vec![],
        )
        .await?;
    Ok(rows.as_array().cloned().unwrap_or_default())
}

async fn filter_and_toggle(browser: &Browser, base: &str) -> anyhow::Result<()> {
    let artifacts = site::artifacts_dir(env!("CARGO_TARGET_TMPDIR"));
    browser.open(&format!("{base}{CHAPTER}")).await?;
    let all = rows(browser).await?;
    anyhow::ensure!(all.len() >= 35, "the table has {} rows", all.len());
    anyhow::ensure!(all.iter().all(|r| r["visible"] == true), "rows hidden before filtering");
    anyhow::ensure!(all.iter().any(|r| r["id"] == "row-sqlx"), "no row-sqlx anchor: {:?}", all.first());
    browser.screenshot(&artifacts.join("dependencies.png")).await?;

    // Typing a crate name keeps exactly the rows that mention it.
    browser
        .js("document.querySelector('.apimap-controls .apimap-filter').setAttribute('data-under-test', '');", vec![])
        .await?;
    let input = browser.client.find(fantoccini::Locator::Css("[data-under-test]")).await?;
    input.send_keys("sqlx").await?;
    let filtered = rows(browser).await?;
    for row in &filtered {
        let mentions = row["text"].as_str().unwrap_or_default().contains("sqlx");
        anyhow::ensure!(
            (row["visible"] == true) == mentions,
            "`sqlx` typed, row {} visible: {}",
            row["id"],
            row["visible"]
        );
    }
    anyhow::ensure!(filtered.iter().any(|r| r["id"] == "row-sqlx" && r["visible"] == true), "the sqlx row is hidden");
    anyhow::ensure!(filtered.iter().any(|r| r["visible"] == false), "typing `sqlx` hid no row");
    browser.screenshot(&artifacts.join("dependencies-filter-sqlx.png")).await?;
    browser
        .js(
            "const input = document.querySelector('[data-under-test]');
             input.value = '';
             input.dispatchEvent(new Event('input'));",
            vec![],
        )
        .await?;

    // The `none` toggle keeps the crates with no way out for one runtime.
    browser
        .client
        .find(fantoccini::Locator::Css(".apimap-controls .apimap-toggle[data-status='none']"))
        .await?
        .click()
        .await?;
    let toggled = rows(browser).await?;
    for row in &toggled {
        let has_none = row["statuses"].as_array().unwrap().contains(&json!("none"));
        anyhow::ensure!(
            (row["visible"] == true) == has_none,
            "`none` pressed, row {} visible: {}",
            row["id"],
            row["visible"]
        );
    }
    anyhow::ensure!(toggled.iter().any(|r| r["visible"] == true), "no crate has a `none` option");
    Ok(())
}

#[test]
fn the_crates_table_filters_by_text_and_status() {
    let test = "dependencies";
    let Some(tools) = browser::tools_or_skip(test) else { return };
    let artifacts = site::artifacts_dir(env!("CARGO_TARGET_TMPDIR"));
    let base = static_server::serve(site::built_book(env!("CARGO_TARGET_TMPDIR"), "dependencies"));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let browser = Browser::start(&tools, &artifacts.join("profiles").join(test), DESKTOP).await.expect("a browser");
        let result = filter_and_toggle(&browser, &base).await;
        let errors = browser.console_errors().await;
        let _ = browser.close().await;
        if let Err(e) = result {
            panic!("{test}: {e:#}");
        }
        assert_eq!(errors.expect("the browser log"), Vec::<String>::new(), "{test}: console errors");
    });
}
