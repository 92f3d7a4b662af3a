//! `opentok broadcast ...` against the shared test server.

use super::*;

#[test]
fn broadcast_start_wait_get_list_layout_stop() {
    let session_id = session_with_client();
    let started = on_server(&[
        "broadcast",
        "start",
        &session_id,
        "--hls",
        "dvr",
        "--rtmp",
        "yt=rtmps://a.example.com/live2/KEY-123-secret",
        "--resolution",
        "1280x720",
        "--layout",
        "best-fit",
        "--screenshare-layout",
        "pip",
        "--max-duration",
        "2h",
        "--wait",
        "--json",
    ])
    .expect(0)
    .json();
    let id = started["id"].as_str().unwrap().to_owned();
    // The test server's outputs are `connecting` in the answer to the start: --wait read them again.
    assert_eq!(started["status"], "started");
    assert_eq!(started["broadcastUrls"]["hlsStatus"], "live", "{started}");
    assert_eq!(started["broadcastUrls"]["rtmp"][0]["status"], "live", "{started}");
    let sent = last_body_for("/broadcast", &session_id);
    assert_eq!(sent["outputs"]["hls"]["dvr"], true, "{sent}");
    assert_eq!(
        sent["outputs"]["rtmp"][0],
        serde_json::json!({"id": "yt", "serverUrl": "rtmps://a.example.com/live2", "streamName": "KEY-123-secret"})
    );
    assert_eq!(
        (sent["layout"]["type"].as_str(), sent["layout"]["screenshareType"].as_str()),
        (Some("bestFit"), Some("pip"))
    );
    assert_eq!((sent["maxDuration"].as_i64(), sent["resolution"].as_str()), (Some(7200), Some("1280x720")));

    let shown = on_server(&["broadcast", "get", &id]).expect(0).stdout;
    assert!(
        shown.contains(&id)
            && shown.contains("playlist.m3u8?DVR")
            && shown.contains("yt: rtmps://a.example.com/live2 (live)"),
        "{shown}"
    );
    assert!(!shown.contains("KEY-123-secret"), "the stream key is not shown: {shown}");

    let listed = on_server(&["broadcast", "list", "--session-id", &session_id]).expect(0).stdout;
    assert!(listed.starts_with("ID ") && listed.contains(&id) && listed.ends_with("1 of 1 broadcasts\n"), "{listed}");
    let all = on_server(&["broadcast", "list", "--session-id", &session_id, "--all", "--json"]).expect(0).json();
    assert_eq!((all["count"].as_u64(), all["items"][0]["id"].as_str()), (Some(1), Some(id.as_str())));

    let laid_out = on_server(&["broadcast", "layout", &id, "--layout", "vertical-presentation"]).expect(0);
    assert_eq!(laid_out.stdout, format!("broadcast {id} now uses the verticalPresentation layout\n"));
    assert_eq!(last_request_body(&format!("{id}/layout"))["type"], "verticalPresentation");

    let stopped = on_server(&["broadcast", "stop", &id, "--json"]).expect(0).json();
    assert_eq!(stopped["status"], "stopped");
    assert_eq!(server().broadcast_json(&id).unwrap()["status"], "stopped");
    let again = on_server(&["broadcast", "stop", &id, "--json"]).expect(4).json_error();
    assert_eq!((again["kind"].as_str(), again["status"].as_u64()), (Some("api"), Some(404)));

    // Plain HLS from the bare flag, without waiting: the outputs are still connecting.
    let plain = on_server(&["broadcast", "start", &session_id, "--hls", "--multi-broadcast-tag", "b", "--json"]);
    let plain = plain.expect(0).json();
    assert_eq!(plain["broadcastUrls"]["hlsStatus"], "connecting");
    assert_eq!(last_body_for("/broadcast", &session_id)["outputs"], serde_json::json!({"hls": {}}));
    on_server(&["broadcast", "stop", plain["id"].as_str().unwrap()]).expect(0);
    // A wait shorter than one poll gives up at once, saying what it waited for.
    let args = ["broadcast", "start", &session_id, "--rtmp", "rtmp://h.example/app/k", "--multi-broadcast-tag", "c"];
    let waited = on_server(&[&args[..], &["--wait", "--wait-timeout", "1", "--json"]].concat()).expect(5).json_error();
    assert_eq!(waited["kind"], "timeout");
    let message = waited["message"].as_str().unwrap();
    assert!(message.contains("is still rtmp target 1 connecting; stopped waiting (--wait-timeout 1)"), "{message}");
    assert!(message.contains("see `opentok broadcast get "), "{message}");
}

#[test]
fn broadcast_bad_input_is_refused_with_the_flag_named() {
    let session_id = routed_session();
    let usage: [(&[&str], &str); 6] = [
        (&["broadcast", "start", &session_id], "a broadcast needs an output: --hls, or --rtmp"),
        (&["broadcast", "start", &session_id, "--rtmp", "rtmp://host"], "--rtmp target 1: the URL needs a path"),
        (
            &["broadcast", "start", &session_id, "--hls", "--rtmp", "live.example.com/app/SECRETKEY"],
            "--rtmp target 1: must be",
        ),
        (&["broadcast", "start", &session_id, "--rtmp", "rtmp://h/app/"], "--rtmp target 1: the stream name"),
        (&["broadcast", "start", &session_id, "--hls", "hd"], "invalid value 'hd' for '--hls [<KIND>]'"),
        (
            &["broadcast", "layout", "b40ef09b-3811-4726-b508-e41a0f96c68f", "--screenshare-layout", "pip"],
            "--screenshare-layout needs --layout bestFit",
        ),
    ];
    for (args, message) in usage {
        let run = on_server(args).expect(2);
        assert!(run.stderr.contains(message), "{args:?}: {message:?} not in {}", run.stderr);
        assert!(!run.stderr.contains("SECRETKEY"), "a stream key is never echoed: {}", run.stderr);
    }
    let invalid: [(&[&str], &str); 5] = [
        (&["broadcast", "start", &session_id, "--rtmp", "http://h.example/app/SECRETKEY"], "rtmp.server_url"),
        (&["broadcast", "start", &session_id, "--hls", "--max-duration", "10s"], "max_duration"),
        (&["broadcast", "start", &session_id, "--hls", "--max-bitrate", "5"], "max_bitrate"),
        (&["broadcast", "get", "nope"], "invalid broadcast id \"nope\""),
        (&["broadcast", "stop", "1748b7070a81464c9759c46ad10d373"], "or 32 hex digits"),
    ];
    for (args, message) in invalid {
        let run = on_server(args).expect(3);
        assert!(run.stderr.contains(message), "{args:?}: {message:?} not in {}", run.stderr);
        assert!(!run.stderr.contains("SECRETKEY"), "a stream key is never echoed: {}", run.stderr);
    }
    // A well-formed id the platform does not know (32 hex digits, as the platform's own are).
    let unknown = on_server(&["broadcast", "get", "1748b7070a81464c9759c46ad10d3734"]).expect(4);
    assert!(unknown.stderr.contains("Video API error 404"), "{}", unknown.stderr);
    // No client connected: the platform refuses, with its status.
    let empty = on_server(&["broadcast", "start", &session_id, "--hls"]).expect(4);
    assert!(empty.stderr.contains("Video API error"), "{}", empty.stderr);
}

#[test]
fn recording_and_media_commands_work_with_application_credentials() {
    let server = application_server();
    let env = [
        ("VONAGE_APPLICATION_ID", APP_ID.to_owned()),
        ("VONAGE_PRIVATE_KEY_PATH", APP_KEY.to_owned()),
        ("VONAGE_API_URL", server.url()),
    ];
    let session_id = opentok(&["session", "create", "--routed"], &env).expect(0).stdout.trim().to_owned();
    let token = opentok(&["token", &session_id], &env).expect(0).stdout;
    server.connect_client(&session_id, token.trim()).expect("the server accepts the CLI's RS256 token");

    let broadcast = opentok(&["broadcast", "start", &session_id, "--hls", "--json"], &env).expect(0).json();
    let broadcast_id = broadcast["id"].as_str().unwrap().to_owned();
    assert_eq!(broadcast["applicationId"].as_str(), Some(APP_ID), "{broadcast}");
    opentok(&["broadcast", "stop", &broadcast_id], &env).expect(0);
    assert_eq!(server.broadcast_json(&broadcast_id).unwrap()["status"], "stopped");

    let archive = opentok(&["archive", "start", &session_id, "--json"], &env).expect(0).json();
    let archive_id = archive["id"].as_str().unwrap().to_owned();
    opentok(&["archive", "stop", &archive_id], &env).expect(0);
    assert_eq!(server.archive_json(&archive_id).unwrap()["status"], "stopped");

    let render = opentok(&["render", "start", &session_id, "https://example.com/board", "--json"], &env).expect(0);
    let render_id = render.json()["id"].as_str().unwrap().to_owned();
    assert!(server.render_ids().contains(&render_id));
    opentok(&["render", "stop", &render_id], &env).expect(0);

    let captions_id = opentok(&["captions", "start", &session_id], &env).expect(0).stdout.trim().to_owned();
    assert!(server.captions().iter().any(|c| c.captions_id == captions_id && c.status == "started"));
    opentok(&["captions", "stop", &captions_id], &env).expect(0);
    assert!(server.captions().iter().any(|c| c.captions_id == captions_id && c.status == "stopped"));

    let audio =
        opentok(&["audio-connector", "start", &session_id, "wss://bot.example.com/a", "--json"], &env).expect(0);
    let connection_id = audio.json()["connectionId"].as_str().unwrap().to_owned();
    assert!(server.audio_connectors().iter().any(|c| c.connection_id == connection_id && c.connected));
    opentok(&["audio-connector", "stop", &session_id, &connection_id], &env).expect(0);
    assert!(server.audio_connectors().iter().any(|c| c.connection_id == connection_id && !c.connected));
}
