//! One exchange, as hyper hands it over: the request target and body within their bounds, then the
//! request log and any queued fault (API requests only: not `/_test` nor `/_inspector`), then the
//! router, then the answer's outcome (status, latency, whether the credential verified, the start of
//! its body) in the log; every refusal here is the platform's JSON error body.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use hyper::body::Incoming;
use tower::ServiceExt as _;

use super::{App, Limits};
use crate::routes::auth::AuthOutcome;
use crate::routes::error::ApiError;
use crate::state::faults::Fault;
use crate::state::request_log::{Outcome, RecordedRequest, ResponseBody};

/// A queued fault drops the connection: hyper closes it unanswered when the exchange fails.
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

/// Serves one request.
pub(crate) async fn serve(app: &App, request: Request<Incoming>) -> Result<Response, Dropped> {
    let (parts, body) = request.into_parts();
    let limits = &app.limits;
    if let Err(error) = check_target(&parts.uri, limits) {
        return Ok(closing(error.into_response()));
    }
    let body = match read_body(&parts.headers, body, limits).await {
        Ok(body) => body,
        Err(error) => return Ok(closing(error.into_response())),
    };
    let path = parts.uri.path();
    let control = ["/_test", "/_inspector"]
        .iter()
        .any(|root| path.strip_prefix(root).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')));
    let mut logged = None;
    if !control {
        let started = std::time::Instant::now();
        let seq = app.shared.requests.record(RecordedRequest {
            method: parts.method.to_string(),
            path: path.to_string(),
            query: parts.uri.query().map(str::to_string),
            headers: parts
                .headers
                .iter()
                .map(|(n, v)| (n.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
            body: body.to_vec(),
        });
        match app.shared.faults.take() {
            None => {}
            Some(Fault::Status { status, body, content_type }) => {
                let response = fault_response(status, body, content_type.as_deref());
                return Ok(complete(app, seq, started, response).await);
            }
            Some(Fault::Delay(duration)) => tokio::time::sleep(duration).await,
            Some(Fault::Drop) => return Err(Dropped),
        }
        logged = Some((seq, started));
    }
    let request = Request::from_parts(parts, Body::from(body));
    let response = match Router::clone(&app.router).oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let response = platform_error(response).await;
    match logged {
        Some((seq, started)) => Ok(complete(app, seq, started, response).await),
        None => Ok(response),
    }
}

/// Notes in the request log how request `seq` was answered, with the start of the answer's body, and
/// gives the answer back. The API's answers are whole bodies already: reading one costs no wait.
async fn complete(app: &App, seq: u64, started: std::time::Instant, response: Response) -> Response {
    let latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    let (mut parts, body) = response.into_parts();
    let auth = parts.extensions.get::<AuthOutcome>().map(|a| a.0.clone());
    let content_type =
        parts.headers.get(header::CONTENT_TYPE).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        // No route's body fails; if one did, the client would have got no body either.
        Err(_) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Bytes::new()
        }
    };
    let body = ResponseBody::capped(&bytes, content_type.as_deref());
    app.shared.requests.complete(seq, Outcome { status: parts.status.as_u16(), latency_us, auth, body });
    Response::from_parts(parts, Body::from(bytes))
}

/// The request target must be a path (origin form), and its line within the bound: 400, 414.
fn check_target(uri: &axum::http::Uri, limits: &Limits) -> Result<(), ApiError> {
    if uri.scheme().is_some() || uri.authority().is_some() {
        return Err(ApiError::bad_request("Malformed request: the request target must be a path starting with /"));
    }
    let length = uri.path_and_query().map_or(0, |target| target.as_str().len());
    if length > limits.max_request_line_bytes {
        return Err(ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("URI too long: the request target is over {} bytes", limits.max_request_line_bytes),
        ));
    }
    Ok(())
}

/// The whole body, within the size bound (413, before reading when `Content-Length` says so) and the
/// body timeout (408); 400 when its framing breaks off.
async fn read_body(headers: &axum::http::HeaderMap, body: Incoming, limits: &Limits) -> Result<Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Request entity too large: the body is over {} bytes", limits.max_body_bytes),
        )
    };
    // hyper has checked that the length is a number (and refused conflicting ones).
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body_bytes as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(limits.body_timeout, Limited::new(body, limits.max_body_bytes).collect()).await {
        Err(_) => Err(ApiError::new(StatusCode::REQUEST_TIMEOUT, "Request timeout: the body did not arrive in time")),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(error)) if error.is::<LengthLimitError>() => Err(too_large()),
        Ok(Err(error)) => Err(ApiError::bad_request(format!("Malformed request: invalid body ({error})"))),
    }
}

/// `response`, with the connection closed after it (the body may not have been read).
fn closing(mut response: Response) -> Response {
    response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// An injected fault's answer, exactly as asked (it may well not be JSON: that is the point).
fn fault_response(status: u16, body: String, content_type: Option<&str>) -> Response {
    // An interim (1xx) status cannot end an exchange: it counts as invalid.
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(|s| !s.is_informational())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    if let Some(value) = content_type.and_then(|ct| HeaderValue::from_str(ct).ok()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// Turns an error answer that is not JSON (from the router's own rejections: a path segment that
/// is not UTF-8, and the like) into the platform's JSON error body with the same status.
async fn platform_error(response: Response) -> Response {
    let status = response.status();
    // JSON, and the XML error of session creation, are the platform's own forms.
    let platform_form = response.headers().get(header::CONTENT_TYPE).is_some_and(|ct| {
        ct.as_bytes().starts_with(b"application/json") || ct.as_bytes().starts_with(b"application/xml")
    });
    if !(status.is_client_error() || status.is_server_error()) || platform_form {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = match body.collect().await {
        Ok(collected) => String::from_utf8_lossy(&collected.to_bytes()).trim().chars().take(500).collect(),
        Err(_) => String::new(),
    };
    let reason = status.canonical_reason().unwrap_or("Error");
    let message = if text.is_empty() { reason.to_string() } else { format!("{reason}: {text}") };
    let mut answer = ApiError::new(status, message).into_response();
    // What the routes noted for the request log (whether the credential verified) stays.
    *answer.extensions_mut() = parts.extensions;
    answer
}
