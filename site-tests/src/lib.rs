//! Helpers for the site tests: build the book once per test binary, serve it on 127.0.0.1,
//! and drive headless Chromium through chromedriver.

pub mod browser;
pub mod site;
pub mod static_server;
