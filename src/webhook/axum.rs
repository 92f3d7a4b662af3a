//! The `axum` feature: [`SignedEvent`] as an axum extractor, and [`WebhookError`] as a response.

use axum_core::{
    body::Body,
    extract::{FromRef, FromRequest, Request},
    response::{IntoResponse, Response},
};
use bytes::Bytes;

use super::{SignedEvent, Verifier, WebhookError};
use crate::error::DecodeError;

/// Extracts a verified callback, with the [`Verifier`] taken from the router's state (`Verifier:
/// FromRef<S>`), waiting on its replay store if it is a shared one. A callback that fails is answered
/// with [`WebhookError::status`] and the error's text.
///
/// With the verifier as the whole state:
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
///
/// A real application's state holds more than the verifier: say where the verifier is with one
/// `FromRef` impl (or `#[derive(FromRef)]` on the state, with axum's `macros` feature, which does this
/// for each field). Clones of a verifier share its replay store, in memory or in Redis:
///
/// ```
/// use std::sync::{Arc, Mutex};
///
/// use axum::{extract::{FromRef, State}, routing::post, Router};
/// use opentok_sdk::webhook::{Event, SignedEvent, Verifier};
///
/// #[derive(Clone)]
/// struct AppState {
///     webhooks: Verifier,
///     recordings: Arc<Mutex<Vec<String>>>,
/// }
///
/// impl FromRef<AppState> for Verifier {
///     fn from_ref(state: &AppState) -> Self {
///         state.webhooks.clone()
///     }
/// }
///
/// async fn callback(State(app): State<AppState>, signed: SignedEvent) {
///     if let Event::Archive(archive) = signed.event {
///         app.recordings.lock().unwrap().push(archive.id.to_string());
///     }
/// }
///
/// # fn main() -> opentok_sdk::Result<()> {
/// let state = AppState { webhooks: Verifier::new("the signature secret")?, recordings: Arc::default() };
/// let app: Router = Router::new().route("/callbacks", post(callback)).with_state(state);
/// # let _ = app; Ok(()) }
/// ```
///
/// Without that impl, axum's message ("the trait bound `fn(State<AppState>, SignedEvent) -> …:
/// Handler<…>` is not satisfied") does not say why; `#[axum::debug_handler]` on the handler (axum's
/// `macros` feature) makes the compiler point at this impl and its `Verifier: FromRef<S>` bound.
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
        verifier.verify_and_parse_async(&headers, &body).await
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
