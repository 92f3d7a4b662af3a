//! `opentok stream ...` against the shared test server, and the credentials every command of the session
//! areas (streams, signals, moderation, SIP) needs.

use super::*;

const UNKNOWN: &str = "b40ef09b-3811-4726-b508-e41a0f96c68f";

#[test]
fn stream_list_get_and_layout() {
    let session_id = routed_session();
    let a = connect(&session_id);
    let b = connect(&session_id);

    let listed = on_server(&["stream", "list", &session_id]).expect(0).stdout;
    assert!(listed.starts_with("ID ") && listed.ends_with("2 streams\n"), "{listed}");
    assert!(listed.contains(&a.stream_id) && listed.contains(&b.stream_id), "{listed}");
    let json = on_server(&["stream", "list", &session_id, "--json"]).expect(0).json();
    assert_eq!(json["count"].as_u64(), Some(2), "{json}");
    let mut ids: Vec<_> = json["items"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    let mut expected = [a.stream_id.as_str(), b.stream_id.as_str()];
    expected.sort_unstable();
    assert_eq!(ids, expected);

    let set = on_server(&[
        "stream",
        "layout",
        &session_id,
        &format!("{}=focus,full", a.stream_id),
        &format!("{}=", b.stream_id),
    ])
    .expect(0)
    .stdout;
    assert!(set.contains("layout classes focus,full") && set.contains("no layout classes"), "{set}");
    let stored = server().stream(&session_id, &a.stream_id).unwrap();
    assert_eq!(stored.layout_class_list, ["focus", "full"]);
    assert!(server().stream(&session_id, &b.stream_id).unwrap().layout_class_list.is_empty());
    let sent = last_request_body(&format!("{session_id}/stream"));
    assert_eq!(sent["items"][1], serde_json::json!({"id": b.stream_id, "layoutClassList": []}), "{sent}");

    let shown = on_server(&["stream", "get", &session_id, &a.stream_id]).expect(0).stdout;
    assert!(shown.contains(&a.stream_id) && shown.contains("layout classes: focus,full"), "{shown}");
    assert!(shown.contains("video:") && shown.contains("camera"), "{shown}");
    let got = on_server(&["stream", "get", &session_id, &a.stream_id, "--json"]).expect(0).json();
    assert_eq!((got["id"].as_str(), got["videoType"].as_str()), (Some(a.stream_id.as_str()), Some("camera")));
    assert_eq!(got["layoutClassList"], serde_json::json!(["focus", "full"]));

    // The platform's refusals: an unknown stream.
    let missing = on_server(&["stream", "get", &session_id, UNKNOWN, "--json"]).expect(4).json_error();
    assert_eq!(missing["status"].as_u64(), Some(404), "{missing}");
    on_server(&["stream", "layout", &session_id, &format!("{UNKNOWN}=x")]).expect(4);
    assert_eq!(server().stream(&session_id, &a.stream_id).unwrap().layout_class_list, ["focus", "full"]);

    let bad: [(&[&str], i32, &str); 6] = [
        (&["stream", "get", &session_id, "s1"], 3, "invalid stream id \"s1\""),
        (&["stream", "list", "1_not-a-session"], 3, "session id \"1_not-a-session\""),
        (&["stream", "layout", &session_id, "focus"], 2, "\"focus\": must be STREAM_ID=CLASS,CLASS"),
        (&["stream", "layout", &session_id, "s1=focus"], 3, "invalid stream id \"s1\""),
        (
            &["stream", "layout", &session_id, &format!("{}=a,,b", a.stream_id)],
            3,
            "must be non-empty and without whitespace",
        ),
        (&["stream", "layout", &session_id], 2, "<STREAM_ID=CLASSES>"),
    ];
    for (args, code, message) in bad {
        let run = on_server(args).expect(code);
        assert!(run.stderr.contains(message), "{args:?}: {message:?} not in {}", run.stderr);
    }
    // Nothing was sent for the refused input.
    assert_eq!(server().stream(&session_id, &a.stream_id).unwrap().layout_class_list, ["focus", "full"]);
}

#[test]
fn session_area_commands_need_credentials_refuse_unknown_flags_and_report_transport_errors() {
    // A well-formed session id of API key 12345678.
    let session = "1_MX4xMjM0NTY3OH5-MTc5NjI4NzAxNjA0M35vaTJGekRqNmJscUtIZ2tFTjE2bVNmMXl-";
    let unreachable =
        [("OPENTOK_API_KEY", "12345678"), ("OPENTOK_API_SECRET", "s"), ("OPENTOK_API_URL", "http://127.0.0.1:1")];
    let commands: [&[&str]; 14] = [
        &["stream", "list", session],
        &["stream", "get", session, UNKNOWN],
        &["stream", "layout", session, &format!("{UNKNOWN}=focus")],
        &["signal", session, "--data", "hi"],
        &["moderation", "connections", session],
        &["moderation", "disconnect", session, UNKNOWN],
        &["moderation", "mute", session, UNKNOWN],
        &["moderation", "mute-all", session],
        &["moderation", "disable-mute", session],
        &["sip", "dial", session, "sip:a@example.com"],
        &["sip", "dtmf", session, "1"],
        &["archive", "streams", "add", UNKNOWN, UNKNOWN],
        &["broadcast", "streams", "remove", UNKNOWN, UNKNOWN],
        &["archive", "streams", "remove", UNKNOWN, UNKNOWN],
    ];
    for command in commands {
        let run = opentok::<&str>(command, &[]).expect(3);
        assert!(run.stderr.contains("OPENTOK_API_KEY"), "{command:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{command:?}: {}", run.stdout);
        let mut unknown = command.to_vec();
        unknown.push("--bogus");
        let run = on_server(&unknown).expect(2);
        assert!(run.stderr.contains("unexpected argument '--bogus'"), "{command:?}: {}", run.stderr);
        let run = opentok(command, &unreachable).expect(5);
        assert!(run.stderr.contains("could not reach the Video API"), "{command:?}: {}", run.stderr);
    }
}

#[test]
fn session_area_commands_work_with_application_credentials() {
    let server = application_server();
    let env = [
        ("VONAGE_APPLICATION_ID", APP_ID.to_owned()),
        ("VONAGE_PRIVATE_KEY_PATH", APP_KEY.to_owned()),
        ("VONAGE_API_URL", server.url()),
    ];
    let session_id = opentok(&["session", "create", "--routed"], &env).expect(0).stdout.trim().to_owned();
    let token = opentok(&["token", &session_id], &env).expect(0).stdout;
    let client = server.connect_client(&session_id, token.trim()).expect("the server accepts the CLI's RS256 token");

    let streams = opentok(&["stream", "list", &session_id, "--json"], &env).expect(0).json();
    assert_eq!(streams["items"][0]["id"].as_str(), Some(client.stream_id.as_str()), "{streams}");
    opentok(&["signal", &session_id, "--type", "app", "--data", "hi"], &env).expect(0);
    assert!(server.signals().iter().any(|s| s.session_id == session_id && s.data.as_deref() == Some("hi")));
    opentok(&["moderation", "mute", &session_id, &client.stream_id], &env).expect(0);
    assert!(server.stream(&session_id, &client.stream_id).unwrap().audio_muted);
    let call = opentok(&["sip", "dial", &session_id, "sip:a@example.com", "--json"], &env).expect(0).json();
    let leg = call["connectionId"].as_str().unwrap();
    opentok(&["sip", "dtmf", &session_id, "42", "--connection", leg], &env).expect(0);
    assert!(server.dtmf().iter().any(|d| d.session_id == session_id && d.digits == "42"));
    opentok(&["moderation", "disconnect", &session_id, leg], &env).expect(0);
    let left: Vec<_> = server.session(&session_id).unwrap().connections.into_iter().map(|c| c.connection_id).collect();
    assert_eq!(left, [client.connection_id.as_str()]);
}
