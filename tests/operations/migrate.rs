//! Session migration through the SDK: the request on the wire and the platform's 404 and 409 codes.

use crate::common;

use opentok_sdk::{
    session::{MIGRATION_IN_PROGRESS, MIGRATION_TOO_SOON},
    Error, SessionId,
};
use opentok_test_server::Fault;
use serde_json::json;

fn canned(status: u16, body: serde_json::Value) -> Fault {
    Fault::Status { status, body: body.to_string(), content_type: Some("application/json".into()) }
}

#[tokio::test]
async fn migrate_on_the_wire_and_its_refusals() {
    let env = common::env().await;
    let session = env.routed_session().await;
    env.server.clear_requests();
    env.server.inject_fault(canned(202, json!({"message": "Session migration initiated"})), 1);
    env.ot.migrate_session(session.id()).await.unwrap();
    let request = env.server.requests().pop().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str(), request.body.len()),
        ("POST", &*format!("/v2/project/{}/session/{}/migrate", env.server.api_key(), session.id()), 0)
    );

    for (code, message) in [
        (MIGRATION_IN_PROGRESS, "Migration is already in progress for the session."),
        (MIGRATION_TOO_SOON, "Migration is not allowed shortly after session creation or a previous migration."),
    ] {
        env.server.inject_fault(canned(409, json!({"code": code, "message": message, "description": message})), 1);
        let err = env.ot.migrate_session(session.id()).await.unwrap_err();
        assert!(err.is_conflict(), "{err}");
        assert_eq!(err.api_error().unwrap().code(), Some(code));
        assert_eq!(err.api_error().unwrap().message(), Some(message));
    }
    env.server.inject_fault(
        canned(404, json!({"message": "Not found. No clients are actively connected to the OpenTok session."})),
        1,
    );
    assert!(env.ot.migrate_session(session.id()).await.unwrap_err().is_not_found());
    assert!(matches!(
        env.ot.migrate_session(&SessionId::from("")).await.unwrap_err(),
        Error::InvalidArgument { field: "session_id", .. }
    ));
}

#[tokio::test]
async fn the_platform_rules_on_the_test_server_in_both_credential_modes() {
    for env in common::envs().await {
        rules(&env).await;
    }
}

async fn rules(env: &common::Env) {
    use std::time::Duration;
    let session = env.routed_session().await;
    let code = |e: Error| e.api_error().and_then(|a| a.code());
    assert!(env.ot.migrate_session(session.id()).await.unwrap_err().is_not_found(), "no client connected");
    let _client = env.connect(&session);
    env.ot.migrate_session(session.id()).await.unwrap();

    env.server.set_migration_windows(Duration::from_secs(10), Duration::from_secs(60));
    env.ot.migrate_session(session.id()).await.ok();
    assert_eq!(code(env.ot.migrate_session(session.id()).await.unwrap_err()), Some(MIGRATION_IN_PROGRESS));
    env.server.advance_clock(Duration::from_secs(11));
    assert_eq!(code(env.ot.migrate_session(session.id()).await.unwrap_err()), Some(MIGRATION_TOO_SOON));
    env.server.advance_clock(Duration::from_secs(60));
    env.ot.migrate_session(session.id()).await.unwrap();

    // A new session is too young to migrate, until the cooldown has passed.
    let young = env.routed_session().await;
    let _client = env.connect(&young);
    assert_eq!(code(env.ot.migrate_session(&young.id().clone()).await.unwrap_err()), Some(MIGRATION_TOO_SOON));
    env.server.advance_clock(Duration::from_secs(61));
    env.ot.migrate_session(young.id()).await.unwrap();
}
