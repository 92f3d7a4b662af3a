//! Every operation in the spec is generated and wrapped by the typed layer.
//!
//! The generated client has one method per `operationId` (in snake case). This test reads the spec,
//! and fails if any operation is not called as `raw().<operation>()` somewhere in the hand-written code,
//! i.e. if an endpoint was added to the spec without a typed wrapper. The wrappers compile only if the
//! generated client has those methods, so together this ties spec, generated client and typed layer.

use std::{fs, path::Path};

fn snake_case(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn operation_ids() -> Vec<String> {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/opentok.yaml")).unwrap();
    let spec: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut ids = Vec::new();
    for (_, item) in spec["paths"].as_mapping().expect("paths") {
        for method in ["get", "put", "post", "delete", "patch"] {
            if let Some(id) = item.get(method).and_then(|op| op.get("operationId")).and_then(|v| v.as_str()) {
                ids.push(id.to_owned());
            }
        }
    }
    ids
}

fn typed_layer_source(dir: &Path, out: &mut String) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            typed_layer_source(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("raw.rs") {
            out.push_str(&fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_spec_operation_has_a_typed_wrapper() {
    let ids = operation_ids();
    assert!(ids.len() >= 20, "the spec lost operations: {ids:?}");
    let mut source = String::new();
    typed_layer_source(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut source);
    let compact: String = source.split_whitespace().collect();
    let missing: Vec<_> = ids.iter().filter(|id| !compact.contains(&format!("raw().{}()", snake_case(id)))).collect();
    assert!(missing.is_empty(), "operations in openapi/opentok.yaml without a typed wrapper: {missing:?}");
}
