//! Response bodies: read whole but never past [`MAX_RESPONSE_BODY`], and error bodies rewritten into the
//! spec's `ErrorBody` shape so that the generated client always yields the status with the platform's words.

use std::fmt;

use bytes::Bytes;
use http_body::Frame;
use http_body_util::StreamBody;
use reqwest::{
    header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE},
    ResponseBuilderExt,
};

use crate::error::ErrorFields;

/// The largest response body the client reads: 16 MiB. No platform answer comes near it (a full page of
/// 1000 archives is about 1 MiB); a larger body fails with [`Error::Decode`](crate::Error::Decode) instead
/// of filling memory.
pub const MAX_RESPONSE_BODY: usize = 16 * 1024 * 1024;

/// The body was larger than [`MAX_RESPONSE_BODY`]. Travels inside the reqwest error that reading the
/// replaced body yields, and becomes [`Error::Decode`](crate::Error::Decode).
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyTooLarge {
    pub(crate) declared: Option<u64>,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the response body is larger than the {MAX_RESPONSE_BODY}-byte limit")?;
        if let Some(declared) = self.declared {
            write!(f, " (Content-Length {declared})")?;
        }
        Ok(())
    }
}

impl std::error::Error for BodyTooLarge {}

/// How much of an error body over [`MAX_RESPONSE_BODY`] is read, to find the platform's code and message
/// at its start.
const ERROR_PREFIX: usize = 64 * 1024;

/// Reads the body of `response` (at most [`MAX_RESPONSE_BODY`] bytes) and returns an equivalent response
/// that holds it in memory. An error status gets a body in the `ErrorBody` shape, even when its body is over
/// the limit: the status is what matters, so it is kept, with the code and message found in the body's
/// first [`ERROR_PREFIX`] bytes. A success body over the limit is not read further: the returned response's
/// body fails with [`BodyTooLarge`] when read.
pub(crate) async fn buffer(mut response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let is_error = status.is_client_error() || status.is_server_error();
    let declared = response.content_length();
    let mut body = Vec::new();
    let mut too_large = declared.is_some_and(|n| n > MAX_RESPONSE_BODY as u64);
    // An error body over the limit is read only as far as its prefix.
    let keep = if too_large && is_error { ERROR_PREFIX } else { MAX_RESPONSE_BODY };
    if !too_large || is_error {
        if let Some(n) = declared {
            // Bounded by `keep`.
            body.reserve(usize::try_from(n).unwrap_or(0).min(keep));
        }
        while let Some(chunk) = response.chunk().await? {
            if body.len().saturating_add(chunk.len()) > keep {
                too_large = true;
                let room = keep.saturating_sub(body.len());
                body.extend_from_slice(&chunk[..room.min(chunk.len())]);
                break;
            }
            body.extend_from_slice(&chunk);
        }
    }
    let mut headers = std::mem::take(response.headers_mut());
    let version = response.version();
    // The URL travels into the rebuilt response (as the extension reqwest reads back), which spares
    // reqwest parsing a placeholder URL for it: a tenth of the SDK's own share of a call.
    let url = http::Response::builder().url(response.url().clone()).body(()).map(|r| r.into_parts().0.extensions);
    drop(response);
    let body: reqwest::Body = if is_error {
        let fields = if too_large {
            let mut fields = ErrorFields::parse_prefix(&body[..body.len().min(ERROR_PREFIX)]);
            fields.message.get_or_insert_with(|| BodyTooLarge { declared }.to_string());
            fields
        } else {
            ErrorFields::parse(&body)
        };
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.remove(CONTENT_LENGTH);
        reqwest::Body::from(fields.to_json())
    } else if too_large {
        headers.remove(CONTENT_LENGTH);
        let error = BodyTooLarge { declared };
        let failing = futures_util::stream::once(async move { Err::<Frame<Bytes>, BodyTooLarge>(error) });
        reqwest::Body::wrap(StreamBody::new(failing))
    } else {
        reqwest::Body::from(body)
    };
    let mut rebuilt = http::Response::new(body);
    if let Ok(extensions) = url {
        *rebuilt.extensions_mut() = extensions;
    }
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}

/// Finds a [`BodyTooLarge`] in an error's source chain.
pub(crate) fn too_large(error: &(dyn std::error::Error + 'static)) -> Option<BodyTooLarge> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<BodyTooLarge>() {
            return Some(*found);
        }
        current = e.source();
    }
    None
}
