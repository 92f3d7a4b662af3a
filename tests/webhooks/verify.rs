//! Signed-callback verification against JWTs signed by an independent implementation: the npm
//! `jsonwebtoken` package (tests/oracle/webhook.js), with body hashes from node's crypto.

use crate::common;

use std::{sync::Arc, time::Duration};

use http::{header::AUTHORIZATION, HeaderMap, HeaderValue, StatusCode};
use opentok_sdk::{
    archive::ArchiveStatus,
    webhook::{Event, ReplayGuard, Verifier, VerifyError, WebhookError},
};
use serde_json::{json, Value};

const SECRET: &str = "wh-secret-9f8e7d6c5b4a";
const NOW: i64 = 1_764_700_000;

fn archive_body() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/webhooks/archive.json"))
        .unwrap()
        .trim_end()
        .to_owned()
}

fn claims(jti: &str, iat: i64) -> Value {
    json!({"iss": "Vonage", "iat": iat, "jti": jti, "api_key": "46565552",
        "application_id": "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"})
}

/// Signs each case with node's jsonwebtoken: (secret, body, claims, algorithm, extra header).
fn sign(cases: &[(&str, &str, Value, &str, Value)]) -> Vec<String> {
    let input: Vec<Value> = cases
        .iter()
        .map(|(secret, body, claims, alg, header)| {
            json!({"secret": secret, "body": body, "claims": claims, "algorithm": alg, "header": header})
        })
        .collect();
    let out: Vec<Value> =
        serde_json::from_str(&common::node::run("webhook.js", &[], &Value::from(input).to_string())).unwrap();
    out.iter().map(|signed| signed["jwt"].as_str().unwrap().to_owned()).collect()
}

fn sign_one(secret: &str, body: &str, claims: Value) -> String {
    sign(&[(secret, body, claims, "HS256", json!({}))]).remove(0)
}

fn verifier() -> Verifier {
    Verifier::new(SECRET).unwrap()
}

fn headers(authorization: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, HeaderValue::from_str(authorization).unwrap());
    headers
}

#[test]
fn a_genuine_callback_verifies_and_parses_with_or_without_bearer() {
    if !common::node::available() {
        return;
    }
    let body = archive_body();
    let jwts = sign(&[
        (SECRET, &body, claims("j-1", NOW - 10), "HS256", json!({})),
        (SECRET, &body, claims("j-2", NOW + 60), "HS256", json!({"kid": "key-1"})),
    ]);
    let v = verifier().expect_api_key("46565552").expect_application_id("aaaaaaaa-bbbb-cccc-dddd-0123456789ab");
    let signed = v.verify_and_parse_at(&headers(&format!("Bearer {}", jwts[0])), body.as_bytes(), NOW).unwrap();
    let Event::Archive(archive) = &signed.event else { panic!("{:?}", signed.event) };
    assert_eq!(archive.status, ArchiveStatus::Uploaded);
    assert_eq!(signed.claims.jti.as_deref(), Some("j-1"));
    assert_eq!(signed.claims.issued_at, Some(NOW - 10));
    // The bare JWT (and another header, read the slow way), within the window ahead of now (skew).
    let claims = v.verify_at(Some(&jwts[1]), body.as_bytes(), NOW).unwrap();
    assert_eq!(claims.api_key.as_deref(), Some("46565552"));
    assert_eq!(claims.payload_hash.as_deref().map(str::len), Some(64));
    // `bearer` in any case, with extra spaces.
    let third = sign_one(SECRET, &body, claims_with("j-3"));
    verifier().verify_at(Some(&format!("  bEaReR   {third} ")), body.as_bytes(), NOW).unwrap();
}

fn claims_with(jti: &str) -> Value {
    claims(jti, NOW)
}

#[test]
fn every_check_fails_on_its_own_and_says_which() {
    if !common::node::available() {
        return;
    }
    let body = archive_body();
    let cases: Vec<(&str, &str, Value, &str, Value)> = vec![
        (SECRET, &body, claims("a", NOW), "HS256", json!({})), // 0 genuine
        ("another-secret", &body, claims("b", NOW), "HS256", json!({})), // 1 wrong secret
        ("", &body, claims("c", NOW), "none", json!({})),      // 2 alg none
        ("", &body, claims("d", NOW), "RS256", json!({})),     // 3 RS256
        (SECRET, &body, claims("e", NOW - 301), "HS256", json!({})), // 4 stale
        (SECRET, &body, claims("f", NOW + 301), "HS256", json!({})), // 5 from the future
        (SECRET, &body, json!({"iss": "Nexmo", "iat": NOW, "jti": "g"}), "HS256", json!({})), // 6 issuer
        (SECRET, &body, json!({"iss": "Vonage", "jti": "h"}), "HS256", json!({})), // 7 no iat
        (SECRET, &body, json!({"iss": "Vonage", "iat": NOW, "jti": "i", "payload_hash": null}), "HS256", json!({})), // 8 no hash
        (SECRET, &body, json!({"iss": "Vonage", "iat": NOW}), "HS256", json!({})), // 9 no jti
        (SECRET, &body, json!({"iss": "Vonage", "iat": NOW, "jti": "k", "api_key": "999"}), "HS256", json!({})), // 10 other key
        (SECRET, &body, json!({"iss": "Vonage", "iat": NOW, "jti": "l", "exp": NOW - 1}), "HS256", json!({})), // 11 expired
        (SECRET, &body, json!({"iss": "Vonage", "iat": NOW, "jti": "m", "payload_hash": "00"}), "HS256", json!({})), // 12 bad hash
    ];
    let jwts = sign(&cases);
    let check = |jwt: &str, body: &str| verifier().verify_at(Some(jwt), body.as_bytes(), NOW);
    let keyed = |jwt: &str| verifier().expect_api_key("46565552").verify_at(Some(jwt), body.as_bytes(), NOW);

    check(&jwts[0], &body).unwrap();
    // Tampered body: one byte changed.
    let tampered = body.replace("uploaded", "available");
    assert_eq!(check(&jwts[0], &tampered).unwrap_err(), VerifyError::PayloadHash);
    // Tampered claims: the payload re-encoded with another iat, the signature kept.
    let mut parts: Vec<String> = jwts[0].split('.').map(str::to_owned).collect();
    let mut forged = claims("a", NOW);
    forged["payload_hash"] = json!(sha256_hex(tampered.as_bytes()));
    parts[1] = b64url(forged.to_string().as_bytes());
    assert_eq!(check(&parts.join("."), &tampered).unwrap_err(), VerifyError::Signature);
    // A tampered signature.
    let mut flipped = jwts[0].clone().into_bytes();
    let last = flipped.len() - 2;
    flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
    assert_eq!(check(std::str::from_utf8(&flipped).unwrap(), &body).unwrap_err(), VerifyError::Signature);

    assert_eq!(check(&jwts[1], &body).unwrap_err(), VerifyError::Signature);
    assert_eq!(check(&jwts[2], &body).unwrap_err(), VerifyError::Algorithm("none".into()));
    assert_eq!(check(&jwts[3], &body).unwrap_err(), VerifyError::Algorithm("RS256".into()));
    // An HS256 token whose header says RS256 is refused before its signature is looked at.
    let confused = format!("{}.{}", b64url(br#"{"alg":"RS256","typ":"JWT"}"#), jwts[0].split_once('.').unwrap().1);
    assert_eq!(check(&confused, &body).unwrap_err(), VerifyError::Algorithm("RS256".into()));
    let lower = format!("{}.{}", b64url(br#"{"alg":"hs256"}"#), jwts[0].split_once('.').unwrap().1);
    assert_eq!(check(&lower, &body).unwrap_err(), VerifyError::Algorithm("hs256".into()));
    for (i, iat) in [(4, NOW - 301), (5, NOW + 301)] {
        assert_eq!(
            check(&jwts[i], &body).unwrap_err(),
            VerifyError::Stale { issued_at: iat, now: NOW, max_age_secs: 300 }
        );
    }
    // A wider window accepts them.
    let wide = verifier().max_age(Duration::from_secs(600));
    wide.verify_at(Some(&jwts[4]), body.as_bytes(), NOW).unwrap();
    assert!(matches!(check(&jwts[6], &body).unwrap_err(), VerifyError::Issuer { found, .. } if found == "Nexmo"));
    verifier().issuer("Nexmo").verify_at(Some(&jwts[6]), body.as_bytes(), NOW).unwrap();
    assert_eq!(check(&jwts[7], &body).unwrap_err(), VerifyError::Claim("iat"));
    assert_eq!(check(&jwts[8], &body).unwrap_err(), VerifyError::Claim("payload_hash"));
    assert_eq!(check(&jwts[9], &body).unwrap_err(), VerifyError::Claim("jti"));
    verifier().replay_guard(None).verify_at(Some(&jwts[9]), body.as_bytes(), NOW).unwrap();
    check(&jwts[10], &body).unwrap();
    assert_eq!(keyed(&jwts[10]).unwrap_err(), VerifyError::Account { claim: "api_key" });
    assert_eq!(keyed(&jwts[7]).unwrap_err(), VerifyError::Claim("iat"), "claims checked in the documented order");
    let app = verifier().expect_application_id("other-app");
    assert_eq!(
        app.verify_at(Some(&jwts[0]), body.as_bytes(), NOW).unwrap_err(),
        VerifyError::Account { claim: "application_id" }
    );
    assert!(
        matches!(check(&jwts[11], &body).unwrap_err(), VerifyError::Stale { issued_at, .. } if issued_at == NOW - 1)
    );
    assert_eq!(check(&jwts[12], &body).unwrap_err(), VerifyError::PayloadHash);
}

#[test]
fn replays_are_refused_within_the_window_and_answered_200() {
    if !common::node::available() {
        return;
    }
    let body = archive_body();
    let jwt = sign_one(SECRET, &body, claims("once", NOW));
    let guard = Arc::new(ReplayGuard::new(16));
    let v = verifier().replay_guard(Some(guard.clone()));
    let clone = v.clone();
    v.verify_at(Some(&jwt), body.as_bytes(), NOW).unwrap();
    let replay = clone.verify_at(Some(&jwt), body.as_bytes(), NOW + 5).unwrap_err();
    assert_eq!(replay, VerifyError::Replayed("once".into()), "clones share the guard");
    assert_eq!(replay.status(), StatusCode::OK);
    assert_eq!(replay.check(), "jti");
    // A receiver that failed to process it forgets it, and the platform's retry is accepted.
    assert!(guard.forget("once"));
    v.verify_at(Some(&jwt), body.as_bytes(), NOW + 6).unwrap();
    // Past the window it is stale, not a replay; the guard has dropped it by then.
    assert!(matches!(v.verify_at(Some(&jwt), body.as_bytes(), NOW + 301), Err(VerifyError::Stale { .. })));
    v.verify_at(Some(&sign_one(SECRET, &body, claims("later", NOW + 301))), body.as_bytes(), NOW + 301).unwrap();
    assert_eq!(guard.len(), 1, "expired ids are dropped");
    // A request that fails a check is not recorded.
    let wrong = sign_one("nope", &body, claims("x", NOW));
    assert!(v.verify_at(Some(&wrong), body.as_bytes(), NOW).is_err());
    assert!(!guard.forget("x"));
}

#[test]
fn missing_and_garbage_headers() {
    let body = archive_body();
    let v = verifier();
    let missing = v.verify_and_parse_at(&HeaderMap::new(), body.as_bytes(), NOW).unwrap_err();
    assert!(matches!(missing, WebhookError::Verify(VerifyError::MissingSignature)));
    assert_eq!(missing.status(), StatusCode::SERVICE_UNAVAILABLE, "unsigned with a secret set: retry");
    for garbage in [
        "",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "abc",
        "a.b",
        "a.b.c",
        "a.b.c.d",
        "e30.e30.",
        "!!!.e30.AAAA",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.not*base64",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..",
    ] {
        let err = v.verify_at(Some(garbage), body.as_bytes(), NOW).unwrap_err();
        assert!(
            matches!(err, VerifyError::Malformed(_) | VerifyError::Algorithm(_) | VerifyError::Signature),
            "{garbage:?}: {err:?}"
        );
        assert_eq!(err.status(), StatusCode::UNAUTHORIZED, "{garbage:?}");
    }
    let long = format!("Bearer {}", "a".repeat(9000));
    assert_eq!(v.verify_at(Some(&long), b"", NOW).unwrap_err(), VerifyError::Malformed("longer than 8 KiB"));
    let mut latin1 = HeaderMap::new();
    latin1.insert(AUTHORIZATION, HeaderValue::from_bytes(b"Bearer \xe9t\xe9").unwrap());
    assert!(matches!(v.verify_headers(&latin1, b"{}"), Err(VerifyError::Malformed(_))));
}

#[test]
fn a_genuine_callback_whose_body_does_not_read_is_a_400() {
    if !common::node::available() {
        return;
    }
    let body = r#"{"event":"archive","id":"a","size":"big"}"#;
    let jwt = sign_one(SECRET, body, claims("body", NOW));
    let err = verifier().verify_and_parse_at(&headers(&jwt), body.as_bytes(), NOW).unwrap_err();
    assert!(matches!(err, WebhookError::Body(_)), "{err:?}");
    assert_eq!(err.status(), StatusCode::BAD_REQUEST);
}

#[test]
fn a_previous_secret_is_accepted_during_rotation() {
    if !common::node::available() {
        return;
    }
    let body = archive_body();
    let jwt = sign_one("old-secret", &body, claims("rot", NOW));
    assert_eq!(verifier().verify_at(Some(&jwt), body.as_bytes(), NOW).unwrap_err(), VerifyError::Signature);
    verifier().also_accept("old-secret").unwrap().verify_at(Some(&jwt), body.as_bytes(), NOW).unwrap();
    assert!(Verifier::new("").is_err());
    assert!(verifier().also_accept("").is_err());
}

#[test]
fn errors_and_debug_never_show_the_secret() {
    if !common::node::available() {
        return;
    }
    let body = archive_body();
    let v = verifier().also_accept("old-secret-value").unwrap();
    let debug = format!("{v:?}");
    assert!(!debug.contains(SECRET) && !debug.contains("old-secret-value"), "{debug}");
    let jwts = sign(&[
        ("wrong", &body, claims("s1", NOW), "HS256", json!({})),
        (SECRET, &body, json!({"iss": SECRET, "iat": NOW, "jti": "s2"}), "HS256", json!({})),
    ]);
    for jwt in &jwts {
        let err = v.verify_at(Some(jwt), body.as_bytes(), NOW).unwrap_err();
        for text in [err.to_string(), format!("{err:?}")] {
            // An issuer that happens to be the secret is quoted cut short, and that is the request's text.
            assert!(!text.contains("old-secret-value"), "{text}");
        }
    }
    assert!(!Verifier::new("").unwrap_err().to_string().contains(SECRET));
}

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
