//! Platform-style error bodies: `{"code": <int>, "message": "...", "description": "..."}`.

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// An error answer. `code` is the HTTP status unless the platform documents its own code.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: i64,
    pub message: String,
    pub description: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        let message = message.into();
        ApiError { status, code: i64::from(status.as_u16()), description: message.clone(), message }
    }

    /// Auth failures: 403 with code -1, as the platform answers a bad `X-OPENTOK-AUTH`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, message).with_code(-1)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::CONFLICT, message)
    }

    pub fn with_code(mut self, code: i64) -> Self {
        self.code = code;
        self
    }

    pub fn body(&self) -> Value {
        json!({"code": self.code, "message": self.message, "description": self.description})
    }
}

impl ApiError {
    /// The XML form `POST /session/create` answers with when the caller did not ask for JSON:
    /// `<errorPayload><code>..</code><message>..</message></errorPayload>`.
    pub fn into_xml_response(self) -> Response {
        let escape =
            |text: &str| text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><errorPayload><code>{}</code>\
             <message>{}</message><description>{}</description></errorPayload>",
            self.code,
            escape(&self.message),
            escape(&self.description)
        );
        Response::builder()
            .status(self.status)
            .header(header::CONTENT_TYPE, "application/xml")
            .body(Body::from(xml))
            .unwrap_or_else(|_| self.status.into_response())
    }
}

/// Whether the request's `Accept` names JSON.
pub(crate) fn accepts_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .any(|v| String::from_utf8_lossy(v.as_bytes()).to_ascii_lowercase().contains("json"))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body())
    }
}

/// A JSON answer with `Content-Type: application/json`.
pub(crate) fn json_response(status: StatusCode, value: &Value) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(value.to_string()))
        .unwrap_or_else(|_| status.into_response())
}

/// An answer with no body (200 for layout changes and DTMF, 204 elsewhere).
pub(crate) fn empty_response(status: StatusCode) -> Response {
    status.into_response()
}

/// Result type of the route handlers.
pub(crate) type ApiResult = Result<Response, ApiError>;
