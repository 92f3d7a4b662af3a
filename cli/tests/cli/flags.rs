//! `session migrate`, archive transcription, the spellings the SDK enums accept, and what every new
//! command does without credentials or with an unknown flag.

use super::*;

#[test]
fn session_migrate_and_archive_transcription() {
    let session_id = session_with_client();
    let migrated = on_server(&["session", "migrate", &session_id]).expect(0);
    assert_eq!(migrated.stdout, format!("session {session_id} is moving to another media server\n"));
    assert!(server()
        .requests()
        .iter()
        .any(|r| r.method == "POST" && r.path.ends_with(&format!("{session_id}/migrate"))));
    let empty = routed_session();
    let refused = on_server(&["session", "migrate", &empty, "--json"]).expect(4).json_error();
    assert_eq!(refused["status"].as_u64(), Some(404), "no client connected: {refused}");
    on_server(&["session", "migrate", "1_%%%"]).expect(3);

    let archive = on_server(&[
        "archive",
        "start",
        &session_id,
        "--individual",
        "--transcription",
        "es-ES",
        "--transcription-summary",
        "--json",
    ])
    .expect(0)
    .json();
    assert_eq!(archive["outputMode"], "individual");
    let sent = last_body_for("/archive", &session_id);
    assert_eq!(sent["hasTranscription"], true, "{sent}");
    assert_eq!(
        sent["transcriptionProperties"],
        serde_json::json!({"primaryLanguageCode": "es-ES", "hasSummary": true})
    );
    let shown = on_server(&["archive", "get", archive["id"].as_str().unwrap()]).expect(0).stdout;
    assert!(shown.contains("transcription:") && shown.contains("es-ES"), "{shown}");
    let composed = on_server(&["archive", "start", &session_id, "--transcription", "en-US"]).expect(2);
    assert!(composed.stderr.contains("--individual"), "{}", composed.stderr);
    let silent =
        on_server(&["archive", "start", &session_id, "--individual", "--no-audio", "--transcription", "en-US"]);
    assert!(silent.expect(2).stderr.contains("cannot be used with"));
}

#[test]
fn sdk_enums_accept_the_documented_spellings() {
    let session_id = session_with_client();
    for (flag, value, wire) in [
        ("--layout", "bestFit", "bestFit"),
        ("--layout", "best-fit", "bestFit"),
        ("--layout", "BESTFIT", "bestFit"),
        ("--layout", "horizontal-presentation", "horizontalPresentation"),
    ] {
        let archive =
            on_server(&["archive", "start", &session_id, flag, value, "--multi-archive-tag", value, "--json"])
                .expect(0)
                .json();
        let id = archive["id"].as_str().unwrap();
        assert_eq!(last_body_for("/archive", &session_id)["layout"]["type"], wire, "{value}");
        on_server(&["archive", "stop", id]).expect(0);
    }
    for (role, wire) in
        [("publisheronly", "publisheronly"), ("publisher-only", "publisheronly"), ("Moderator", "moderator")]
    {
        let token = on_server(&["token", &session_id, "--role", role]).expect(0).stdout;
        let claims = opentok::<&str>(&["token", "decode", token.trim(), "--json"], &[]).expect(0).json();
        assert_eq!(claims["role"], wire, "{role}");
    }
    let help = opentok::<&str>(&["broadcast", "start", "--help"], &[]).expect(0).stdout;
    for values in [
        "[possible values: plain, dvr, lowLatency]",
        "[possible values: bestFit, pip, verticalPresentation, horizontalPresentation, custom]",
        "[possible values: auto, manual]",
    ] {
        assert!(help.contains(values), "{values} not in:\n{help}");
    }
}

#[test]
fn new_commands_need_credentials_and_reject_unknown_flags() {
    let id = "b40ef09b-3811-4726-b508-e41a0f96c68f";
    let needs_credentials: [&[&str]; 7] = [
        &["broadcast", "list"],
        &["broadcast", "get", id],
        &["render", "list"],
        &["render", "stop", id],
        &["captions", "stop", id],
        &["session", "migrate", "1_MX4xMjM0NTY3OH5-fn4"],
        &["audio-connector", "stop", "1_MX4xMjM0NTY3OH5-fn4", id],
    ];
    for args in needs_credentials {
        let run = opentok::<&str>(args, &[]).expect(3);
        assert!(run.stderr.contains("OPENTOK_API_KEY") && run.stderr.contains("--api-key"), "{args:?}: {}", run.stderr);
    }
    let unknown: [&[&str]; 6] = [
        &["broadcast", "list", "--bogus"],
        &["render", "get", id, "--bogus"],
        &["captions", "start", "1_x", "--bogus"],
        &["audio-connector", "start", "1_x", "wss://h.example/a", "--bogus"],
        &["webhook", "verify", "body.json", "--bogus"],
        &["webhook", "frobnicate"],
    ];
    for args in unknown {
        let run = opentok::<&str>(args, &[]).expect(2);
        assert!(
            run.stderr.contains("unexpected argument '--bogus'") || run.stderr.contains("unrecognized subcommand"),
            "{args:?}: {}",
            run.stderr
        );
    }
}
