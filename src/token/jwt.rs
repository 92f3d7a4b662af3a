//! HS256 JWT encoding.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use hmac::Mac;

use crate::auth::{Credentials, REST_JWT_TTL};

/// `base64url({"alg":"HS256","typ":"JWT"})`.
pub(crate) const HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// Signs `claims` (a JSON object) with the secret and returns `header.payload.signature`.
pub(crate) fn sign(credentials: &Credentials, claims: &str) -> String {
    let mut out = String::with_capacity(HEADER.len() + 2 + claims.len() * 4 / 3 + 48);
    out.push_str(HEADER);
    out.push('.');
    URL_SAFE_NO_PAD.encode_string(claims, &mut out);
    let mut mac = credentials.hmac_sha256();
    mac.update(out.as_bytes());
    let signature = mac.finalize().into_bytes();
    out.push('.');
    URL_SAFE_NO_PAD.encode_string(signature, &mut out);
    out
}

/// The REST auth JWT (see [`Credentials::rest_jwt`]).
pub(crate) fn rest_auth_jwt(credentials: &Credentials, iat: i64, jti: u64) -> String {
    let claims = format!(
        r#"{{"iss":"{}","ist":"project","iat":{iat},"exp":{},"jti":"{jti:016x}"}}"#,
        credentials.api_key(),
        iat + REST_JWT_TTL
    );
    sign(credentials, &claims)
}
