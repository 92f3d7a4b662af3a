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

/// A JWT split into its parts, its header decoded, nothing checked yet.
pub(crate) struct SplitJwt<'t> {
    pub header: Map<String, Value>,
    /// `header.payload` as sent: what the signature covers.
    pub signing_input: &'t str,
    pub claims_b64: &'t str,
    pub signature: Vec<u8>,
}

impl SplitJwt<'_> {
    /// The claims, once the signature has been checked.
    pub fn claims(&self) -> Result<Map<String, Value>, String> {
        decode_object(self.claims_b64).ok_or_else(|| "Invalid token format: bad JWT claims".into())
    }
}

/// Splits `token` into three parts and requires its header's `alg` to be `alg` (`what` says which kind
/// of token, for the message).
pub(crate) fn split_jwt<'t>(token: &'t str, alg: &str, what: &str) -> Result<SplitJwt<'t>, String> {
    let mut parts = token.split('.');
    let (Some(header_b64), Some(claims_b64), Some(sig_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("Invalid token format: expected three dot-separated parts".into());
    };
    let header = decode_object(header_b64).ok_or("Invalid token format: bad JWT header")?;
    match header.get("alg").and_then(Value::as_str) {
        Some(found) if found == alg => {}
        Some(other) => return Err(format!("Unsupported algorithm {other}: {what} are {alg}")),
        None => return Err("Invalid token format: JWT header has no alg".into()),
    }
    let signature = URL_SAFE_LENIENT.decode(sig_b64).map_err(|_| "Invalid signature".to_string())?;
    let signing_input = &token[..header_b64.len() + 1 + claims_b64.len()];
    Ok(SplitJwt { header, signing_input, claims_b64, signature })
}

/// Splits `token`, requires `alg` HS256 and checks the signature with `secret` in constant time.
pub(crate) fn verify_hs256(token: &str, secret: &[u8]) -> Result<VerifiedJwt, String> {
    let jwt = split_jwt(token, "HS256", "a project's tokens")?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| "Invalid signature")?;
    mac.update(jwt.signing_input.as_bytes());
    mac.verify_slice(&jwt.signature).map_err(|_| "Invalid signature".to_string())?;
    let claims = jwt.claims()?;
    Ok(VerifiedJwt { header: jwt.header, claims })
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
