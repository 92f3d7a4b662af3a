//! HS256 JWTs: the client token in its default format, and the REST auth JWT (`X-OPENTOK-AUTH`).

use super::{
    text::{push_int, push_json_string, write_hex_lower},
    with_scratch, Fields,
};
use crate::{
    auth::{Credentials, REST_JWT_TTL},
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

/// The REST auth JWT (see [`Credentials::rest_jwt`]): `{"iss":"<key>","ist":"project","iat":..,
/// "exp":iat+300,"jti":"<16 hex digits>"}`.
pub(crate) fn rest_auth_jwt(credentials: &Credentials, iat: i64, jti: u64) -> String {
    with_scratch(|buf| {
        buf.extend_from_slice(b"{\"iss\":");
        push_json_string(buf, credentials.api_key());
        buf.extend_from_slice(b",\"ist\":\"project\",\"iat\":");
        push_int(buf, iat);
        buf.extend_from_slice(b",\"exp\":");
        push_int(buf, iat.saturating_add(REST_JWT_TTL));
        buf.extend_from_slice(b",\"jti\":\"");
        let at = buf.len();
        buf.resize(at + 16, 0);
        write_hex_lower(&mut buf[at..], &jti.to_be_bytes());
        buf.extend_from_slice(b"\"}");
        sign(credentials, buf)
    })
}

/// A REST auth JWT for `ot`'s project at the current time, for the crate's benchmarks only (the request
/// hook mints these; applications never need to).
#[doc(hidden)]
pub fn bench_rest_auth_jwt(ot: &crate::OpenTok) -> String {
    ot.credentials().rest_jwt(super::unix_now(), fastrand::u64(..))
}

#[cfg(test)]
mod tests {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
    use hmac::{Hmac, Mac};
    use sha2::Sha256;

    use super::*;
    use crate::{auth::ApiSecret, jws::HS256_HEADER_B64};

    #[test]
    fn rest_jwt_has_the_documented_claims_and_a_valid_signature() {
        let creds = Credentials::new("123456".into(), ApiSecret::new("s3cret")).unwrap();
        let jwt = rest_auth_jwt(&creds, 1_700_000_000, 0xab);
        let (signed, sig) = jwt.rsplit_once('.').unwrap();
        let (header, payload) = signed.split_once('.').unwrap();
        assert_eq!(header, HS256_HEADER_B64);
        let claims: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        assert_eq!(
            claims,
            serde_json::json!({"iss": "123456", "ist": "project", "iat": 1_700_000_000, "exp": 1_700_000_300,
                "jti": "00000000000000ab"})
        );
        let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(b"s3cret").unwrap();
        mac.update(signed.as_bytes());
        mac.verify_slice(&URL_SAFE_NO_PAD.decode(sig).unwrap()).unwrap();
    }
}
