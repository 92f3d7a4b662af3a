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
    assert!(ids.len() >= 28, "the spec lost operations: {ids:?}");
    let mut source = String::new();
    typed_layer_source(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut source);
    let compact: String = source.split_whitespace().collect();
    let missing: Vec<_> = ids.iter().filter(|id| !compact.contains(&format!("raw().{}()", snake_case(id)))).collect();
    assert!(missing.is_empty(), "operations in openapi/opentok.yaml without a typed wrapper: {missing:?}");
}

/// Every `(method, path)` pair of the spec, with the spec's parameter names (`{apiKey}`, `{sessionId}`, ..).
fn spec_requests() -> Vec<String> {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/opentok.yaml")).unwrap();
    let spec: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut requests = Vec::new();
    for (path, item) in spec["paths"].as_mapping().expect("paths") {
        for method in ["get", "put", "post", "delete", "patch"] {
            if item.get(method).is_some() {
                requests.push(format!("{} {}", method.to_uppercase(), path.as_str().unwrap()));
            }
        }
    }
    requests
}

/// The files whose `impl OpenTok` blocks hold the platform operations.
const OPERATION_FILES: &[&str] = &[
    "src/archive/mod.rs",
    "src/archive/start.rs",
    "src/archive/list.rs",
    "src/archive/layout.rs",
    "src/session.rs",
    "src/moderation.rs",
    "src/signal.rs",
    "src/stream.rs",
    "src/sip.rs",
    "src/captions.rs",
    "src/render.rs",
    "src/audio_connector.rs",
];

/// Each public method of an `impl OpenTok` block in `source`, with its doc comment joined into one line.
fn operation_docs(source: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let (mut in_impl, mut doc) = (false, String::new());
    for line in source.lines() {
        if line.starts_with("impl OpenTok {") {
            in_impl = true;
        } else if line.starts_with('}') {
            in_impl = false;
        }
        if !in_impl {
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(text) = trimmed.strip_prefix("///") {
            doc.push_str(text);
            doc.push(' ');
        } else if let Some(rest) = trimmed.strip_prefix("pub fn ").or_else(|| trimmed.strip_prefix("pub async fn ")) {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            found.push((name, std::mem::take(&mut doc)));
        } else if !trimmed.starts_with("#[") {
            doc.clear();
        }
    }
    found
}

/// The requests a doc names, written as `` `METHOD /path` `` (a query string is left out).
fn named_requests(doc: &str) -> Vec<String> {
    let compact = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    compact
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|code| ["GET /", "POST /", "PUT /", "PATCH /", "DELETE /"].iter().any(|m| code.starts_with(m)))
        .map(|code| code.split('?').next().unwrap_or(code).to_owned())
        .collect()
}

/// Issue 9, item 3: every operation's doc names the HTTP request it sends, as the spec spells it, and has
/// a compiling (`no_run`) example; and every request of the spec is named by some operation.
#[test]
fn every_operation_doc_names_its_request_and_has_an_example() {
    let spec = spec_requests();
    let mut named_anywhere = Vec::new();
    let mut problems = Vec::new();
    let mut operations = 0;
    for file in OPERATION_FILES {
        let source = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
        for (name, doc) in operation_docs(&source) {
            operations += 1;
            let named = named_requests(&doc);
            if named.is_empty() {
                problems.push(format!("{file}: `{name}` names no request (\"Sends `POST /v2/..`\")"));
            }
            for request in &named {
                if !spec.contains(request) {
                    problems.push(format!("{file}: `{name}` names `{request}`, which is not in openapi/opentok.yaml"));
                }
            }
            if !doc.contains("```no_run") {
                problems.push(format!("{file}: `{name}` has no no_run example"));
            }
            named_anywhere.extend(named);
        }
    }
    assert!(operations >= 20, "found only {operations} operations: the parser lost track");
    for request in &spec {
        if !named_anywhere.contains(request) {
            problems.push(format!("no operation doc names `{request}`"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
