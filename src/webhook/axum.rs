//! The `axum` feature: [`SignedEvent`] as an axum extractor, and [`WebhookError`] as a response.

use axum_core::{
    body::Body,
    extract::{FromRef, FromRequest, Request},
    response::{IntoResponse, Response},
};
use bytes::Bytes;

use super::{SignedEvent, Verifier, WebhookError};
use crate::error::DecodeError;

/// Extracts a verified callback, with the [`Verifier`] taken from the router's state (`FromRef`). A
/// callback that fails is answered with [`WebhookError::status`] and the error's text.
///
/// ```no_run
/// use axum::{routing::post, Router};
/// use opentok_sdk::webhook::{SignedEvent, Verifier};
///
/// async fn callback(signed: SignedEvent) {
///     println!("{:?}", signed.event.kind());
/// }
///
/// # fn app() -> opentok_sdk::Result<Router> {
/// let verifier = Verifier::new("the signature secret")?;
/// Ok(Router::new().route("/callbacks", post(callback)).with_state(verifier))
/// # }
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
impl<S> FromRequest<S> for SignedEvent
where
    S: Send + Sync,
    Verifier: FromRef<S>,
{
    type Rejection = WebhookError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Verifier::from_ref(state);
        let headers = request.headers().clone();
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|e| WebhookError::Body(DecodeError::caused_by(e.body_text())))?;
        verifier.verify_and_parse(&headers, &body)
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
impl IntoResponse for WebhookError {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::from(self.to_string()));
        *response.status_mut() = self.status();
        response
    }
}
