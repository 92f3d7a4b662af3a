//! Reading tokens back: [`decode`] (claims only) and [`verify`] (signature, API key and expiry too).
//!
//! Both take any text and never panic. They read the two formats as this crate and the Node SDK write
//! them: T1 bodies in standard base64 (padding optional) with a lowercase hex signature, JWTs in unpadded
//! base64url.

use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{value::RawValue, Value};
use sha1::Sha1;
use sha2::Sha256;

use std::time::Duration;

use super::{builder::MAX_TOKEN_TTL, rs256::PublicKey, text, Role, TokenFormat};
use crate::{
    client::OpenTok,
    credentials::{Credentials, ProjectKey},
    ids::SessionId,
    jws::decode_b64url,
};

/// Why a token was refused by [`decode`] or [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The text is not a well-formed T1 token or JWT; the reason says what is wrong.
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    /// The token names another API key (T1 `partner_id`, JWT `iss`).
    #[error("the token was issued for another API key")]
    WrongApiKey,
    /// The signature does not match the API secret (or the application's key), or the JWT's algorithm
    /// is not the one the key signs with: the token was not made with this key or was altered.
    #[error("the token's signature does not match the key")]
    BadSignature,
    /// The key given to check the token with is not usable; the reason says why.
    #[error("invalid verification key: {0}")]
    InvalidKey(&'static str),
    /// The token is authentic but expired: `expired_at` (Unix seconds, the earlier of `expire_time` and a
    /// JWT's `exp`) is not after the time of the check.
    #[error("the token expired at {expired_at} (Unix seconds)")]
    Expired {
        /// When it expired, in Unix seconds.
        expired_at: i64,
    },
    /// The token is authentic but says it was issued (a JWT's `iat`) more than
    /// [`CLOCK_SLACK`] after the time of the check: the clock of the machine that minted it is ahead.
    #[error("the token was issued at {issued_at} (Unix seconds), after the time of the check: check the minting machine's clock")]
    IssuedInFuture {
        /// Its `iat`, in Unix seconds.
        issued_at: i64,
    },
    /// The token is authentic but lives longer than the platform allows: its expiry is more than
    /// [`MAX_TOKEN_TTL`](crate::token::MAX_TOKEN_TTL) (30 days) after its issue time (`iat`, else
    /// `create_time`, else the time of the check).
    #[error("the token expires at {expires_at} (Unix seconds), more than 30 days after it was issued at {issued_at}")]
    LifetimeTooLong {
        /// The issue time the lifetime is counted from, in Unix seconds.
        issued_at: i64,
        /// Its expiry, in Unix seconds.
        expires_at: i64,
    },
}

/// How far ahead of the time of a check a token's `iat` may be (clocks differ a little): 5 minutes, as
/// the platform (and the test server) allow.
pub const CLOCK_SLACK: Duration = Duration::from_secs(300);

/// What a client token says.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenClaims {
    /// The token's format.
    pub format: TokenFormat,
    /// The account it was issued for: the API key (T1 `partner_id`, HS256 JWT `iss`), or for an RS256
    /// token the application id (`application_id`).
    pub api_key: String,
    /// The session it admits to.
    pub session_id: SessionId,
    /// The role ([`Role::Publisher`] if the token has none).
    pub role: Role,
    /// `create_time`, Unix seconds.
    pub create_time: Option<i64>,
    /// `expire_time`, Unix seconds.
    pub expire_time: Option<i64>,
    /// The nonce exactly as written in the token (a JWT's nonce is a JSON number; its text is kept).
    pub nonce: String,
    /// The connection data, if any.
    pub connection_data: Option<String>,
    /// The initial layout class list as written, classes separated by spaces; empty for none.
    pub initial_layout_class_list: String,
    /// `scope` (`session.connect` in every client token), if present.
    pub scope: Option<String>,
    /// A JWT's `iat`, Unix seconds.
    pub issued_at: Option<i64>,
    /// A JWT's `exp`, Unix seconds.
    pub expires_at: Option<i64>,
}

impl TokenClaims {
    /// The layout classes, one by one.
    pub fn layout_classes(&self) -> impl Iterator<Item = &str> {
        self.initial_layout_class_list.split(' ').filter(|c| !c.is_empty())
    }

    /// When the token expires, Unix seconds: the earlier of `expire_time` and a JWT's `exp`.
    pub fn expiry(&self) -> Option<i64> {
        match (self.expire_time, self.expires_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// True when the token is expired at `now`: its [`expiry`](Self::expiry) is not after `now`.
    pub fn is_expired_at(&self, now: DateTime<Utc>) -> bool {
        self.expiry().is_some_and(|at| at <= now.timestamp())
    }
}

/// The claims of a token of either format, without checking its signature (use [`verify`] for tokens
/// you did not just mint).
///
/// # Errors
/// [`TokenError::Malformed`] for any text that is not a well-formed token.
pub fn decode(token: &str) -> Result<TokenClaims, TokenError> {
    Ok(parse(token)?.claims)
}

/// Decodes a token and checks it: the API key it names is `api_key`, its signature matches `api_secret`
/// (compared in constant time), a JWT is HS256 with `ist` `project`, `scope` (if present) is
/// `session.connect`, and it is not expired at `now`.
///
/// # Errors
/// [`TokenError::Malformed`], [`TokenError::WrongApiKey`], [`TokenError::BadSignature`], in that order;
/// then [`TokenError::Expired`] for an authentic token past its expiry.
pub fn verify(token: &str, api_key: &str, api_secret: &str, now: DateTime<Utc>) -> Result<TokenClaims, TokenError> {
    verify_with(token, api_key, Key::Secret(api_secret.as_bytes()), now)
}

/// Decodes an RS256 token (one minted with a Vonage application's key) and checks it: its
/// `application_id` is `application_id`, its signature verifies with `public_key` and its header says
/// RS256, `scope` (if present) is `session.connect`, and it is not expired at `now`.
///
/// ```no_run
/// # fn f(token: &str, pem: &str) -> Result<(), opentok_sdk::TokenError> {
/// use opentok_sdk::token::{verify_rs256, PublicKey};
/// let key = PublicKey::from_pem(pem)?;
/// let claims = verify_rs256(token, "7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a", &key, chrono::Utc::now())?;
/// # let _ = claims; Ok(()) }
/// ```
///
/// # Errors
/// As [`verify`].
pub fn verify_rs256(
    token: &str,
    application_id: &str,
    public_key: &PublicKey,
    now: DateTime<Utc>,
) -> Result<TokenClaims, TokenError> {
    verify_with(token, application_id, Key::Rsa(public_key), now)
}

impl OpenTok {
    /// Verifies a client token against this client's credentials at the current time: the API key and
    /// secret (see [`verify`](crate::token::verify)), or the application's id and key (see
    /// [`verify_rs256`](crate::token::verify_rs256)).
    ///
    /// # Errors
    /// As [`verify`](crate::token::verify).
    pub fn verify_token(&self, token: &str) -> Result<TokenClaims, TokenError> {
        match self.credentials() {
            Credentials::Project(key) => verify_with(token, key.api_key(), Key::Keyed(key), Utc::now()),
            Credentials::Application(app) => verify_with(token, app.id(), Key::Rsa(&PublicKey::of(app)), Utc::now()),
        }
    }
}

enum Key<'a> {
    Secret(&'a [u8]),
    Keyed(&'a ProjectKey),
    Rsa(&'a PublicKey),
}

impl Key<'_> {
    fn sha1(&self) -> Option<Hmac<Sha1>> {
        match self {
            Key::Secret(s) => <Hmac<Sha1> as KeyInit>::new_from_slice(s).ok(),
            Key::Keyed(c) => Some(c.hmac_sha1()),
            Key::Rsa(_) => None,
        }
    }

    fn sha256(&self) -> Option<Hmac<Sha256>> {
        match self {
            Key::Secret(s) => <Hmac<Sha256> as KeyInit>::new_from_slice(s).ok(),
            Key::Keyed(c) => Some(c.hmac_sha256()),
            Key::Rsa(_) => None,
        }
    }
}

fn verify_with(token: &str, api_key: &str, key: Key<'_>, now: DateTime<Utc>) -> Result<TokenClaims, TokenError> {
    let Parsed { claims, proof } = parse(token)?;
    if claims.api_key != api_key {
        return Err(TokenError::WrongApiKey);
    }
    let authentic = match proof {
        Proof::T1 { data, signature } => key.sha1().is_some_and(|mut mac| {
            mac.update(data.as_bytes());
            mac.verify_slice(&signature).is_ok()
        }),
        Proof::Jwt { signed_len, alg: JwtAlg::Hs256, signature } => key.sha256().is_some_and(|mut mac| {
            mac.update(&token.as_bytes()[..signed_len]);
            mac.verify_slice(&signature).is_ok()
        }),
        Proof::Jwt { signed_len, alg: JwtAlg::Rs256, signature } => match key {
            Key::Rsa(public) => public.verifies(&token.as_bytes()[..signed_len], &signature),
            _ => false,
        },
        Proof::Jwt { alg: JwtAlg::Other, .. } => false,
    };
    if !authentic {
        return Err(TokenError::BadSignature);
    }
    if claims.scope.as_deref().is_some_and(|s| s != "session.connect") {
        return Err(TokenError::Malformed("scope is not session.connect"));
    }
    check_times(&claims, now.timestamp())?;
    Ok(claims)
}

/// The time rules of an authentic token at `now` (Unix seconds): not expired, not issued in the future
/// beyond [`CLOCK_SLACK`], and living at most [`MAX_TOKEN_TTL`] (30 days).
fn check_times(claims: &TokenClaims, now: i64) -> Result<(), TokenError> {
    if let Some(expired_at) = claims.expiry().filter(|&at| at <= now) {
        return Err(TokenError::Expired { expired_at });
    }
    let slack = i64::try_from(CLOCK_SLACK.as_secs()).unwrap_or(i64::MAX);
    if let Some(issued_at) = claims.issued_at.filter(|&iat| iat > now.saturating_add(slack)) {
        return Err(TokenError::IssuedInFuture { issued_at });
    }
    let longest = i64::try_from(MAX_TOKEN_TTL.as_secs()).unwrap_or(i64::MAX);
    let issued_at = claims.issued_at.or(claims.create_time).unwrap_or(now);
    match claims.expiry() {
        Some(expires_at) if expires_at.saturating_sub(issued_at) > longest => {
            Err(TokenError::LifetimeTooLong { issued_at, expires_at })
        }
        _ => Ok(()),
    }
}

struct Parsed {
    claims: TokenClaims,
    proof: Proof,
}

enum Proof {
    T1 {
        data: String,
        signature: [u8; 20],
    },
    Jwt {
        /// Length of `header.payload`, the signed text.
        signed_len: usize,
        alg: JwtAlg,
        /// The decoded signature (empty when it does not decode).
        signature: Vec<u8>,
    },
}

/// The `alg` of a JWT's header, among those client tokens use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JwtAlg {
    Hs256,
    Rs256,
    /// Anything else (`none` included): never verifies.
    Other,
}

/// Decodes a T1 body: standard alphabet, padding optional (but never more than the canonical `=` or
/// `==`), no stray trailing bits (so that each text has one meaning).
fn decode_t1_body(text: &str) -> Option<Vec<u8>> {
    let data = text.trim_end_matches('=');
    let most_padding = match data.len() % 4 {
        0 => 0,
        2 => 2,
        3 => 1,
        _ => return None,
    };
    if text.len() - data.len() > most_padding {
        return None;
    }
    base64_simd::STANDARD_NO_PAD.decode_to_vec(data).ok()
}

/// Upper bound on the token length read (a real token is well under 10 kB).
const MAX_TOKEN_LEN: usize = 64 * 1024;

fn parse(token: &str) -> Result<Parsed, TokenError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(TokenError::Malformed("longer than any token"));
    }
    match token.strip_prefix("T1==") {
        Some(body) => parse_t1(body),
        None if token.bytes().filter(|&b| b == b'.').count() == 2 => parse_jwt(token),
        None => Err(TokenError::Malformed("neither a T1 token (`T1==...`) nor a JWT")),
    }
}

fn parse_t1(body: &str) -> Result<Parsed, TokenError> {
    let bad = TokenError::Malformed;
    let inner = decode_t1_body(body).ok_or(bad("the T1 body is not base64"))?;
    let inner = String::from_utf8(inner).map_err(|_| bad("the T1 body is not UTF-8"))?;
    let (meta, data) = inner.split_once(':').ok_or(bad("the T1 body has no `:`"))?;
    let (mut partner, mut sig) = (None, None);
    for pair in meta.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match k {
            "partner_id" => &mut partner,
            "sig" => &mut sig,
            _ => continue,
        };
        if slot.replace(v).is_some() {
            return Err(bad("a T1 header field appears twice"));
        }
    }
    let api_key = partner.filter(|p| !p.is_empty()).ok_or(bad("the T1 token has no partner_id"))?.to_owned();
    let signature = sig
        .and_then(|s| text::decode_hex_lower::<20>(s.as_bytes()))
        .ok_or(bad("the T1 signature is not 40 lowercase hex digits"))?;

    let mut f = RawFields::default();
    // As `querystring.parse` reads it: `+` is a space, `%XX` a byte, a broken escape stays as written and
    // bytes that are not UTF-8 become U+FFFD.
    for (k, v) in form_urlencoded::parse(data.as_bytes()) {
        let slot = match &*k {
            "session_id" => &mut f.session_id,
            "create_time" => &mut f.create_time,
            "expire_time" => &mut f.expire_time,
            "nonce" => &mut f.nonce,
            "role" => &mut f.role,
            "connection_data" => &mut f.connection_data,
            "initial_layout_class_list" => &mut f.layout,
            "scope" => &mut f.scope,
            _ => continue,
        };
        if slot.replace(v.into_owned()).is_some() {
            return Err(bad("a T1 data field appears twice"));
        }
    }
    let seconds = |v: Option<String>| -> Result<Option<i64>, TokenError> {
        match v.as_deref() {
            None | Some("") => Ok(None),
            Some(s) => s.parse().map(Some).map_err(|_| bad("a T1 time is not whole seconds")),
        }
    };
    let claims = TokenClaims {
        format: TokenFormat::T1,
        api_key,
        session_id: SessionId::new(f.session_id.filter(|s| !s.is_empty()).ok_or(bad("no session_id"))?),
        role: role(f.role.as_deref())?,
        create_time: seconds(f.create_time)?,
        expire_time: seconds(f.expire_time)?,
        nonce: f.nonce.unwrap_or_default(),
        connection_data: f.connection_data,
        initial_layout_class_list: f.layout.unwrap_or_default(),
        scope: f.scope,
        issued_at: None,
        expires_at: None,
    };
    let data = data.to_owned();
    Ok(Parsed { claims, proof: Proof::T1 { data, signature } })
}

#[derive(Default)]
struct RawFields {
    session_id: Option<String>,
    create_time: Option<String>,
    expire_time: Option<String>,
    nonce: Option<String>,
    role: Option<String>,
    connection_data: Option<String>,
    layout: Option<String>,
    scope: Option<String>,
}

fn role(text: Option<&str>) -> Result<Role, TokenError> {
    match text {
        None => Ok(Role::Publisher),
        Some(r) => r.parse().map_err(|_| TokenError::Malformed("unknown role")),
    }
}

#[derive(serde::Deserialize)]
struct JwtHeader {
    alg: Option<String>,
}

#[derive(serde::Deserialize)]
struct JwtClaims<'a> {
    iss: Option<Value>,
    ist: Option<Value>,
    iat: Option<Value>,
    exp: Option<Value>,
    session_id: Option<String>,
    create_time: Option<Value>,
    #[serde(borrow)]
    nonce: Option<&'a RawValue>,
    role: Option<String>,
    expire_time: Option<Value>,
    connection_data: Option<String>,
    initial_layout_class_list: Option<String>,
    scope: Option<String>,
    application_id: Option<String>,
}

fn parse_jwt(token: &str) -> Result<Parsed, TokenError> {
    let bad = TokenError::Malformed;
    let mut parts = token.splitn(3, '.');
    let (header, payload, signature) = match (parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(s)) => (h, p, s),
        _ => return Err(bad("a JWT has three parts")),
    };
    let header = decode_b64url(header).ok_or(bad("the JWT header is not base64url"))?;
    let header: JwtHeader = serde_json::from_slice(&header).map_err(|_| bad("the JWT header is not a JSON object"))?;
    let payload = decode_b64url(payload).ok_or(bad("the JWT payload is not base64url"))?;
    let c: JwtClaims<'_> =
        serde_json::from_slice(&payload).map_err(|_| bad("the JWT payload is not a JSON object of claims"))?;
    let alg = match header.alg.as_deref() {
        Some("HS256") => JwtAlg::Hs256,
        Some("RS256") => JwtAlg::Rs256,
        _ => JwtAlg::Other,
    };
    let api_key = match (c.iss, c.application_id) {
        (Some(Value::String(s)), _) => s,
        (Some(Value::Number(n)), _) => n.to_string(),
        (None, Some(application_id)) if alg == JwtAlg::Rs256 => application_id,
        _ => return Err(bad("the JWT has no iss (nor, for RS256, an application_id)")),
    };
    if c.ist.as_ref().is_some_and(|ist| ist.as_str() != Some("project")) {
        return Err(bad("the JWT's ist is not \"project\""));
    }
    let nonce = match c.nonce.map(RawValue::get) {
        None | Some("null") => String::new(),
        Some(n) if n.starts_with('"') => {
            serde_json::from_str::<String>(n).map_err(|_| bad("the JWT nonce is not a string or number"))?
        }
        Some(n) if n.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) => n.to_owned(),
        Some(_) => return Err(bad("the JWT nonce is not a string or number")),
    };
    let claims = TokenClaims {
        format: if alg == JwtAlg::Rs256 { TokenFormat::Rs256 } else { TokenFormat::Jwt },
        api_key,
        session_id: SessionId::new(c.session_id.filter(|s| !s.is_empty()).ok_or(bad("no session_id"))?),
        role: role(c.role.as_deref())?,
        create_time: json_seconds(c.create_time)?,
        expire_time: json_seconds(c.expire_time)?,
        nonce,
        connection_data: c.connection_data,
        initial_layout_class_list: c.initial_layout_class_list.unwrap_or_default(),
        scope: c.scope,
        issued_at: json_seconds(c.iat)?,
        expires_at: json_seconds(c.exp)?,
    };
    let signature = decode_b64url(signature).unwrap_or_default();
    let signed_len = token.len() - token.rsplit_once('.').map_or(0, |(_, s)| s.len()) - 1;
    Ok(Parsed { claims, proof: Proof::Jwt { signed_len, alg, signature } })
}

/// A JSON time claim: whole seconds (an integral float is accepted), or `null` for none.
fn json_seconds(value: Option<Value>) -> Result<Option<i64>, TokenError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9e15).map(|f| f as i64))
            .map(Some)
            .ok_or(TokenError::Malformed("a JWT time is not whole seconds")),
        Some(_) => Err(TokenError::Malformed("a JWT time is not a number")),
    }
}

#[cfg(test)]
mod tests {
    use base64::{
        alphabet,
        engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig},
        Engine as _,
    };
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The T1 body decoding agrees with the `base64` crate's standard alphabet with optional padding,
        /// which it replaced.
        #[test]
        fn t1_bodies_decode_as_the_base64_crate_does(text in "[A-Za-z0-9+/=_ -]{0,14}") {
            let reference = GeneralPurpose::new(
                &alphabet::STANDARD,
                GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
            );
            prop_assert_eq!(decode_t1_body(&text), reference.decode(&text).ok(), "{:?}", text);
        }

        #[test]
        fn jwt_parts_decode_as_the_base64_crate_does(text in "[A-Za-z0-9+/=_ -]{0,14}") {
            let reference = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&text).ok();
            prop_assert_eq!(decode_b64url(&text), reference, "{:?}", text);
        }
    }
}
