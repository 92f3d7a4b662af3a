//! The HTTP/1.1 server: hyper serves each connection; this module accepts them and keeps the bounds
//! on connections, head and body sizes, and time (header, idle, body, write), so that slow or hostile
//! clients cannot hold resources without bound. Every refusal at the application level (a request
//! target or body out of bounds, too many connections, a head cut at the header timeout) is the
//! platform's JSON error body, like the routes' errors; a request hyper cannot parse as HTTP gets
//! hyper's own answer (400, or 431 for a head over the bound), as a real platform's edge gives its own.
//!
//! Before routing, every API request (not `/_test`) is recorded and may meet a queued fault, including
//! a dropped connection (see `exchange.rs`). What hyper does not bound itself (idle and write time, and
//! the header time apart from the idle time) is in `deadlines.rs`.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::Router;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::routes::error::ApiError;
use crate::state::Shared;

mod deadlines;
mod exchange;

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

/// What a connection serves with.
pub(crate) struct App {
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
                                serve_connection(stream, app).await;
                                drop(permit);
                            });
                        }
                        // Over the connection bound: answer 503 and close, without reading a request.
                        Err(_) => {
                            connections.spawn(refuse(stream, app.limits.write_timeout));
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

/// Serves requests on one connection with hyper until it closes, errs, times out or a fault drops it.
async fn serve_connection(stream: TcpStream, app: Arc<App>) {
    let limits = app.limits.clone();
    let watch = deadlines::Watch::new(limits.header_timeout, limits.idle_timeout);
    let io = TokioIo::new(deadlines::Timed::new(stream, watch.clone(), limits.write_timeout));
    let service = hyper::service::service_fn(move |request| {
        let (app, watch) = (app.clone(), watch.clone());
        async move {
            watch.busy();
            let answer = exchange::serve(&app, request).await;
            watch.idle();
            answer
        }
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    // A client may half-close once its request is sent: it still gets the answer.
    http.half_close(true)
        .max_headers(limits.max_headers)
        .max_buf_size(limits.max_head_bytes.max(8192))
        .header_read_timeout(None);
    let _ = http.serve_connection(io, service).await;
}

/// The raw bytes of an answer with the platform's JSON error body that closes the connection, for the
/// refusals made outside hyper (too many connections, a head cut at the header timeout).
pub(crate) fn refusal(status: StatusCode, message: &str) -> Vec<u8> {
    let body = ApiError::new(status, message).body().to_string();
    format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    )
    .into_bytes()
}

/// Answers 503 on a connection over the bound, then closes gently: half-close, and read and discard
/// what the client may still be sending for a moment (bounded in time and bytes), so that the close
/// does not reset the connection before the client reads the answer.
async fn refuse(mut stream: TcpStream, write_timeout: Duration) {
    const LINGER: Duration = Duration::from_millis(500);
    const LINGER_BYTES: usize = 4 * 1024 * 1024;
    let answer = refusal(StatusCode::SERVICE_UNAVAILABLE, "Too many connections: try again later");
    if !matches!(tokio::time::timeout(write_timeout, stream.write_all(&answer)).await, Ok(Ok(()))) {
        return;
    }
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.shutdown()).await;
    let deadline = tokio::time::Instant::now() + LINGER;
    let mut discarded = 0usize;
    let mut chunk = [0u8; 8192];
    while discarded < LINGER_BYTES {
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => discarded += n,
            _ => break,
        }
    }
}
