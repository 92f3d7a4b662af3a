//! Errors as a web application meets them: a hint that fits the kind of credentials in use, a message
//! safe to show the app's own clients, the status to answer them with (an empty session is a 409, not a
//! 404), and, with the `axum` feature, an `IntoResponse` that does both.

use crate::common::{self, keys};

use opentok_sdk::{BroadcastId, CaptionsId, CredentialKind, Error, OpenTok, RenderId};
use opentok_test_server::TestServer;

/// A 403 from an application-mode server, for a client signing with another application's key.
async fn refused_application_error() -> Error {
    let server = TestServer::start_application().await;
    let other = keys::application();
    let app_id = server.application_id().unwrap();
    let ot =
        OpenTok::application_builder(app_id, other.private_pem.as_str()).with_api_url(server.url()).build().unwrap();
    assert_eq!(ot.credential_kind(), CredentialKind::Application);
    ot.create_session().send().await.unwrap_err()
}

#[tokio::test]
async fn a_refused_application_hears_about_its_private_key_not_a_project_secret() {
    let err = refused_application_error().await;
    assert!(err.is_unauthorized(), "{err}");
    let api = err.api_error().unwrap();
    assert_eq!(api.credential_kind(), Some(CredentialKind::Application));
    let hint = api.hint().expect("a hint for 401/403");
    assert!(hint.contains("private key") && hint.contains("application id") && hint.contains("clock"), "{hint}");
    assert!(!hint.contains("secret") && !hint.contains("project"), "a project's hint for an application: {hint}");
    let shown = err.to_string();
    assert!(shown.starts_with("Video API error 40"), "{shown}");
    assert!(!shown.contains("OpenTok API"), "{shown}");

    let server = TestServer::start().await;
    let ot = OpenTok::builder(server.api_key(), "f".repeat(40)).with_api_url(server.url()).build().unwrap();
    let err = ot.create_session().send().await.unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.credential_kind(), Some(CredentialKind::Project));
    assert!(api.hint().unwrap().contains("API key and secret belong to the same project"));
}

#[tokio::test]
async fn the_public_message_carries_no_url_hint_or_cause() {
    let refused = refused_application_error().await;
    let nowhere = OpenTok::builder("123", "secret").with_api_url("http://127.0.0.1:9").build().unwrap();
    let unreachable = nowhere.create_session().send().await.unwrap_err();
    assert!(unreachable.to_string().contains("127.0.0.1:9"), "the log message has the cause: {unreachable}");
    for (err, status) in [(&refused, 502), (&unreachable, 502)] {
        let public = err.public_message();
        assert_eq!(err.handler_status().as_u16(), status, "{err}");
        assert_eq!(public, "the video service failed to handle the request", "{err}");
    }
    let bad_input = OpenTok::builder("123", "secret").build().unwrap();
    let session = opentok_sdk::SessionId::from("");
    let err = bad_input.start_archive(&session).send().await.unwrap_err();
    assert_eq!(err.handler_status().as_u16(), 400);
    assert!(err.public_message().starts_with("invalid `session_id`"), "{}", err.public_message());
}

#[tokio::test]
async fn starting_an_archive_or_a_broadcast_in_an_empty_session_is_a_409_for_the_apps_client() {
    for env in common::envs().await {
        let session = env.routed_session().await;
        let archive = env.ot.start_archive(&session.id).send().await.unwrap_err();
        let broadcast = env.ot.start_broadcast(&session.id).hls().send().await.unwrap_err();
        for err in [archive, broadcast] {
            assert!(err.is_no_clients_connected(), "{err}");
            assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "the platform's own status is kept");
            assert_eq!(err.handler_status().as_u16(), 409, "{err}");
            assert!(err.public_message().contains("no client is connected"), "{}", err.public_message());
        }
        let unknown = env.ot.get_archive(&"0a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d".into()).await.unwrap_err();
        assert!(!unknown.is_no_clients_connected());
        assert_eq!(unknown.handler_status().as_u16(), 404);
    }
}

#[test]
fn every_id_type_is_at_the_crate_root() {
    let ids =
        (BroadcastId::from("b"), CaptionsId::from("c"), RenderId::from("r"), opentok_sdk::AudioConnectorId::from("a"));
    assert_eq!((ids.0.as_str(), ids.1.as_str(), ids.2.as_str(), ids.3.as_str()), ("b", "c", "r", "a"));
}

#[cfg(feature = "axum")]
#[tokio::test]
async fn with_axum_an_error_is_a_response_with_the_status_and_the_public_message() {
    use axum::response::IntoResponse as _;
    use http_body_util::BodyExt as _;

    let env = common::env_for(common::Kind::Application).await;
    let session = env.routed_session().await;
    let err = env.ot.start_archive(&session.id).send().await.unwrap_err();
    let response = err.into_response();
    assert_eq!(response.status().as_u16(), 409);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"error": "no client is connected to the session yet: try again once someone has joined"})
    );
}

#[tokio::test]
async fn a_private_key_with_its_line_breaks_written_out_is_read_as_the_key() {
    // As in `VONAGE_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n"`.
    let env = common::env_for(common::Kind::Application).await;
    let escaped = common::APPLICATION_KEY.replace('\n', "\\n");
    assert!(!escaped.contains('\n'));
    let ot = OpenTok::application_builder(common::APPLICATION_ID, escaped.as_str())
        .with_api_url(env.server.url())
        .build()
        .expect("the key is read");
    ot.create_session().send().await.expect("and signs requests the server accepts");
    let windows = common::APPLICATION_KEY.replace('\n', "\\r\\n");
    assert!(OpenTok::with_application(common::APPLICATION_ID, windows.as_str()).is_ok());
    let truncated = &common::APPLICATION_KEY[..common::APPLICATION_KEY.len() / 2];
    let err = OpenTok::with_application(common::APPLICATION_ID, truncated).unwrap_err().to_string();
    assert!(err.contains("private_key") && err.contains("line breaks"), "{err}");
}
