//! [`Verifier`]: the checks on a signed ("secure") callback, and reading the callback once it passed.
//!
//! The platform signs a callback, when a signature secret is set for it, with an HS256 JWT in the
//! `Authorization` header whose claims are `iss` (`Vonage`), `iat`, `jti`, `payload_hash` (the lowercase
//! hex SHA-256 of the body) and `application_id` or `api_key`. There is no `exp`: freshness is `iat`
//! within a window, and replays within the window are caught by remembering `jti`.

use std::{fmt, mem::MaybeUninit, sync::Arc, time::Duration};

use hmac::{Hmac, KeyInit, Mac};
use http::{header::AUTHORIZATION, HeaderMap};
use sha2::{Digest, Sha256};

use super::{
    error::{cut, ReplayFault, ReplayStoreError, VerifyError, WebhookError},
    event::Event,
    replay::{ReplayGuard, ReplayStore},
};
use crate::{
    clock,
    error::{DecodeError, Error, Result},
    jws, wire,
};

mod flat_claims;

/// The freshness window by default: `iat` within five minutes of now, either way.
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(300);

/// The `iss` the platform puts in its callbacks' JWTs.
pub const PLATFORM_ISSUER: &str = "Vonage";

/// The longest `Authorization` header read: the platform's JWTs are about 400 bytes.
const MAX_JWT_LEN: usize = 8 * 1024;

/// The longest claims decoded on the stack (the platform's are about 250 bytes).
const CLAIMS_ON_STACK: usize = 1024;

/// The longest `jti` remembered.
const MAX_JTI_LEN: usize = 256;

/// The claims of a callback's JWT, once its signature and every check passed. Claims the crate does not
/// model are not kept.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct SignedClaims {
    /// The issuer (`Vonage`).
    #[serde(rename = "iss", default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// When the platform signed the callback (Unix seconds).
    #[serde(rename = "iat", default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<i64>,
    /// The JWT's id, unique per callback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    /// The lowercase hex SHA-256 of the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_hash: Option<String>,
    /// The Vonage application the callback is about.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text")]
    pub application_id: Option<String>,
    /// The API key (OpenTok project, or the account's key) the callback is about; a number is read as
    /// text.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text")]
    pub api_key: Option<String>,
    /// An expiry, should the platform add one (Unix seconds). Checked when present.
    #[serde(rename = "exp", default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// A not-before time, should the platform add one (Unix seconds). Checked when present.
    #[serde(rename = "nbf", default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<i64>,
}

/// A claim sent as a string or a number, read as text.
fn text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Option<String>, D::Error> {
    struct TextVisitor;
    impl serde::de::Visitor<'_> for TextVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> std::result::Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(TextVisitor)
}

/// A verified callback: what it says, and the claims that vouched for it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SignedEvent {
    /// The callback.
    pub event: Event,
    /// The JWT's claims.
    pub claims: SignedClaims,
}

/// Verifies the platform's signed callbacks against a signature secret.
///
/// Checks, in order (the first to fail is the error):
/// 1. an `Authorization` header (`Bearer <jwt>` or the bare JWT) is present: else
///    [`MissingSignature`](VerifyError::MissingSignature);
/// 2. it is a compact JWT of at most 8 KiB: else [`Malformed`](VerifyError::Malformed);
/// 3. its header's `alg` is exactly `HS256`: else [`Algorithm`](VerifyError::Algorithm) (no `none`, no
///    RS256 with the secret as a "public key");
/// 4. its HMAC-SHA256 signature matches the secret (or a previous secret given to
///    [`also_accept`](Self::also_accept)), compared in constant time: else
///    [`Signature`](VerifyError::Signature);
/// 5. `iss` is `Vonage` (or [`issuer`](Self::issuer)): else [`Issuer`](VerifyError::Issuer); `iat`,
///    `payload_hash` (and `jti` with replay detection) are present: else [`Claim`](VerifyError::Claim);
/// 6. `application_id` and `api_key` are the expected ones, for those set: else
///    [`Account`](VerifyError::Account);
/// 7. `iat` is within [`max_age`](Self::max_age) of now (either way; `exp` and `nbf` when present): else
///    [`Stale`](VerifyError::Stale);
/// 8. the lowercase hex SHA-256 of the raw body is `payload_hash` (any case): else
///    [`PayloadHash`](VerifyError::PayloadHash);
/// 9. `jti` was not seen within the window: else [`Replayed`](VerifyError::Replayed). It is recorded
///    only now, so that requests failing an earlier check cannot fill the guard (nor use up the `jti` of
///    a genuine callback). With a shared [`ReplayStore`] that cannot answer:
///    [`ReplayStore`](VerifyError::ReplayStore) (503), never an acceptance on a guess.
///
/// The replay store is the in-memory [`ReplayGuard`] by default, for one process. An application run as
/// several instances shares one store between them, such as `RedisReplayStore` (feature `redis`), set
/// with [`replay_store`](Self::replay_store) and used by [`verify_and_parse_async`](Self::verify_and_parse_async)
/// (and by the axum extractor).
///
/// Clones share the replay store. `Debug` does not show the secrets.
///
/// ```
/// use opentok_sdk::webhook::{Event, Verifier};
///
/// # fn handle(headers: &http::HeaderMap, body: &[u8]) -> Result<(), opentok_sdk::Error> {
/// let verifier = Verifier::new("the callback's signature secret")?.expect_api_key("123456");
/// match verifier.verify_and_parse(headers, body) {
///     Ok(signed) => {
///         if let Event::Archive(archive) = signed.event {
///             println!("archive {} is {}", archive.id, archive.status);
///         }
///         // answer 200
///     }
///     Err(refused) => {
///         eprintln!("callback refused: {refused}");
///         // answer refused.status()
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Verifier {
    keys: Vec<Hmac<Sha256>>,
    issuer: String,
    application_id: Option<String>,
    api_key: Option<String>,
    max_age_secs: i64,
    replay: Replay,
}

/// Where the `jti`s are recorded.
#[derive(Clone, Debug)]
enum Replay {
    Off,
    /// In this process's memory, checked synchronously.
    Memory(Arc<ReplayGuard>),
    /// In a store that answers later (shared by several instances).
    Store(Arc<dyn ReplayStore>),
}

/// A `jti` to record once every other check passed.
struct Pending<'a> {
    jti: &'a str,
    forget_after: i64,
    now: i64,
}

fn hmac_key(secret: &str, field: &'static str) -> Result<Hmac<Sha256>> {
    if secret.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .map_err(|_| Error::invalid(field, "cannot be used as an HMAC key"))
}

impl Verifier {
    /// A verifier for callbacks signed with `secret` (the signature secret set with the callback URL),
    /// expecting `iss` = `Vonage`, with a five-minute window and a replay guard of
    /// [`DEFAULT_REPLAY_CAPACITY`](super::DEFAULT_REPLAY_CAPACITY) ids.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `secret` if it is empty.
    pub fn new(secret: &str) -> Result<Self> {
        Ok(Self {
            keys: vec![hmac_key(secret, "secret")?],
            issuer: PLATFORM_ISSUER.to_owned(),
            application_id: None,
            api_key: None,
            max_age_secs: DEFAULT_MAX_AGE.as_secs() as i64,
            replay: Replay::Memory(Arc::new(ReplayGuard::default())),
        })
    }

    /// Also accepts callbacks signed with `previous_secret`: while a new secret takes effect (the platform
    /// takes up to 30 minutes to apply a change), callbacks come signed with either.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `previous_secret` if it is empty.
    pub fn also_accept(mut self, previous_secret: &str) -> Result<Self> {
        self.keys.push(hmac_key(previous_secret, "previous_secret")?);
        Ok(self)
    }

    /// Requires the `application_id` claim to be `application_id` (a Vonage application's id).
    pub fn expect_application_id(mut self, application_id: impl Into<String>) -> Self {
        self.application_id = Some(application_id.into());
        self
    }

    /// Requires the `api_key` claim to be `api_key` (an OpenTok project's API key).
    pub fn expect_api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// The `iss` required (`Vonage` by default).
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = issuer.into();
        self
    }

    /// The freshness window: `iat` may be at most this far from now, in the past or (clock skew) in the
    /// future. Five minutes by default; whole seconds (a window under one second is one second).
    pub fn max_age(mut self, window: Duration) -> Self {
        self.max_age_secs = i64::try_from(window.as_secs()).unwrap_or(i64::MAX).max(1);
        self
    }

    /// The in-memory replay guard, shared with other verifiers of this process if wanted; `None` turns
    /// replay detection off. For several instances of an application, see
    /// [`replay_store`](Self::replay_store).
    pub fn replay_guard(mut self, guard: Option<Arc<ReplayGuard>>) -> Self {
        self.replay = guard.map_or(Replay::Off, Replay::Memory);
        self
    }

    /// The in-memory replay guard in use, if any (to [`forget`](ReplayGuard::forget) a callback not
    /// processed). `None` with a [`replay_store`](Self::replay_store).
    pub fn replay_guard_in_use(&self) -> Option<&Arc<ReplayGuard>> {
        match &self.replay {
            Replay::Memory(guard) => Some(guard),
            _ => None,
        }
    }

    /// Records `jti`s in `store`, shared by every instance of the application that uses the same store
    /// (such as `RedisReplayStore`, feature `redis`): a callback is then accepted once by the whole
    /// deployment. Such a store answers later: verify with [`verify_and_parse_async`](Self::verify_and_parse_async)
    /// or [`verify_async`](Self::verify_async) (the axum extractor does); the synchronous methods refuse
    /// every callback with [`ReplayFault::NeedsAsync`].
    pub fn replay_store(mut self, store: impl ReplayStore) -> Self {
        self.replay = Replay::Store(Arc::new(store));
        self
    }

    /// Forgets the `jti` of a callback that was accepted but could not be processed, so that the
    /// platform's next attempt (after a 5xx answer) is accepted, whichever store is in use. `Ok(false)`
    /// when it was not recorded (or replay detection is off).
    ///
    /// # Errors
    /// The store's, when it cannot answer.
    pub async fn forget(&self, jti: &str) -> std::result::Result<bool, ReplayStoreError> {
        match &self.replay {
            Replay::Off => Ok(false),
            Replay::Memory(guard) => Ok(guard.forget(jti)),
            Replay::Store(store) => store.forget(jti).await,
        }
    }

    /// Verifies a callback from its `Authorization` header value (`None` when absent) and raw body, at the
    /// current time.
    ///
    /// # Errors
    /// The [`VerifyError`] of the first check that failed (see [`Verifier`]).
    pub fn verify(&self, authorization: Option<&str>, body: &[u8]) -> std::result::Result<SignedClaims, VerifyError> {
        self.verify_at(authorization, body, clock::unix_now())
    }

    /// [`verify`](Self::verify) at `now` (Unix seconds).
    ///
    /// # Errors
    /// As [`verify`](Self::verify).
    pub fn verify_at(
        &self,
        authorization: Option<&str>,
        body: &[u8],
        now: i64,
    ) -> std::result::Result<SignedClaims, VerifyError> {
        let claims = self.check_all_but_replay(authorization, body, now)?;
        if let Some(pending) = self.pending(&claims, now) {
            match &self.replay {
                Replay::Memory(guard) => {
                    if !guard.check_and_record(pending.jti, pending.forget_after, pending.now) {
                        return Err(VerifyError::Replayed(cut(pending.jti)));
                    }
                }
                Replay::Store(_) => {
                    return Err(VerifyError::ReplayStore(ReplayStoreError::new(
                        ReplayFault::NeedsAsync,
                        "this verifier's replay store answers asynchronously: call `verify_and_parse_async` or \
                         `verify_async`",
                    )))
                }
                Replay::Off => {}
            }
        }
        Ok(claims)
    }

    /// [`verify`](Self::verify) with any replay store, waiting for its answer: the one to call with a
    /// shared [`replay_store`](Self::replay_store) (with the in-memory guard it answers at once, as
    /// [`verify`](Self::verify)).
    ///
    /// # Errors
    /// As [`verify`](Self::verify); [`VerifyError::ReplayStore`] when the store cannot answer.
    pub async fn verify_async(
        &self,
        authorization: Option<&str>,
        body: &[u8],
    ) -> std::result::Result<SignedClaims, VerifyError> {
        self.verify_async_at(authorization, body, clock::unix_now()).await
    }

    /// [`verify_async`](Self::verify_async) at `now` (Unix seconds).
    ///
    /// # Errors
    /// As [`verify_async`](Self::verify_async).
    pub async fn verify_async_at(
        &self,
        authorization: Option<&str>,
        body: &[u8],
        now: i64,
    ) -> std::result::Result<SignedClaims, VerifyError> {
        let claims = self.check_all_but_replay(authorization, body, now)?;
        if let Some(pending) = self.pending(&claims, now) {
            let recorded = match &self.replay {
                Replay::Memory(guard) => guard.check_and_record(pending.jti, pending.forget_after, pending.now),
                Replay::Store(store) => store
                    .record(pending.jti, pending.forget_after, pending.now)
                    .await
                    .map_err(VerifyError::ReplayStore)?,
                Replay::Off => true,
            };
            if !recorded {
                return Err(VerifyError::Replayed(cut(pending.jti)));
            }
        }
        Ok(claims)
    }

    /// Checks 1 to 8 (see [`Verifier`]): everything but the replay store.
    fn check_all_but_replay(
        &self,
        authorization: Option<&str>,
        body: &[u8],
        now: i64,
    ) -> std::result::Result<SignedClaims, VerifyError> {
        let jwt = bare_jwt(authorization.ok_or(VerifyError::MissingSignature)?)?;
        let claims = self.check_signature(jwt)?;
        self.check_claims(&claims, body, now)?;
        Ok(claims)
    }

    /// The `jti` to record, once `claims` passed every other check (`None` without replay detection).
    fn pending<'c>(&self, claims: &'c SignedClaims, now: i64) -> Option<Pending<'c>> {
        if matches!(self.replay, Replay::Off) {
            return None;
        }
        // `check_claims` made sure of both.
        let (jti, issued_at) = (claims.jti.as_deref()?, claims.issued_at?);
        Some(Pending { jti, forget_after: issued_at.saturating_add(self.max_age_secs), now })
    }

    /// Verifies a callback from its request headers and raw body, at the current time.
    ///
    /// # Errors
    /// As [`verify`](Self::verify); a header that is not visible ASCII is
    /// [`Malformed`](VerifyError::Malformed).
    pub fn verify_headers(&self, headers: &HeaderMap, body: &[u8]) -> std::result::Result<SignedClaims, VerifyError> {
        self.verify_at(authorization(headers)?, body, clock::unix_now())
    }

    /// Verifies a callback from its request headers and raw body, then reads it: the one call a receiver
    /// needs, from any HTTP framework that gives an [`http::HeaderMap`] and the body's bytes.
    ///
    /// # Errors
    /// [`WebhookError::Verify`] for a failed check, [`WebhookError::Body`] for a genuine callback whose
    /// body does not read. [`WebhookError::status`] is the answer to give the platform.
    pub fn verify_and_parse(&self, headers: &HeaderMap, body: &[u8]) -> std::result::Result<SignedEvent, WebhookError> {
        self.verify_and_parse_at(headers, body, clock::unix_now())
    }

    /// [`verify_and_parse`](Self::verify_and_parse) at `now` (Unix seconds).
    ///
    /// # Errors
    /// As [`verify_and_parse`](Self::verify_and_parse).
    pub fn verify_and_parse_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: i64,
    ) -> std::result::Result<SignedEvent, WebhookError> {
        let claims = self.verify_at(authorization(headers)?, body, now)?;
        Ok(SignedEvent { event: read_event(body)?, claims })
    }

    /// [`verify_and_parse`](Self::verify_and_parse) with any replay store, waiting for its answer: the
    /// one to call with a shared [`replay_store`](Self::replay_store), from an async handler.
    ///
    /// ```no_run
    /// # #[cfg(feature = "redis")]
    /// # async fn handle(headers: &http::HeaderMap, body: &[u8]) -> Result<http::StatusCode, Box<dyn std::error::Error>> {
    /// use opentok_sdk::webhook::{RedisReplayStore, Verifier};
    ///
    /// // Once, at start-up (inside the tokio runtime):
    /// let store = RedisReplayStore::new("redis://127.0.0.1:6379/")?;
    /// let verifier = Verifier::new("the signature secret")?.replay_store(store);
    /// // For each callback:
    /// Ok(match verifier.verify_and_parse_async(headers, body).await {
    ///     Ok(signed) => {
    ///         println!("{:?}", signed.event.kind());
    ///         http::StatusCode::OK
    ///     }
    ///     Err(refused) => refused.status(), // 503 while Redis cannot answer: the platform retries
    /// })
    /// # }
    /// ```
    ///
    /// # Errors
    /// As [`verify_and_parse`](Self::verify_and_parse); [`VerifyError::ReplayStore`] (503) when the store
    /// cannot answer.
    pub async fn verify_and_parse_async(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> std::result::Result<SignedEvent, WebhookError> {
        self.verify_and_parse_async_at(headers, body, clock::unix_now()).await
    }

    /// [`verify_and_parse_async`](Self::verify_and_parse_async) at `now` (Unix seconds).
    ///
    /// # Errors
    /// As [`verify_and_parse_async`](Self::verify_and_parse_async).
    pub async fn verify_and_parse_async_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: i64,
    ) -> std::result::Result<SignedEvent, WebhookError> {
        let claims = self.verify_async_at(authorization(headers)?, body, now).await?;
        Ok(SignedEvent { event: read_event(body)?, claims })
    }

    /// Checks the algorithm and the signature, and reads the claims.
    fn check_signature(&self, jwt: &str) -> std::result::Result<SignedClaims, VerifyError> {
        let mut parts = jwt.splitn(3, '.');
        let (Some(header), Some(payload), Some(signature)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(VerifyError::Malformed("not three dot-separated parts"));
        };
        if signature.contains('.') {
            return Err(VerifyError::Malformed("not three dot-separated parts"));
        }
        if !wire::same_text(header, jws::HS256_HEADER_B64) {
            check_header(header)?;
        }
        // An HMAC-SHA256 signature is 32 bytes: 43 base64url characters.
        let mut decoded = [0u8; 32];
        if signature.len() != 43 {
            return Err(VerifyError::Signature);
        }
        let signature = base64_simd::URL_SAFE_NO_PAD
            .decode(signature.as_bytes(), base64_simd::Out::from_slice(&mut decoded))
            .map_err(|_| VerifyError::Malformed("the signature is not base64url"))?;
        let signed = &jwt[..header.len() + 1 + payload.len()];
        let genuine = self.keys.iter().any(|key| {
            let mut mac = key.clone();
            mac.update(signed.as_bytes());
            mac.verify_slice(signature).is_ok()
        });
        if !genuine {
            return Err(VerifyError::Signature);
        }
        // The claims are about 250 bytes: decoded on the stack when they fit.
        let mut stack = [MaybeUninit::<u8>::uninit(); CLAIMS_ON_STACK];
        let heap;
        let not_base64 = |_| VerifyError::Malformed("the claims are not base64url");
        let claims: &[u8] = match base64_simd::URL_SAFE_NO_PAD.decoded_length(payload.as_bytes()) {
            Ok(len) if len <= CLAIMS_ON_STACK => base64_simd::URL_SAFE_NO_PAD
                .decode(payload.as_bytes(), base64_simd::Out::from_uninit_slice(&mut stack))
                .map_err(not_base64)?,
            _ => {
                heap = base64_simd::URL_SAFE_NO_PAD.decode_to_vec(payload).map_err(not_base64)?;
                &heap
            }
        };
        let claims = match std::str::from_utf8(claims) {
            Ok(text) => match flat_claims::read(text) {
                Some(claims) => return Ok(claims),
                None => serde_json::from_str(text),
            },
            Err(_) => serde_json::from_slice(claims),
        };
        claims.map_err(|e| match e.classify() {
            serde_json::error::Category::Data => VerifyError::Malformed("a claim has the wrong type"),
            _ => VerifyError::Malformed("the claims are not a JSON object"),
        })
    }

    fn check_claims(&self, claims: &SignedClaims, body: &[u8], now: i64) -> std::result::Result<(), VerifyError> {
        let issuer = claims.issuer.as_deref().ok_or(VerifyError::Claim("iss"))?;
        if !wire::same_text(issuer, &self.issuer) {
            return Err(VerifyError::Issuer { found: cut(issuer), expected: self.issuer.clone() });
        }
        let issued_at = claims.issued_at.ok_or(VerifyError::Claim("iat"))?;
        let payload_hash = claims.payload_hash.as_deref().ok_or(VerifyError::Claim("payload_hash"))?;
        if !matches!(self.replay, Replay::Off) {
            let jti = claims.jti.as_deref().ok_or(VerifyError::Claim("jti"))?;
            if jti.is_empty() || jti.len() > MAX_JTI_LEN {
                return Err(VerifyError::Claim("jti"));
            }
        }
        if let Some(expected) = &self.application_id {
            if !claims.application_id.as_deref().is_some_and(|found| wire::same_text(found, expected)) {
                return Err(VerifyError::Account { claim: "application_id" });
            }
        }
        if let Some(expected) = &self.api_key {
            if !claims.api_key.as_deref().is_some_and(|found| wire::same_text(found, expected)) {
                return Err(VerifyError::Account { claim: "api_key" });
            }
        }
        let window = self.max_age_secs;
        let stale = |at: i64| VerifyError::Stale { issued_at: at, now, max_age_secs: window };
        if issued_at < now.saturating_sub(window) || issued_at > now.saturating_add(window) {
            return Err(stale(issued_at));
        }
        if let Some(exp) = claims.expires_at.filter(|&exp| exp < now) {
            return Err(stale(exp));
        }
        if let Some(nbf) = claims.not_before.filter(|&nbf| nbf > now.saturating_add(window)) {
            return Err(stale(nbf));
        }
        if !hash_matches(payload_hash, body) {
            return Err(VerifyError::PayloadHash);
        }
        Ok(())
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secrets", &format_args!("[{} redacted]", self.keys.len()))
            .field("issuer", &self.issuer)
            .field("application_id", &self.application_id)
            .field("api_key", &self.api_key)
            .field("max_age_secs", &self.max_age_secs)
            .field("replay", &self.replay)
            .finish()
    }
}

/// A verified callback's body, read (as `Event::from_json`, parsing it as text once it is known to be
/// UTF-8).
fn read_event(body: &[u8]) -> std::result::Result<Event, WebhookError> {
    let value =
        wire::json_from_slice(body).map_err(|e| WebhookError::Body(DecodeError::of_body(body, e).in_callback()))?;
    Event::from_value(value).map_err(|e| match e {
        Error::Decode(decode) => WebhookError::Body(decode),
        other => WebhookError::Body(DecodeError::caused_by(other).in_callback()),
    })
}

/// The `Authorization` header's value, if there is one.
fn authorization(headers: &HeaderMap) -> std::result::Result<Option<&str>, VerifyError> {
    headers
        .get(AUTHORIZATION)
        .map(|value| value.to_str().map_err(|_| VerifyError::Malformed("the header is not visible ASCII")))
        .transpose()
}

/// The JWT in an `Authorization` value: after an optional `Bearer ` (any case), trimmed.
fn bare_jwt(value: &str) -> std::result::Result<&str, VerifyError> {
    let value = value.trim();
    let value = match value.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("bearer ") => value[7..].trim_start(),
        _ => value,
    };
    if value.is_empty() {
        return Err(VerifyError::Malformed("the header is empty"));
    }
    if value.len() > MAX_JWT_LEN {
        return Err(VerifyError::Malformed("longer than 8 KiB"));
    }
    Ok(value)
}

/// Reads a JOSE header other than the usual one: its `alg` must be exactly `HS256`.
fn check_header(header: &str) -> std::result::Result<(), VerifyError> {
    #[derive(serde::Deserialize)]
    struct Header {
        alg: Option<serde_json::Value>,
        crit: Option<serde_json::Value>,
    }
    let json = base64_simd::URL_SAFE_NO_PAD
        .decode_to_vec(header)
        .map_err(|_| VerifyError::Malformed("the JOSE header is not base64url"))?;
    let header: Header =
        serde_json::from_slice(&json).map_err(|_| VerifyError::Malformed("the JOSE header is not a JSON object"))?;
    match header.alg {
        Some(serde_json::Value::String(alg)) if alg == "HS256" => {}
        Some(serde_json::Value::String(alg)) => return Err(VerifyError::Algorithm(cut(&alg))),
        Some(other) => return Err(VerifyError::Algorithm(cut(&other.to_string()))),
        None => return Err(VerifyError::Algorithm(String::new())),
    }
    if header.crit.is_some() {
        // Extensions the receiver must understand: none is understood here.
        return Err(VerifyError::Malformed("the JOSE header has `crit` extensions"));
    }
    Ok(())
}

/// Whether `claimed` is the hex SHA-256 of `body` (either case).
fn hash_matches(claimed: &str, body: &[u8]) -> bool {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let claimed = claimed.as_bytes();
    if claimed.len() != 64 {
        return false;
    }
    let digest = Sha256::digest(body);
    // Every character compared (no early exit, so that the loop runs without branches).
    let mut differ = 0u8;
    for (byte, pair) in digest.iter().zip(claimed.chunks_exact(2)) {
        differ |= HEX[usize::from(byte >> 4)] ^ lowercase_hex(pair[0]);
        differ |= HEX[usize::from(byte & 0x0f)] ^ lowercase_hex(pair[1]);
    }
    differ == 0
}

/// `A`–`F` as `a`–`f`; any other byte as it is.
fn lowercase_hex(c: u8) -> u8 {
    if (b'A'..=b'F').contains(&c) {
        c | 0x20
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payload_hash_is_hex_in_either_case() {
        let body = b"{\"event\":\"archive\"}";
        let hex: String = Sha256::digest(body).iter().map(|b| format!("{b:02x}")).collect();
        assert!(hash_matches(&hex, body));
        assert!(hash_matches(&hex.to_uppercase(), body));
        let mixed: String =
            hex.chars().enumerate().map(|(i, c)| if i % 3 == 0 { c.to_ascii_uppercase() } else { c }).collect();
        assert!(hash_matches(&mixed, body));
        assert!(!hash_matches(&hex, b"{\"event\":\"archiveX\"}"));
        assert!(!hash_matches(&hex[..63], body));
        assert!(!hash_matches(&format!("{hex}0"), body));
        for at in [0, 17, 63] {
            let original = hex.as_bytes()[at];
            for replacement in [b'g', b'G', original ^ 0x20, original ^ 0x01, 0x10, b' '] {
                if replacement.eq_ignore_ascii_case(&original) {
                    continue;
                }
                let mut bytes = hex.clone().into_bytes();
                bytes[at] = replacement;
                let tampered = String::from_utf8(bytes).unwrap();
                assert!(!hash_matches(&tampered, body), "{tampered}");
            }
        }
    }
}
