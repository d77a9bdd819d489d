//! (c) Any bytes as an inventory TSV: the parser returns rows and problems, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_apimap::inventory::{InventoryFile, parse_tsv};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = InventoryFile { name: "inventories/tokio-1.54.1.tsv", crate_name: "tokio", version: "1.54.1" };
    let _ = parse_tsv(&file, &text);
});
