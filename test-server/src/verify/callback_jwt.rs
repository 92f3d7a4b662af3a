//! Signing the callbacks the server sends, as the platform signs its "secure" callbacks: an HS256 JWT
//! with `iat`, `jti`, `iss: "Vonage"`, `payload_hash` (the lowercase hex SHA-256 of the body) and the
//! account's `api_key` or `application_id`, keyed with the callback's signature secret.

use serde_json::json;
use sha2::{Digest, Sha256};

use super::mint::sign_hs256;

/// The JWT for a callback with `body`, signed with `secret` at `iat` (Unix seconds). `account` is the
/// claim naming the account (`api_key` or `application_id`) and its value.
pub(crate) fn sign_callback(secret: &str, body: &[u8], account: (&str, &str), iat: i64, jti: &str) -> String {
    let payload_hash: String = Sha256::digest(body).iter().map(|b| format!("{b:02x}")).collect();
    let mut claims = json!({"iat": iat, "jti": jti, "iss": "Vonage", "payload_hash": payload_hash});
    claims[account.0] = json!(account.1);
    sign_hs256(&claims, secret)
}
