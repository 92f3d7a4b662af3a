//! HS256 JWTs: the client token in its default format, and the REST auth JWT (`X-OPENTOK-AUTH`).

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{
    text::{push_i64, push_json_str},
    with_scratch, Fields,
};
use crate::auth::{Credentials, REST_JWT_TTL};

/// `base64url({"alg":"HS256","typ":"JWT"})`, the header the Node SDK's `jsonwebtoken` writes.
pub(crate) const HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// Length of a base64url (unpadded) HMAC-SHA256 signature.
const SIGNATURE_B64_LEN: usize = 43;

/// Signs `claims` (a JSON object) with a keyed HMAC-SHA256 and returns `header.payload.signature`. The
/// output is the only allocation.
pub(crate) fn sign(mut mac: Hmac<Sha256>, claims: &[u8]) -> String {
    let mut out = String::with_capacity(HEADER.len() + 2 + claims.len().div_ceil(3) * 4 + SIGNATURE_B64_LEN);
    out.push_str(HEADER);
    out.push('.');
    base64_simd::URL_SAFE_NO_PAD.encode_append(claims, &mut out);
    mac.update(out.as_bytes());
    let signature = mac.finalize().into_bytes();
    out.push('.');
    base64_simd::URL_SAFE_NO_PAD.encode_append(signature, &mut out);
    out
}

/// The client token as the Node SDK writes it: claims `iss, ist, iat, exp, session_id, create_time,
/// nonce, role, expire_time, connection_data (if any), initial_layout_class_list, scope`, in that order,
/// as `JSON.stringify` prints them.
pub(crate) fn client_token(credentials: &Credentials, f: &Fields<'_>) -> String {
    with_scratch(|buf| {
        buf.extend_from_slice(b"{\"iss\":\"");
        push_json_str(buf, credentials.api_key());
        buf.extend_from_slice(b"\",\"ist\":\"project\",\"iat\":");
        push_i64(buf, f.iat);
        buf.extend_from_slice(b",\"exp\":");
        // The Node SDK falls back to iat + 300 for a zero expire_time; only reachable with a clock
        // set to 1970, kept so that the formats agree everywhere.
        push_i64(buf, if f.expire_time != 0 { f.expire_time } else { f.iat + REST_JWT_TTL });
        buf.extend_from_slice(b",\"session_id\":\"");
        push_json_str(buf, f.session_id);
        buf.extend_from_slice(b"\",\"create_time\":");
        push_i64(buf, f.create_time);
        buf.extend_from_slice(b",\"nonce\":");
        buf.extend_from_slice(f.nonce.as_bytes());
        buf.extend_from_slice(b",\"role\":\"");
        buf.extend_from_slice(f.role.as_str().as_bytes());
        buf.extend_from_slice(b"\",\"expire_time\":");
        push_i64(buf, f.expire_time);
        if let Some(data) = f.data {
            buf.extend_from_slice(b",\"connection_data\":\"");
            push_json_str(buf, data);
            buf.push(b'"');
        }
        buf.extend_from_slice(b",\"initial_layout_class_list\":\"");
        push_json_str(buf, f.layout);
        buf.extend_from_slice(b"\",\"scope\":\"session.connect\"}");
        sign(credentials.hmac_sha256(), buf)
    })
}

/// A REST auth JWT for `ot`'s project at the current time, for the crate's benchmarks only (the request
/// hook mints these; applications never need to).
#[doc(hidden)]
pub fn bench_rest_auth_jwt(ot: &crate::OpenTok) -> String {
    match ot.credentials().auth_header(super::unix_now(), fastrand::u128(..)) {
        Ok(crate::credentials::AuthHeader::OpenTok(jwt) | crate::credentials::AuthHeader::Bearer(jwt)) => jwt,
        Err(_) => String::new(),
    }
}
