//! `opentok captions ...` and `opentok audio-connector ...` against the shared test server.

use super::*;

#[test]
fn captions_start_and_stop() {
    let session_id = session_with_client();
    let args =
        ["captions", "start", &session_id, "--language-code", "fr-FR", "--max-duration", "1h", "--no-partial-captions"];
    let started = on_server(&args).expect(0);
    let id = started.stdout.trim().to_owned();
    assert_eq!(started.stdout, format!("{id}\n"), "the id alone, for CAPTIONS_ID=$(...)");
    let info = server().captions().into_iter().find(|c| c.captions_id == id).expect("the server has the captioning");
    assert_eq!((info.session_id.as_str(), info.language_code.as_str()), (session_id.as_str(), "fr-FR"));
    assert_eq!((info.max_duration_secs, info.partial_captions, info.status.as_str()), (3600, false, "started"));
    // The token sent is a moderator's of the session.
    let token = last_body_for("/captions", &session_id)["token"].as_str().unwrap().to_owned();
    let claims = opentok::<&str>(&["token", "decode", &token, "--json"], &[]).expect(0).json();
    assert_eq!(claims["role"], "moderator");

    // One captioning per session.
    let twice = on_server(&["captions", "start", &session_id, "--json"]).expect(4).json_error();
    assert_eq!(twice["status"].as_u64(), Some(409), "{twice}");

    let stopped = on_server(&["captions", "stop", &id, "--json"]).expect(0).json();
    assert_eq!((stopped["captions_id"].as_str(), stopped["stopped"].as_bool()), (Some(id.as_str()), Some(true)));
    assert!(server().captions().iter().any(|c| c.captions_id == id && c.status == "stopped"));
    on_server(&["captions", "stop", &id]).expect(4);

    let french = on_server(&["captions", "start", &session_id, "--language-code", "french"]).expect(2);
    assert!(french.stderr.contains("must be a language code such as en-US"), "{}", french.stderr);
    let bad_id = on_server(&["captions", "stop", "not-an-id"]).expect(3);
    assert!(bad_id.stderr.contains("invalid captions id \"not-an-id\""), "{}", bad_id.stderr);
    let short = on_server(&["captions", "start", &session_id, "--max-duration", "1m"]).expect(3);
    assert!(short.stderr.contains("max_duration"), "{}", short.stderr);
}

#[test]
fn audio_connector_start_and_stop() {
    let session_id = session_with_client();
    let started = on_server(&[
        "audio-connector",
        "start",
        &session_id,
        "wss://bot.example.com/audio",
        "--audio-rate",
        "16000",
        "--bidirectional",
        "--header",
        "X-Call=42",
        "--data",
        "bot",
        "--json",
    ])
    .expect(0)
    .json();
    let connection_id = started["connectionId"].as_str().unwrap().to_owned();
    assert_eq!(started["sessionId"].as_str(), Some(session_id.as_str()));
    let info = server().audio_connectors().into_iter().find(|c| c.connection_id == connection_id).unwrap();
    assert_eq!(
        (info.uri.as_str(), info.audio_rate, info.bidirectional, info.connected),
        ("wss://bot.example.com/audio", 16000, true, true)
    );
    assert_eq!(started["id"].as_str(), Some(info.id.as_str()));
    assert_eq!(last_body_for("/connect", &session_id)["websocket"]["headers"], serde_json::json!({"X-Call": "42"}));

    let stopped = on_server(&["audio-connector", "stop", &session_id, &connection_id]).expect(0);
    assert!(stopped.stdout.contains(&connection_id), "{}", stopped.stdout);
    assert!(server().audio_connectors().iter().any(|c| c.connection_id == connection_id && !c.connected));
    on_server(&["audio-connector", "stop", &session_id, &connection_id]).expect(4);

    let human = on_server(&["audio-connector", "start", &session_id, "ws://127.0.0.1:9/audio"]).expect(0).stdout;
    assert!(human.contains("connection id:") && human.contains(&session_id), "{human}");

    let bad: [(&[&str], i32, &str); 5] = [
        (
            &["audio-connector", "start", &session_id, "wss://h.example/a", "--audio-rate", "44100"],
            2,
            "invalid value '44100'",
        ),
        (
            &["audio-connector", "start", &session_id, "wss://h.example/a", "--header", "Authorization"],
            2,
            "--header 1: must be NAME=VALUE",
        ),
        (&["audio-connector", "start", &session_id, "https://h.example/a"], 3, "uri"),
        (
            &["audio-connector", "start", &session_id, "wss://h.example/a", "--stream", "s1"],
            3,
            "invalid stream id \"s1\"",
        ),
        (&["audio-connector", "stop", &session_id, "c1"], 3, "invalid connection id \"c1\""),
    ];
    for (args, code, message) in bad {
        let run = on_server(args).expect(code);
        assert!(run.stderr.contains(message), "{args:?}: {message:?} not in {}", run.stderr);
    }
}
