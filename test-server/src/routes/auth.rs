//! The auth check in front of every API route: exactly one `X-OPENTOK-AUTH` header holding a valid
//! project JWT, and a project id in the path equal to the project's API key. Anything else is 403
//! with the platform's body (`code` -1).
//!
//! An application mode adds a second scheme here: `Authorization: Bearer` with an RS256 JWT
//! (verified by a new file in [`crate::verify`]) for `/v2/project/{applicationId}/...`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{accepts_json, ApiError};
use crate::state::Shared;
use crate::verify::rest_auth::verify_rest_jwt;

/// The one `X-OPENTOK-AUTH` value, exactly as sent.
///
/// # Errors
/// The platform-style reason when the header is missing, repeated, not visible ASCII, or padded
/// with whitespace.
pub(crate) fn auth_header(headers: &HeaderMap) -> Result<&str, String> {
    let mut values = headers.get_all("x-opentok-auth").iter();
    let Some(value) = values.next() else {
        return Err("Missing X-OPENTOK-AUTH header".into());
    };
    if values.next().is_some() {
        return Err("Invalid token format: more than one X-OPENTOK-AUTH header".into());
    }
    let token = value.to_str().map_err(|_| "Invalid token format: the header is not ASCII".to_string())?;
    if token.is_empty() || token.bytes().any(|b| !b.is_ascii_graphic()) {
        return Err("Invalid token format: the header must be the bare JWT, without spaces".into());
    }
    Ok(token)
}

/// Middleware for every API route.
pub(crate) async fn require_auth(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let project = &shared.project;
    // Session creation answers XML unless the caller asks for JSON: its errors too.
    let xml = req.uri().path() == "/session/create" && !accepts_json(req.headers());
    let refuse = |reason: String| {
        let error = ApiError::forbidden(reason);
        if xml {
            error.into_xml_response()
        } else {
            error.into_response()
        }
    };
    let token = match auth_header(req.headers()) {
        Ok(token) => token,
        Err(reason) => return refuse(reason),
    };
    let now = chrono::Utc::now().timestamp();
    if let Err(reason) = verify_rest_jwt(token, &project.api_key, &project.api_secret, now) {
        return refuse(reason);
    }
    if let Some(rest) = req.uri().path().strip_prefix("/v2/project/") {
        let key = rest.split('/').next().unwrap_or_default();
        if key != project.api_key {
            return ApiError::forbidden("Id in the token does not match the id provided in the url").into_response();
        }
    }
    next.run(req).await
}
