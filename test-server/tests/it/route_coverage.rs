//! Every operation in `openapi/opentok.yaml` has a route in the test server: called with made-up
//! ids and a valid auth header, none answers the 404 of an unrouted path ("no route for") or 405 (no
//! such method). The twin of the SDK's spec-coverage test.

use reqwest::Method;
use serde_yaml::Value;

use crate::common::Api;

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

#[tokio::test]
async fn every_spec_operation_is_routed() {
    let spec_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/opentok.yaml");
    let text = std::fs::read_to_string(spec_path).expect("openapi/opentok.yaml next to test-server/");
    let spec: Value = serde_yaml::from_str(&text).expect("valid YAML");
    let paths = spec["paths"].as_mapping().expect("paths");
    let api = Api::new().await;
    let mut operations = 0;
    for (path, item) in paths {
        let template = path.as_str().unwrap();
        for method in METHODS {
            if item.get(method).is_none() {
                continue;
            }
            operations += 1;
            // Fill `{param}`s: the project's key for the project id, a placeholder for the rest.
            let mut url = String::new();
            for segment in template.split('/').skip(1) {
                url.push('/');
                if segment.starts_with('{') {
                    let name = segment.trim_matches(|c| c == '{' || c == '}').to_ascii_lowercase();
                    let is_project = name.contains("key") || name.contains("project") || name.contains("application");
                    url.push_str(if is_project { api.key() } else { "unknown-id" });
                } else {
                    url.push_str(segment);
                }
            }
            let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap();
            let reply = api.call(method.clone(), &url, Some(serde_json::json!({}))).await;
            let unrouted = reply.status == 405 || reply.json["message"].as_str().unwrap_or("").contains("no route for");
            assert!(!unrouted, "{method} {template} ({url}) is not routed: {} {}", reply.status, reply.text);
            assert_ne!(reply.status, 403, "{method} {url}: {}", reply.text);
        }
    }
    assert!(operations >= 20, "only {operations} operations in the spec");
}
