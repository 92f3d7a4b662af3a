//! Writing a response: status line, headers, and a `Content-Length` (or, for a body of unknown
//! length, chunked) body, each write within the write timeout.

use axum::body::Body;
use axum::http::{header, Method, StatusCode, Version};
use axum::response::Response;
use http_body::Body as _;
use http_body_util::BodyExt as _;
use tokio::io::{AsyncWrite, AsyncWriteExt};

/// Bodies up to this size are sent in one write with the head.
const SMALL_BODY: u64 = 64 * 1024;

/// Why a response could not be written: the connection must close.
#[derive(Debug)]
pub(crate) struct WriteFailed;

/// Writes `response`; `close` adds `Connection: close`.
pub(crate) async fn write_response<W: AsyncWrite + Unpin>(
    io: &mut W,
    response: Response,
    method: &Method,
    close: bool,
    timeout: std::time::Duration,
) -> Result<(), WriteFailed> {
    let (parts, mut body) = response.into_parts();
    let status = parts.status;
    let no_body = status.is_informational() || status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED;
    let head_only = no_body || *method == Method::HEAD;
    let exact = body.size_hint().exact();

    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(
        format!("HTTP/1.1 {} {}\r\n", status.as_u16(), status.canonical_reason().unwrap_or("")).as_bytes(),
    );
    for (name, value) in &parts.headers {
        if name == header::CONTENT_LENGTH || name == header::TRANSFER_ENCODING || name == header::CONNECTION {
            continue;
        }
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if close {
        out.extend_from_slice(b"connection: close\r\n");
    }
    let chunked = exact.is_none() && !head_only;
    if chunked {
        out.extend_from_slice(b"transfer-encoding: chunked\r\n");
    } else if !no_body {
        out.extend_from_slice(format!("content-length: {}\r\n", exact.unwrap_or(0)).as_bytes());
    }
    out.extend_from_slice(b"\r\n");

    if head_only {
        return match send(io, &out, timeout).await {
            Ok(Ok(())) => flush(io, timeout).await,
            _ => Err(WriteFailed),
        };
    }
    if exact.is_some_and(|n| n <= SMALL_BODY) {
        let bytes = body_bytes(body).await?;
        out.extend_from_slice(&bytes);
        return match send(io, &out, timeout).await {
            Ok(Ok(())) => flush(io, timeout).await,
            _ => Err(WriteFailed),
        };
    }
    if !matches!(send(io, &out, timeout).await, Ok(Ok(()))) {
        return Err(WriteFailed);
    }
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else { return Err(WriteFailed) };
        let Ok(data) = frame.into_data() else { continue };
        if data.is_empty() {
            continue;
        }
        let bytes = if chunked {
            let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
            chunk.extend_from_slice(&data);
            chunk.extend_from_slice(b"\r\n");
            chunk
        } else {
            data.to_vec()
        };
        if !matches!(send(io, &bytes, timeout).await, Ok(Ok(()))) {
            return Err(WriteFailed);
        }
    }
    if chunked && !matches!(send(io, b"0\r\n\r\n", timeout).await, Ok(Ok(()))) {
        return Err(WriteFailed);
    }
    flush(io, timeout).await
}

async fn send<W: AsyncWrite + Unpin>(
    io: &mut W,
    bytes: &[u8],
    timeout: std::time::Duration,
) -> Result<std::io::Result<()>, tokio::time::error::Elapsed> {
    tokio::time::timeout(timeout, io.write_all(bytes)).await
}

async fn flush<W: AsyncWrite + Unpin>(io: &mut W, timeout: std::time::Duration) -> Result<(), WriteFailed> {
    match tokio::time::timeout(timeout, io.flush()).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(WriteFailed),
    }
}

async fn body_bytes(body: Body) -> Result<axum::body::Bytes, WriteFailed> {
    body.collect().await.map(|c| c.to_bytes()).map_err(|_| WriteFailed)
}

/// Whether the connection stays open after this request.
pub(crate) fn keep_alive(version: Version, headers: &axum::http::HeaderMap) -> bool {
    let mut close = false;
    let mut keep = false;
    for value in headers.get_all(header::CONNECTION) {
        for token in String::from_utf8_lossy(value.as_bytes()).split(',') {
            let token = token.trim();
            close |= token.eq_ignore_ascii_case("close");
            keep |= token.eq_ignore_ascii_case("keep-alive");
        }
    }
    if close {
        return false;
    }
    version == Version::HTTP_11 || keep
}
