//! The two kinds of credentials the platform accepts, and the REST auth JWT each signs. No HTTP here: the
//! transport floor puts the JWT on each request.
//!
//! * [`ProjectKey`]: an OpenTok project's API key and secret; HS256 `X-OPENTOK-AUTH`.
//! * [`ApplicationKey`]: a Vonage application's id and RSA private key; RS256 `Authorization: Bearer`.
//!
//! Secrets and private keys never reach `Debug`, `Display` or an error message.

mod application;
mod project;

use std::{fmt, sync::Arc};

pub(crate) use application::{jti_uuid, ApplicationKey};
pub(crate) use project::ProjectKey;

use crate::error::{CredentialKind, Result};

/// Lifetime of a REST auth JWT: `exp` = `iat` + 300. The platform accepts at most five minutes.
pub(crate) const REST_JWT_TTL: i64 = 300;

/// A secret string (an API secret, or a private key's PEM text). It prints as `[redacted]` in `Debug` and
/// `Display`, so it never reaches a log line or an error message.
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

/// The credentials a client signs with.
// One value per client, behind an `Arc`: the keyed HMAC states stay inline, where token minting reads them.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub(crate) enum Credentials {
    /// An OpenTok project's API key and secret.
    Project(ProjectKey),
    /// A Vonage application's id and private key.
    Application(ApplicationKey),
}

/// The auth header of one request: its name and value.
pub(crate) enum AuthHeader {
    /// `X-OPENTOK-AUTH: <HS256 JWT>`.
    OpenTok(String),
    /// `Authorization: Bearer <RS256 JWT>`.
    Bearer(String),
}

impl Credentials {
    /// Which kind these are.
    pub(crate) fn kind(&self) -> CredentialKind {
        match self {
            Self::Project(_) => CredentialKind::Project,
            Self::Application(_) => CredentialKind::Application,
        }
    }

    /// What request paths carry in place of `{apiKey}`: the API key, or the application id.
    pub(crate) fn account_id(&self) -> &str {
        match self {
            Self::Project(key) => key.api_key(),
            Self::Application(app) => app.id(),
        }
    }

    /// The auth header for a request made at `iat` (Unix seconds) with the random `jti`.
    ///
    /// # Errors
    /// Only if RSA signing fails, which a key that parsed does not do.
    pub(crate) fn auth_header(&self, iat: i64, jti: u128) -> Result<AuthHeader> {
        match self {
            // The HS256 JWT's `jti` is 16 hex digits, as it always was.
            Self::Project(key) => Ok(AuthHeader::OpenTok(key.rest_jwt(iat, jti as u64))),
            Self::Application(app) => app.rest_jwt(iat, jti).map(AuthHeader::Bearer),
        }
    }
}
