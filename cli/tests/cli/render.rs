//! `opentok render ...` (Experience Composer) against the shared test server.

use super::*;

#[test]
fn render_start_wait_get_list_stop_wait() {
    let session_id = session_with_client();
    let started = on_server(&[
        "render",
        "start",
        &session_id,
        "https://example.com/scoreboard",
        "--stream-name",
        "Board",
        "--resolution",
        "1920x1080",
        "--max-duration",
        "30m",
        "--data",
        "composer=board",
        "--wait",
        "--json",
    ])
    .expect(0)
    .json();
    let id = started["id"].as_str().unwrap().to_owned();
    assert_eq!(started["status"], "started", "--wait waited for the stream: {started}");
    assert!(started["streamId"].as_str().is_some_and(|s| !s.is_empty()), "{started}");
    let sent = last_body_for("/render", &session_id);
    assert_eq!((sent["properties"]["name"].as_str(), sent["maxDuration"].as_i64()), (Some("Board"), Some(1800)));
    assert_eq!(
        (sent["resolution"].as_str(), sent["url"].as_str()),
        (Some("1920x1080"), Some("https://example.com/scoreboard"))
    );
    let claims = opentok::<&str>(&["token", "decode", sent["token"].as_str().unwrap(), "--json"], &[]).expect(0).json();
    assert_eq!(
        (claims["session_id"].as_str(), claims["connection_data"].as_str()),
        (Some(session_id.as_str()), Some("composer=board"))
    );

    let shown = on_server(&["render", "get", &id]).expect(0).stdout;
    assert!(
        shown.contains(&id) && shown.contains("started") && shown.contains("https://example.com/scoreboard"),
        "{shown}"
    );
    let listed = on_server(&["render", "list", "--all"]).expect(0).stdout;
    assert!(listed.starts_with("ID ") && listed.contains(&id) && listed.contains("Experience Composers\n"), "{listed}");

    let stopped = on_server(&["render", "stop", &id, "--wait", "--json"]).expect(0).json();
    assert_eq!(stopped["status"], "stopped", "{stopped}");
    let again = on_server(&["render", "stop", &id]).expect(4);
    assert!(again.stderr.contains("Video API error 404"), "{}", again.stderr);

    let quick = on_server(&["render", "start", &session_id, "https://example.com/clock"]).expect(0).stdout;
    assert!(quick.contains("status:") && quick.contains("starting"), "without --wait: {quick}");
    let waited =
        on_server(&["render", "start", &session_id, "https://example.com/clock", "--wait", "--wait-timeout", "1"]);
    let waited = waited.expect(5);
    assert!(waited.stderr.contains("is still starting; stopped waiting (--wait-timeout 1)"), "{}", waited.stderr);

    let bad: [(&[&str], i32, &str); 5] = [
        (&["render", "get", "zz"], 3, "invalid Experience Composer id \"zz\""),
        (&["render", "start", &session_id, "ftp://example.com/page"], 3, "url"),
        (&["render", "start", &session_id, "https://example.com/page", "--max-duration", "1d"], 3, "max_duration"),
        (&["render", "start", &session_id, "https://example.com/page", "--resolution", "4k"], 2, "invalid value '4k'"),
        (&["render", "stop", &id, "--wait-timeout", "5"], 2, "--wait"),
    ];
    for (args, code, message) in bad {
        let run = on_server(args).expect(code);
        assert!(run.stderr.contains(message), "{args:?}: {message:?} not in {}", run.stderr);
    }
}
