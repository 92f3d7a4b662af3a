//! Floor 4, the inspector: a page served by the test server at `/_inspector` that shows, live, what an
//! application did to the emulated platform, and acts as its clients and the platform through the
//! `/_test` control API. Like `/_test`: no auth, not recorded, never faulted.
//!
//! - `GET /_inspector` → the page (HTML); `GET /_inspector/app.js`, `GET /_inspector/style.css` → its
//!   script and style. All three ship inside the binary; no framework, no build step.
//! - `GET /_inspector/state?session=` → the JSON snapshot the page polls (`snapshot.rs`); `session`
//!   keeps only the sessions whose id contains it.
//! - `GET /_inspector/request/{seq}` → one logged request with its body and its answer's body, which
//!   the page fetches when the user opens that request (`request.rs`); 404 once the log dropped it.
//!
//! Everything the page shows is attacker-controlled text (token data, signals, layout classes, request
//! bodies, callback payloads): the script builds the page with `textContent` only, and every answer
//! here carries a Content-Security-Policy that allows no inline script, no other origin, no framing.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::routes::error::{json_response, ApiError};
use crate::routes::AppState;
use crate::state::Shared;

mod credential;
mod request;
mod snapshot;

/// The page, its script and its style, as shipped.
pub(crate) const PAGE_HTML: &str = include_str!("page.html");
pub(crate) const APP_JS: &str = include_str!("app.js");
pub(crate) const STYLE_CSS: &str = include_str!("style.css");

/// Scripts and styles from this server alone, fetches to it alone, nothing inline, no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; \
                   base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub(crate) fn router() -> Router<std::sync::Arc<Shared>> {
    Router::new()
        .route("/_inspector", get(|| async { asset("text/html; charset=utf-8", PAGE_HTML) }))
        .route("/_inspector/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/_inspector/style.css", get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }))
        .route("/_inspector/state", get(state))
        .route("/_inspector/request/{seq}", get(request_detail))
        // The page names this icon so that the browser does not ask for `/favicon.ico`, which would be
        // recorded as an API request: no icon.
        .route("/_inspector/favicon.ico", get(|| async { secured(StatusCode::NO_CONTENT.into_response()) }))
}

/// A shipped file, with the page's security headers.
fn asset(content_type: &'static str, body: &'static str) -> Response {
    secured((StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response())
}

async fn state(State(shared): AppState, RawQuery(query): RawQuery) -> Response {
    let filter = form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "session")
        .map(|(_, value)| value.trim().to_string())
        .filter(|value| !value.is_empty());
    secured(json_response(StatusCode::OK, &snapshot::snapshot(&shared, filter.as_deref())))
}

async fn request_detail(State(shared): AppState, Path(seq): Path<String>) -> Response {
    let found = seq.parse::<u64>().ok().and_then(|seq| shared.requests.get(seq));
    secured(match found {
        Some(logged) => json_response(StatusCode::OK, &request::detail(&logged)),
        None => ApiError::not_found("No such request in the log (it may have been dropped)").into_response(),
    })
}

fn secured(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
