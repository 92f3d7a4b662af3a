//! `opentok sip ...` against the shared test server.

use super::*;

#[test]
fn sip_dial_with_every_option_and_dtmf() {
    let session_id = routed_session();
    let client = connect(&session_id);
    let mut env = project_env();
    env.push(("OPENTOK_SIP_PASSWORD", "hunter2-sip-secret".into()));
    let called = opentok(
        &[
            "sip",
            "dial",
            &session_id,
            "sips:+15551234567@pbx.example.com",
            "--from",
            "15550100@example.com",
            "--header",
            "X-Room=42",
            "--auth",
            "alice",
            "--secure",
            "--video",
            "--observe-force-mute",
            "--stream",
            &client.stream_id,
            "--data",
            "phone",
            "--json",
        ],
        &env,
    )
    .expect(0);
    assert!(!called.stdout.contains("hunter2") && !called.stderr.contains("hunter2"), "{called:#?}");
    let call = called.json();
    let connection_id = call["connectionId"].as_str().unwrap().to_owned();
    assert_eq!(call["sessionId"].as_str(), Some(session_id.as_str()));
    let sent = last_body_for("/dial", &session_id);
    assert_eq!(
        sent["sip"],
        serde_json::json!({
            "uri": "sips:+15551234567@pbx.example.com",
            "from": "15550100@example.com",
            "headers": {"X-Room": "42"},
            "auth": {"username": "alice", "password": "hunter2-sip-secret"},
            "secure": true,
            "video": true,
            "observeForceMute": true,
            "streams": [client.stream_id],
        })
    );
    let claims = opentok::<&str>(&["token", "decode", sent["token"].as_str().unwrap(), "--json"], &[]).expect(0).json();
    assert_eq!(
        (claims["session_id"].as_str(), claims["connection_data"].as_str()),
        (Some(session_id.as_str()), Some("phone"))
    );
    let leg = server().session(&session_id).unwrap().connections.into_iter().find(|c| c.connection_id == connection_id);
    assert!(leg.is_some_and(|c| c.sip), "the call joined the session as a SIP leg");

    // USER:PASSWORD on the command line, and the human output.
    let plain = on_server(&["sip", "dial", &session_id, "sip:bob@example.com", "--auth", "bob:pw"]).expect(0).stdout;
    assert!(plain.contains("connection id:") && plain.contains("stream id:") && !plain.contains("pw"), "{plain}");
    assert_eq!(
        last_body_for("/dial", &session_id)["sip"]["auth"],
        serde_json::json!({"username": "bob", "password": "pw"})
    );

    let to_all = on_server(&["sip", "dtmf", &session_id, "1234#"]).expect(0).stdout;
    assert!(to_all.contains("played 1234#"), "{to_all}");
    let one =
        on_server(&["sip", "dtmf", &session_id, "9p*", "--connection", &connection_id, "--json"]).expect(0).json();
    assert_eq!(one["played"].as_bool(), Some(true));
    let played: Vec<_> = server()
        .dtmf()
        .into_iter()
        .filter(|d| d.session_id == session_id)
        .map(|d| (d.connection_id, d.digits))
        .collect();
    assert_eq!(played, [(None, "1234#".to_owned()), (Some(connection_id.clone()), "9p*".to_owned())]);

    // The platform's refusals: a relayed session, a connection that is gone.
    let relayed = on_server(&["session", "create"]).expect(0).stdout.trim().to_owned();
    let conflict = on_server(&["sip", "dial", &relayed, "sip:a@example.com", "--json"]).expect(4).json_error();
    assert_eq!(conflict["status"].as_u64(), Some(409), "{conflict}");
    server().disconnect_client(&session_id, &connection_id);
    on_server(&["sip", "dtmf", &session_id, "1", "--connection", &connection_id]).expect(4);

    let dials = server().requests().iter().filter(|r| r.path.ends_with("/dial")).count();
    let bad: [(&[&str], i32, &str); 10] = [
        (&["sip", "dial", &session_id, "tel:+15551234567"], 3, "sip_uri"),
        (
            &["sip", "dial", &session_id, "sip:a@example.com", "--auth", "alice"],
            2,
            "--auth needs a password: set OPENTOK_SIP_PASSWORD",
        ),
        (&["sip", "dial", &session_id, "sip:a@example.com", "--auth", ":pw"], 2, "the username must not be empty"),
        (
            &["sip", "dial", &session_id, "sip:a@example.com", "--header", "X-Secret"],
            2,
            "--header 1: must be NAME=VALUE",
        ),
        (&["sip", "dial", &session_id, "sip:a@example.com", "--header", "Bad Name=1"], 3, "headers"),
        (&["sip", "dial", &session_id, "sip:a@example.com", "--stream", "s1"], 3, "invalid stream id \"s1\""),
        (&["sip", "dial", &session_id], 2, "<SIP_URI>"),
        (&["sip", "dtmf", &session_id, "12a"], 3, "digits"),
        (&["sip", "dtmf", &session_id, "1", "--connection", "c1"], 3, "invalid connection id \"c1\""),
        (&["sip", "dtmf", "1_nope", "1"], 3, "session id \"1_nope\""),
    ];
    for (args, code, message) in bad {
        let run = on_server(args).expect(code);
        assert!(run.stderr.contains(message), "{args:?}: {message:?} not in {}", run.stderr);
        assert!(!run.stderr.contains("X-Secret") && !run.stderr.contains("pw"), "{}", run.stderr);
    }
    let after = server().requests().iter().filter(|r| r.path.ends_with("/dial")).count();
    assert_eq!(after, dials, "nothing is sent for refused input");
}
