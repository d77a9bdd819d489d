//! Builds validate only the signature rows their `drop-in` entries look up (as they do the
//! inventory rows): every committed row must be valid all the same.

use std::path::Path;

#[test]
fn every_committed_signature_row_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let (facts, problems) = mdbook_apimap::inventory::signatures::load_dir(root, &root.join("inventories"));
    assert_eq!(problems, []);
    assert!(!facts.is_empty(), "no signature files under inventories/signatures/");
    facts.validate_all();
    assert_eq!(facts.row_problems(), []);
}
