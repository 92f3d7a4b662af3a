//! Audio Connector through the SDK: the request on the wire, the answer, and stopping by force-disconnect.

use crate::common;

use opentok_sdk::{
    audio_connector::{AudioEncoding, AudioRate, AudioTransport, JsonAudioTransport},
    Error, StreamId,
};
use opentok_test_server::Fault;
use serde_json::json;

fn canned(status: u16, body: serde_json::Value) -> Fault {
    Fault::Status { status, body: body.to_string(), content_type: Some("application/json".into()) }
}

#[tokio::test]
async fn connect_on_the_wire_and_stop_by_force_disconnect() {
    let env = common::env().await;
    let (session, client) = env.live_session().await;
    let token = session.generate_token().data("bot").build().unwrap();
    let project = format!("/v2/project/{}", env.server.api_key());
    env.server.clear_requests();
    // The answer names the connection of a real client, so that force-disconnect has something to remove.
    env.server.inject_fault(canned(200, json!({"id": "ac-1", "connectionId": client.connection_id})), 1);
    let stream = StreamId::from(client.stream_id.as_str());
    let connector = env
        .ot
        .connect_audio(session.id(), &token, "wss://bot.example.com/audio")
        .streams([&stream])
        .header("Authorization", "Bearer abc")
        .audio_rate(AudioRate::Hz24000)
        .bidirectional(true)
        .audio_transport(AudioTransport::Json(
            JsonAudioTransport::builder()
                .encoding(AudioEncoding::Base64)
                .audio_field("pcm")
                .static_field("v", 2)
                .build(),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(connector.id().as_str(), "ac-1");
    assert_eq!(connector.connection_id().as_str(), client.connection_id);
    assert_eq!(&connector.session_id, session.id());
    let request = env.server.requests().pop().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", &*format!("{project}/connect")));
    assert_eq!(
        request.body_json().unwrap(),
        json!({"sessionId": session.id().as_str(), "token": token.as_str(), "websocket": {
            "uri": "wss://bot.example.com/audio", "streams": [client.stream_id], "headers": {"Authorization": "Bearer abc"},
            "audioRate": 24000, "bidirectional": true,
            "audioTransport": {"transport": "json", "encoding": "base64", "audio_field": "pcm", "static_fields": {"v": 2}}}})
    );

    connector.stop(&env.ot).await.unwrap();
    let request = env.server.requests().pop().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("DELETE", &*format!("{project}/session/{}/connection/{}", session.id(), client.connection_id))
    );
    assert!(connector.stop(&env.ot).await.unwrap_err().is_not_found(), "a second stop finds no connection");
}

#[tokio::test]
async fn refusals_and_odd_answers() {
    let env = common::env().await;
    let session = env.routed_session().await;
    let connect = || env.ot.connect_audio(session.id(), "tok", "ws://example.com/a");
    env.server.inject_fault(
        canned(409, json!({"code": 409, "message": "Only routed sessions are allowed to initiate Connect Calls."})),
        1,
    );
    assert!(connect().send().await.unwrap_err().is_conflict());
    // The platform's spec lists `captionsId` as required by mistake: an answer without it is fine.
    env.server.inject_fault(canned(200, json!({"id": "a", "connectionId": "c", "captionsId": null})), 1);
    assert_eq!(
        connect().send().await.unwrap().started.to_json(),
        json!({"id": "a", "connectionId": "c", "captionsId": null})
    );
    for odd in [json!({"id": "a"}), json!([]), json!({"id": 1, "connectionId": "c"})] {
        env.server.inject_fault(canned(200, odd.clone()), 1);
        assert!(matches!(connect().send().await, Err(Error::Decode(_))), "{odd}");
    }
    env.server.clear_requests();
    assert!(matches!(
        env.ot.connect_audio(session.id(), "tok", "http://example.com").send().await,
        Err(Error::InvalidArgument { field: "uri", .. })
    ));
    assert!(env.server.requests().is_empty());
}

#[tokio::test]
async fn a_connector_is_a_connection_that_force_disconnect_removes_in_both_credential_modes() {
    for env in common::envs().await {
        let (session, _client) = env.live_session().await;
        let token = session.generate_token().data("bot").build().unwrap();
        let connector = env
            .ot
            .connect_audio(session.id(), &token, "wss://bot.example.com/audio")
            .audio_rate(AudioRate::Hz16000)
            .bidirectional(true)
            .send()
            .await
            .unwrap();
        let connections = env.ot.list_connections(session.id()).await.unwrap();
        assert!(connections.iter().any(|c| &c.id == connector.connection_id()), "the connector is a connection");
        let shown = env.server.audio_connectors();
        assert_eq!(shown.len(), 1);
        assert_eq!((shown[0].audio_rate, shown[0].bidirectional, shown[0].connected), (16_000, true, true));
        // Bidirectional: it publishes what the WebSocket server sends back.
        assert_eq!(env.ot.list_streams(session.id()).await.unwrap().len(), 2);

        connector.stop(&env.ot).await.unwrap();
        assert!(!env.server.audio_connectors()[0].connected);
        assert_eq!(env.ot.list_streams(session.id()).await.unwrap().len(), 1, "its stream left with it");

        // Routed sessions only; the token must be this session's.
        let relayed = env.relayed_session().await;
        let relayed_token = relayed.generate_token().build().unwrap();
        let err = env.ot.connect_audio(relayed.id(), &relayed_token, "ws://example.com/a").send().await.unwrap_err();
        assert!(err.is_conflict(), "{err}");
        let other = env.routed_session().await;
        let err = env.ot.connect_audio(other.id(), &token, "ws://example.com/a").send().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(403), "{err}");
    }
}
