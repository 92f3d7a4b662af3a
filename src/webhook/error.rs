//! Why a callback was refused, and what to answer the platform.

use http::StatusCode;

use crate::error::DecodeError;

/// The check a signed callback failed. Nothing here contains the signature secret; text taken from the
/// request (an algorithm name, an issuer) is cut short.
///
/// [`status`](Self::status) is the answer to give the platform for each: 503 when it should send the
/// callback again (unsigned, or the replay store could not answer), 401 when the request is not a genuine
/// callback, 200 for a replay of one already handled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// No `Authorization` header, while a signature secret is configured. The platform may send a callback
    /// unsigned after an internal error: answer 503 so that it retries (signed, with luck).
    #[error("the callback has no Authorization header, but a signature secret is configured")]
    MissingSignature,
    /// The header is not a compact JWS (three base64url parts, a JSON header and JSON claims), or it is
    /// too long.
    #[error("the Authorization header is not a signed JWT: {0}")]
    Malformed(&'static str),
    /// The JWT's `alg` is not exactly `HS256` (`none`, `RS256`, `hs256`, ...).
    #[error("the JWT's algorithm is {0:?}; only HS256 is accepted")]
    Algorithm(String),
    /// The signature does not match the configured secret (a wrong secret, or a changed header or
    /// claims).
    #[error("the JWT's signature does not match the configured secret")]
    Signature,
    /// A claim the platform always sends is missing, or has the wrong type.
    #[error("the JWT's `{0}` claim is missing or malformed")]
    Claim(&'static str),
    /// `iss` is not the expected issuer.
    #[error("the JWT's issuer is {found:?}, expected {expected:?}")]
    Issuer {
        /// The `iss` claim (cut short).
        found: String,
        /// The issuer expected.
        expected: String,
    },
    /// `application_id` or `api_key` is not the one expected.
    #[error("the JWT's `{claim}` claim is not the expected one")]
    Account {
        /// `application_id` or `api_key`.
        claim: &'static str,
    },
    /// `iat` is outside the freshness window around now (or `exp` has passed, or `nbf` is to come).
    #[error(
        "the JWT was issued at {issued_at} (Unix seconds), outside the {max_age_secs} s window around now ({now})"
    )]
    Stale {
        /// The `iat` claim (or `exp`, `nbf` when those failed).
        issued_at: i64,
        /// The time the check used.
        now: i64,
        /// The window.
        max_age_secs: i64,
    },
    /// The SHA-256 of the body is not the JWT's `payload_hash`: the body was changed.
    #[error("the body's SHA-256 does not match the JWT's payload_hash")]
    PayloadHash,
    /// The JWT's `jti` was seen within the window: a replayed callback.
    #[error("the JWT's jti {0:?} was already seen: a replay")]
    Replayed(String),
    /// Every other check passed, but the replay store could not say whether the `jti` was seen before
    /// (unreachable, too slow, an answer it does not understand): the callback is not accepted on a
    /// guess. Answer 503, so that the platform sends it again later; its `jti` is not used up.
    #[error("the replay store could not check the JWT's jti: {0}")]
    ReplayStore(ReplayStoreError),
}

impl VerifyError {
    /// The answer to give the platform:
    /// - [`MissingSignature`](Self::MissingSignature) and [`ReplayStore`](Self::ReplayStore): 503, so that
    ///   the platform retries;
    /// - [`Replayed`](Self::Replayed): 200 (the callback was handled when first received; answering an
    ///   error would only make the platform send it again). Do not process it again;
    /// - anything else: 401 (not a genuine, fresh callback for this receiver).
    pub fn status(&self) -> StatusCode {
        match self {
            Self::MissingSignature | Self::ReplayStore(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Replayed(_) => StatusCode::OK,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    /// The name of the check that failed, for logs and metrics: `header`, `format`, `alg`, `signature`,
    /// `claims`, `iss`, `account`, `iat`, `payload_hash`, `jti` or `replay_store`.
    pub fn check(&self) -> &'static str {
        match self {
            Self::MissingSignature => "header",
            Self::Malformed(_) => "format",
            Self::Algorithm(_) => "alg",
            Self::Signature => "signature",
            Self::Claim(_) => "claims",
            Self::Issuer { .. } => "iss",
            Self::Account { .. } => "account",
            Self::Stale { .. } => "iat",
            Self::PayloadHash => "payload_hash",
            Self::Replayed(_) => "jti",
            Self::ReplayStore(_) => "replay_store",
        }
    }
}

/// Why [`Verifier::verify_and_parse`](super::Verifier::verify_and_parse) refused a callback.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signature check failed.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// The callback is genuine but its body does not read as a callback (not JSON, or a member of the
    /// wrong type).
    #[error("the callback's body does not read: {0}")]
    Body(DecodeError),
}

impl WebhookError {
    /// The answer to give the platform: [`VerifyError::status`], or 400 for a body that does not read
    /// (sending it again would not help).
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Verify(e) => e.status(),
            Self::Body(_) => StatusCode::BAD_REQUEST,
        }
    }
}

/// Why a [`ReplayStore`](super::ReplayStore) could not answer. Its text names the cause and never
/// contains a password from the store's URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .detail)]
pub struct ReplayStoreError {
    fault: ReplayFault,
    detail: String,
}

/// The kind of [`ReplayStoreError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReplayFault {
    /// The store could not be reached (connection refused or lost, a name that does not resolve).
    Unreachable,
    /// The store did not answer within its timeout.
    Timeout,
    /// The store answered, but not with an answer the command can have (an error reply, or bytes that
    /// are not its protocol).
    UnexpectedAnswer,
    /// The verifier's store answers asynchronously, and a synchronous method was called: use
    /// [`Verifier::verify_and_parse_async`](super::Verifier::verify_and_parse_async).
    NeedsAsync,
}

impl ReplayStoreError {
    /// An error of kind `fault`, whose text is `detail` (which must not contain secrets).
    pub fn new(fault: ReplayFault, detail: impl Into<String>) -> Self {
        Self { fault, detail: detail.into() }
    }

    /// The kind of fault.
    pub fn fault(&self) -> ReplayFault {
        self.fault
    }
}

/// `text` cut to at most 64 characters, for errors that quote the request.
pub(crate) fn cut(text: &str) -> String {
    text.chars().take(64).collect()
}
