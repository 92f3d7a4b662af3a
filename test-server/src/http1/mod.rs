//! The HTTP/1.1 server: accepts TCP connections and serves requests on each, within bounds on
//! connections, head and body sizes, and time (idle, head, body, write), so that slow or hostile
//! clients cannot hold resources without bound. Every answer it makes itself (a malformed request,
//! a timeout, an oversized head or body) is the platform's JSON error body, like the routes' errors.
//!
//! Before routing, every API request (not `/_test`) is recorded and may meet a queued fault, including
//! a dropped connection: that is why the connection loop is ours.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::BodyExt as _;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tower::ServiceExt as _;

use crate::routes::error::ApiError;
use crate::state::faults::Fault;
use crate::state::request_log::RecordedRequest;
use crate::state::Shared;

mod body;
mod head;
mod respond;

use head::NextHead;

/// The server's bounds. See [`crate::TestServerBuilder`] for what each means and its default.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub max_connections: usize,
    pub idle_timeout: Duration,
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub write_timeout: Duration,
    pub max_request_line_bytes: usize,
    pub max_head_bytes: usize,
    pub max_headers: usize,
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 1024,
            idle_timeout: Duration::from_secs(60),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(30),
            max_request_line_bytes: 16 * 1024,
            max_head_bytes: 64 * 1024,
            max_headers: 100,
            max_body_bytes: 1024 * 1024,
        }
    }
}

/// An error the HTTP layer answers itself, then closes the connection.
#[derive(Debug)]
pub(crate) struct HttpError {
    status: StatusCode,
    message: String,
}

impl HttpError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        HttpError { status, message: message.into() }
    }

    fn into_response(self) -> Response {
        ApiError::new(self.status, self.message).into_response()
    }
}

/// What a connection serves with.
struct App {
    shared: Arc<Shared>,
    router: Router,
    limits: Limits,
}

/// Serves until the task is aborted; aborting it also ends every open connection.
pub(crate) async fn run(listener: TcpListener, shared: Arc<Shared>, router: Router, limits: Limits) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let app = Arc::new(App { shared, router, limits });
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    let app = app.clone();
                    match slots.clone().try_acquire_owned() {
                        Ok(permit) => {
                            connections.spawn(async move {
                                serve_connection(stream, &app).await;
                                drop(permit);
                            });
                        }
                        // Over the connection bound: answer 503 and close, without reading.
                        Err(_) => {
                            connections.spawn(async move {
                                let mut stream = stream;
                                let busy = HttpError::new(
                                    StatusCode::SERVICE_UNAVAILABLE,
                                    "Too many connections: try again later",
                                );
                                answer_and_linger(&mut stream, busy, &Method::GET, &app.limits).await;
                            });
                        }
                    }
                }
                // Out of file descriptors and the like: back off briefly and keep serving.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Serves requests on one connection until it closes, errs, times out or a fault drops it.
async fn serve_connection<S: AsyncRead + AsyncWrite + Unpin>(mut io: S, app: &App) {
    let limits = &app.limits;
    let mut buf = Vec::new();
    // A new connection must start its request within the header timeout; between requests on a
    // kept-alive connection, the idle timeout applies.
    let mut first_wait = limits.header_timeout;
    loop {
        let head = match head::read_head(&mut io, &mut buf, limits, first_wait).await {
            NextHead::Head(head) => head,
            NextHead::Closed => break,
            NextHead::Error(error) => {
                answer_and_linger(&mut io, error, &Method::GET, limits).await;
                return;
            }
        };
        let keep_alive = respond::keep_alive(head.version, &head.headers);
        let method = head.method.clone();
        let body = match body::framing(&head.headers, limits) {
            Ok(framing) => {
                let expects_continue = head
                    .headers
                    .get(header::EXPECT)
                    .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
                if expects_continue && !matches!(framing, body::Framing::Length(0)) {
                    let interim = io.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
                    let _ = tokio::time::timeout(limits.write_timeout, interim).await;
                }
                body::read_body(&mut io, &mut buf, framing, limits).await
            }
            Err(error) => Err(error),
        };
        let body = match body {
            Ok(body) => body,
            Err(error) => {
                answer_and_linger(&mut io, error, &method, limits).await;
                return;
            }
        };
        let mut request = Request::new(body);
        *request.method_mut() = head.method;
        *request.uri_mut() = head.uri;
        *request.version_mut() = head.version;
        *request.headers_mut() = head.headers;
        first_wait = limits.idle_timeout;
        let Some(response) = dispatch(app, request).await else { break };
        if respond::write_response(&mut io, response, &method, !keep_alive, limits.write_timeout).await.is_err()
            || !keep_alive
        {
            break;
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(1), io.shutdown()).await;
}

/// Answers a request the HTTP layer refuses, then closes gently: the client may still be sending
/// (a long path, a large body), and closing with unread input would reset the connection before it
/// reads the answer. So: half-close, then read and discard for a moment (bounded in time and bytes).
async fn answer_and_linger<S: AsyncRead + AsyncWrite + Unpin>(
    io: &mut S,
    error: HttpError,
    method: &Method,
    limits: &Limits,
) {
    use tokio::io::AsyncReadExt as _;
    const LINGER: Duration = Duration::from_millis(500);
    const LINGER_BYTES: usize = 4 * 1024 * 1024;
    if respond::write_response(io, error.into_response(), method, true, limits.write_timeout).await.is_err() {
        return;
    }
    let _ = tokio::time::timeout(Duration::from_secs(1), io.shutdown()).await;
    let deadline = tokio::time::Instant::now() + LINGER;
    let mut discarded = 0usize;
    let mut chunk = [0u8; 8192];
    while discarded < LINGER_BYTES {
        match tokio::time::timeout_at(deadline, io.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => discarded += n,
            _ => break,
        }
    }
}

/// Records the request and applies a queued fault (API requests only), then routes it. `None`
/// means: drop the connection unanswered.
async fn dispatch(app: &App, request: Request<Vec<u8>>) -> Option<Response> {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    let control = path == "/_test" || path.starts_with("/_test/");
    if !control {
        app.shared.requests.record(RecordedRequest {
            method: parts.method.to_string(),
            path: path.to_string(),
            query: parts.uri.query().map(str::to_string),
            headers: parts
                .headers
                .iter()
                .map(|(n, v)| (n.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
            body: body.clone(),
        });
        match app.shared.faults.take() {
            None => {}
            Some(Fault::Status { status, body, content_type }) => {
                return Some(fault_response(status, body, content_type.as_deref()));
            }
            Some(Fault::Delay(duration)) => tokio::time::sleep(duration).await,
            Some(Fault::Drop) => return None,
        }
    }
    let request = Request::from_parts(parts, Body::from(body));
    let response = match app.router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    Some(platform_error(response).await)
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
    let text = match response.into_body().collect().await {
        Ok(collected) => String::from_utf8_lossy(&collected.to_bytes()).trim().chars().take(500).collect(),
        Err(_) => String::new(),
    };
    let reason = status.canonical_reason().unwrap_or("Error");
    let message = if text.is_empty() { reason.to_string() } else { format!("{reason}: {text}") };
    ApiError::new(status, message).into_response()
}
