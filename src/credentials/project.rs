//! A project's API key and secret: HS256 REST auth, and the keyed HMAC states that client tokens use.

use std::{fmt, sync::Arc};

use hmac::{Hmac, KeyInit};
use sha1::Sha1;
use sha2::Sha256;

use super::{ApiSecret, REST_JWT_TTL};
use crate::jws;
use crate::{
    error::{Error, Result},
    ids::SessionKeyMatcher,
};

/// A project's API key and secret, with HMAC states keyed once so that each signature only hashes the
/// message.
#[derive(Clone)]
pub(crate) struct ProjectKey {
    api_key: Arc<str>,
    secret: ApiSecret,
    sha1: Hmac<Sha1>,
    sha256: Hmac<Sha256>,
    session_ids: SessionKeyMatcher,
}

impl ProjectKey {
    /// Checks and keys the credentials.
    pub(crate) fn new(api_key: String, secret: ApiSecret) -> Result<Self> {
        if api_key.is_empty() || !api_key.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid("api_key", "must be the project's numeric API key"));
        }
        if secret.expose().trim().is_empty() {
            return Err(Error::invalid("api_secret", "must not be empty"));
        }
        let key = secret.expose().as_bytes();
        let sha1 = <Hmac<Sha1> as KeyInit>::new_from_slice(key)
            .map_err(|_| Error::invalid("api_secret", "cannot be used as an HMAC key"))?;
        let sha256 = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
            .map_err(|_| Error::invalid("api_secret", "cannot be used as an HMAC key"))?;
        let session_ids = SessionKeyMatcher::new(&api_key);
        Ok(Self { api_key: Arc::from(api_key), secret, sha1, sha256, session_ids })
    }

    pub(crate) fn api_key(&self) -> &str {
        &self.api_key
    }

    /// Recognises this project's session ids quickly (see [`SessionKeyMatcher`]).
    pub(crate) fn session_ids(&self) -> &SessionKeyMatcher {
        &self.session_ids
    }

    /// A fresh HMAC-SHA1 state keyed with the secret.
    pub(crate) fn hmac_sha1(&self) -> Hmac<Sha1> {
        self.sha1.clone()
    }

    /// A fresh HMAC-SHA256 state keyed with the secret.
    pub(crate) fn hmac_sha256(&self) -> Hmac<Sha256> {
        self.sha256.clone()
    }

    /// The `X-OPENTOK-AUTH` JWT for a request made at `iat` (Unix seconds): claims `iss` (the API key as a
    /// string), `ist` = `"project"`, `iat`, `exp` = `iat` + 300 and a random `jti`.
    pub(crate) fn rest_jwt(&self, iat: i64, jti: u64) -> String {
        let mut claims = Vec::with_capacity(128);
        claims.extend_from_slice(b"{\"iss\":");
        // The API key is digits only (checked in `new`): no escaping needed.
        claims.push(b'"');
        claims.extend_from_slice(self.api_key.as_bytes());
        claims.extend_from_slice(b"\",\"ist\":\"project\",\"iat\":");
        claims.extend_from_slice(itoa::Buffer::new().format(iat).as_bytes());
        claims.extend_from_slice(b",\"exp\":");
        claims.extend_from_slice(itoa::Buffer::new().format(iat.saturating_add(REST_JWT_TTL)).as_bytes());
        // `jti` as 16 lowercase hex digits, written in place (`format!` cost a tenth of the claims' work).
        claims.extend_from_slice(b",\"jti\":\"");
        claims.extend((0..16).rev().map(|digit| b"0123456789abcdef"[(jti >> (digit * 4)) as usize & 0xf]));
        claims.extend_from_slice(b"\"}");
        let Ok(jwt) = jws::sign(jws::Hs256(self.hmac_sha256()), &claims);
        jwt
    }
}

impl fmt::Debug for ProjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProjectKey")
            .field("api_key", &self.api_key)
            .field("secret", &self.secret)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
    use hmac::Mac;

    use super::*;

    #[test]
    fn rest_jwt_has_the_documented_claims_and_a_valid_signature() {
        let key = ProjectKey::new("123456".into(), ApiSecret::new("s3cret")).unwrap();
        let jwt = key.rest_jwt(1_700_000_000, 0xab);
        let (signed, sig) = jwt.rsplit_once('.').unwrap();
        let (header, payload) = signed.split_once('.').unwrap();
        assert_eq!(header, jws::HS256_HEADER_B64);
        let claims: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        assert_eq!(
            claims,
            serde_json::json!({"iss": "123456", "ist": "project", "iat": 1_700_000_000, "exp": 1_700_000_300,
                "jti": "00000000000000ab"})
        );
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(b"s3cret").unwrap();
        mac.update(signed.as_bytes());
        mac.verify_slice(&URL_SAFE_NO_PAD.decode(sig).unwrap()).unwrap();
        let wide = key.rest_jwt(1, 0xfedc_ba98_7654_3210);
        let payload = URL_SAFE_NO_PAD.decode(wide.split('.').nth(1).unwrap()).unwrap();
        let claims: serde_json::Value = serde_json::from_slice(&payload).unwrap();
        assert_eq!(claims["jti"], "fedcba9876543210");
        let far = key.rest_jwt(i64::MAX, 1);
        assert!(far.contains('.'), "no overflow at the end of time");
    }
}
