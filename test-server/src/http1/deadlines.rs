//! The connection's time bounds that hyper does not keep itself. hyper has no idle timeout and no write
//! timeout, and its header-read timeout also runs while a kept-alive connection waits for its next
//! request (so it would cut idle connections at the header timeout). So the connection's bytes pass
//! through [`Timed`], which fails a read or a write that waits past its deadline; hyper then drops the
//! connection. The deadline of a read depends on where the connection is:
//! - new, or inside a request head: the header timeout, from the connection's start or the head's first
//!   byte;
//! - kept alive between requests: the idle timeout, from the end of the last answer;
//! - while a request is served: none (the exchange bounds its body's arrival itself).
//!
//! A head cut at the header timeout is answered 408 with the platform's JSON body when the socket takes
//! it at once (a best effort: the connection is closing); a silent connection is closed silently.

use std::future::Future as _;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// Where a connection is, for its read deadline.
#[derive(Clone, Copy)]
enum Phase {
    /// Waiting for (the rest of) a request head since `since`; `started` once a byte of it came.
    Head { since: Instant, started: bool },
    /// Between requests on a kept-alive connection, since the end of the last answer.
    Idle { since: Instant },
    /// A request is being served.
    Busy,
}

/// The phase of one connection, shared by its exchanges (which say when a request starts and ends)
/// and its [`Timed`] stream.
pub(crate) struct Watch {
    phase: Mutex<Phase>,
    header: Duration,
    idle: Duration,
}

impl Watch {
    pub fn new(header: Duration, idle: Duration) -> Arc<Self> {
        let phase = Phase::Head { since: Instant::now(), started: false };
        Arc::new(Watch { phase: Mutex::new(phase), header, idle })
    }

    fn phase(&self) -> std::sync::MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A request head has been read: its exchange begins.
    pub fn busy(&self) {
        *self.phase() = Phase::Busy;
    }

    /// The exchange has its answer: the connection waits for the next request.
    pub fn idle(&self) {
        *self.phase() = Phase::Idle { since: Instant::now() };
    }

    /// Bytes came in: between requests, they begin the next head.
    fn bytes_read(&self) {
        let mut phase = self.phase();
        match *phase {
            Phase::Idle { .. } => *phase = Phase::Head { since: Instant::now(), started: true },
            Phase::Head { since, .. } => *phase = Phase::Head { since, started: true },
            Phase::Busy => {}
        }
    }

    /// When a read waiting now must give up, and whether a request head had begun by then.
    fn read_deadline(&self) -> Option<(Instant, bool)> {
        match *self.phase() {
            Phase::Head { since, started } => Some((since + self.header, started)),
            Phase::Idle { since } => Some((since + self.idle, false)),
            Phase::Busy => None,
        }
    }
}

/// A connection's stream with read and write deadlines.
pub(crate) struct Timed<S> {
    io: S,
    watch: Arc<Watch>,
    write_timeout: Duration,
    read_sleep: Pin<Box<Sleep>>,
    /// Running while a write waits.
    write_sleep: Option<Pin<Box<Sleep>>>,
}

impl<S> Timed<S> {
    pub fn new(io: S, watch: Arc<Watch>, write_timeout: Duration) -> Self {
        Timed { io, watch, write_timeout, read_sleep: Box::pin(tokio::time::sleep(Duration::ZERO)), write_sleep: None }
    }
}

fn timed_out(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, format!("{what} timed out"))
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for Timed<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let before = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.watch.bytes_read();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                let Some((deadline, head_started)) = this.watch.read_deadline() else { return Poll::Pending };
                if this.read_sleep.deadline() != deadline {
                    this.read_sleep.as_mut().reset(deadline);
                }
                if this.read_sleep.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                if head_started {
                    let answer = super::refusal(
                        StatusCode::REQUEST_TIMEOUT,
                        "Request header timeout: the request head did not arrive in time",
                    );
                    let _ = Pin::new(&mut this.io).poll_write(cx, &answer);
                }
                Poll::Ready(Err(timed_out("reading the request")))
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> Timed<S> {
    /// Passes a write's outcome on; a write still waiting after the write timeout fails.
    fn bounded<T>(&mut self, cx: &mut Context<'_>, outcome: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if outcome.is_ready() {
            self.write_sleep = None;
            return outcome;
        }
        let timeout = self.write_timeout;
        let sleep = self.write_sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(timed_out("writing the answer"))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Timed<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let outcome = Pin::new(&mut self.io).poll_write(cx, data);
        self.bounded(cx, outcome)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let outcome = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.bounded(cx, outcome)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let outcome = Pin::new(&mut self.io).poll_flush(cx);
        self.bounded(cx, outcome)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let outcome = Pin::new(&mut self.io).poll_shutdown(cx);
        self.bounded(cx, outcome)
    }
}
