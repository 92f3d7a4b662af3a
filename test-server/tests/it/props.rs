//! Property tests of the server's request parsing and auth: arbitrary bytes, heads, paths, headers
//! and bodies never crash it, and every answer is a success or the platform's error body (JSON; XML
//! for session creation without `Accept: application/json`), or hyper's own bodiless 400/414/431 for a
//! head that is not HTTP. Auth claims of any shape are refused
//! or accepted by the rules, never by overflow.

use std::sync::OnceLock;

use opentok_test_server::{verify_rest_jwt, TestServer};
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::common::{raw, sign_jwt, RawReply};

/// One server (and the runtime it runs on) for every case.
fn server() -> &'static (tokio::runtime::Runtime, TestServer) {
    static SERVER: OnceLock<(tokio::runtime::Runtime, TestServer)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let server = rt.block_on(TestServer::start());
        (rt, server)
    })
}

fn send(bytes: Vec<u8>) -> Option<RawReply> {
    let (rt, server) = server();
    rt.block_on(raw(server.addr(), &bytes))
}

/// A success, or an error with the platform's body.
fn assert_platform_answer(reply: &RawReply, request: &[u8]) {
    let shown = String::from_utf8_lossy(request).chars().take(300).collect::<String>();
    if (200..300).contains(&reply.status) {
        return;
    }
    assert!((400..600).contains(&reply.status), "status {} for {shown:?}", reply.status);
    if reply.is_http_refusal() {
        return;
    }
    let head = reply.head.to_ascii_lowercase();
    if head.contains("content-type: application/xml") {
        assert!(reply.body.contains("<errorPayload><code>"), "{shown:?}: {}", reply.body);
        return;
    }
    assert!(head.contains("content-type: application/json"), "{shown:?}: {}", reply.head);
    if request.starts_with(b"HEAD ") {
        // A HEAD answer has the error's headers, never a body (RFC 9110 §9.3.2).
        assert!(reply.body.is_empty(), "{shown:?}: {}", reply.body);
        return;
    }
    assert!(reply.json["code"].is_i64(), "{shown:?}: {}", reply.body);
    assert!(reply.json["message"].is_string() && reply.json["description"].is_string(), "{shown:?}: {}", reply.body);
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("session".to_string()),
        Just("archive".to_string()),
        Just("stream".to_string()),
        Just("connection".to_string()),
        Just("signal".to_string()),
        Just("mute".to_string()),
        Just("dial".to_string()),
        Just("play-dtmf".to_string()),
        Just("_test".to_string()),
        Just("%FF".to_string()),
        Just("%00".to_string()),
        Just("..".to_string()),
        "[a-zA-Z0-9_~.%-]{0,40}",
    ]
}

fn path() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("/v2/project/KEY"), Just("/session/create"), Just(""), Just("/_test")],
        prop::collection::vec(segment(), 0..6),
        "[a-z=&%0-9]{0,20}",
    )
        .prop_map(|(prefix, segments, query)| {
            let mut path = prefix.to_string();
            for s in segments {
                path.push('/');
                path.push_str(&s);
            }
            if path.is_empty() {
                path.push('/');
            }
            if !query.is_empty() {
                path.push('?');
                path.push_str(&query);
            }
            path
        })
}

fn auth_header() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("VALID".to_string())),
        "[ -~]{0,80}".prop_map(Some),
        (any::<i64>(), any::<i64>(), prop_oneof![Just(json!("KEY")), Just(json!(12345678)), Just(json!(null))])
            .prop_map(|(iat, exp, iss)| Some(format!("CLAIMS {iat} {exp} {iss}"))),
    ]
}

fn body() -> impl Strategy<Value = (Option<&'static str>, Vec<u8>)> {
    (
        prop_oneof![
            Just(None),
            Just(Some("application/json")),
            Just(Some("application/x-www-form-urlencoded")),
            Just(Some("text/plain"))
        ],
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            Just(b"{\"sessionId\":\"1_x\",\"type\":\"t\",\"data\":\"d\",\"digits\":\"1\"}".to_vec()),
            Just(b"p2p.preference=disabled&archiveMode=always".to_vec()),
            Just(b"[1,2,3]".to_vec()),
        ],
    )
}

fn request_bytes(
    method: &str,
    path: &str,
    auth: Option<String>,
    accept_json: bool,
    (content_type, body): (Option<&str>, Vec<u8>),
    extra: Vec<(String, String)>,
) -> Vec<u8> {
    let server = &server().1;
    let key = server.api_key();
    let mut head = format!("{method} {} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n", path.replace("KEY", key));
    match auth.as_deref() {
        None => {}
        Some("VALID") => {
            head.push_str(&format!("X-OPENTOK-AUTH: {}\r\n", crate::common::rest_jwt(key, server.api_secret())))
        }
        Some(text) if text.starts_with("CLAIMS ") => {
            let mut parts = text.splitn(4, ' ').skip(1);
            let iat: i64 = parts.next().unwrap().parse().unwrap();
            let exp: i64 = parts.next().unwrap().parse().unwrap();
            let iss: Value = serde_json::from_str(parts.next().unwrap()).unwrap();
            let iss = if iss == json!("KEY") { json!(key) } else { iss };
            let jwt = sign_jwt(&json!({"iss": iss, "ist": "project", "iat": iat, "exp": exp}), server.api_secret());
            head.push_str(&format!("X-OPENTOK-AUTH: {jwt}\r\n"));
        }
        Some(text) => head.push_str(&format!("X-OPENTOK-AUTH: {text}\r\n")),
    }
    if accept_json {
        head.push_str("Accept: application/json\r\n");
    }
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_get_a_platform_answer_or_none(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        match send(bytes.clone()) {
            Some(reply) => assert_platform_answer(&reply, &bytes),
            // Only a connection that ended before a whole head (no blank line after it) goes unanswered:
            // hyper closes it, as an edge server would.
            None => {
                let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
                let rest = &bytes[start..];
                let whole_head = rest.windows(2).any(|w| w == b"\n\n") || rest.windows(4).any(|w| w == b"\r\n\r\n");
                prop_assert!(!whole_head, "no answer to {:?}", String::from_utf8_lossy(&bytes));
            }
        }
    }

    #[test]
    fn arbitrary_requests_get_a_platform_answer(
        method in prop_oneof![Just("GET".to_string()), Just("POST".to_string()), Just("PUT".to_string()), Just("PATCH".to_string()), Just("DELETE".to_string()), Just("HEAD".to_string()), "[A-Z]{1,8}"],
        path in path(),
        auth in auth_header(),
        accept_json in any::<bool>(),
        body in body(),
        extra in prop::collection::vec(("[A-Za-z][A-Za-z0-9-]{0,15}", "[ -~]{0,40}"), 0..4),
    ) {
        let bytes = request_bytes(&method, &path, auth, accept_json, body, extra);
        let reply = send(bytes.clone());
        prop_assert!(reply.is_some(), "no answer to {:?}", String::from_utf8_lossy(&bytes));
        assert_platform_answer(&reply.unwrap(), &bytes);
    }

    #[test]
    fn auth_claims_of_any_shape_follow_the_rules(
        iat in prop_oneof![any::<i64>().prop_map(|v| json!(v)), any::<f64>().prop_map(|v| json!(v)), Just(json!("1")), Just(json!(null)), (0i64..400).prop_map(|d| json!(1_700_000_000 - 200 + d))],
        exp in prop_oneof![any::<i64>().prop_map(|v| json!(v)), any::<f64>().prop_map(|v| json!(v)), Just(json!([])), (0i64..700).prop_map(|d| json!(1_700_000_000 - 200 + d))],
        now in prop_oneof![any::<i64>(), Just(1_700_000_000i64)],
    ) {
        let secret = "s".repeat(40);
        let token = sign_jwt(&json!({"iss": "12345678", "ist": "project", "iat": iat, "exp": exp}), &secret);
        if verify_rest_jwt(&token, "12345678", &secret, now).is_ok() {
            let whole = |v: &Value| v.as_i64().map(i128::from).unwrap_or_else(|| v.as_f64().unwrap() as i128);
            let (iat, exp) = (whole(&iat), whole(&exp));
            prop_assert!(exp > i128::from(now), "expired accepted");
            prop_assert!(iat <= i128::from(now) + 300, "future iat accepted");
            prop_assert!((0..=305).contains(&(exp - iat)), "lifetime {} accepted", exp - iat);
        }
    }
}

#[test]
fn the_server_still_serves_after_the_fuzzing() {
    let bytes = request_bytes("GET", "/v2/project/KEY/archive", Some("VALID".into()), true, (None, vec![]), vec![]);
    let reply = send(bytes).expect("an answer");
    assert_eq!(reply.status, 200, "{}", reply.body);
}
