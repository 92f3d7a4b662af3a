//! Application credentials against the official `@vonage/video` 1.31.1 with `@vonage/jwt` 1.17.1
//! (`tests/oracle/vonage.js`): the client tokens both mint for the same options carry the same claims
//! (apart from `iat`, `exp` and `jti`, which are the time and a random id), and each side's tokens
//! verify with the other's expectations.

mod common;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use opentok_sdk::{token::Role, OpenTok};
use serde_json::{json, Value};

const APP_ID: &str = "7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a";
const PKCS1: &str = include_str!("fixtures/app_pkcs1.pem");

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON claims")
}

/// The claims without the per-mint values, and with their key order.
fn comparable(token: &str) -> (Vec<String>, Value) {
    let mut claims = claims(token);
    let object = claims.as_object_mut().expect("an object");
    let order = object.keys().cloned().collect();
    for varying in ["iat", "exp", "jti"] {
        assert!(object.remove(varying).is_some(), "{varying} missing from {token}");
    }
    (order, claims)
}

#[test]
fn client_tokens_match_the_official_sdk() {
    let ot = OpenTok::with_application(APP_ID, PKCS1).unwrap();
    let sid = format!("2_{}", URL_SAFE_NO_PAD.encode(format!("1~{APP_ID}~~1700000000000~abc~~")));
    let cases = [
        (json!({}), ot.generate_token(&sid).build()),
        (json!({"role": "moderator"}), ot.generate_token(&sid).role(Role::Moderator).build()),
        (
            json!({"role": "subscriber", "data": "name=Ann & co"}),
            ot.generate_token(&sid).role(Role::Subscriber).data("name=Ann & co").build(),
        ),
        (
            json!({"role": "publisheronly", "initialLayoutClassList": ["focus", "full"]}),
            ot.generate_token(&sid).role(Role::PublisherOnly).initial_layout_class_list(["focus", "full"]).build(),
        ),
        (json!({"data": "ünïcødé \"quoted\" \\ /"}), ot.generate_token(&sid).data("ünïcødé \"quoted\" \\ /").build()),
    ];
    let steps: Vec<Value> = cases.iter().map(|(options, _)| json!({"op": "token", "args": [sid, options]})).collect();
    let input = json!({"applicationId": APP_ID, "privateKey": PKCS1, "steps": steps});
    let out: Vec<Value> = serde_json::from_str(&common::node::run("vonage.js", &[], &input.to_string())).unwrap();
    assert_eq!(out.len(), cases.len());
    for ((options, ours), theirs) in cases.iter().zip(&out) {
        let ours = ours.as_ref().expect("we mint the token");
        let theirs = theirs["ok"].as_str().unwrap_or_else(|| panic!("the oracle failed: {theirs}"));
        assert_eq!(comparable(ours.as_str()), comparable(theirs), "options {options}");
        // Both are RS256 JWTs with the same header, and ours verifies theirs.
        assert_eq!(theirs.split('.').next(), ours.as_str().split('.').next());
        let verified = ot.verify_token(theirs).unwrap_or_else(|e| panic!("their token does not verify: {e}"));
        assert_eq!(verified.session_id.as_str(), sid);
        // Default lifetime: 24 hours on both sides.
        let (c_ours, c_theirs) = (claims(ours.as_str()), claims(theirs));
        let ttl = |c: &Value| c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap();
        assert!((ttl(&c_ours) - ttl(&c_theirs)).abs() <= 1, "{c_ours} vs {c_theirs}");
    }
}
