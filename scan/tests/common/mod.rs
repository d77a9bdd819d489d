//! Shared by the scan's integration tests.

/// Parses a SARIF report and asserts it is valid against the vendored SARIF 2.1.0 schema.
pub fn valid_sarif(text: &str) -> serde_json::Value {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../sarif/sarif-schema-2.1.0.json")).expect("the vendored schema parses");
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let sarif: serde_json::Value = serde_json::from_str(text).expect("SARIF is JSON");
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    sarif
}
