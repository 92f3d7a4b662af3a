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
    "src/broadcast/mod.rs",
    "src/broadcast/start.rs",
    "src/broadcast/list.rs",
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

/// The platform's REST API in December 2026 (`shared/reference/platform-2026.md` §1–§2), without the
/// legacy and dead surfaces of its §2.8 (PHP's `PUT …/stream/{streamId}` and `POST …/call`, the callback
/// registration calls, `GET …/captions/{id}`, `POST …/connect/{id}/stop`). Path parameters as the spec
/// names them.
const PLATFORM: &[&str] = &[
    "POST /session/create",
    "GET /v2/project/{apiKey}/session/{sessionId}/connection",
    "DELETE /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}",
    "POST /v2/project/{apiKey}/session/{sessionId}/signal",
    "POST /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/signal",
    "GET /v2/project/{apiKey}/session/{sessionId}/stream",
    "PUT /v2/project/{apiKey}/session/{sessionId}/stream",
    "GET /v2/project/{apiKey}/session/{sessionId}/stream/{streamId}",
    "POST /v2/project/{apiKey}/session/{sessionId}/stream/{streamId}/mute",
    "POST /v2/project/{apiKey}/session/{sessionId}/mute",
    "POST /v2/project/{apiKey}/session/{sessionId}/play-dtmf",
    "POST /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/play-dtmf",
    "POST /v2/project/{apiKey}/session/{sessionId}/migrate",
    "POST /v2/project/{apiKey}/archive",
    "GET /v2/project/{apiKey}/archive",
    "GET /v2/project/{apiKey}/archive/{archiveId}",
    "DELETE /v2/project/{apiKey}/archive/{archiveId}",
    "POST /v2/project/{apiKey}/archive/{archiveId}/stop",
    "PUT /v2/project/{apiKey}/archive/{archiveId}/layout",
    "PATCH /v2/project/{apiKey}/archive/{archiveId}/streams",
    "POST /v2/project/{apiKey}/dial",
    "POST /v2/project/{apiKey}/captions",
    "POST /v2/project/{apiKey}/captions/{captionsId}/stop",
    "POST /v2/project/{apiKey}/render",
    "GET /v2/project/{apiKey}/render",
    "GET /v2/project/{apiKey}/render/{renderId}",
    "DELETE /v2/project/{apiKey}/render/{renderId}",
    "POST /v2/project/{apiKey}/connect",
];

/// The broadcast operations (§2.2), which another branch adds to the spec.
const PLATFORM_BROADCASTS: &[&str] = &[
    "POST /v2/project/{apiKey}/broadcast",
    "GET /v2/project/{apiKey}/broadcast",
    "GET /v2/project/{apiKey}/broadcast/{broadcastId}",
    "POST /v2/project/{apiKey}/broadcast/{broadcastId}/stop",
    "PUT /v2/project/{apiKey}/broadcast/{broadcastId}/layout",
    "PATCH /v2/project/{apiKey}/broadcast/{broadcastId}/streams",
];

/// Every operation of the platform's REST API is in the spec: with the tests above, each has a typed
/// wrapper whose doc names it, and `test-server/tests/it/route_coverage.rs` checks that each has a test
/// server route. Nothing in the spec is outside the platform's API either.
#[test]
fn the_spec_has_every_platform_operation() {
    let spec = spec_requests();
    let missing: Vec<_> = PLATFORM.iter().filter(|op| !spec.iter().any(|s| s == *op)).collect();
    assert!(missing.is_empty(), "platform operations missing from openapi/opentok.yaml: {missing:?}");
    let unknown: Vec<_> =
        spec.iter().filter(|s| !PLATFORM.contains(&s.as_str()) && !PLATFORM_BROADCASTS.contains(&s.as_str())).collect();
    assert!(unknown.is_empty(), "operations in the spec that the platform does not have: {unknown:?}");
}

#[test]
fn the_spec_has_every_broadcast_operation() {
    let spec = spec_requests();
    let missing: Vec<_> = PLATFORM_BROADCASTS.iter().filter(|op| !spec.iter().any(|s| s == *op)).collect();
    assert!(missing.is_empty(), "broadcast operations missing from openapi/opentok.yaml: {missing:?}");
}
