//! Builds the book with the in-process preprocessor, the same way `mdbook-apimap build` does,
//! so `cargo test --workspace` needs no installed mdBook.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The book the site tests run against: the real guide at the repository root, or the book at
/// `$SITE_TESTS_BOOK` (to try the theme on another book, such as a copy of the fixture book).
pub fn book_root() -> PathBuf {
    match std::env::var_os("SITE_TESTS_BOOK") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("site-tests sits in the workspace").to_path_buf(),
    }
}

/// Where test artifacts go (`target/site-tests/`), from an integration test's
/// `env!("CARGO_TARGET_TMPDIR")` (`target/tmp`): only tests know where `target/` is.
pub fn artifacts_dir(target_tmpdir: &str) -> PathBuf {
    let dir = Path::new(target_tmpdir).parent().unwrap_or(Path::new(target_tmpdir)).join("site-tests");
    std::fs::create_dir_all(&dir).expect("create target/site-tests");
    dir
}

/// Builds the book once per test binary into `target/site-tests/<name>/book` and returns that
/// directory. Each binary gets its own directory so binaries run in parallel never clobber
/// each other's output.
pub fn built_book(target_tmpdir: &str, name: &str) -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dest = artifacts_dir(target_tmpdir).join(name).join("book");
        build(&book_root(), &dest).unwrap_or_else(|e| panic!("the book at {} builds: {e:#}", book_root().display()));
        dest
    })
}

/// Builds the book at `root` into `dest`.
pub fn build(root: &Path, dest: &Path) -> anyhow::Result<()> {
    let mut book = mdbook_driver::MDBook::load(root)?;
    book.config.build.build_dir = dest.to_path_buf();
    book.with_preprocessor(mdbook_apimap::mdbook::ApiMap);
    book.build()
}
