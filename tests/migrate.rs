//! Session migration through the SDK: the request on the wire and the platform's 404 and 409 codes.

mod common;

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
