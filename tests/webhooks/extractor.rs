//! The `axum` feature: `SignedEvent` as an extractor, `WebhookError` as the answer to a refused callback.

use axum::{body::Body, http::Request, routing::post, Router};
use opentok_sdk::webhook::{Event, SignedEvent, Verifier};
use tower::ServiceExt as _;

use crate::sign::jwt;

const SECRET: &str = "axum-secret";
const BODY: &str = r#"{"sessionId":"2_MX4xMjM-","projectId":"123","event":"sessionCreated","timestamp":1}"#;

async fn handler(signed: SignedEvent) -> String {
    match signed.event {
        Event::SessionCreated(created) => format!("created {}", created.session_id),
        other => format!("{:?}", other.kind()),
    }
}

async fn call(app: &Router, authorization: Option<String>) -> (u16, String) {
    let mut request = Request::post("/cb").header("content-type", "application/json");
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    let response = app.clone().oneshot(request.body(Body::from(BODY)).unwrap()).await.unwrap();
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn the_extractor_verifies_and_answers_each_refusal_with_its_status() {
    let app = Router::new().route("/cb", post(handler)).with_state(Verifier::new(SECRET).unwrap());
    let now = chrono::Utc::now().timestamp();
    let good = jwt(SECRET, BODY, now, "a");
    assert_eq!(call(&app, Some(format!("Bearer {good}"))).await, (200, "created 2_MX4xMjM-".into()));
    let (status, text) = call(&app, Some(format!("Bearer {good}"))).await;
    assert_eq!(status, 200, "a replay is acknowledged: {text}");
    assert!(text.contains("replay"), "{text}");
    let (status, text) = call(&app, None).await;
    assert_eq!(status, 503, "{text}");
    let (status, text) = call(&app, Some(jwt("wrong", BODY, now, "b"))).await;
    assert_eq!(status, 401, "{text}");
    assert!(!text.contains(SECRET));
    let (status, _) = call(&app, Some(jwt(SECRET, BODY, now - 3600, "c"))).await;
    assert_eq!(status, 401);
}
