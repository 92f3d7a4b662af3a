//! `opentok signal` against the shared test server.

use super::*;

#[test]
fn signal_a_session_or_one_connection() {
    let session_id = routed_session();
    let client = connect(&session_id);

    let sent = on_server(&["signal", &session_id, "--type", "chat", "--data", "hello, all"]).expect(0);
    assert_eq!(sent.stdout, format!("signalled every client of session {session_id}\n"));
    let signal = server().signals().into_iter().rev().find(|s| s.session_id == session_id).unwrap();
    assert_eq!(
        (signal.connection_id, signal.r#type.as_deref(), signal.data.as_deref()),
        (None, Some("chat"), Some("hello, all"))
    );

    let json =
        on_server(&["signal", &session_id, "--data", "just you", "--connection", &client.connection_id, "--json"])
            .expect(0)
            .json();
    assert_eq!(
        (json["connection_id"].as_str(), json["sent"].as_bool()),
        (Some(client.connection_id.as_str()), Some(true))
    );
    let signal = server().signals().into_iter().rev().find(|s| s.session_id == session_id).unwrap();
    assert_eq!(
        (signal.connection_id.as_deref(), signal.r#type.as_deref(), signal.data.as_deref()),
        // The platform requires a type: a signal sent without one carries `""`.
        (Some(client.connection_id.as_str()), Some(""), Some("just you"))
    );

    // A connection that is not (or no longer) there: the platform's 404.
    server().disconnect_client(&session_id, &client.connection_id);
    let gone = on_server(&["signal", &session_id, "--data", "x", "--connection", &client.connection_id, "--json"])
        .expect(4)
        .json_error();
    assert_eq!(gone["status"].as_u64(), Some(404), "{gone}");

    let before = server().signals().len();
    let long_type = "t".repeat(129);
    let big_data = "d".repeat(8193);
    let bad: [(&[&str], i32, &str); 5] = [
        (&["signal", &session_id, "--type", "chat"], 2, "--data <TEXT>"),
        (&["signal", "--data", "x"], 2, "<SESSION_ID>"),
        (&["signal", &session_id, "--data", "x", "--connection", "c1"], 3, "invalid connection id \"c1\""),
        (&["signal", &session_id, "--data", "x", "--type", &long_type], 3, "type"),
        (&["signal", &session_id, "--data", &big_data], 3, "8192 bytes"),
    ];
    for (args, code, message) in bad {
        let run = on_server(args).expect(code);
        assert!(run.stderr.contains(message), "{:?}: {message:?} not in {}", &args[..2], run.stderr);
    }
    assert_eq!(server().signals().len(), before, "nothing is sent for refused input");
}
