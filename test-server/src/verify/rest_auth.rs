//! The `X-OPENTOK-AUTH` JWT: the project-level HS256 token every REST call must carry.

use serde_json::Value;

use super::jwt::{check_issuer, seconds_claim, verify_hs256, Issuer};

/// Longest accepted lifetime (`exp - iat`), in seconds: the platform allows five minutes.
pub const MAX_LIFETIME_SECS: i64 = 300;
/// Slack added to [`MAX_LIFETIME_SECS`] and allowed for an `iat` ahead of the server clock.
pub const CLOCK_SLACK_SECS: i64 = 5;

/// Verifies a REST auth JWT as the platform does and returns its claims.
///
/// Checks, in order: three-part HS256 token, signature with `api_secret` (constant time), `iss` a
/// JSON string equal to `api_key`, `ist` = `"project"` (in the claims, or in the header as the Ruby
/// SDK sends it), numeric `iat` and `exp`, `exp > now`, `iat <= now + 300`, `iat <= exp`, and
/// `exp - iat <= 300` (plus a few seconds of slack). All arithmetic on the claims is checked: a
/// claim so large or small that a difference overflows is refused, never wrapped.
///
/// # Errors
/// The reason the token is refused, worded like the platform's 403 messages
/// (`Invalid signature`, `Invalid issuer format`, `Token expired`, ...).
pub fn verify_rest_jwt(token: &str, api_key: &str, api_secret: &str, now: i64) -> Result<Value, String> {
    let jwt = verify_hs256(token, api_secret.as_bytes())?;
    check_issuer(&jwt.claims, api_key, Issuer::StringOnly)?;
    let ist = jwt.claims.get("ist").or_else(|| jwt.header.get("ist"));
    if ist.and_then(Value::as_str) != Some("project") {
        return Err("Invalid issuer type: ist must be \"project\"".into());
    }
    let iat = seconds_claim(&jwt.claims, "iat")?.ok_or("Missing iat claim")?;
    let exp = seconds_claim(&jwt.claims, "exp")?.ok_or("Missing exp claim")?;
    check_window(iat, exp, now)?;
    Ok(Value::Object(jwt.claims))
}

/// The time rules on `iat` and `exp`, with checked arithmetic throughout.
pub(crate) fn check_window(iat: i64, exp: i64, now: i64) -> Result<(), String> {
    if exp <= now {
        return Err("Token expired".into());
    }
    if iat > now.saturating_add(MAX_LIFETIME_SECS) {
        return Err("Token issued in the future: check the clock".into());
    }
    if exp < iat {
        return Err("Invalid token: exp is before iat".into());
    }
    match exp.checked_sub(iat) {
        Some(lifetime) if lifetime <= MAX_LIFETIME_SECS + CLOCK_SLACK_SECS => Ok(()),
        _ => Err("Token lifetime too long: exp must be at most 5 minutes after iat".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::check_window;

    #[test]
    fn extreme_claims_are_refused_without_overflow() {
        let now = 1_700_000_000;
        assert!(check_window(i64::MIN, now + 100, now).is_err());
        assert!(check_window(i64::MIN, i64::MAX, now).is_err());
        assert!(check_window(now, i64::MIN, now).is_err());
        assert!(check_window(now, now + 300, now).is_ok());
    }
}
