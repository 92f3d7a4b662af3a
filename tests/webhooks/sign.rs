//! Signed callbacks made by hand (not with the crate's signer), as the platform shapes them.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use hmac::{Hmac, KeyInit, Mac};
use http::{header::AUTHORIZATION, HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};

/// A callback JWT for `body`, signed with `secret`.
pub fn jwt(secret: &str, body: &str, iat: i64, jti: &str) -> String {
    let hash: String = Sha256::digest(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let claims = format!(r#"{{"iat":{iat},"jti":"{jti}","iss":"Vonage","payload_hash":"{hash}"}}"#);
    let signed =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#), URL_SAFE_NO_PAD.encode(claims));
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(signed.as_bytes());
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

/// Request headers carrying `jwt` as the platform sends it.
pub fn headers(jwt: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, HeaderValue::from_str(&format!("Bearer {jwt}")).unwrap());
    headers
}
