//! The client token that captions, Experience Composer and Audio Connector starts carry: verified as
//! the platform verifies a client's, and for the session of the request.

use axum::http::StatusCode;

use super::error::ApiError;
use crate::state::Shared;
use crate::verify::client_token::ClientTokenInfo;

/// Verifies `token` for `session_id` at `now_ms`. Each refusal is a 403 whose `code` is the
/// platform's: 10012 expired, 10007 another session's token, 10001 any other fault.
pub(crate) fn verify_for_session(
    shared: &Shared,
    token: &str,
    session_id: &str,
    now_ms: i64,
) -> Result<ClientTokenInfo, ApiError> {
    let info = shared.project.verify_client_token(token, now_ms / 1000).map_err(|reason| {
        let code = if reason.contains("expired") { 10012 } else { 10001 };
        ApiError::new(StatusCode::FORBIDDEN, format!("Invalid token: {reason}")).with_code(code)
    })?;
    if info.session_id != session_id {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "Token does not match the session: it is for another session",
        )
        .with_code(10007));
    }
    Ok(info)
}

/// Checks a URL the platform calls or loads: http(s), 15 to 2048 characters.
pub(crate) fn check_url(name: &str, url: &str) -> Result<(), String> {
    let chars = url.chars().count();
    if !(15..=2048).contains(&chars) {
        return Err(format!("Invalid {name}: must be 15 to 2048 characters"));
    }
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(format!("Invalid {name}: must be an http or https URL"));
    }
    Ok(())
}
