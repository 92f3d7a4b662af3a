//! Ids in request paths: each `{param}` of a route must be an id the platform could have issued, one path
//! segment of ASCII letters, digits, `-`, `_` and `~` (the characters of UUIDs, numeric API keys and
//! URL-safe base64 session ids). Anything else, after percent-decoding (`.` and `..`, `/`, `\`, `%`,
//! spaces, control or non-ASCII characters), is refused with 400 and the platform's error body naming the
//! parameter, before the handler looks anything up. A request whose path a client built from a hostile id
//! thus fails here rather than reaching some other operation or a lookup by a strange key.

use axum::extract::{RawPathParams, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// True for a character an id may hold.
fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '~')
}

/// Middleware for every API route: 400 for a path parameter that is not an id.
pub(crate) async fn refuse_bad_ids(params: RawPathParams, req: Request, next: Next) -> Response {
    for (name, value) in &params {
        if value.is_empty() || !value.chars().all(is_id_char) {
            let what = match name {
                "sid" => "session id",
                "k" => "project id",
                _ => "id",
            };
            return ApiError::bad_request(format!(
                "Invalid {what} in the request path: an id holds only ASCII letters, digits, '-', '_' and '~'"
            ))
            .into_response();
        }
    }
    next.run(req).await
}
