//! HS256 client tokens, the default format for a project's key and secret.

use super::{
    text::{push_int, push_json_string},
    with_scratch, Fields,
};
use crate::{
    credentials::{ProjectKey as Credentials, REST_JWT_TTL},
    jws::{self, Hs256},
};

/// Signs `claims` (a JSON object) with the API secret: HS256, `header.payload.signature`.
fn sign(credentials: &Credentials, claims: &[u8]) -> String {
    let Ok(jwt) = jws::sign(Hs256(credentials.hmac_sha256()), claims);
    jwt
}

/// The client token as the Node SDK writes it: claims `iss, ist, iat, exp, session_id, create_time,
/// nonce, role, expire_time, connection_data (if any), initial_layout_class_list, scope`, in that order,
/// as `JSON.stringify` prints them.
pub(crate) fn client_token(credentials: &Credentials, f: &Fields<'_>) -> String {
    with_scratch(|buf| {
        buf.extend_from_slice(b"{\"iss\":");
        push_json_string(buf, credentials.api_key());
        // `exp` is `expire_time` and `iat` mostly `create_time`: each number is formatted once.
        let (mut iat_text, mut expire_text) = (itoa::Buffer::new(), itoa::Buffer::new());
        let iat = iat_text.format(f.iat).as_bytes();
        let expire_time = expire_text.format(f.expire_time).as_bytes();
        buf.extend_from_slice(b",\"ist\":\"project\",\"iat\":");
        buf.extend_from_slice(iat);
        buf.extend_from_slice(b",\"exp\":");
        // The Node SDK falls back to iat + 300 for a zero expire_time; only reachable with a clock
        // set to 1970, kept so that the formats agree everywhere.
        if f.expire_time != 0 {
            buf.extend_from_slice(expire_time);
        } else {
            push_int(buf, f.iat.saturating_add(REST_JWT_TTL));
        }
        buf.extend_from_slice(b",\"session_id\":");
        if f.session_id_plain {
            buf.push(b'"');
            buf.extend_from_slice(f.session_id.as_bytes());
            buf.push(b'"');
        } else {
            push_json_string(buf, f.session_id);
        }
        buf.extend_from_slice(b",\"create_time\":");
        if f.create_time == f.iat {
            buf.extend_from_slice(iat);
        } else {
            push_int(buf, f.create_time);
        }
        buf.extend_from_slice(b",\"nonce\":");
        buf.extend_from_slice(f.nonce.as_bytes());
        buf.extend_from_slice(b",\"role\":\"");
        buf.extend_from_slice(f.role.as_str().as_bytes());
        buf.extend_from_slice(b"\",\"expire_time\":");
        buf.extend_from_slice(expire_time);
        if let Some(data) = f.data {
            buf.extend_from_slice(b",\"connection_data\":");
            push_json_string(buf, data);
        }
        buf.extend_from_slice(b",\"initial_layout_class_list\":");
        push_json_string(buf, f.layout);
        buf.extend_from_slice(b",\"scope\":\"session.connect\"}");
        sign(credentials, buf)
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
