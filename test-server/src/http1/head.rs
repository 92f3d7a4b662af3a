//! Reading and parsing a request head (request line and headers) within the byte and time bounds.

use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, Version};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::time::Instant;

use super::{HttpError, Limits};

/// A parsed request head.
pub(crate) struct Head {
    pub method: Method,
    pub uri: Uri,
    pub version: Version,
    pub headers: HeaderMap,
}

/// What waiting for the next request head gave.
pub(crate) enum NextHead {
    /// A head; its bytes have been taken off the buffer.
    Head(Head),
    /// The client closed the connection (or stayed idle too long) between requests: close quietly.
    Closed,
    /// A bad or too slow request: answer this error, then close.
    Error(HttpError),
}

/// Reads until `buf` holds a whole head, then parses it. Until the head's first byte the wait is
/// `first_wait` (the idle timeout between requests, the header timeout on a new connection); from
/// then on the header timeout bounds the whole head.
pub(crate) async fn read_head<R: AsyncRead + Unpin>(
    io: &mut R,
    buf: &mut Vec<u8>,
    limits: &Limits,
    first_wait: std::time::Duration,
) -> NextHead {
    // Blank lines before a request line are ignored (RFC 9112 §2.2).
    let skip_blank = |buf: &mut Vec<u8>| {
        let blank = buf.iter().take_while(|b| **b == b'\r' || **b == b'\n').count();
        buf.drain(..blank);
    };
    skip_blank(buf);
    if buf.is_empty() {
        match tokio::time::timeout(first_wait, read_more(io, buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return NextHead::Closed,
            Ok(Ok(_)) => skip_blank(buf),
        }
    }
    let deadline = Instant::now() + limits.header_timeout;
    let mut searched = 0;
    let end = loop {
        if let Some(end) = find_head_end(buf, searched) {
            break end;
        }
        searched = buf.len().saturating_sub(3);
        if let Some(error) = too_long(buf, limits) {
            return NextHead::Error(error);
        }
        match tokio::time::timeout_at(deadline, read_more(io, buf)).await {
            Err(_) => {
                return NextHead::Error(HttpError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "Request header timeout: the request head did not arrive in time",
                ))
            }
            Ok(Ok(0)) | Ok(Err(_)) => {
                if buf.iter().all(|b| b.is_ascii_whitespace()) {
                    return NextHead::Closed;
                }
                return NextHead::Error(HttpError::new(
                    StatusCode::BAD_REQUEST,
                    "Malformed request: the connection ended inside the request head",
                ));
            }
            Ok(Ok(_)) => skip_blank(buf),
        }
    };
    if let Some(error) = too_long(&buf[..end], limits) {
        return NextHead::Error(error);
    }
    let parsed = parse(&buf[..end], limits);
    buf.drain(..end);
    match parsed {
        Ok(head) => NextHead::Head(head),
        Err(error) => NextHead::Error(error),
    }
}

async fn read_more<R: AsyncRead + Unpin>(io: &mut R, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut chunk = [0u8; 8192];
    let n = io.read(&mut chunk).await?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

/// 414 when the request line alone passes the URI bound, 431 when the head passes its bound.
fn too_long(head: &[u8], limits: &Limits) -> Option<HttpError> {
    let line_end = head.iter().position(|b| *b == b'\n').unwrap_or(head.len());
    if line_end > limits.max_request_line_bytes {
        return Some(HttpError::new(
            StatusCode::URI_TOO_LONG,
            format!("URI too long: the request line is over {} bytes", limits.max_request_line_bytes),
        ));
    }
    if head.len() > limits.max_head_bytes {
        return Some(HttpError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("Request header fields too large: the head is over {} bytes", limits.max_head_bytes),
        ));
    }
    None
}

/// The offset just past the blank line ending the head (`\r\n\r\n` or `\n\n`), searching from `from`.
fn find_head_end(buf: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < buf.len() {
        if buf[i] == b'\n' {
            if buf.get(i + 1) == Some(&b'\n') {
                return Some(i + 2);
            }
            if buf.get(i + 1) == Some(&b'\r') && buf.get(i + 2) == Some(&b'\n') {
                return Some(i + 3);
            }
        }
        i += 1;
    }
    None
}

fn bad_request(message: impl Into<String>) -> HttpError {
    HttpError::new(StatusCode::BAD_REQUEST, message)
}

fn parse(bytes: &[u8], limits: &Limits) -> Result<Head, HttpError> {
    let mut slots = vec![httparse::EMPTY_HEADER; limits.max_headers];
    let mut request = httparse::Request::new(&mut slots);
    match request.parse(bytes) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err(bad_request("Malformed request: incomplete request head")),
        Err(httparse::Error::TooManyHeaders) => {
            return Err(HttpError::new(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                format!("Request header fields too large: more than {} headers", limits.max_headers),
            ))
        }
        Err(httparse::Error::Version) => {
            return Err(HttpError::new(
                StatusCode::HTTP_VERSION_NOT_SUPPORTED,
                "HTTP version not supported: use HTTP/1.1 or HTTP/1.0",
            ))
        }
        Err(e) => return Err(bad_request(format!("Malformed request: {e}"))),
    }
    let method = request.method.unwrap_or_default();
    let method = Method::from_bytes(method.as_bytes()).map_err(|_| bad_request("Malformed request: invalid method"))?;
    let target = request.path.unwrap_or_default();
    if !target.starts_with('/') {
        return Err(bad_request("Malformed request: the request target must be a path starting with /"));
    }
    let uri = Uri::try_from(target).map_err(|_| bad_request("Malformed request: invalid request target"))?;
    let version = if request.version == Some(0) { Version::HTTP_10 } else { Version::HTTP_11 };
    let mut headers = HeaderMap::with_capacity(request.headers.len());
    for h in request.headers.iter() {
        let name = HeaderName::from_bytes(h.name.as_bytes())
            .map_err(|_| bad_request(format!("Malformed request: invalid header name {:?}", h.name)))?;
        let value = HeaderValue::from_bytes(h.value)
            .map_err(|_| bad_request(format!("Malformed request: invalid value for header {name}")))?;
        headers.append(name, value);
    }
    Ok(Head { method, uri, version, headers })
}
