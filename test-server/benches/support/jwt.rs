//! The JWTs a client of the test server signs (HS256, with the project's secret): the REST API's
//! `X-OPENTOK-AUTH` and a publisher's client token. Shared by `benches/routes.rs` and `examples/soak.rs`
//! (included with `#[path]`).

use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{json, Value};

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

/// `claims` as an HS256 JWT signed with `secret`.
pub fn sign(claims: &Value, secret: &str) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(json!({"alg": "HS256", "typ": "JWT"}).to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

/// A fresh `X-OPENTOK-AUTH` JWT for the project `key` (valid three minutes).
pub fn rest_auth(key: &str, secret: &str) -> String {
    let t = now();
    sign(&json!({"iss": key, "ist": "project", "iat": t, "exp": t + 180, "jti": "soak"}), secret)
}

/// A publisher's client token for `session_id` (valid an hour).
pub fn client_token(key: &str, secret: &str, session_id: &str) -> String {
    let t = now();
    sign(
        &json!({"iss": key, "ist": "project", "iat": t, "exp": t + 3600, "session_id": session_id,
                "role": "publisher", "scope": "session.connect", "nonce": "n"}),
        secret,
    )
}
