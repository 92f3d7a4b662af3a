//! The SDK's token verifiers and the test server's agree on a token's times, as the platform rules them:
//! an `iat` more than 5 minutes ahead of the check is refused ("issued in the future"), and so is a token
//! whose expiry is more than 30 days after its issue time (the longest the platform lets a token live, and
//! the longest the SDK mints). Tokens are signed here by hand (HS256 with the secret, RS256 with the
//! application's key), so that any claims can be tried, and each is put to both sides.

use aws_lc_rs::{
    rand::SystemRandom,
    signature::{RsaKeyPair, RSA_PKCS1_SHA256},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use chrono::{TimeZone, Utc};
use hmac::{Hmac, KeyInit, Mac};
use opentok_sdk::token::{self, PublicKey, TokenError};
use opentok_test_server::{verify_client_token, TestServer};
use serde_json::{json, Value};

use crate::common::{APPLICATION_ID, APPLICATION_KEY, APPLICATION_PUBLIC_KEY};

const DAY: i64 = 24 * 3600;

fn jwt(header: &Value, claims: &Value, sign: impl FnOnce(&[u8]) -> Vec<u8>) -> String {
    let input =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
    let signature = sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

fn hs256(claims: &Value, secret: &str) -> String {
    jwt(&json!({"alg": "HS256", "typ": "JWT"}), claims, |input| {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(input);
        mac.finalize().into_bytes().to_vec()
    })
}

fn rs256(claims: &Value) -> String {
    let der: String = APPLICATION_KEY.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(der).unwrap();
    let key = RsaKeyPair::from_der(&der).unwrap();
    jwt(&json!({"alg": "RS256", "typ": "JWT"}), claims, |input| {
        let mut sig = vec![0; key.public_modulus_len()];
        key.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), input, &mut sig).unwrap();
        sig
    })
}

/// `(iat, exp)` relative to now, and whether the platform's rules accept them.
fn cases() -> [(&'static str, i64, i64, bool); 6] {
    [
        ("an ordinary token", 0, DAY, true),
        ("iat a minute ahead (clock slack)", 60, DAY, true),
        ("iat a day ahead", DAY, 2 * DAY, false),
        ("exactly 30 days", 0, 30 * DAY, true),
        ("31 days", 0, 31 * DAY, false),
        ("exp = i64::MAX", 0, i64::MAX, false),
    ]
}

fn sdk_refusal_is_the_named_one(case: &str, refused: &TokenError, iat_ahead: bool) {
    match refused {
        TokenError::IssuedInFuture { .. } => assert!(iat_ahead, "{case}: {refused}"),
        TokenError::LifetimeTooLong { .. } => assert!(!iat_ahead, "{case}: {refused}"),
        other => panic!("{case}: refused for another reason: {other}"),
    }
}

#[tokio::test]
async fn rs256_tokens_times_agree_with_the_test_server() {
    let server =
        TestServer::builder().application(APPLICATION_ID, APPLICATION_PUBLIC_KEY).start().await.expect("a server");
    let ot = opentok_sdk::OpenTok::application_builder(APPLICATION_ID, APPLICATION_KEY)
        .with_api_url(server.url())
        .build()
        .unwrap();
    let session_id = ot.create_session().routed().send().await.unwrap().id().as_str().to_owned();
    let key = PublicKey::from_pem(APPLICATION_PUBLIC_KEY).unwrap();
    let now = Utc::now().timestamp();
    for (case, iat, exp, accepted) in cases() {
        let claims = json!({
            "application_id": APPLICATION_ID, "scope": "session.connect", "session_id": session_id,
            "role": "publisher", "iat": now + iat, "exp": now.saturating_add(exp), "jti": "j",
        });
        let token = rs256(&claims);
        let sdk = token::verify_rs256(&token, APPLICATION_ID, &key, Utc.timestamp_opt(now, 0).unwrap());
        let platform = server.connect_client(&session_id, &token);
        assert_eq!(sdk.is_ok(), accepted, "{case}: the SDK says {sdk:?}");
        assert_eq!(platform.is_ok(), accepted, "{case}: the test server says {:?}", platform.err());
        if let Err(refused) = &sdk {
            sdk_refusal_is_the_named_one(case, refused, iat > 300);
        }
    }
}

#[tokio::test]
async fn hs256_tokens_times_agree_with_the_test_server() {
    let server = TestServer::start().await;
    let (key, secret) = (server.api_key().to_owned(), server.api_secret().to_owned());
    let ot = opentok_sdk::OpenTok::builder(key.as_str(), secret.as_str()).with_api_url(server.url()).build().unwrap();
    let session_id = ot.create_session().send().await.unwrap().id().as_str().to_owned();
    let now = Utc::now().timestamp();
    for (case, iat, exp, accepted) in cases() {
        let claims = json!({
            "iss": key, "ist": "project", "scope": "session.connect", "session_id": session_id,
            "role": "publisher", "iat": now + iat, "exp": now.saturating_add(exp), "nonce": 1,
        });
        let token = hs256(&claims, &secret);
        let sdk = token::verify(&token, &key, &secret, Utc.timestamp_opt(now, 0).unwrap());
        let platform = verify_client_token(&token, &key, &secret, now);
        assert_eq!(sdk.is_ok(), accepted, "{case}: the SDK says {sdk:?}");
        assert_eq!(platform.is_ok(), accepted, "{case}: the test server says {platform:?}");
        if let Err(refused) = &sdk {
            sdk_refusal_is_the_named_one(case, refused, iat > 300);
        }
    }
}
