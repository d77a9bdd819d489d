//! Stage timings for `cargo xtask bench`. With `APIMAP_TIMINGS=1` in the environment the
//! preprocessor prints how long each stage took, its peak memory and its CPU time, to stderr. Off by default;
//! timings are measured, never asserted (they are not tests).

use std::time::{Duration, Instant};

/// The environment variable that turns the report on.
pub const ENV: &str = "APIMAP_TIMINGS";

/// The prefix of every report line on stderr, so tools can pick the lines out of mdBook's log.
pub const LINE_PREFIX: &str = "apimap-timing:";

/// How long one stage took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    pub name: &'static str,
    pub elapsed: Duration,
}

/// Records consecutive stages: each lap is the time since the previous one.
#[derive(Debug, Clone)]
pub struct Stopwatch {
    last: Instant,
    pub stages: Vec<Stage>,
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch::start()
    }
}

impl Stopwatch {
    pub fn start() -> Self {
        Stopwatch { last: Instant::now(), stages: Vec::new() }
    }

    /// Ends the current stage.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push(Stage { name, elapsed: now - self.last });
        self.last = now;
    }

    /// Takes over the stages another stopwatch measured since this one's last lap.
    pub fn append(&mut self, other: Stopwatch) {
        self.stages.extend(other.stages);
        self.last = other.last;
    }
}

/// Whether `APIMAP_TIMINGS` asks for the report.
pub fn enabled() -> bool {
    std::env::var_os(ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// One `apimap-timing: <stage> <milliseconds>` line per stage, then the peak memory when the
/// platform tells it (`peak-rss-kib`).
pub fn report(stages: &[Stage]) -> String {
    let mut out = String::new();
    for stage in stages {
        out.push_str(&format!("{LINE_PREFIX} {} {:.3}\n", stage.name, stage.elapsed.as_secs_f64() * 1000.0));
    }
    if let Some(kib) = peak_rss_kib() {
        out.push_str(&format!("{LINE_PREFIX} peak-rss-kib {kib}\n"));
    }
    if let Some(ms) = cpu_ms() {
        out.push_str(&format!("{LINE_PREFIX} cpu-ms {ms}\n"));
    }
    out
}

/// The process's CPU time so far, user + system, all threads (also those that ended), in
/// milliseconds: on a shared machine it is disturbed far less than wall time. Linux counts it
/// in clock ticks (`utime`, `stime` in /proc/self/stat), 10 ms each on every usual kernel.
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may contain spaces; the fields after it cannot.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10)
}

/// Prints the report to stderr if `APIMAP_TIMINGS` asks for it.
pub fn print_if_enabled(stages: &[Stage]) {
    if enabled() {
        eprint!("{}", report(stages));
    }
}

/// The process's peak resident memory (Linux: `VmHWM` in /proc/self/status).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_has_one_line_per_stage_in_order() {
        let stages = [
            Stage { name: "load", elapsed: Duration::from_micros(1500) },
            Stage { name: "check", elapsed: Duration::from_millis(2) },
        ];
        let report = report(&stages);
        let lines: Vec<&str> = report.lines().take(2).collect();
        assert_eq!(lines, ["apimap-timing: load 1.500", "apimap-timing: check 2.000"]);
    }

    #[test]
    fn laps_follow_each_other() {
        let mut clock = Stopwatch::start();
        clock.lap("a");
        clock.lap("b");
        let names: Vec<&str> = clock.stages.iter().map(|s| s.name).collect();
        assert_eq!(names, ["a", "b"]);
    }
}
