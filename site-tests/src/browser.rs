//! Headless Chromium through chromedriver (WebDriver), driven by `fantoccini`.
//!
//! The machine (and CI) has no outside network, so Chromium gets the flags that stop it from
//! phoning home: without them it stalls on refused connections.

use anyhow::{Context, bail};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Chromium and chromedriver, found on this machine.
#[derive(Debug, Clone)]
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// Finds Chromium and chromedriver. Without them: outside CI the caller skips (prints why and
/// passes); under `CI` the browser tests are required, so this panics.
pub fn tools_or_skip(test: &str) -> Option<Tools> {
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
    let chromedriver = find_program(&["chromedriver"]);
    match (chromium, chromedriver) {
        (Some(chromium), Some(chromedriver)) => Some(Tools { chromium, chromedriver }),
        (chromium, chromedriver) => {
            let missing: Vec<&str> = [("chromium", chromium.is_none()), ("chromedriver", chromedriver.is_none())]
                .into_iter()
                .filter_map(|(name, missing)| missing.then_some(name))
                .collect();
            let message =
                format!("{test}: {} not installed (apt-get install chromium chromium-driver)", missing.join(" and "));
            if in_ci() {
                panic!("{message}; CI is set, so the browser tests must run");
            }
            // Straight to the stderr handle: libtest captures `eprintln!`, and a skip should be
            // visible in a normal `cargo test` run.
            let _ = writeln!(std::io::stderr(), "skipping {message}");
            None
        }
    }
}

/// The frame of every browser test: skips without Chromium (see [`tools_or_skip`]); otherwise
/// serves the book that `book` builds, opens a fresh session whose profile goes under
/// `profiles`, runs `body` with it and the site's base URL, and fails if `body` failed or a page
/// logged a console error.
pub fn in_browser(
    test: &str,
    book: impl FnOnce() -> &'static Path,
    profiles: &Path,
    viewport: Viewport,
    body: impl AsyncFnOnce(&Browser, &str) -> anyhow::Result<()>,
) {
    let Some(tools) = tools_or_skip(test) else { return };
    let base = crate::static_server::serve(book());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let browser =
            Browser::start(&tools, &profiles.join(test), viewport).await.expect("a headless Chromium session");
        let result = body(&browser, &base).await;
        let errors = browser.console_errors().await;
        let _ = browser.close().await;
        if let Err(e) = result {
            panic!("{test}: {e:#}");
        }
        assert_eq!(errors.expect("the browser log"), Vec::<String>::new(), "{test}: console errors");
    });
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name))).find(|p| p.is_file())
}

/// Kills chromedriver's whole process group (Chromium and its helpers included) when dropped,
/// also when a test panics, so no browser outlives its test.
struct ProcessGroup(Child);

impl Drop for ProcessGroup {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-KILL").arg("--").arg(format!("-{}", self.0.id())).status();
        let _ = self.0.wait();
    }
}

/// One browser session with its own chromedriver and a fresh profile.
pub struct Browser {
    pub client: Client,
    _driver: ProcessGroup,
    _profile: PathBuf,
}

/// Window size of a session: a desktop, or a phone (375 px wide, like an iPhone SE/mini).
#[derive(Debug, Clone, Copy)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
}

pub const DESKTOP: Viewport = Viewport { width: 1280, height: 900 };
pub const PHONE: Viewport = Viewport { width: 375, height: 740 };

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session. `profile` is
    /// a directory for this session's user data; it is emptied first.
    pub async fn start(tools: &Tools, profile: &Path, viewport: Viewport) -> anyhow::Result<Browser> {
        let _ = std::fs::remove_dir_all(profile);
        std::fs::create_dir_all(profile)?;
        let port = free_port()?;
        let mut command = Command::new(&tools.chromedriver);
        command.arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null());
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let driver = ProcessGroup(command.spawn().with_context(|| format!("start {}", tools.chromedriver.display()))?);

        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        let mut options = json!({
            "binary": tools.chromium,
            "args": chromium_args(profile, viewport),
        });
        if viewport.width < 500 {
            // A window cannot be narrower than 500 px, so a phone is emulated: the viewport
            // width, touch, and `<meta name="viewport">` handled as on a phone.
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": viewport.width, "height": viewport.height, "pixelRatio": 1, "mobile": true, "touch": true }
            });
        }
        capabilities.insert("goog:chromeOptions".into(), options);
        // Console messages and uncaught errors, read back with `console_errors`.
        capabilities.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));

        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new()).capabilities(capabilities.clone()).connect(&url).await {
                Ok(client) => break client,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => bail!("no WebDriver session from chromedriver at {url}: {e}"),
            }
        };
        Ok(Browser { client, _driver: driver, _profile: profile.to_path_buf() })
    }

    /// Runs `script` (a function body; `arguments` are the args) and returns its result.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> anyhow::Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// Loads `url` and waits until the theme script has enhanced the tables (or there are none).
    pub async fn open(&self, url: &str) -> anyhow::Result<()> {
        self.client.goto(url).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let ready = self
                .js("return document.readyState === 'complete' && document.documentElement.dataset.apimapReady === 'true';", vec![])
                .await?;
            if ready == json!(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("{url}: theme/apimap.js did not mark the page ready (html[data-apimap-ready])");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a PNG screenshot of the viewport to `path`.
    pub async fn screenshot(&self, path: &Path) -> anyhow::Result<()> {
        let png = self.client.screenshot().await?;
        std::fs::write(path, png).with_context(|| format!("write {}", path.display()))
    }

    /// Browser-console entries at level SEVERE since the last call (console.error, uncaught
    /// exceptions, failed resource loads). Chromedriver's log endpoint empties the buffer.
    pub async fn console_errors(&self) -> anyhow::Result<Vec<String>> {
        let entries = self.client.issue_cmd(BrowserLog).await?;
        Ok(entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Runs a Chrome DevTools Protocol command (for what WebDriver lacks, such as emulating
    /// print media).
    pub async fn cdp(&self, cmd: &str, params: Value) -> anyhow::Result<Value> {
        Ok(self.client.issue_cmd(Cdp(json!({ "cmd": cmd, "params": params }))).await?)
    }

    pub async fn close(self) -> anyhow::Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

fn chromium_args(profile: &Path, viewport: Viewport) -> Vec<String> {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--force-device-scale-factor=1",
    ]
    .map(String::from)
    .to_vec();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.push(format!("--window-size={},{}", viewport.width, viewport.height));
    args
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Chromedriver's (non-W3C but supported) `POST /session/{id}/se/log`, which fantoccini does
/// not wrap.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": "browser" }).to_string()))
    }
}

/// Chromedriver's `POST /session/{id}/goog/cdp/execute`.
#[derive(Debug)]
struct Cdp(Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}
