//! One instance of an application that runs as several behind a load balancer, receiving the platform's
//! signed callbacks with the `SignedEvent` axum extractor, its own state (`AppState`), and replay
//! protection shared through one Redis: whichever instances a callback reaches, once or many times, it is
//! accepted once.
//!
//! ```text
//! WEBHOOK_SECRET=the-signature-secret REDIS_URL=redis://127.0.0.1:6379/ INSTANCE=a PORT=8081 \
//!     cargo run --example webhooks_shared --features axum,redis
//! ```
//!
//! Optional: `WEBHOOK_API_KEY` (an OpenTok project) or `WEBHOOK_APPLICATION_ID` (a Vonage application)
//! to refuse callbacks signed for another account; `REDIS_PREFIX` for the keys (instances of one
//! application share it). It prints `listening on http://…`, then one JSON line per callback:
//! `{"instance": "a", "kind": "...", "jti": "..."}` when accepted, `{"instance": "a", "refused": "...",
//! "check": "jti", "status": 200}` when refused (a replay, or a failed check, with the status answered).

use std::{
    io::Write as _,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
};

use axum::{
    extract::{FromRef, State},
    http::StatusCode,
    routing::post,
    Router,
};
use opentok_sdk::webhook::{RedisReplayStore, SignedEvent, Verifier, WebhookError, DEFAULT_KEY_PREFIX};
use serde_json::json;

/// The application's state: the verifier among the rest.
#[derive(Clone)]
struct AppState {
    verifier: Verifier,
    instance: Arc<str>,
    accepted: Arc<AtomicU64>,
}

/// Where the `SignedEvent` extractor finds the verifier.
impl FromRef<AppState> for Verifier {
    fn from_ref(state: &AppState) -> Self {
        state.verifier.clone()
    }
}

/// `Result<SignedEvent, WebhookError>` to see refusals too; `SignedEvent` alone answers them by itself.
async fn callback(State(app): State<AppState>, signed: Result<SignedEvent, WebhookError>) -> StatusCode {
    let (line, status) = match signed {
        Ok(signed) => {
            app.accepted.fetch_add(1, Ordering::Relaxed);
            let kind = signed.event.kind().map_or("unknown", |kind| kind.as_str());
            (json!({"instance": *app.instance, "kind": kind, "jti": signed.claims.jti}), StatusCode::OK)
        }
        Err(refused) => {
            let check = match &refused {
                WebhookError::Verify(e) => e.check(),
                _ => "body",
            };
            let status = refused.status();
            let line = json!({"instance": *app.instance, "refused": refused.to_string(), "check": check,
                "status": status.as_u16()});
            (line, status)
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
    status
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let variable = |name: &str| std::env::var(name).map_err(|_| format!("{name} must be set"));
    let store = RedisReplayStore::new(&variable("REDIS_URL")?)?
        .prefix(std::env::var("REDIS_PREFIX").unwrap_or_else(|_| DEFAULT_KEY_PREFIX.to_owned()));
    let mut verifier = Verifier::new(&variable("WEBHOOK_SECRET")?)?.replay_store(store);
    if let Ok(api_key) = std::env::var("WEBHOOK_API_KEY") {
        verifier = verifier.expect_api_key(api_key);
    }
    if let Ok(application_id) = std::env::var("WEBHOOK_APPLICATION_ID") {
        verifier = verifier.expect_application_id(application_id);
    }
    let state = AppState {
        verifier,
        instance: std::env::var("INSTANCE").unwrap_or_else(|_| std::process::id().to_string()).into(),
        accepted: Arc::default(),
    };

    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(0);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    std::io::stdout().flush()?;
    let app = Router::new().route("/", post(callback)).route("/{*path}", post(callback)).with_state(state);
    axum::serve(listener, app).await?;
    Ok(())
}
