//! `GET /_inspector/request/{seq}`: one logged request in full, fetched only when the page opens it
//! (never in the poll): its headers, and its body and its answer's body as text, each cut at
//! [`MAX_BODY_BYTES`] (and said so). Credential headers are withheld: the snapshot shows their claims,
//! decoded (`credential.rs`); the raw tokens are not shown.

use serde_json::{json, Value};

use crate::state::request_log::Logged;

/// Most bytes of a body shown; the rest is cut, and `truncated` says so.
pub(crate) const MAX_BODY_BYTES: usize = 16 * 1024;

/// Headers whose values are credentials: named, never shown.
const WITHHELD: &[&str] = &["x-opentok-auth", "authorization", "proxy-authorization", "cookie"];

/// The request's detail: `{seq, method, path, query, headers, requestBody, responseBody}`; a body is
/// `{text, bytes, truncated, contentType}` (`responseBody` is null while no answer was given).
pub(crate) fn detail(logged: &Logged) -> Value {
    let request = &logged.request;
    let response = logged.outcome.as_ref().map(|o| body(&o.body.bytes, o.body.total, o.body.content_type.as_deref()));
    json!({
        "seq": logged.seq,
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "status": logged.outcome.as_ref().map(|o| o.status),
        "headers": request.headers_json(WITHHELD, "(withheld: a credential)"),
        "requestBody": body(&request.body, request.body.len(), request.header("content-type")),
        "responseBody": response,
    })
}

/// A body as text: its first [`MAX_BODY_BYTES`] bytes (invalid UTF-8 replaced), of `total` in all.
fn body(bytes: &[u8], total: usize, content_type: Option<&str>) -> Value {
    let shown = &bytes[..bytes.len().min(MAX_BODY_BYTES)];
    json!({
        "text": String::from_utf8_lossy(shown),
        "bytes": total,
        "truncated": shown.len() < total,
        "contentType": content_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::request_log::{Outcome, RecordedRequest, ResponseBody};

    #[test]
    fn withholds_credentials_and_cuts_long_bodies() {
        let long = vec![b'a'; MAX_BODY_BYTES + 1];
        let logged = Logged {
            seq: 3,
            request: RecordedRequest {
                method: "POST".into(),
                path: "/x".into(),
                query: None,
                headers: vec![
                    ("x-opentok-auth".into(), "eyJ.secret.jwt".into()),
                    ("content-type".into(), "application/json".into()),
                ],
                body: long.clone(),
            },
            outcome: Some(Outcome {
                status: 200,
                latency_us: 1,
                auth: Some(Ok(())),
                body: ResponseBody::capped(b"{\"ok\":true}", Some("application/json")),
            }),
        };
        let seen = detail(&logged);
        assert!(!seen.to_string().contains("eyJ.secret.jwt"), "{seen}");
        assert_eq!(seen["headers"]["x-opentok-auth"], "(withheld: a credential)");
        assert_eq!(seen["requestBody"]["bytes"], MAX_BODY_BYTES + 1);
        assert_eq!(seen["requestBody"]["truncated"], true);
        assert_eq!(seen["requestBody"]["text"].as_str().unwrap().len(), MAX_BODY_BYTES);
        assert_eq!(seen["requestBody"]["contentType"], "application/json");
        assert_eq!(
            seen["responseBody"],
            json!({"text": "{\"ok\":true}", "bytes": 11, "truncated": false, "contentType": "application/json"})
        );
    }
}
