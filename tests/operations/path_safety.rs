//! No id changes which endpoint a request reaches. Every public operation that takes an id, called with
//! arbitrary id strings (genuine ids, id-shaped text, dot segments, separators, percent-encodings, control
//! and non-ASCII characters, and any string at all), either sends its request to its own path template
//! from the spec, each `{param}` one segment that decodes to exactly the id given, or sends nothing and
//! fails with `Error::InvalidArgument` naming the id's argument. The server here records every request line
//! that reaches it, so a request that went anywhere else cannot go unseen.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
};

use axum::{extract::State, http::Uri, response::IntoResponse, Router};
use opentok_sdk::{
    archive::Layout, broadcast::BroadcastId, captions::CaptionsId, render::RenderId, ArchiveId, ConnectionId, Error,
    OpenTok, SessionId, StreamId,
};
use proptest::{
    prelude::*,
    test_runner::{Config, TestRunner},
};

use crate::common::{APPLICATION_ID, APPLICATION_KEY};

/// Each operation: its spec name, its path template, and the argument names of the two ids it is called
/// with (the first fills the first `{param}` after `{apiKey}`, or travels in the body, and so on).
const OPERATIONS: &[(&str, &str, [&str; 2])] = &[
    ("list_connections", "/v2/project/{apiKey}/session/{sessionId}/connection", ["session_id", ""]),
    (
        "force_disconnect",
        "/v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}",
        ["session_id", "connection_id"],
    ),
    ("signal_session", "/v2/project/{apiKey}/session/{sessionId}/signal", ["session_id", ""]),
    (
        "signal_connection",
        "/v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/signal",
        ["session_id", "connection_id"],
    ),
    ("list_streams", "/v2/project/{apiKey}/session/{sessionId}/stream", ["session_id", ""]),
    ("set_stream_class_lists", "/v2/project/{apiKey}/session/{sessionId}/stream", ["session_id", "stream_id"]),
    ("get_stream", "/v2/project/{apiKey}/session/{sessionId}/stream/{streamId}", ["session_id", "stream_id"]),
    ("mute_stream", "/v2/project/{apiKey}/session/{sessionId}/stream/{streamId}/mute", ["session_id", "stream_id"]),
    ("mute_session", "/v2/project/{apiKey}/session/{sessionId}/mute", ["session_id", "excluding"]),
    ("disable_force_mute", "/v2/project/{apiKey}/session/{sessionId}/mute", ["session_id", ""]),
    ("play_dtmf_to_session", "/v2/project/{apiKey}/session/{sessionId}/play-dtmf", ["session_id", ""]),
    (
        "play_dtmf_to_connection",
        "/v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/play-dtmf",
        ["session_id", "connection_id"],
    ),
    ("list_archives", "/v2/project/{apiKey}/archive", ["session_id", ""]),
    ("start_archive", "/v2/project/{apiKey}/archive", ["session_id", ""]),
    ("get_archive", "/v2/project/{apiKey}/archive/{archiveId}", ["archive_id", ""]),
    ("delete_archive", "/v2/project/{apiKey}/archive/{archiveId}", ["archive_id", ""]),
    ("stop_archive", "/v2/project/{apiKey}/archive/{archiveId}/stop", ["archive_id", ""]),
    ("set_archive_layout", "/v2/project/{apiKey}/archive/{archiveId}/layout", ["archive_id", ""]),
    ("add_archive_stream", "/v2/project/{apiKey}/archive/{archiveId}/streams", ["archive_id", "stream_id"]),
    ("remove_archive_stream", "/v2/project/{apiKey}/archive/{archiveId}/streams", ["archive_id", "stream_id"]),
    ("dial", "/v2/project/{apiKey}/dial", ["session_id", "streams"]),
    ("list_broadcasts", "/v2/project/{apiKey}/broadcast", ["session_id", ""]),
    ("start_broadcast", "/v2/project/{apiKey}/broadcast", ["session_id", ""]),
    ("get_broadcast", "/v2/project/{apiKey}/broadcast/{broadcastId}", ["broadcast_id", ""]),
    ("stop_broadcast", "/v2/project/{apiKey}/broadcast/{broadcastId}/stop", ["broadcast_id", ""]),
    ("set_broadcast_layout", "/v2/project/{apiKey}/broadcast/{broadcastId}/layout", ["broadcast_id", ""]),
    ("add_broadcast_stream", "/v2/project/{apiKey}/broadcast/{broadcastId}/streams", ["broadcast_id", "stream_id"]),
    ("remove_broadcast_stream", "/v2/project/{apiKey}/broadcast/{broadcastId}/streams", ["broadcast_id", "stream_id"]),
    ("start_captions", "/v2/project/{apiKey}/captions", ["session_id", ""]),
    ("stop_captions", "/v2/project/{apiKey}/captions/{captionsId}/stop", ["captions_id", ""]),
    ("start_render", "/v2/project/{apiKey}/render", ["session_id", ""]),
    ("get_render", "/v2/project/{apiKey}/render/{renderId}", ["render_id", ""]),
    ("stop_render", "/v2/project/{apiKey}/render/{renderId}", ["render_id", ""]),
    ("connect_audio", "/v2/project/{apiKey}/connect", ["session_id", "streams"]),
    ("migrate_session", "/v2/project/{apiKey}/session/{sessionId}/migrate", ["session_id", ""]),
];

/// Calls operation `name` with the ids `a` and `b`. Every other argument is valid, so that an id is the
/// only reason for a refusal.
async fn call(ot: &OpenTok, name: &str, a: &str, b: &str) -> Result<(), Error> {
    const TOKEN: &str = "T1==cGFydG5lcl9pZD0xMjM0NTYmc2lnPWFiYzpub25jZT0x";
    let sid = || SessionId::new(a);
    match name {
        "list_connections" => ot.list_connections(&sid()).await.map(drop),
        "force_disconnect" => ot.force_disconnect(&sid(), &ConnectionId::new(b)).await,
        "signal_session" => ot.signal(&sid()).signal_type("chat").data("hi").send().await,
        "signal_connection" => {
            ot.signal(&sid()).to_connection(&ConnectionId::new(b)).signal_type("chat").data("hi").send().await
        }
        "list_streams" => ot.list_streams(&sid()).await.map(drop),
        "set_stream_class_lists" => ot.set_stream_class_lists(&sid()).stream(&StreamId::new(b), ["focus"]).send().await,
        "get_stream" => ot.get_stream(&sid(), &StreamId::new(b)).await.map(drop),
        "mute_stream" => ot.force_mute_stream(&sid(), &StreamId::new(b)).await,
        "mute_session" => ot.force_mute_all(&sid()).excluding([&StreamId::new(b)]).send().await,
        "disable_force_mute" => ot.disable_force_mute(&sid()).await,
        "play_dtmf_to_session" => ot.play_dtmf(&sid(), "1234").send().await,
        "play_dtmf_to_connection" => ot.play_dtmf(&sid(), "1234").to_connection(&ConnectionId::new(b)).send().await,
        "list_archives" => ot.list_archives().session_id(&sid()).send().await.map(drop),
        "start_archive" => ot.start_archive(&sid()).send().await.map(drop),
        "get_archive" => ot.get_archive(&ArchiveId::new(a)).await.map(drop),
        "delete_archive" => ot.delete_archive(&ArchiveId::new(a)).await,
        "stop_archive" => ot.stop_archive(&ArchiveId::new(a)).await.map(drop),
        "set_archive_layout" => ot.set_archive_layout(&ArchiveId::new(a), &Layout::BestFit).await,
        "add_archive_stream" => ot.add_archive_stream(&ArchiveId::new(a), &StreamId::new(b)).send().await,
        "remove_archive_stream" => ot.remove_archive_stream(&ArchiveId::new(a), &StreamId::new(b)).await,
        "dial" => ot.dial(&sid(), TOKEN, "sip:user@example.com").streams([&StreamId::new(b)]).send().await.map(drop),
        "list_broadcasts" => ot.list_broadcasts().session_id(&sid()).send().await.map(drop),
        "start_broadcast" => ot.start_broadcast(&sid()).hls().send().await.map(drop),
        "get_broadcast" => ot.get_broadcast(&BroadcastId::new(a)).await.map(drop),
        "stop_broadcast" => ot.stop_broadcast(&BroadcastId::new(a)).await.map(drop),
        "set_broadcast_layout" => ot.set_broadcast_layout(&BroadcastId::new(a), &Layout::BestFit).await,
        "add_broadcast_stream" => ot.add_broadcast_stream(&BroadcastId::new(a), &StreamId::new(b)).send().await,
        "remove_broadcast_stream" => ot.remove_broadcast_stream(&BroadcastId::new(a), &StreamId::new(b)).await,
        "start_captions" => ot.start_captions(&sid(), TOKEN).send().await.map(drop),
        "stop_captions" => ot.stop_captions(&CaptionsId::new(a)).await,
        "start_render" => ot.start_render(&sid(), TOKEN, "https://example.com/scoreboard").send().await.map(drop),
        "get_render" => ot.get_render(&RenderId::new(a)).await.map(drop),
        "stop_render" => ot.stop_render(&RenderId::new(a)).await,
        "connect_audio" => ot
            .connect_audio(&sid(), TOKEN, "wss://example.com/audio")
            .streams([&StreamId::new(b)])
            .send()
            .await
            .map(drop),
        "migrate_session" => ot.migrate_session(&sid()).await,
        other => panic!("no call for {other}"),
    }
}

/// A server that records the path of every request that reaches it and answers 404 with the platform's
/// error body (so that no request is retried).
async fn recorder() -> (String, Arc<Mutex<Vec<String>>>) {
    async fn record(State(seen): State<Arc<Mutex<Vec<String>>>>, uri: Uri) -> impl IntoResponse {
        seen.lock().unwrap().push(uri.path().to_owned());
        (axum::http::StatusCode::NOT_FOUND, [("content-type", "application/json")], r#"{"code":404,"message":"x"}"#)
    }
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = Router::new().fallback(record).with_state(Arc::clone(&seen));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

/// The path that `template` gives with `account` for `{apiKey}` and `ids` for the other parameters, as
/// segments; `None` for a parameter, which is compared after percent-decoding.
fn expected_segments<'a>(template: &'a str, account: &'a str, ids: [&'a str; 2]) -> Vec<&'a str> {
    let mut ids = ids.into_iter();
    template
        .split('/')
        .map(|segment| match segment {
            "{apiKey}" => account,
            s if s.starts_with('{') => ids.next().unwrap_or(""),
            s => s,
        })
        .collect()
}

/// Characters and strings that mean something to a URL parser, a server or a shell.
const HOSTILE: &[&str] = &[
    ".", "..", "...", "/", "\\", "?", "#", "%", "%2e", "%2E", "%2e%2E", "%2f", "%2F", "%5c", "%00", "%252e", "\0",
    "\t", "\n", "\r", " ", ";", ":", "@", "&", "=", "+", "$", ",", "'", "\"", "<", ">", "{", "}", "|", "^", "`", "[",
    "]", "\u{7f}", "\u{ff0e}", "\u{2215}", "\u{2024}", "é", "\u{200b}",
];

/// Genuine ids of the kinds the platform issues.
const GENUINE: &[&str] = &[
    "1_MX4xMjM0NTZ-fjE3MDAwMDAwMDAwMDB-YWJjZGVm-fg",
    "2_MX43YzBmMmI1ZS04YTQzLTRlMmItOWQwYS0yZjNjMWI2ZTVkNGF-fjE3MDB-cXV4",
    "b40ef09b-3811-4726-b508-e41a0f96c68f",
    "e97ad9a4c1f24e5c8f0b9b6fb1a3c2d7",
];

fn any_id() -> impl Strategy<Value = String> {
    let hostile = || prop::sample::select(HOSTILE).prop_map(str::to_owned);
    prop_oneof![
        3 => prop::sample::select(GENUINE).prop_map(str::to_owned),
        3 => "[A-Za-z0-9_~-]{1,40}",
        2 => hostile(),
        2 => (hostile(), "[A-Za-z0-9-]{0,6}", hostile()).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        2 => ("[a-f0-9-]{0,12}", hostile(), "[a-f0-9-]{0,12}").prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        2 => any::<String>(),
        1 => Just(String::new()),
    ]
}

/// What one call did, counted per operation so that the test can show it reached both outcomes.
#[derive(Default)]
struct Outcomes {
    sent: usize,
    refused: usize,
}

const CASES: u32 = 4096;

#[test]
fn no_id_changes_which_endpoint_a_request_reaches() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (url, seen) = rt.block_on(recorder());
    let project = OpenTok::builder("123456", "secret").with_api_url(&url).build().unwrap();
    let application = OpenTok::application_builder(APPLICATION_ID, APPLICATION_KEY).with_api_url(&url).build().unwrap();
    let outcomes: Mutex<BTreeMap<&str, Outcomes>> = Mutex::default();

    let mut runner = TestRunner::new(Config { cases: CASES, failure_persistence: None, ..Config::default() });
    let strategy = (0..OPERATIONS.len(), any::<bool>(), any_id(), any_id());
    runner
        .run(&strategy, |(index, as_application, a, b)| {
            let (name, template, fields) = OPERATIONS[index];
            let ot = if as_application { &application } else { &project };
            seen.lock().unwrap().clear();
            let result = rt.block_on(call(ot, name, &a, &b));
            let sent = std::mem::take(&mut *seen.lock().unwrap());
            let mut outcomes = outcomes.lock().unwrap();
            let counts = outcomes.entry(name).or_default();
            match sent.as_slice() {
                [] => {
                    counts.refused += 1;
                    let field = match &result {
                        Err(Error::InvalidArgument { field, .. }) => *field,
                        other => panic!("{name}({a:?}, {b:?}) sent nothing and answered {other:?}"),
                    };
                    prop_assert!(fields.contains(&field) && !field.is_empty(), "{name}: refused naming {field}");
                }
                [path] => {
                    counts.sent += 1;
                    let expected = expected_segments(template, ot.account_id(), [&a, &b]);
                    let got: Vec<String> = path
                        .split('/')
                        .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned())
                        .collect();
                    prop_assert_eq!(got, expected, "{}({:?}, {:?}) reached {}", name, a, b, path);
                }
                more => prop_assert!(false, "{name} sent {} requests: {more:?}", more.len()),
            }
            Ok(())
        })
        .unwrap();

    // Each operation was both sent and refused, so neither outcome was vacuous.
    let outcomes = outcomes.into_inner().unwrap();
    for (name, ..) in OPERATIONS {
        let counts = outcomes.get(name).unwrap_or_else(|| panic!("{name} was never called"));
        assert!(counts.sent > 0 && counts.refused > 0, "{name}: sent {}, refused {}", counts.sent, counts.refused);
    }
    println!("{CASES} cases over {} operations and both kinds of credentials", OPERATIONS.len());
}

/// The examples the issue names, each refused before anything is sent, naming the id's argument.
#[tokio::test]
async fn the_reported_dot_segment_ids_are_refused() {
    let (url, seen) = recorder().await;
    let ot = OpenTok::builder("123456", "secret").with_api_url(&url).build().unwrap();
    let sid = SessionId::new(GENUINE[0]);
    let dots = "..";
    let results = [
        ("connection_id", ot.signal(&sid).to_connection(&ConnectionId::new(dots)).data("x").send().await),
        ("connection_id", ot.play_dtmf(&sid, "1234").to_connection(&ConnectionId::new(dots)).send().await),
        ("stream_id", ot.force_mute_stream(&sid, &StreamId::new(dots)).await),
        ("archive_id", ot.stop_archive(&ArchiveId::new(dots)).await.map(drop)),
        ("archive_id", ot.delete_archive(&ArchiveId::new(".")).await),
        ("broadcast_id", ot.get_broadcast(&BroadcastId::new(dots)).await.map(drop)),
        ("render_id", ot.stop_render(&RenderId::new(dots)).await),
        ("session_id", ot.list_connections(&SessionId::new(dots)).await.map(drop)),
        ("session_id", ot.migrate_session(&SessionId::new("%2e%2e")).await),
    ];
    for (want, result) in results {
        assert!(matches!(result, Err(Error::InvalidArgument { field, .. }) if field == want), "{want}: {result:?}");
    }
    assert!(seen.lock().unwrap().is_empty(), "sent: {:?}", seen.lock().unwrap());
}
