//! Vonage application credentials: the RS256 `Authorization: Bearer` JWT every REST call carries, and
//! RS256 client tokens, both checked against the application's RSA public key; plus the key handling the
//! server needs (a fresh key pair for tests, a PEM public key from a file).
//!
//! Signatures are checked with aws-lc-rs's verifier; the SDK signs with its own code path, so the two
//! sides meet only on the wire.

use aws_lc_rs::{
    encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der},
    rsa::KeySize,
    signature::{KeyPair, RsaKeyPair, UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256},
};
use base64::Engine as _;
use serde_json::{Map, Value};

use super::base64::STANDARD_LENIENT;
use super::client_token::{check_lifetime, ClientTokenInfo, TokenFormat, ROLES};
use super::jwt::{seconds_claim, split_jwt};
use super::rest_auth::{CLOCK_SLACK_SECS, MAX_LIFETIME_SECS};

/// Longest accepted lifetime (`exp - iat`) of an application's REST JWT: 24 hours, the limit Vonage
/// documents for application JWTs. The video API documents none of its own, and `@vonage/jwt`, which the
/// official SDK signs with, writes 15 minutes by default.
pub const MAX_APPLICATION_JWT_LIFETIME_SECS: i64 = 86_400;

/// An application's public key (SubjectPublicKeyInfo DER).
#[derive(Clone)]
pub struct PublicKey(Vec<u8>);

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PublicKey(RSA)")
    }
}

impl PublicKey {
    /// Reads a `-----BEGIN PUBLIC KEY-----` PEM block holding an RSA key.
    ///
    /// # Errors
    /// What is wrong with the text.
    pub fn from_pem(pem: &str) -> Result<Self, String> {
        let body = pem_body(pem, "PUBLIC KEY").ok_or("not a PEM public key (-----BEGIN PUBLIC KEY-----)")?;
        let der = STANDARD_LENIENT.decode(body).map_err(|_| "the PEM public key is not valid base64")?;
        aws_lc_rs::rsa::PublicEncryptingKey::from_der(&der).map_err(|_| "the PEM public key is not an RSA key")?;
        Ok(PublicKey(der))
    }

    fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.0).verify(message, signature).is_ok()
    }
}

/// A fresh RSA-2048 key pair: the private key as PKCS#8 PEM (what the dashboard hands out) and the
/// public key, for a server that issues its own application.
///
/// # Errors
/// If key generation fails.
pub fn generate_key_pair() -> Result<(String, PublicKey), String> {
    let key = RsaKeyPair::generate(KeySize::Rsa2048).map_err(|_| "RSA key generation failed")?;
    let private: Pkcs8V1Der<'_> = key.as_der().map_err(|_| "PKCS#8 encoding failed")?;
    let public: PublicKeyX509Der<'_> = key.public_key().as_der().map_err(|_| "public key encoding failed")?;
    Ok((pem("PRIVATE KEY", private.as_ref()), PublicKey(public.as_ref().to_vec())))
}

/// The public key as PEM text.
pub fn public_key_pem(key: &PublicKey) -> String {
    pem("PUBLIC KEY", &key.0)
}

fn pem(label: &str, der: &[u8]) -> String {
    let text = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in text.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The base64 text between `-----BEGIN <label>-----` and `-----END <label>-----`, whitespace removed.
pub(crate) fn pem_body(pem: &str, label: &str) -> Option<String> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem.find(&begin)? + begin.len();
    let stop = start + pem[start..].find(&end)?;
    Some(pem[start..stop].chars().filter(|c| !c.is_whitespace()).collect())
}

/// An RS256 JWT whose signature has been checked.
struct VerifiedRs256 {
    claims: Map<String, Value>,
}

/// Splits `token`, requires `alg` RS256 and checks the signature with `key`.
fn verify_rs256(token: &str, key: &PublicKey) -> Result<VerifiedRs256, String> {
    let jwt = split_jwt(token, "RS256", "an application's tokens")?;
    if !key.verifies(jwt.signing_input.as_bytes(), &jwt.signature) {
        return Err("Invalid signature".into());
    }
    Ok(VerifiedRs256 { claims: jwt.claims()? })
}

/// `application_id` must be a JSON string equal to the application's id.
fn check_application_id(claims: &Map<String, Value>, application_id: &str) -> Result<(), String> {
    match claims.get("application_id") {
        Some(Value::String(id)) if id.eq_ignore_ascii_case(application_id) => Ok(()),
        Some(Value::String(_)) => Err("Invalid application_id: it does not match the application".into()),
        Some(_) => Err("Invalid application_id: must be a string".into()),
        None => Err("Invalid token: missing application_id claim".into()),
    }
}

/// Verifies a REST auth Bearer JWT as the platform does for an application and returns its claims.
///
/// Checks, in order: three-part RS256 token, signature with the application's key, `application_id` a
/// string equal to `application_id`, numeric `iat` and `exp` (`exp` in the future, `iat` not ahead of the
/// clock, at most 24 hours apart; checked arithmetic), and a string `jti`.
///
/// # Errors
/// The reason the token is refused, worded like the platform's 403 messages.
pub fn verify_bearer_jwt(token: &str, application_id: &str, key: &PublicKey, now: i64) -> Result<Value, String> {
    let jwt = verify_rs256(token, key)?;
    check_application_id(&jwt.claims, application_id)?;
    let iat = seconds_claim(&jwt.claims, "iat")?.ok_or("Missing iat claim")?;
    let exp = seconds_claim(&jwt.claims, "exp")?.ok_or("Missing exp claim")?;
    check_application_window(iat, exp, now)?;
    if !matches!(jwt.claims.get("jti"), Some(Value::String(j)) if !j.is_empty()) {
        return Err("Invalid token: jti must be a non-empty string".into());
    }
    Ok(Value::Object(jwt.claims))
}

/// The time rules of an application's REST JWT, with checked arithmetic throughout.
fn check_application_window(iat: i64, exp: i64, now: i64) -> Result<(), String> {
    if exp <= now {
        return Err("Token expired".into());
    }
    if iat > now.saturating_add(CLOCK_SLACK_SECS) {
        return Err("Token issued in the future: check the clock".into());
    }
    match exp.checked_sub(iat) {
        Some(lifetime) if (0..=MAX_APPLICATION_JWT_LIFETIME_SECS).contains(&lifetime) => Ok(()),
        Some(lifetime) if lifetime < 0 => Err("Invalid token: exp is before iat".into()),
        _ => Err("Token lifetime too long: exp must be at most 24 hours after iat".into()),
    }
}

/// Verifies an RS256 client token minted with the application's key.
///
/// Checks: signature; `application_id`; `scope` is `session.connect`; `session_id` present; the role is
/// one of [`ROLES`]; `exp` present and not past; `iat`, if present, not in the future.
///
/// # Errors
/// A message saying why the token is refused.
pub fn verify_rs256_client_token(
    token: &str,
    application_id: &str,
    key: &PublicKey,
    now: i64,
) -> Result<ClientTokenInfo, String> {
    let claims = verify_rs256(token.trim(), key)?.claims;
    check_application_id(&claims, application_id)?;
    if claims.get("scope").and_then(Value::as_str) != Some("session.connect") {
        return Err("Invalid token scope: must be session.connect".into());
    }
    let text = |name: &str| -> Result<Option<String>, String> {
        match claims.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("Invalid {name} claim: must be a string")),
        }
    };
    let role = text("role")?.unwrap_or_else(|| "publisher".into());
    if !ROLES.contains(&role.as_str()) {
        return Err(format!("Invalid role {role:?}"));
    }
    let exp = seconds_claim(&claims, "exp")?.ok_or("Token has no exp")?;
    if exp < now {
        return Err("Token expired".into());
    }
    let iat = seconds_claim(&claims, "iat")?;
    if iat.is_some_and(|iat| iat > now.saturating_add(MAX_LIFETIME_SECS)) {
        return Err("Token issued in the future: check the clock".into());
    }
    check_lifetime(iat, Some(exp), now)?;
    Ok(ClientTokenInfo {
        format: TokenFormat::Rs256,
        session_id: text("session_id")?.filter(|s| !s.is_empty()).ok_or("Token has no session_id")?,
        role,
        expire_time: Some(exp),
        connection_data: text("connection_data")?,
        initial_layout_class_list: text("initial_layout_class_list")?,
        nonce: String::new(),
        create_time: iat,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn application_jwt_windows() {
        let now = 1_700_000_000;
        assert!(check_application_window(now, now + 900, now).is_ok(), "@vonage/jwt's default");
        assert!(check_application_window(now, now + 86_400, now).is_ok());
        assert!(check_application_window(now, now + 86_401, now).is_err());
        assert!(check_application_window(i64::MIN, i64::MAX, now).is_err());
        assert!(check_application_window(now - 10, now - 1, now).is_err());
        assert!(check_application_window(now + 60, now + 120, now).is_err());
    }

    #[test]
    fn generated_keys_read_back_and_pem_errors_are_named() {
        let (private_pem, public) = generate_key_pair().unwrap();
        assert!(private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        let again = PublicKey::from_pem(&public_key_pem(&public)).unwrap();
        assert_eq!(again.0, public.0);
        assert!(PublicKey::from_pem(&private_pem).is_err());
        assert!(PublicKey::from_pem("-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----").is_err());
        assert!(PublicKey::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").is_err());
    }
}
