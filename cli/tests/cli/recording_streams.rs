//! `opentok archive streams ...` and `opentok broadcast streams ...` against the shared test server.

use super::*;

/// The streams an archive or a broadcast (as the server shows it) takes: (id, audio, video).
fn taken(value: &Value) -> Vec<(String, bool, bool)> {
    value["streams"]
        .as_array()
        .unwrap_or_else(|| panic!("no streams in {value}"))
        .iter()
        .map(|s| (s["streamId"].as_str().unwrap().to_owned(), s["hasAudio"] == true, s["hasVideo"] == true))
        .collect()
}

#[test]
fn archive_streams_add_and_remove_in_manual_mode() {
    let session_id = routed_session();
    let a = connect(&session_id);
    let b = connect(&session_id);
    let started = on_server(&["archive", "start", &session_id, "--stream-mode", "manual", "--json"]).expect(0).json();
    let id = started["id"].as_str().unwrap().to_owned();

    let added = on_server(&["archive", "streams", "add", &id, &a.stream_id]).expect(0).stdout;
    assert_eq!(added, format!("added stream {} to archive {id}\n", a.stream_id));
    let json = on_server(&["archive", "streams", "add", &id, &b.stream_id, "--no-video", "--json"]).expect(0).json();
    assert_eq!((json["has_audio"].as_bool(), json["has_video"].as_bool()), (Some(true), Some(false)));
    assert_eq!(
        taken(&server().archive_json(&id).unwrap()),
        [(a.stream_id.clone(), true, true), (b.stream_id.clone(), true, false)]
    );

    let removed = on_server(&["archive", "streams", "remove", &id, &a.stream_id]).expect(0).stdout;
    assert_eq!(removed, format!("removed stream {} from archive {id}\n", a.stream_id));
    assert_eq!(taken(&server().archive_json(&id).unwrap()), [(b.stream_id.clone(), true, false)]);
    let again = on_server(&["archive", "streams", "remove", &id, &a.stream_id, "--json"]).expect(4).json_error();
    assert_eq!(again["status"].as_u64(), Some(404), "{again}");

    // An archive in automatic stream mode refuses.
    let auto = on_server(&["archive", "start", &session_id, "--multi-archive-tag", "auto", "--json"]).expect(0).json();
    let auto_id = auto["id"].as_str().unwrap();
    on_server(&["archive", "streams", "add", auto_id, &a.stream_id]).expect(4);

    let bad: [(&[&str], i32, &str); 5] = [
        (&["archive", "streams", "add", "nope", &a.stream_id], 3, "invalid archive id \"nope\""),
        (&["archive", "streams", "remove", &id, "s1"], 3, "invalid stream id \"s1\""),
        (&["archive", "streams", "add", &id, &a.stream_id, "--no-audio", "--no-video"], 2, "cannot be used with"),
        (&["archive", "streams", "add", &id], 2, "<STREAM_ID>"),
        (&["archive", "streams", "move", &id, &a.stream_id], 2, "unrecognized subcommand 'move'"),
    ];
    for (args, code, message) in bad {
        let run = on_server(args).expect(code);
        assert!(run.stderr.contains(message), "{args:?}: {message:?} not in {}", run.stderr);
    }
    assert_eq!(taken(&server().archive_json(&id).unwrap()), [(b.stream_id.clone(), true, false)]);
}

#[test]
fn broadcast_streams_add_and_remove_in_manual_mode() {
    let session_id = routed_session();
    let a = connect(&session_id);
    let started =
        on_server(&["broadcast", "start", &session_id, "--hls", "--stream-mode", "manual", "--json"]).expect(0).json();
    let id = started["id"].as_str().unwrap().to_owned();

    let added = on_server(&["broadcast", "streams", "add", &id, &a.stream_id, "--no-audio", "--json"]).expect(0).json();
    assert_eq!((added["added"].as_bool(), added["has_audio"].as_bool()), (Some(true), Some(false)));
    assert_eq!(taken(&server().broadcast_json(&id).unwrap()), [(a.stream_id.clone(), false, true)]);
    let human = on_server(&["broadcast", "streams", "add", &id, &a.stream_id]).expect(0).stdout;
    assert_eq!(human, format!("added stream {} to broadcast {id}\n", a.stream_id));
    assert_eq!(taken(&server().broadcast_json(&id).unwrap()), [(a.stream_id.clone(), true, true)]);

    let removed = on_server(&["broadcast", "streams", "remove", &id, &a.stream_id, "--json"]).expect(0).json();
    assert_eq!(removed["removed"].as_bool(), Some(true));
    assert!(taken(&server().broadcast_json(&id).unwrap()).is_empty());

    let unknown = "b40ef09b-3811-4726-b508-e41a0f96c68f";
    on_server(&["broadcast", "streams", "add", &id, unknown]).expect(4);
    let bad: [(&[&str], i32, &str); 2] = [
        (&["broadcast", "streams", "add", "nope", &a.stream_id], 3, "invalid broadcast id \"nope\""),
        (&["broadcast", "streams", "remove", &id, "s1"], 3, "invalid stream id \"s1\""),
    ];
    for (args, code, message) in bad {
        let run = on_server(args).expect(code);
        assert!(run.stderr.contains(message), "{args:?}: {message:?} not in {}", run.stderr);
    }
}
