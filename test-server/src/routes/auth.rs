//! The auth check in front of every API route, and a project id in the path equal to the account's id.
//! Anything else is 403 with the platform's body (`code` -1).
//!
//! * A project (API key and secret): exactly one `X-OPENTOK-AUTH` header holding a valid HS256 JWT.
//! * An application (application mode): exactly one `Authorization: Bearer` header holding a valid RS256
//!   JWT. Each scheme is refused where the other is expected, as the platform refuses an application JWT at
//!   `api.opentok.com` and the reverse.
//! * In both modes a request carries one credential: one with both headers is refused whichever of them
//!   is right, since which one a server would read is a guess (no client of the platform sends both).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{accepts_json, ApiError};
use crate::state::Shared;
use crate::verify::application::verify_bearer_jwt;
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

/// The one `Authorization: Bearer` JWT, exactly as sent.
///
/// # Errors
/// The platform-style reason when the header is missing, repeated, or not a bare Bearer token.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Result<&str, String> {
    let mut values = headers.get_all("authorization").iter();
    let Some(value) = values.next() else {
        return Err("Missing Authorization header".into());
    };
    if values.next().is_some() {
        return Err("Invalid token format: more than one Authorization header".into());
    }
    let value = value.to_str().map_err(|_| "Invalid token format: the header is not ASCII".to_string())?;
    let token = value.strip_prefix("Bearer ").ok_or("Invalid token format: expected `Bearer <jwt>`")?;
    if token.is_empty() || token.bytes().any(|b| !b.is_ascii_graphic()) {
        return Err("Invalid token format: the header must be `Bearer ` and the bare JWT".into());
    }
    Ok(token)
}

/// Whether the request's credential verified (`Err` with the reason it was refused), carried on the
/// response for the request log.
#[derive(Debug, Clone)]
pub(crate) struct AuthOutcome(pub Result<(), String>);

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
    let now = chrono::Utc::now().timestamp();
    let headers = req.headers();
    let (opentok, bearer) = (headers.contains_key("x-opentok-auth"), headers.contains_key("authorization"));
    let verified = match &project.application {
        _ if opentok && bearer => Err("Invalid authentication: the request carries both X-OPENTOK-AUTH and \
                                       Authorization; send exactly one credential"
            .to_string()),
        Some(_) if opentok => Err("Invalid authentication: this application authenticates with Authorization: \
                                   Bearer (an RS256 JWT), not X-OPENTOK-AUTH"
            .to_string()),
        None if bearer => Err("Invalid authentication: this project authenticates with X-OPENTOK-AUTH (an HS256 \
                               JWT signed with the API secret), not Authorization: Bearer"
            .to_string()),
        Some(app) => {
            bearer_token(headers).and_then(|token| verify_bearer_jwt(token, &project.api_key, &app.public_key, now))
        }
        None => {
            auth_header(headers).and_then(|token| verify_rest_jwt(token, &project.api_key, &project.api_secret, now))
        }
    };
    if let Err(reason) = verified {
        let mut response = refuse(reason.clone());
        response.extensions_mut().insert(AuthOutcome(Err(reason)));
        return response;
    }
    if let Some(rest) = req.uri().path().strip_prefix("/v2/project/") {
        let key = rest.split('/').next().unwrap_or_default();
        if key != project.api_key {
            let reason = "Id in the token does not match the id provided in the url";
            let mut response = ApiError::forbidden(reason).into_response();
            response.extensions_mut().insert(AuthOutcome(Err(reason.to_string())));
            return response;
        }
    }
    let mut response = next.run(req).await;
    response.extensions_mut().insert(AuthOutcome(Ok(())));
    response
}
