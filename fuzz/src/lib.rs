//! What the fuzz targets share: the book they pretend to build (real inventories, pinned
//! crates), a generator of hostile maps, and the check that rendered HTML runs no script.

pub mod html_safety;
pub mod map_gen;

use mdbook_apimap::config::ApimapConfig;
use mdbook_apimap::inventory::{self, CrateInventory, Inventories, InventoryFile};
use mdbook_apimap::load::{self, Loaded};
use mdbook_apimap::pipeline::{self, Analysis, GeneratedChapter};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// The repository root (the fuzz crate's parent folder).
pub fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The inventories of the fixture book: a few rows per crate, so that resolving, coverage and
/// rendering take microseconds, not the milliseconds of the real 5 MB.
const FIXTURE_INVENTORIES: [(&str, &str, &str); 5] = [
    ("async-lock", "3.5.0", include_str!("../../preprocessor/tests/fixtures/book/inventories/async-lock-3.5.0.tsv")),
    ("async-std", "1.13.2", include_str!("../../preprocessor/tests/fixtures/book/inventories/async-std-1.13.2.tsv")),
    ("smol", "2.0.2", include_str!("../../preprocessor/tests/fixtures/book/inventories/smol-2.0.2.tsv")),
    ("std", "", include_str!("../../preprocessor/tests/fixtures/book/inventories/std.tsv")),
    ("tokio", "1.54.1", include_str!("../../preprocessor/tests/fixtures/book/inventories/tokio-1.54.1.tsv")),
];

/// The fixture inventories with `extra_tokio_rows` (TSV lines) appended to tokio's, loaded the
/// way a build loads them; `None` when a row is invalid, since a build would then stop.
pub fn inventories(extra_tokio_rows: &str) -> Option<Inventories> {
    let mut inventories = Inventories::default();
    for (crate_name, version, text) in FIXTURE_INVENTORIES {
        let text = if crate_name == "tokio" { format!("{text}{extra_tokio_rows}") } else { text.to_owned() };
        let name = format!("inventories/{crate_name}{}{version}.tsv", if version.is_empty() { "" } else { "-" });
        let (items, problems) = inventory::parse_tsv(&InventoryFile { name: &name, crate_name, version }, &text);
        if !problems.is_empty() {
            return None;
        }
        inventories.insert(CrateInventory::new(crate_name, version, items));
    }
    Some(inventories)
}

/// The settings of the real book (book.toml), with an edit link so that it is rendered too.
pub fn config() -> ApimapConfig {
    static CONFIG: OnceLock<ApimapConfig> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let book = include_str!("../../book.toml");
            let mut config = mdbook_apimap::config::from_book_toml(book).expect("book.toml is valid");
            config.edit_url_template = Some("https://github.com/o/r/edit/main/{path}#L{line}".into());
            config
        })
        .clone()
}

/// Hand-written chapters a map may link to.
pub fn chapters() -> BTreeMap<String, String> {
    ["api-map.md", "tasks.md", "intro.md"].into_iter().map(|c| (c.to_owned(), String::new())).collect()
}

/// Load (one file, as `api-maps/<stem>.yaml`), check, resolve against `inventories`.
pub fn analyze_text(stem: &str, text: &str, inventories: &Inventories) -> Analysis {
    let mut loaded = Loaded::default();
    loaded.add_text(format!("api-maps/{stem}.yaml"), text.to_owned(), &config().target_keys());
    pipeline::analyze_loaded(loaded, inventories, Vec::new(), &config(), &chapters())
}

/// The chapters a build would add for this analysis.
pub fn generate(analysis: &Analysis) -> Vec<GeneratedChapter> {
    let config = config();
    let options = mdbook_apimap::render::RenderOptions::from_config(&config);
    pipeline::generate(&analysis.book, &analysis.coverage, &config, &options)
}

/// The real maps, for the generator's pool of realistic text.
pub fn real_maps() -> &'static Loaded {
    static MAPS: OnceLock<Loaded> = OnceLock::new();
    MAPS.get_or_init(|| load::load_dir(repo(), &repo().join("api-maps"), &config().target_keys()))
}
