//! Live Captions through the SDK: the request on the wire, the platform's answers, and its errors.

use crate::common;

use std::time::Duration;

use opentok_sdk::{
    captions::{CaptionsId, LanguageCode},
    Error, Role,
};
use opentok_test_server::Fault;
use serde_json::json;

fn canned(status: u16, body: serde_json::Value) -> Fault {
    Fault::Status { status, body: body.to_string(), content_type: Some("application/json".into()) }
}

#[tokio::test]
async fn start_and_stop_on_the_wire() {
    let env = common::env().await;
    let session = env.routed_session().await;
    let token = session.generate_token().role(Role::Moderator).build().unwrap();
    env.server.clear_requests();
    env.server.inject_fault(canned(202, json!({"captionsId": "7c0680fc-6274-4de5-a66f-d0648e8d3ac2", "x-new": 1})), 1);
    let started = env
        .ot
        .start_captions(session.id(), &token)
        .language_code(LanguageCode::new("en-AB"))
        .max_duration(Duration::from_secs(1800))
        .partial_captions(false)
        .status_callback_url("https://example.com/captions")
        .send()
        .await
        .unwrap();
    assert_eq!(started.id, CaptionsId::from("7c0680fc-6274-4de5-a66f-d0648e8d3ac2"));
    assert_eq!(started.to_json(), json!({"captionsId": "7c0680fc-6274-4de5-a66f-d0648e8d3ac2", "x-new": 1}));
    let request = env.server.requests().pop().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", &*format!("/v2/project/{}/captions", env.server.api_key()))
    );
    assert_eq!(
        request.body_json().unwrap(),
        json!({"sessionId": session.id().as_str(), "token": token.as_str(), "languageCode": "en-AB",
            "maxDuration": 1800, "partialCaptions": false, "statusCallbackUrl": "https://example.com/captions"})
    );

    env.server.inject_fault(
        Fault::Status { status: 202, body: String::new(), content_type: Some("application/json".into()) },
        1,
    );
    started.stop(&env.ot).await.unwrap();
    let request = env.server.requests().pop().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str(), request.body.len()),
        ("POST", &*format!("/v2/project/{}/captions/{}/stop", env.server.api_key(), started.id), 0)
    );
}

#[tokio::test]
async fn platform_errors_keep_their_status_and_words() {
    let env = common::env().await;
    let session = env.routed_session().await;
    env.server.inject_fault(
        canned(409, json!({"code": 409, "message": "Live captions have already started for this OpenTok Session"})),
        1,
    );
    let err = env.ot.start_captions(session.id(), "tok").send().await.unwrap_err();
    assert!(err.is_conflict(), "{err}");
    assert!(err.to_string().contains("already started"), "{err}");
    // A 200 that is not the platform's answer is a decode error, not a panic.
    env.server.inject_fault(canned(202, json!({"id": "no captionsId"})), 1);
    let err = env.ot.start_captions(session.id(), "tok").send().await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err}");
    env.server.inject_fault(canned(404, json!({"code": 404, "message": "Not found"})), 1);
    assert!(env.ot.stop_captions(&CaptionsId::from("gone")).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn bad_input_sends_nothing() {
    let env = common::env().await;
    let session = env.routed_session().await;
    env.server.clear_requests();
    let field = |e: Error| match e {
        Error::InvalidArgument { field, .. } => field,
        other => panic!("{other}"),
    };
    assert_eq!(
        field(env.ot.start_captions(session.id(), "t").max_duration(Duration::from_secs(60)).send().await.unwrap_err()),
        "max_duration"
    );
    assert_eq!(
        field(env.ot.start_captions(session.id(), "t").language_code("en").send().await.unwrap_err()),
        "language_code"
    );
    assert_eq!(field(env.ot.stop_captions(&CaptionsId::from("")).await.unwrap_err()), "captions_id");
    assert!(env.server.requests().is_empty());
}

#[tokio::test]
async fn the_platform_rules_on_the_test_server_in_both_credential_modes() {
    for env in common::envs().await {
        let session = env.routed_session().await;
        let moderator = session.generate_token().role(Role::Moderator).build().unwrap();
        let started = env
            .ot
            .start_captions(session.id(), &moderator)
            .language_code(LanguageCode::DE_DE)
            .partial_captions(false)
            .send()
            .await
            .unwrap();
        let shown = env.server.captions();
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].captions_id, started.id.as_str());
        assert_eq!((shown[0].status.as_str(), shown[0].language_code.as_str()), ("started", "de-DE"));
        assert_eq!((shown[0].max_duration_secs, shown[0].partial_captions), (14_400, false));

        // One captioning per session.
        let again = env.ot.start_captions(session.id(), &moderator).send().await.unwrap_err();
        assert!(again.is_conflict(), "{again}");
        // The token must be a moderator's, of this session.
        let other = env.routed_session().await;
        let publisher = other.generate_token().build().unwrap();
        let err = env.ot.start_captions(other.id(), &publisher).send().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(403), "{err}");
        let foreign = other.generate_token().role(Role::Moderator).build().unwrap();
        let err = env.ot.start_captions(session.id(), &foreign).send().await.unwrap_err();
        assert_eq!((err.status().map(|s| s.as_u16()), err.api_error().unwrap().code()), (Some(403), Some(10007)));
        // Routed sessions only.
        let relayed = env.relayed_session().await;
        let relayed_token = relayed.generate_token().role(Role::Moderator).build().unwrap();
        assert!(env.ot.start_captions(relayed.id(), &relayed_token).send().await.unwrap_err().is_conflict());

        started.stop(&env.ot).await.unwrap();
        assert_eq!(env.server.captions()[0].status, "stopped");
        assert!(started.stop(&env.ot).await.unwrap_err().is_not_found(), "a second stop");
        // Stopped, the session can be captioned again; `maxDuration` ends it on the server's clock.
        env.ot.start_captions(session.id(), &moderator).max_duration(Duration::from_secs(300)).send().await.unwrap();
        env.server.advance_clock(Duration::from_secs(301));
        assert_eq!(env.server.captions()[1].status, "stopped");
        env.ot.start_captions(session.id(), &moderator).send().await.unwrap();
    }
}
