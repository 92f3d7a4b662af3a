//! The connection loop: accepts TCP connections and serves HTTP/1.1 on each. Before routing, every
//! API request (not `/_test`) is recorded and may meet a queued fault, including a dropped
//! connection, which is why this loop is ours rather than `axum::serve`.

use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tower::ServiceExt as _;

use crate::faults::Fault;
use crate::state::Shared;

/// Returned by the connection's service to make hyper close the connection unanswered.
#[derive(Debug)]
struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DropConnection {}

/// Serves until the task is aborted; aborting it also ends every open connection.
pub(crate) async fn run(listener: TcpListener, shared: Arc<Shared>, router: Router) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let shared = shared.clone();
                    let router = router.clone();
                    connections.spawn(async move {
                        let service = hyper::service::service_fn(move |req| {
                            handle(shared.clone(), router.clone(), req)
                        });
                        // Errors here are client hang-ups or injected drops: nothing to report.
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
                // Out of file descriptors and the like: back off briefly and keep serving.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn handle(
    shared: Arc<Shared>,
    router: Router,
    req: Request<Incoming>,
) -> Result<axum::response::Response, DropConnection> {
    let (parts, body) = req.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(DropConnection),
    };
    let path = parts.uri.path();
    let control = path == "/_test" || path.starts_with("/_test/");
    if !control {
        shared.recorder.record(&parts, &bytes);
        match shared.faults.take() {
            None => {}
            Some(Fault::Status { status, body, content_type }) => {
                return Ok(Fault::response(status, &body, content_type.as_deref()));
            }
            Some(Fault::Delay(duration)) => tokio::time::sleep(duration).await,
            Some(Fault::Drop) => return Err(DropConnection),
        }
    }
    let request = Request::from_parts(parts, Body::from(bytes));
    let response: Result<_, Infallible> = router.oneshot(request).await;
    match response {
        Ok(response) => Ok(response),
        Err(never) => match never {},
    }
}
