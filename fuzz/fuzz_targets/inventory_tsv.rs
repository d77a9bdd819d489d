//! (c) Any bytes as an inventory TSV, and as the trait-impl and signature files next to it:
//! the parsers return rows and problems, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_apimap::inventory::signatures::{ApiFacts, parse_into};
use mdbook_apimap::inventory::{InventoryFile, parse_tsv};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = InventoryFile { name: "inventories/tokio-1.54.1.tsv", crate_name: "tokio", version: "1.54.1" };
    let _ = parse_tsv(&file, &text);
    let mut facts = ApiFacts::default();
    let _ = parse_into(&mut facts, "inventories/signatures/tokio-1.54.1.traits.tsv", &text);
    let _ = parse_into(&mut facts, "inventories/signatures/tokio-1.54.1.sigs.tsv", &text);
});
