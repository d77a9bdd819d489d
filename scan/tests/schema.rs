//! The committed JSON schema of the report must be the one generated from the Rust types.

use std::path::Path;

#[test]
fn committed_report_schema_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/scan-report.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == cargo_apimap::report::json_schema(),
        "schema/scan-report.schema.json is out of date: run \
         `cargo run -p cargo-apimap -- schema > schema/scan-report.schema.json` and commit it"
    );
}
