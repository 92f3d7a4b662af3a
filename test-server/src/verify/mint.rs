//! Minting client tokens, for a quick try from the control API (and the inspector's "mint a token"): an
//! HS256 JWT signed with the project's secret, or an RS256 JWT signed with the application's private key
//! when this server holds it. Only the claims the platform's checks read, with a one-hour lifetime.
//! (The SDK mints with its own code; these tokens are for trying the server, not for checking the SDK.)

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use super::application::pem_body;
use super::base64::STANDARD_LENIENT;

/// Lifetime of a minted token, in seconds.
const LIFETIME_SECS: i64 = 3600;

/// The claims of a client token for `session_id`; `account` is the claim naming the account and its
/// value (`("iss", api_key)` with `ist: project`, or `("application_id", id)`).
pub(crate) fn client_claims(
    account: (&str, &str),
    session_id: &str,
    role: &str,
    data: Option<&str>,
    now: i64,
) -> Value {
    let mut claims = json!({
        "scope": "session.connect", "session_id": session_id, "role": role,
        "iat": now, "exp": now.saturating_add(LIFETIME_SECS), "jti": uuid::Uuid::new_v4().to_string(),
    });
    claims[account.0] = json!(account.1);
    if account.0 == "iss" {
        claims["ist"] = json!("project");
    }
    if let Some(data) = data {
        claims["connection_data"] = json!(data);
    }
    claims
}

/// `claims` as an HS256 JWT signed with `secret`.
pub(crate) fn sign_hs256(claims: &Value, secret: &str) -> String {
    let signed = signing_input("HS256", claims);
    // HMAC accepts a key of any length: the `else` is never taken.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()) else { return String::new() };
    mac.update(signed.as_bytes());
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

/// `claims` as an RS256 JWT signed with the PKCS#8 PEM `private_key`.
pub(crate) fn sign_rs256(claims: &Value, private_key: &str) -> Result<String, String> {
    let der = pem_body(private_key, "PRIVATE KEY")
        .and_then(|b64| STANDARD_LENIENT.decode(b64).ok())
        .ok_or("the private key is not a PKCS#8 PEM")?;
    let key = RsaKeyPair::from_pkcs8(&der).map_err(|_| "the private key is not an RSA key")?;
    let signed = signing_input("RS256", claims);
    let mut signature = vec![0; key.public_modulus_len()];
    key.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), signed.as_bytes(), &mut signature)
        .map_err(|_| "RSA signing failed")?;
    Ok(format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature)))
}

fn signing_input(alg: &str, claims: &Value) -> String {
    let header = json!({"alg": alg, "typ": "JWT"});
    format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::application::{generate_key_pair, verify_rs256_client_token};
    use crate::verify::client_token::verify_client_token;

    #[test]
    fn minted_tokens_pass_the_servers_own_checks() {
        let claims = client_claims(("iss", "123"), "1_sid", "moderator", Some("<b>x</b>"), 1_000);
        let info = verify_client_token(&sign_hs256(&claims, "secret"), "123", "secret", 1_000).unwrap();
        assert_eq!((info.session_id.as_str(), info.role.as_str()), ("1_sid", "moderator"));
        assert_eq!(info.connection_data.as_deref(), Some("<b>x</b>"));
        assert!(verify_client_token(&sign_hs256(&claims, "other"), "123", "secret", 1_000).is_err());

        let (private, public) = generate_key_pair().unwrap();
        let claims = client_claims(("application_id", "app"), "1_sid", "publisher", None, 1_000);
        let token = sign_rs256(&claims, &private).unwrap();
        let info = verify_rs256_client_token(&token, "app", &public, 1_000).unwrap();
        assert_eq!(info.role, "publisher");
        assert!(sign_rs256(&claims, "not a key").is_err());
    }
}
