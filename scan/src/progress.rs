//! A progress bar on stderr while the project loads and is analysed (only on a terminal, so
//! logs and pipes stay clean).

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

pub struct Progress {
    enabled: bool,
    last_width: Mutex<usize>,
}

impl Progress {
    pub fn new(enabled: bool) -> Progress {
        Progress { enabled: enabled && std::io::stderr().is_terminal(), last_width: Mutex::new(0) }
    }

    /// A step of loading, as rust-analyzer reports it.
    pub fn message(&self, message: &str) {
        self.draw(&format!("loading  {}", one_line(message)));
    }

    /// `done` of `total` crates of the graph resolved (names and trait impls).
    pub fn crates(&self, done: usize, total: usize, current: &str) {
        self.bar("resolving crates", done, total, current);
    }

    /// `done` of `total` files analysed.
    pub fn files(&self, done: usize, total: usize, current: &str) {
        self.bar("analysing files", done, total, current);
    }

    fn bar(&self, what: &str, done: usize, total: usize, current: &str) {
        const WIDTH: usize = 24;
        let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH).min(WIDTH);
        let bar = format!("{}{}", "#".repeat(filled), "-".repeat(WIDTH - filled));
        self.draw(&format!("{what} [{bar}] {done}/{total} {}", one_line(current)));
    }

    pub fn finish(&self) {
        self.draw("");
    }

    fn draw(&self, line: &str) {
        if !self.enabled {
            return;
        }
        let line: String = line.chars().take(100).collect();
        let mut last = self.last_width.lock().unwrap_or_else(|e| e.into_inner());
        let pad = last.saturating_sub(line.chars().count());
        eprint!("\r{line}{}", " ".repeat(pad));
        if line.is_empty() {
            eprint!("\r");
        }
        *last = line.chars().count();
        let _ = std::io::stderr().flush();
    }
}

fn one_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let count = line.chars().count();
    if count > 60 { format!("...{}", line.chars().skip(count - 57).collect::<String>()) } else { line.to_string() }
}
