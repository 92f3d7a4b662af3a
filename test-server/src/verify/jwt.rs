//! HS256 JSON Web Token decoding shared by the REST auth check and the client token check.

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

use super::base64::URL_SAFE_LENIENT;

/// A JWT whose HS256 signature has been checked.
pub(crate) struct VerifiedJwt {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
}

/// Splits `token`, requires `alg` HS256 and checks the signature with `secret` in constant time.
pub(crate) fn verify_hs256(token: &str, secret: &[u8]) -> Result<VerifiedJwt, String> {
    let mut parts = token.split('.');
    let (Some(header_b64), Some(claims_b64), Some(sig_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("Invalid token format: expected three dot-separated parts".into());
    };
    let header = decode_object(header_b64).ok_or("Invalid token format: bad JWT header")?;
    match header.get("alg").and_then(Value::as_str) {
        Some("HS256") => {}
        Some(other) => return Err(format!("Unsupported algorithm {other}: only HS256 is accepted")),
        None => return Err("Invalid token format: JWT header has no alg".into()),
    }
    let signature = URL_SAFE_LENIENT.decode(sig_b64).map_err(|_| "Invalid signature".to_string())?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| "Invalid signature")?;
    mac.update(header_b64.as_bytes());
    mac.update(b".");
    mac.update(claims_b64.as_bytes());
    mac.verify_slice(&signature).map_err(|_| "Invalid signature".to_string())?;
    let claims = decode_object(claims_b64).ok_or("Invalid token format: bad JWT claims")?;
    Ok(VerifiedJwt { header, claims })
}

fn decode_object(segment: &str) -> Option<Map<String, Value>> {
    let bytes = URL_SAFE_LENIENT.decode(segment).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// How strictly `iss` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Issuer {
    /// A JSON string only: the REST auth JWT, documented with a string `iss`.
    StringOnly,
    /// A string, or a number printing as the key: client tokens, which the PHP and Ruby SDKs mint
    /// with a numeric `iss` and the platform accepts.
    StringOrNumber,
}

/// `iss` must name the project: a JSON string equal to the API key (or, for client tokens, a
/// number printing as it).
pub(crate) fn check_issuer(claims: &Map<String, Value>, api_key: &str, rule: Issuer) -> Result<(), String> {
    let matches = match (claims.get("iss"), rule) {
        (Some(Value::String(s)), _) => s == api_key,
        (Some(Value::Number(n)), Issuer::StringOrNumber) => n.to_string() == api_key,
        (Some(_), Issuer::StringOnly) => return Err("Invalid issuer format: iss must be a string".into()),
        (Some(_), Issuer::StringOrNumber) => return Err("Invalid issuer format".into()),
        (None, _) => return Err("Invalid issuer format: missing iss claim".into()),
    };
    if matches {
        Ok(())
    } else {
        Err("Invalid issuer: iss does not match the project API key".into())
    }
}

/// A numeric claim as whole seconds (fractions are truncated); `Err` if present but not a number.
pub(crate) fn seconds_claim(claims: &Map<String, Value>, name: &str) -> Result<Option<i64>, String> {
    match claims.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(v) => Ok(Some(v)),
            None => n
                .as_f64()
                .filter(|f| f.is_finite() && f.abs() < 1e15)
                .map(|f| Some(f as i64))
                .ok_or_else(|| format!("Invalid {name} claim")),
        },
        Some(_) => Err(format!("Invalid {name} claim: must be a number")),
    }
}
