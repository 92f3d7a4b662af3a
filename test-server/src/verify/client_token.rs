//! Client token checking, as the platform does when a client connects or a SIP leg dials in:
//! the legacy `T1==` format (HMAC-SHA1) and the HS256 JWT format.

use std::collections::HashMap;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Map, Value};
use sha1::Sha1;

use super::base64::{STANDARD_LENIENT, URL_SAFE_LENIENT};
use super::jwt::{check_issuer, seconds_claim, verify_hs256, Issuer};
use super::rest_auth::MAX_LIFETIME_SECS;

/// The roles a client token may carry.
pub const ROLES: [&str; 4] = ["subscriber", "publisher", "publisheronly", "moderator"];

/// Which of the two client token formats a token uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFormat {
    /// `T1==` + base64 of `partner_id=..&sig=<hex HMAC-SHA1>:<form-encoded data>`.
    T1,
    /// HS256 JWT signed with the project secret.
    Jwt,
    /// RS256 JWT signed with a Vonage application's private key.
    Rs256,
}

/// What a verified client token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientTokenInfo {
    /// The token's format.
    pub format: TokenFormat,
    /// `session_id`: the session the token admits to.
    pub session_id: String,
    /// `role` (`publisher` when the token has none).
    pub role: String,
    /// `expire_time` (or, for a JWT without it, `exp`), epoch seconds.
    pub expire_time: Option<i64>,
    /// `connection_data`, if present.
    pub connection_data: Option<String>,
    /// `initial_layout_class_list` as sent (space-separated), if present.
    pub initial_layout_class_list: Option<String>,
    /// `nonce` as text (the Node SDK puts a JSON number in its JWTs); empty if absent.
    pub nonce: String,
    /// `create_time`, epoch seconds, if present.
    pub create_time: Option<i64>,
}

/// Verifies a client token (T1 or JWT) against the project and returns what it carries.
///
/// Checks: the format decodes; the signature matches `api_secret` (constant time); `partner_id`
/// (T1) or `iss` (JWT) is `api_key`; a JWT's `ist`, if present, is `"project"`; `session_id` is
/// present; the role is one of [`ROLES`]; `scope`, if present, is `session.connect`; the token has
/// not expired (`expire_time` and `exp` are each `>= now` when present). Whether the session exists
/// and matches is for the caller to check.
///
/// # Errors
/// A message saying why the token is refused.
pub fn verify_client_token(token: &str, api_key: &str, api_secret: &str, now: i64) -> Result<ClientTokenInfo, String> {
    let token = token.trim();
    let info = match token.strip_prefix("T1==") {
        Some(body) => {
            let info = verify_t1(body, api_key, api_secret)?;
            check_lifetime(info.create_time, info.expire_time, now)?;
            info
        }
        None => verify_jwt(token, api_key, api_secret, now)?,
    };
    if !ROLES.contains(&info.role.as_str()) {
        return Err(format!("Invalid role in token: {:?}", info.role));
    }
    if info.session_id.is_empty() {
        return Err("Token has no session_id".into());
    }
    if matches!(info.expire_time, Some(t) if t < now) {
        return Err("Token expired".into());
    }
    Ok(info)
}

/// The longest a client token may live: 30 days from its issue time, as the platform documents.
pub const MAX_CLIENT_TOKEN_LIFETIME_SECS: i64 = 30 * 24 * 3600;

/// The platform's lifetime rule for a client token of any format: its expiry (the earlier of
/// `expire_time` and `exp`) at most 30 days after its issue time (`iat`, else `create_time`, else `now`).
///
/// # Errors
/// A message saying why the token is refused.
pub(crate) fn check_lifetime(issued: Option<i64>, expiry: Option<i64>, now: i64) -> Result<(), String> {
    let issued = issued.unwrap_or(now);
    match expiry {
        Some(expiry) if expiry.saturating_sub(issued) > MAX_CLIENT_TOKEN_LIFETIME_SECS => {
            Err("Token lifetime too long: it must expire at most 30 days after it is issued".into())
        }
        _ => Ok(()),
    }
}

/// The earlier of two optional times.
pub(crate) fn earlier(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn verify_t1(body: &str, api_key: &str, api_secret: &str) -> Result<ClientTokenInfo, String> {
    // Standard alphabet as most SDKs send; the Java SDK's URL-safe variant is accepted too.
    let raw = STANDARD_LENIENT
        .decode(body)
        .or_else(|_| URL_SAFE_LENIENT.decode(body))
        .map_err(|_| "Invalid token format: T1 body is not base64")?;
    let inner = String::from_utf8(raw).map_err(|_| "Invalid token format: T1 body is not UTF-8")?;
    let (meta, data) = inner.split_once(':').ok_or("Invalid token format: T1 body has no ':'")?;
    let meta = unique_pairs(meta)?;
    if meta.get("partner_id").map(String::as_str) != Some(api_key) {
        return Err("Invalid token: partner_id does not match the project API key".into());
    }
    let sig = meta.get("sig").and_then(|s| decode_hex(s)).ok_or("Invalid token signature")?;
    let mut mac = Hmac::<Sha1>::new_from_slice(api_secret.as_bytes()).map_err(|_| "Invalid token signature")?;
    mac.update(data.as_bytes());
    mac.verify_slice(&sig).map_err(|_| "Invalid token signature")?;

    let mut fields = unique_pairs(data)?;
    if let Some(scope) = fields.get("scope") {
        if scope != "session.connect" {
            return Err(format!("Invalid token scope: {scope:?}"));
        }
    }
    Ok(ClientTokenInfo {
        format: TokenFormat::T1,
        session_id: fields.remove("session_id").unwrap_or_default(),
        role: fields.remove("role").unwrap_or_else(|| "publisher".into()),
        expire_time: text_seconds(fields.get("expire_time"), "expire_time")?,
        connection_data: fields.remove("connection_data"),
        initial_layout_class_list: fields.remove("initial_layout_class_list"),
        nonce: fields.remove("nonce").unwrap_or_default(),
        create_time: text_seconds(fields.get("create_time"), "create_time")?,
    })
}

fn verify_jwt(token: &str, api_key: &str, api_secret: &str, now: i64) -> Result<ClientTokenInfo, String> {
    if token.split('.').count() != 3 {
        return Err("Invalid token format: neither a T1 token nor a JWT".into());
    }
    let claims = verify_hs256(token, api_secret.as_bytes())?.claims;
    check_issuer(&claims, api_key, Issuer::StringOrNumber)?;
    if let Some(ist) = claims.get("ist") {
        if ist.as_str() != Some("project") {
            return Err("Invalid issuer type: ist must be \"project\"".into());
        }
    }
    if let Some(scope) = claims.get("scope") {
        if scope.as_str() != Some("session.connect") {
            return Err(format!("Invalid token scope: {scope}"));
        }
    }
    if let Some(iat) = seconds_claim(&claims, "iat")? {
        if iat > now.saturating_add(MAX_LIFETIME_SECS) {
            return Err("Token issued in the future: check the clock".into());
        }
    }
    let exp = seconds_claim(&claims, "exp")?;
    if matches!(exp, Some(t) if t < now) {
        return Err("Token expired".into());
    }
    let expire_time = match claims.get("expire_time") {
        Some(Value::String(s)) => text_seconds(Some(s), "expire_time")?,
        _ => seconds_claim(&claims, "expire_time")?,
    };
    let create_time = match claims.get("create_time") {
        Some(Value::String(s)) => text_seconds(Some(s), "create_time")?,
        _ => seconds_claim(&claims, "create_time")?,
    };
    let iat = seconds_claim(&claims, "iat")?;
    check_lifetime(iat.or(create_time), earlier(expire_time, exp), now)?;
    Ok(ClientTokenInfo {
        format: TokenFormat::Jwt,
        session_id: string_claim(&claims, "session_id")?.ok_or("Token has no session_id")?,
        role: string_claim(&claims, "role")?.unwrap_or_else(|| "publisher".into()),
        expire_time: expire_time.or(exp),
        connection_data: string_claim(&claims, "connection_data")?,
        initial_layout_class_list: string_claim(&claims, "initial_layout_class_list")?,
        nonce: match claims.get("nonce") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            None | Some(Value::Null) => String::new(),
            Some(_) => return Err("Invalid nonce claim".into()),
        },
        create_time,
    })
}

fn string_claim(claims: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match claims.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("Invalid {name} claim: must be a string")),
    }
}

/// Form-decodes `key=value&...`, refusing a key given twice.
fn unique_pairs(text: &str) -> Result<HashMap<String, String>, String> {
    let mut map = HashMap::new();
    for (k, v) in form_urlencoded::parse(text.as_bytes()) {
        if map.insert(k.to_string(), v.into_owned()).is_some() {
            return Err(format!("Invalid token format: {k} appears twice"));
        }
    }
    Ok(map)
}

fn text_seconds(value: Option<&String>, name: &str) -> Result<Option<i64>, String> {
    let Some(text) = value else { return Ok(None) };
    if let Ok(v) = text.parse::<i64>() {
        return Ok(Some(v));
    }
    text.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite() && f.abs() < 1e15)
        .map(|f| Some(f as i64))
        .ok_or_else(|| format!("Invalid {name} in token: {text:?}"))
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let nibble = |c: u8| (c as char).to_digit(16);
    text.as_bytes().chunks(2).map(|pair| Some((nibble(pair[0])? * 16 + nibble(pair[1])?) as u8)).collect()
}
