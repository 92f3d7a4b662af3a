//! Fault injection: canned failures for the next N API requests.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// What to do to an API request instead of (or before) serving it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status, body and `Content-Type` (none if `None`) without serving.
    Status {
        /// HTTP status code (an invalid one becomes 500).
        status: u16,
        /// Body text.
        body: String,
        /// `Content-Type` header, if any.
        content_type: Option<String>,
    },
    /// Wait this long, then serve the request normally.
    Delay(Duration),
    /// Close the TCP connection without answering.
    Drop,
}

impl Fault {
    pub(crate) fn response(status: u16, body: &str, content_type: Option<&str>) -> Response {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut builder = Response::builder().status(status);
        if let Some(ct) = content_type {
            builder = builder.header(header::CONTENT_TYPE, ct);
        }
        builder.body(Body::from(body.to_string())).unwrap_or_else(|_| status.into_response())
    }
}

/// Queued faults, each with the number of requests it still applies to.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queue: Mutex<VecDeque<(Fault, usize)>>,
}

impl Faults {
    pub fn push(&self, fault: Fault, count: usize) {
        if count > 0 {
            self.lock().push_back((fault, count));
        }
    }

    /// The fault for the request being handled, if any is queued.
    pub fn take(&self) -> Option<Fault> {
        let mut queue = self.lock();
        let (fault, remaining) = queue.front_mut()?;
        let fault = fault.clone();
        *remaining -= 1;
        if *remaining == 0 {
            queue.pop_front();
        }
        Some(fault)
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(Fault, usize)>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}
