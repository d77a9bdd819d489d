//! (a) Any bytes as the text of one map file: load, check, resolve and render never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The loader refuses files that are not UTF-8 before parsing; lossy decoding keeps the
    // fuzzer's mutations useful instead of discarding them.
    let text = String::from_utf8_lossy(data);
    let inventories = apimap_fuzz::inventories("").expect("the fixture inventories are valid");
    let analysis = apimap_fuzz::analyze_text("task", &text, &inventories);
    if !analysis.has_errors() {
        apimap_fuzz::generate(&analysis);
    }
});
