//! Errors a person can act on: one line each, and a distinct exit code.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum ScanError {
    /// No Cargo.toml where the project was looked for.
    NoManifest(PathBuf),
    /// `cargo metadata` rejected the workspace.
    Metadata(String),
    /// Dependencies are not in cargo's cache yet (the scan runs offline).
    NotFetched(PathBuf),
    /// async-std is not in the dependency graph (with the features asked for).
    NoAsyncStd(PathBuf),
    /// rust-analyzer could not load the workspace.
    Load(String),
    /// The report could not be written.
    Output(String),
}

impl ScanError {
    /// Exit codes: 1 is `--fail-on`, 2 is a usage error (clap); these are the others.
    pub fn exit_code(&self) -> u8 {
        match self {
            ScanError::NoManifest(_) => 3,
            ScanError::Metadata(_) => 4,
            ScanError::NotFetched(_) => 5,
            ScanError::NoAsyncStd(_) => 6,
            ScanError::Load(_) => 7,
            ScanError::Output(_) => 8,
        }
    }
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::NoManifest(path) => {
                write!(f, "no Cargo.toml in `{}`: point `cargo apimap scan` at a Cargo project", path.display())
            }
            ScanError::Metadata(message) => write!(f, "cargo metadata failed: {message}"),
            ScanError::NotFetched(path) => write!(
                f,
                "the dependencies of `{}` are not fetched: run `cargo fetch` there first (the scan never downloads)",
                path.display()
            ),
            ScanError::NoAsyncStd(path) => write!(
                f,
                "no async-std in the dependency graph of `{}` with these features: nothing to migrate (try --all-features)",
                path.display()
            ),
            ScanError::Load(message) => {
                write!(f, "rust-analyzer could not load the workspace: {}", message.lines().next().unwrap_or_default())
            }
            ScanError::Output(message) => write!(f, "cannot write the report: {message}"),
        }
    }
}

impl std::error::Error for ScanError {}
