//! (c) Any bytes as an inventory TSV: the parser returns rows or an error, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = mdbook_apimap::inventory::parse_tsv(&text);
});
