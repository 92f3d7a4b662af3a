//! Reading a request body: `Content-Length` or chunked, within the size and time bounds.

use axum::http::{header, HeaderMap, StatusCode};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::time::Instant;

use super::{HttpError, Limits};

/// How the body is delimited.
pub(crate) enum Framing {
    Length(usize),
    Chunked,
}

/// The body's framing from the headers.
///
/// # Errors
/// 400 for conflicting or malformed framing headers, 413 for a declared length over the bound.
pub(crate) fn framing(headers: &HeaderMap, limits: &Limits) -> Result<Framing, HttpError> {
    let bad = |m: &str| HttpError::new(StatusCode::BAD_REQUEST, format!("Malformed request: {m}"));
    let te: Vec<_> = headers.get_all(header::TRANSFER_ENCODING).iter().collect();
    let cl: Vec<_> = headers.get_all(header::CONTENT_LENGTH).iter().collect();
    if !te.is_empty() {
        if !cl.is_empty() {
            return Err(bad("both Transfer-Encoding and Content-Length"));
        }
        let codings: Vec<String> = te
            .iter()
            .flat_map(|v| {
                String::from_utf8_lossy(v.as_bytes())
                    .split(',')
                    .map(|c| c.trim().to_ascii_lowercase())
                    .collect::<Vec<_>>()
            })
            .collect();
        if codings.as_slice() != ["chunked"] {
            return Err(bad("unsupported Transfer-Encoding: only chunked is accepted"));
        }
        return Ok(Framing::Chunked);
    }
    let mut length = None;
    for value in cl {
        let text = value.to_str().map_err(|_| bad("invalid Content-Length"))?;
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("invalid Content-Length"));
        }
        // A length too large for usize is certainly over the bound.
        let n = text.parse::<usize>().unwrap_or(usize::MAX);
        if length.is_some_and(|l| l != n) {
            return Err(bad("conflicting Content-Length headers"));
        }
        length = Some(n);
    }
    let length = length.unwrap_or(0);
    if length > limits.max_body_bytes {
        return Err(too_large(limits));
    }
    Ok(Framing::Length(length))
}

pub(crate) fn too_large(limits: &Limits) -> HttpError {
    HttpError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("Request entity too large: the body is over {} bytes", limits.max_body_bytes),
    )
}

/// Reads the body into a vector, taking its bytes off `buf` (what follows stays there).
pub(crate) async fn read_body<R: AsyncRead + Unpin>(
    io: &mut R,
    buf: &mut Vec<u8>,
    framing: Framing,
    limits: &Limits,
) -> Result<Vec<u8>, HttpError> {
    let deadline = Instant::now() + limits.body_timeout;
    match framing {
        Framing::Length(n) => {
            fill(io, buf, n, deadline).await?;
            Ok(buf.drain(..n).collect())
        }
        Framing::Chunked => read_chunked(io, buf, limits, deadline).await,
    }
}

/// Reads until `buf` holds at least `n` bytes.
async fn fill<R: AsyncRead + Unpin>(
    io: &mut R,
    buf: &mut Vec<u8>,
    n: usize,
    deadline: Instant,
) -> Result<(), HttpError> {
    let mut chunk = [0u8; 8192];
    while buf.len() < n {
        match tokio::time::timeout_at(deadline, io.read(&mut chunk)).await {
            Err(_) => {
                return Err(HttpError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "Request timeout: the body did not arrive in time",
                ))
            }
            Ok(Ok(0)) | Ok(Err(_)) => {
                return Err(HttpError::new(
                    StatusCode::BAD_REQUEST,
                    "Malformed request: the connection ended inside the request body",
                ))
            }
            Ok(Ok(read)) => buf.extend_from_slice(&chunk[..read]),
        }
    }
    Ok(())
}

/// Reads one line (up to `\n`) off `buf`, reading more as needed; at most 4 KiB.
async fn line<R: AsyncRead + Unpin>(io: &mut R, buf: &mut Vec<u8>, deadline: Instant) -> Result<Vec<u8>, HttpError> {
    loop {
        if let Some(end) = buf.iter().position(|b| *b == b'\n') {
            let mut line: Vec<u8> = buf.drain(..=end).collect();
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(line);
        }
        if buf.len() > 4096 {
            return Err(HttpError::new(StatusCode::BAD_REQUEST, "Malformed request: chunk line too long"));
        }
        let want = buf.len() + 1;
        fill(io, buf, want, deadline).await?;
    }
}

async fn read_chunked<R: AsyncRead + Unpin>(
    io: &mut R,
    buf: &mut Vec<u8>,
    limits: &Limits,
    deadline: Instant,
) -> Result<Vec<u8>, HttpError> {
    let bad = || HttpError::new(StatusCode::BAD_REQUEST, "Malformed request: invalid chunked body");
    let mut body = Vec::new();
    loop {
        let size_line = line(io, buf, deadline).await?;
        let size_text = size_line.split(|b| *b == b';').next().unwrap_or_default();
        let size_text = std::str::from_utf8(size_text).map_err(|_| bad())?.trim();
        if size_text.is_empty() || size_text.len() > 16 {
            return Err(bad());
        }
        let size = usize::from_str_radix(size_text, 16).map_err(|_| bad())?;
        if size == 0 {
            // Trailers, up to the blank line.
            while !line(io, buf, deadline).await?.is_empty() {}
            return Ok(body);
        }
        if body.len().checked_add(size).is_none_or(|total| total > limits.max_body_bytes) {
            return Err(too_large(limits));
        }
        let with_crlf = size.checked_add(2).ok_or_else(bad)?;
        fill(io, buf, with_crlf, deadline).await?;
        body.extend_from_slice(&buf[..size]);
        if &buf[size..with_crlf] != b"\r\n" {
            return Err(bad());
        }
        buf.drain(..with_crlf);
    }
}
