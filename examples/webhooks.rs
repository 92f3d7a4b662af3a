//! A small callback receiver: verifies the platform's signed callbacks and prints each one.
//!
//! It listens on `127.0.0.1:$PORT` (default: a free port), prints `listening on http://…` first, then one
//! JSON line per callback received: `{"kind": "...", "event": {...}}` once verified and read, or
//! `{"refused": "...", "status": 401}` for one that failed a check. Set the callback URLs of your project
//! or application (or of the test server: `opentok-test-server --callback all=http://127.0.0.1:PORT/
//! --callback-secret all=SECRET`) to it.
//!
//! ```text
//! WEBHOOK_SECRET=the-signature-secret [WEBHOOK_API_KEY=123456 | WEBHOOK_APPLICATION_ID=<uuid>] [PORT=8080] \
//!     cargo run --example webhooks
//! ```
//!
//! With `WEBHOOK_API_KEY` (an OpenTok project) or `WEBHOOK_APPLICATION_ID` (a Vonage application), a
//! callback signed for another account is refused. Without `WEBHOOK_SECRET` it reads callbacks without
//! verifying them (for unsigned callback URLs).
//!
//! Each event is typed: an archive, broadcast or Experience Composer callback is the REST model
//! (`Archive`, `Broadcast`, `Render`), printed back as received.
//! The handler takes the headers and the raw body, which any HTTP framework gives; with the crate's
//! `axum` feature, `opentok_sdk::webhook::SignedEvent` is also an axum extractor.

use std::{io::Write as _, sync::Arc};

use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    routing::post,
    Router,
};
use opentok_sdk::webhook::{Event, Verifier};
use serde_json::json;

/// Prints one line and flushes it, so that whoever reads the output sees each callback at once.
fn print_line(line: &serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

async fn callback(State(verifier): State<Arc<Option<Verifier>>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let event = match verifier.as_ref() {
        Some(verifier) => match verifier.verify_and_parse(&headers, &body) {
            Ok(signed) => signed.event,
            Err(refused) => {
                print_line(&json!({"refused": refused.to_string(), "status": refused.status().as_u16()}));
                return refused.status();
            }
        },
        None => match Event::from_json(&body) {
            Ok(event) => event,
            Err(e) => {
                print_line(&json!({"refused": e.to_string(), "status": 400}));
                return StatusCode::BAD_REQUEST;
            }
        },
    };
    let kind = event.kind().map_or("unknown", |kind| kind.as_str());
    print_line(&json!({"kind": kind, "event": event}));
    StatusCode::OK
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let verifier = match std::env::var("WEBHOOK_SECRET") {
        Ok(secret) => {
            let mut verifier = Verifier::new(&secret)?;
            if let Ok(api_key) = std::env::var("WEBHOOK_API_KEY") {
                verifier = verifier.expect_api_key(api_key);
            }
            if let Ok(application_id) = std::env::var("WEBHOOK_APPLICATION_ID") {
                verifier = verifier.expect_application_id(application_id);
            }
            Some(verifier)
        }
        Err(_) => None,
    };
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(0);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    std::io::stdout().flush()?;
    let app = Router::new().route("/", post(callback)).route("/{*path}", post(callback)).with_state(Arc::new(verifier));
    axum::serve(listener, app).await?;
    Ok(())
}
