//! Credentials (with the API secret kept out of every `Debug` and `Display`) and the REST auth JWT they
//! sign. No HTTP here: the transport floor above puts the JWT on each request.

use std::{fmt, sync::Arc};

use hmac::{Hmac, KeyInit};
use sha1::Sha1;
use sha2::Sha256;

use crate::{
    error::{Error, Result},
    ids::SessionKeyMatcher,
};

/// An API secret. It prints as `[redacted]` in `Debug` and `Display`, so it never reaches a log line or
/// an error message.
#[derive(Clone)]
pub struct ApiSecret(Arc<str>);

impl ApiSecret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(Arc::from(secret.into()))
    }

    /// The secret itself, for callers that must hand it on (for instance to verify a token).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiSecret([redacted])")
    }
}

impl fmt::Display for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for ApiSecret {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

impl From<&str> for ApiSecret {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

/// A project's API key and secret, with HMAC states keyed once so that each signature only hashes the
/// message.
#[derive(Clone)]
pub(crate) struct Credentials {
    api_key: Arc<str>,
    secret: ApiSecret,
    sha1: Hmac<Sha1>,
    sha256: Hmac<Sha256>,
    session_ids: SessionKeyMatcher,
}

impl Credentials {
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

    pub(crate) fn secret(&self) -> &ApiSecret {
        &self.secret
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
        crate::token::jwt::rest_auth_jwt(self, iat, jti)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("api_key", &self.api_key)
            .field("secret", &self.secret)
            .finish_non_exhaustive()
    }
}

/// Lifetime of the REST auth JWT. The platform accepts at most five minutes.
pub(crate) const REST_JWT_TTL: i64 = 300;
