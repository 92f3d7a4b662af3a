//! The `axum` feature: [`SignedEvent`] as an axum extractor, and [`WebhookError`] as a response.

use axum_core::{
    body::Body,
    extract::{FromRef, FromRequest, Request},
    response::{IntoResponse, Response},
};
use bytes::Bytes;

use super::{SignedEvent, Verifier, WebhookError};
use crate::error::DecodeError;

/// A router state the [`SignedEvent`] extractor can take its [`Verifier`] from: any state `S` for which
/// `Verifier: FromRef<S>`. Not implemented by hand: implement axum's `FromRef` for [`Verifier`] (or derive
/// it), and this follows.
///
/// A real application's state holds more than the verifier: say where the verifier is with one `FromRef`
/// impl (or `#[derive(FromRef)]` on the state, axum's `macros` feature, which does this for each field).
/// With the in-memory replay guard or a shared store alike (clones share it):
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
/// Without the `FromRef` impl, axum's own message ("the trait bound `fn(State<AppState>, SignedEvent) ->
/// …: Handler<…>` is not satisfied") says nothing of the verifier; `#[axum::debug_handler]` on the
/// handler turns it into this trait's message, which does.
#[diagnostic::on_unimplemented(
    message = "the `SignedEvent` extractor finds no webhook `Verifier` in the router's state `{Self}`",
    label = "needs `Verifier: FromRef<{Self}>`",
    note = "say where the verifier is: `impl axum::extract::FromRef<{Self}> for opentok_sdk::webhook::Verifier {{ fn from_ref(state: &{Self}) -> Self {{ state.verifier.clone() }} }}`, or `#[derive(FromRef)]` on `{Self}` (axum's `macros` feature)",
    note = "with the verifier as the whole state, `.with_state(verifier)` needs nothing more"
)]
pub trait VerifierState: Send + Sync {
    /// The verifier (a clone: clones share the replay store).
    fn verifier(&self) -> Verifier;
}

#[diagnostic::do_not_recommend]
impl<S> VerifierState for S
where
    S: Send + Sync,
    Verifier: FromRef<S>,
{
    fn verifier(&self) -> Verifier {
        Verifier::from_ref(self)
    }
}

/// Extracts a verified callback, with the [`Verifier`] taken from the router's state (see
/// [`VerifierState`]: `Verifier: FromRef<S>`), waiting on its replay store if it is a shared one. A
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
impl<S> FromRequest<S> for SignedEvent
where
    S: VerifierState,
{
    type Rejection = WebhookError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = state.verifier();
        let headers = request.headers().clone();
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|e| WebhookError::Body(DecodeError::caused_by(e.body_text())))?;
        verifier.verify_and_parse_async(&headers, &body).await
    }
}

impl IntoResponse for WebhookError {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::from(self.to_string()));
        *response.status_mut() = self.status();
        response
    }
}
