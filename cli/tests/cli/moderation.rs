//! `opentok moderation ...` against the shared test server.

use super::*;

#[test]
fn moderation_connections_mute_and_disconnect() {
    let session_id = routed_session();
    let host = connect(&session_id);
    let guest = connect(&session_id);

    let listed = on_server(&["moderation", "connections", &session_id]).expect(0).stdout;
    assert!(listed.starts_with("ID ") && listed.ends_with("2 connections\n"), "{listed}");
    assert!(listed.contains(&host.connection_id) && listed.contains(&guest.connection_id), "{listed}");
    let json = on_server(&["moderation", "connections", &session_id, "--json"]).expect(0).json();
    assert_eq!(json["count"].as_u64(), Some(2), "{json}");
    assert!(json["items"].as_array().unwrap().iter().any(|c| c["connectionId"] == host.connection_id.as_str()));

    let muted = on_server(&["moderation", "mute", &session_id, &guest.stream_id]).expect(0).stdout;
    assert_eq!(muted, format!("muted stream {}\n", guest.stream_id));
    assert!(server().stream(&session_id, &guest.stream_id).unwrap().audio_muted);
    assert!(!server().stream(&session_id, &host.stream_id).unwrap().audio_muted);

    // Mute everyone but the host, then stop muting new streams.
    let session_2 = routed_session();
    let host_2 = connect(&session_2);
    let guest_2 = connect(&session_2);
    let all =
        on_server(&["moderation", "mute-all", &session_2, "--exclude", &host_2.stream_id, "--json"]).expect(0).json();
    assert_eq!(all["excluded"], serde_json::json!([host_2.stream_id]), "{all}");
    assert!(server().session(&session_2).unwrap().force_muted);
    assert!(server().stream(&session_2, &guest_2.stream_id).unwrap().audio_muted);
    assert!(!server().stream(&session_2, &host_2.stream_id).unwrap().audio_muted);
    let sent = last_request_body(&format!("{session_2}/mute"));
    assert_eq!(sent, serde_json::json!({"active": true, "excludedStreamIds": [host_2.stream_id]}));
    let disabled = on_server(&["moderation", "disable-mute", &session_2]).expect(0);
    assert!(disabled.stdout.contains("no longer muted"), "{}", disabled.stdout);
    assert!(!server().session(&session_2).unwrap().force_muted);

    let gone = on_server(&["moderation", "disconnect", &session_id, &guest.connection_id, "--json"]).expect(0).json();
    assert_eq!(gone["disconnected"].as_bool(), Some(true), "{gone}");
    let left: Vec<_> =
        server().session(&session_id).unwrap().connections.into_iter().map(|c| c.connection_id).collect();
    assert_eq!(left, [host.connection_id.as_str()]);
    assert!(server().stream(&session_id, &guest.stream_id).is_none(), "its stream went with it");
    let again = on_server(&["moderation", "disconnect", &session_id, &guest.connection_id, "--json"]).expect(4);
    assert_eq!(again.json_error()["status"].as_u64(), Some(404));
    let unknown_stream = on_server(&["moderation", "mute", &session_id, &guest.stream_id]).expect(4);
    assert!(unknown_stream.stderr.contains("404"), "{}", unknown_stream.stderr);

    let bad: [(&[&str], i32, &str); 6] = [
        (&["moderation", "disconnect", &session_id, "c1"], 3, "invalid connection id \"c1\""),
        (&["moderation", "mute", &session_id, "s1"], 3, "invalid stream id \"s1\""),
        (&["moderation", "mute-all", &session_id, "--exclude", "s1"], 3, "invalid stream id \"s1\""),
        (&["moderation", "connections", "2_garbage"], 3, "session id \"2_garbage\""),
        (&["moderation", "mute"], 2, "<SESSION_ID>"),
        (&["moderation", "mute-all", &session_id, "--exclude"], 2, "a value is required for '--exclude"),
    ];
    for (args, code, message) in bad {
        let run = on_server(args).expect(code);
        assert!(run.stderr.contains(message), "{args:?}: {message:?} not in {}", run.stderr);
    }
    assert!(!server().session(&session_id).unwrap().force_muted, "nothing was sent");
}
