//! `X-OPENTOK-AUTH` checking: the project-level HS256 JWT every REST call must carry.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::ApiError;
use crate::jwt::{check_issuer, seconds_claim, verify_hs256};
use crate::state::Shared;

/// Longest accepted lifetime (`exp - iat`), in seconds: the platform allows five minutes.
pub const MAX_LIFETIME_SECS: i64 = 300;
/// Slack added to [`MAX_LIFETIME_SECS`] and allowed for an `iat` ahead of the server clock.
pub const CLOCK_SLACK_SECS: i64 = 5;

/// Verifies a REST auth JWT as the platform does and returns its claims.
///
/// Checks, in order: three-part HS256 token, signature with `api_secret` (constant time), `iss`
/// equal to `api_key` (a string, or a number printing as it), `ist` = `"project"` (in the claims, or
/// in the header as the Ruby SDK sends it), numeric `iat` and `exp`, `exp > now`,
/// `iat <= now + 300`, and `exp - iat <= 300` (plus a few seconds of slack).
///
/// # Errors
/// The reason the token is refused, worded like the platform's 403 messages
/// (`Invalid signature`, `Invalid issuer format`, `Token expired`, ...).
pub fn verify_rest_jwt(token: &str, api_key: &str, api_secret: &str, now: i64) -> Result<Value, String> {
    let jwt = verify_hs256(token, api_secret.as_bytes())?;
    check_issuer(&jwt.claims, api_key)?;
    let ist = jwt.claims.get("ist").or_else(|| jwt.header.get("ist"));
    if ist.and_then(Value::as_str) != Some("project") {
        return Err("Invalid issuer type: ist must be \"project\"".into());
    }
    let iat = seconds_claim(&jwt.claims, "iat")?.ok_or("Missing iat claim")?;
    let exp = seconds_claim(&jwt.claims, "exp")?.ok_or("Missing exp claim")?;
    if exp <= now {
        return Err("Token expired".into());
    }
    if iat > now + MAX_LIFETIME_SECS {
        return Err("Token issued in the future: check the clock".into());
    }
    if exp < iat {
        return Err("Invalid token: exp is before iat".into());
    }
    if exp - iat > MAX_LIFETIME_SECS + CLOCK_SLACK_SECS {
        return Err("Token lifetime too long: exp must be at most 5 minutes after iat".into());
    }
    Ok(Value::Object(jwt.claims))
}

/// Middleware for every API route: a valid `X-OPENTOK-AUTH` header, and a project id in the path
/// (`/v2/project/{k}/...`) equal to the project's API key. Both failures are 403.
pub(crate) async fn require_auth(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let project = &shared.project;
    let Some(header) = req.headers().get("x-opentok-auth") else {
        return ApiError::forbidden("Missing X-OPENTOK-AUTH header").into_response();
    };
    let Ok(token) = header.to_str() else {
        return ApiError::forbidden("Invalid token format").into_response();
    };
    let now = chrono::Utc::now().timestamp();
    if let Err(reason) = verify_rest_jwt(token.trim(), &project.api_key, &project.api_secret, now) {
        return ApiError::forbidden(reason).into_response();
    }
    if let Some(rest) = req.uri().path().strip_prefix("/v2/project/") {
        let key = rest.split('/').next().unwrap_or_default();
        if key != project.api_key {
            return ApiError::forbidden("Id in the token does not match the id provided in the url").into_response();
        }
    }
    next.run(req).await
}
