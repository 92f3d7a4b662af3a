//! The `opentok` binary run as a user runs it: a child process with arguments and environment variables,
//! judged by its exit code, standard output and standard error. The platform is one test server started
//! in this process and shared by the tests (each works in its own sessions), except for `opentok serve`
//! and `opentok quickstart`, which bring their own.

use std::{
    io::{BufRead as _, BufReader, Read as _, Write as _},
    process::{Command, Stdio},
    sync::OnceLock,
};

use opentok_test_server::TestServer;
use serde_json::Value;

const APP_ID: &str = "7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a";
const APP_KEY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/app_pkcs1.pem");
const APP_PUBLIC_KEY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/app_pkcs1.pub.pem");

/// Every variable the CLI reads credentials or the API URL from: cleared for each run, so that the
/// developer's own environment never leaks into a test.
const VARS: [&str; 10] = [
    "OPENTOK_API_KEY",
    "OPENTOK_API_SECRET",
    "OPENTOK_API_URL",
    "VONAGE_APPLICATION_ID",
    "VONAGE_PRIVATE_KEY",
    "VONAGE_PRIVATE_KEY_PATH",
    "VONAGE_API_URL",
    "OPENTOK_SIGNATURE_SECRET",
    "OPENTOK_PREVIOUS_SIGNATURE_SECRET",
    "OPENTOK_SIP_PASSWORD",
];

/// The shared test server, on a runtime that lives as long as the test binary.
fn server() -> &'static TestServer {
    static SERVER: OnceLock<(tokio::runtime::Runtime, TestServer)> = OnceLock::new();
    &SERVER
        .get_or_init(|| {
            let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
            let server = runtime.block_on(TestServer::start());
            (runtime, server)
        })
        .1
}

/// A shared server in application mode, for the application the fixture key belongs to.
fn application_server() -> &'static TestServer {
    static SERVER: OnceLock<(tokio::runtime::Runtime, TestServer)> = OnceLock::new();
    &SERVER
        .get_or_init(|| {
            let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
            let public_key = std::fs::read_to_string(APP_PUBLIC_KEY).unwrap();
            let server =
                runtime.block_on(TestServer::builder().application(APP_ID, public_key).start()).expect("app server");
            (runtime, server)
        })
        .1
}

/// The shared server's credentials, as a user would export them.
fn project_env() -> Vec<(&'static str, String)> {
    let s = server();
    vec![
        ("OPENTOK_API_URL", s.url()),
        ("OPENTOK_API_KEY", s.api_key().into()),
        ("OPENTOK_API_SECRET", s.api_secret().into()),
    ]
}

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the whole run if it differs.
    fn expect(self, code: i32) -> Self {
        assert_eq!(self.code, code, "{self:#?}");
        self
    }

    /// Standard output as JSON.
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }

    /// The one JSON error object on standard error (`--json`).
    fn json_error(&self) -> Value {
        let value: Value = serde_json::from_str(self.stderr.trim())
            .unwrap_or_else(|e| panic!("stderr is not one JSON object ({e}): {self:#?}"));
        value["error"].clone()
    }
}

/// Runs `opentok args...` with only `env` for credentials.
fn opentok<V: AsRef<std::ffi::OsStr>>(args: &[&str], env: &[(&str, V)]) -> Run {
    opentok_with_input(args, env, None)
}

/// Runs `opentok args...` with only `env` for credentials and `stdin` (if any) on standard input.
fn opentok_with_input<V: AsRef<std::ffi::OsStr>>(args: &[&str], env: &[(&str, V)], stdin: Option<&[u8]>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_opentok"));
    command.args(args);
    for var in VARS {
        command.env_remove(var);
    }
    command.envs(env.iter().map(|(k, v)| (k, v)));
    command.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("the opentok binary runs");
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(input).expect("standard input is written");
    }
    let out = child.wait_with_output().expect("the opentok binary runs");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    // Whatever the input, no panic message and no backtrace; and a failure always says something.
    assert!(!run.stderr.contains("panicked") && !run.stderr.contains("internal error"), "{run:#?}");
    assert!(!run.stderr.contains("backtrace"), "{run:#?}");
    if run.code != 0 {
        assert!(!run.stderr.trim().is_empty(), "a failure without a message: {run:#?}");
    }
    run
}

/// Runs `opentok args...` against the shared server.
fn on_server(args: &[&str]) -> Run {
    opentok(args, &project_env())
}

fn routed_session() -> String {
    let id = on_server(&["session", "create", "--routed"]).expect(0).stdout.trim().to_owned();
    assert!(server().session(&id).is_some_and(|s| s.media_mode == "routed"), "{id}");
    id
}

/// A routed session with a publishing client, ready to be archived.
fn session_with_client() -> String {
    let session_id = routed_session();
    let token = on_server(&["token", &session_id]).expect(0).stdout;
    server().connect_client(&session_id, token.trim()).expect("the server accepts the CLI's token");
    session_id
}

/// A new publishing client of `session_id`, joined with a token the CLI minted: its connection and
/// stream ids.
fn connect(session_id: &str) -> opentok_test_server::ClientConnection {
    let token = on_server(&["token", session_id]).expect(0).stdout;
    server().connect_client(session_id, token.trim()).expect("the server accepts the CLI's token")
}

// The tests of each area, in tests/cli/: modules of this one test binary.
#[path = "cli/broadcast.rs"]
mod broadcast;
#[path = "cli/captions.rs"]
mod captions;
#[path = "cli/flags.rs"]
mod flags;
#[path = "cli/moderation.rs"]
mod moderation;
#[path = "cli/recording_streams.rs"]
mod recording_streams;
#[path = "cli/render.rs"]
mod render;
#[path = "cli/serve.rs"]
mod serve;
#[path = "cli/signal.rs"]
mod signal;
#[path = "cli/sip.rs"]
mod sip;
#[path = "cli/stream.rs"]
mod stream;
#[path = "cli/webhook.rs"]
mod webhook;

/// The JSON body of the last request whose path ends with `suffix` (a path only one test uses).
fn last_request_body(suffix: &str) -> Value {
    let request = server()
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with(suffix))
        .unwrap_or_else(|| panic!("no request to …{suffix}"));
    serde_json::from_slice(&request.body).unwrap()
}

/// The JSON body of the last request to a path ending with `suffix` about `session_id`: the tests share
/// the server, so a path such as `/archive` alone could find another test's request.
fn last_body_for(suffix: &str, session_id: &str) -> Value {
    server()
        .requests()
        .into_iter()
        .rev()
        .filter(|r| r.method == "POST" && r.path.ends_with(suffix))
        .filter_map(|r| serde_json::from_slice::<Value>(&r.body).ok())
        .find(|body| body["sessionId"] == session_id)
        .unwrap_or_else(|| panic!("no request to …{suffix} for {session_id}"))
}

#[test]
fn help_has_examples_for_every_command_and_documents_the_exit_codes() {
    let top = opentok::<&str>(&["--help"], &[]).expect(0);
    for line in
        ["Exit codes:", "2  usage error", "3  invalid input", "4  API error", "5  transport error", "6  webhook verify"]
    {
        assert!(top.stdout.contains(line), "{line:?} missing from:\n{}", top.stdout);
    }
    assert!(top.stdout.contains("OPENTOK_API_KEY") && top.stdout.contains("VONAGE_APPLICATION_ID"), "{}", top.stdout);
    let commands: [&[&str]; 57] = [
        &["token"],
        &["token", "decode"],
        &["token", "verify"],
        &["session"],
        &["session", "create"],
        &["archive"],
        &["archive", "start"],
        &["archive", "stop"],
        &["archive", "get"],
        &["archive", "list"],
        &["archive", "delete"],
        &["archive", "layout"],
        &["archive", "streams"],
        &["archive", "streams", "add"],
        &["archive", "streams", "remove"],
        &["session", "migrate"],
        &["broadcast"],
        &["broadcast", "start"],
        &["broadcast", "stop"],
        &["broadcast", "get"],
        &["broadcast", "list"],
        &["broadcast", "layout"],
        &["broadcast", "streams"],
        &["broadcast", "streams", "add"],
        &["broadcast", "streams", "remove"],
        &["captions"],
        &["captions", "start"],
        &["captions", "stop"],
        &["render"],
        &["render", "start"],
        &["render", "stop"],
        &["render", "get"],
        &["render", "list"],
        &["audio-connector"],
        &["audio-connector", "start"],
        &["audio-connector", "stop"],
        &["stream"],
        &["stream", "list"],
        &["stream", "get"],
        &["stream", "layout"],
        &["signal"],
        &["moderation"],
        &["moderation", "connections"],
        &["moderation", "disconnect"],
        &["moderation", "mute"],
        &["moderation", "mute-all"],
        &["moderation", "disable-mute"],
        &["sip"],
        &["sip", "dial"],
        &["sip", "dtmf"],
        &["webhook"],
        &["webhook", "verify"],
        &["webhook", "parse"],
        &["serve"],
        &["quickstart"],
        &["completions"],
        &[],
    ];
    for command in commands {
        let mut args = command.to_vec();
        args.push("--help");
        let help = opentok::<&str>(&args, &[]).expect(0);
        assert!(
            help.stdout.contains("Examples:\n  opentok"),
            "no examples in `opentok {}`:\n{}",
            args.join(" "),
            help.stdout
        );
    }
}

#[test]
fn usage_errors_exit_2_with_clap_message() {
    let cases: [(&[&str], &str); 10] = [
        (&["archive", "list", "--bogus"], "unexpected argument '--bogus'"),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        (&["archive", "get"], "<ARCHIVE_ID>"),
        (&["token"], "<SESSION_ID>"),
        (&["token", "1_abc", "--role", "king"], "invalid value 'king'"),
        (&["token", "1_abc", "--expires-in", "5y"], "not a duration"),
        (&["token", "1_abc", "--expires-in", "1h", "--expire-time", "1900000000"], "cannot be used with"),
        (&["archive", "start", "1_abc", "--individual", "--resolution", "1280x720"], "cannot be used with"),
        (&["archive", "start", "1_abc", "--resolution", "1280x721"], "[possible values: 640x480"),
        (&["archive", "list", "--count", "0"], "0 is not in 1..=1000"),
    ];
    for (args, message) in cases {
        let run = on_server(args).expect(2);
        assert!(run.stderr.contains(message), "{args:?}: {message:?} not in:\n{}", run.stderr);
    }
    // Rules between flags that the command checks itself, before any credentials are needed.
    let cases: [(&[&str], &str); 6] = [
        (&["session", "create", "--e2ee"], "--e2ee needs --routed"),
        (&["session", "create", "--archive-mode", "always"], "--archive-mode always needs --routed"),
        (&["session", "create", "--routed", "--e2ee", "--archive-mode", "always"], "exclude each other"),
        (&["session", "create", "--archive-name", "x"], "need --archive-mode always"),
        (&["archive", "layout", "b40ef09b-3811-4726-b508-e41a0f96c68f"], "--layout is required"),
        (
            &["archive", "layout", "b40ef09b-3811-4726-b508-e41a0f96c68f", "--layout", "pip", "--stylesheet", "x"],
            "--stylesheet needs --layout custom",
        ),
    ];
    for (args, message) in cases {
        let run = opentok::<&str>(args, &[]).expect(2);
        assert_eq!(run.stderr.trim(), format!("opentok: {}", run.stderr.trim().trim_start_matches("opentok: ")));
        assert!(run.stderr.contains(message), "{args:?}: {message:?} not in:\n{}", run.stderr);
    }
    let half = on_server(&["session", "create", "--api-key", "12345678"]).expect(2);
    assert!(half.stderr.contains("--api-key needs --api-secret"), "{}", half.stderr);
    let both = opentok::<&str>(
        &[
            "session",
            "create",
            "--api-key",
            "1",
            "--api-secret",
            "2",
            "--application-id",
            APP_ID,
            "--private-key-path",
            APP_KEY,
        ],
        &[],
    )
    .expect(2);
    assert!(both.stderr.contains("not both"), "{}", both.stderr);
}

#[test]
fn missing_or_broken_credentials_exit_3_and_say_what_to_set() {
    let none = opentok::<&str>(&["session", "create"], &[]).expect(3);
    for needed in ["OPENTOK_API_KEY", "VONAGE_APPLICATION_ID", "--api-key", "--application-id"] {
        assert!(none.stderr.contains(needed), "{needed} not in {}", none.stderr);
    }
    assert!(none.stdout.is_empty());
    let half = opentok(&["archive", "list", "--json"], &[("OPENTOK_API_KEY", "12345678")]).expect(3);
    let error = half.json_error();
    assert_eq!((error["kind"].as_str(), error["field"].as_str()), (Some("invalid_input"), Some("OPENTOK_API_SECRET")));
    let unreadable =
        opentok::<&str>(&["token", "1_x", "--application-id", APP_ID, "--private-key-path", "/no/such/key.pem"], &[])
            .expect(3);
    assert!(unreadable.stderr.contains("--private-key-path /no/such/key.pem: cannot be read"), "{}", unreadable.stderr);
    let bad_url = opentok(&["archive", "list", "--api-url", "not a url"], &project_env()).expect(3);
    assert!(bad_url.stderr.contains("api_url"), "{}", bad_url.stderr);
    // Wrong credentials are the platform's call: an API error with its status and message.
    let mut wrong = project_env();
    wrong[2].1 = "0".repeat(40);
    let refused = opentok(&["archive", "list"], &wrong).expect(4);
    assert!(refused.stderr.contains("Video API error 403"), "{}", refused.stderr);
}

#[test]
fn session_create_prints_the_id_and_passes_each_option() {
    let relayed = on_server(&["session", "create"]).expect(0);
    let id = relayed.stdout.trim();
    assert_eq!(relayed.stdout, format!("{id}\n"), "the id alone, for SESSION_ID=$(...)");
    assert_eq!(server().session(id).map(|s| s.media_mode), Some("relayed".into()));

    let json = on_server(&["session", "create", "--routed", "--location", "203.0.113.7", "--json"]).expect(0).json();
    assert_eq!((json["media_mode"].as_str(), json["location"].as_str()), (Some("routed"), Some("203.0.113.7")));
    let info = server().session(json["session_id"].as_str().unwrap()).unwrap();
    assert_eq!((info.media_mode.as_str(), info.location.as_deref()), ("routed", Some("203.0.113.7")));

    let auto = on_server(&[
        "session",
        "create",
        "--routed",
        "--archive-mode",
        "always",
        "--archive-name",
        "daily",
        "--archive-resolution",
        "1280x720",
    ])
    .expect(0);
    let info = server().session(auto.stdout.trim()).unwrap();
    assert_eq!(
        (info.archive_mode.as_str(), info.archive_name.as_deref(), info.archive_resolution.as_deref()),
        ("always", Some("daily"), Some("1280x720"))
    );
    let e2ee = on_server(&["session", "create", "--routed", "--e2ee"]).expect(0);
    assert!(server().session(e2ee.stdout.trim()).unwrap().e2ee);
}

#[test]
fn token_mint_decode_and_verify_with_a_project() {
    let session_id = routed_session();
    let args = [
        "token",
        &session_id,
        "--role",
        "moderator",
        "--expires-in",
        "2h",
        "--data",
        "name=Ann",
        "--layout-class",
        "focus",
        "--layout-class",
        "main",
    ];
    let minted = on_server(&args).expect(0);
    let token = minted.stdout.trim().to_owned();
    assert_eq!(minted.stdout, format!("{token}\n"), "the token alone, for TOKEN=$(...)");

    let claims = opentok::<&str>(&["token", "decode", &token, "--json"], &[]).expect(0).json();
    assert_eq!(claims["format"], "jwt");
    assert_eq!(claims["session_id"].as_str(), Some(session_id.as_str()));
    assert_eq!(claims["api_key"].as_str(), Some(server().api_key()));
    assert_eq!((claims["role"].as_str(), claims["connection_data"].as_str()), (Some("moderator"), Some("name=Ann")));
    assert_eq!(claims["initial_layout_class_list"], serde_json::json!(["focus", "main"]));
    let lifetime = claims["expire_time"].as_i64().unwrap() - claims["create_time"].as_i64().unwrap();
    assert_eq!(lifetime, 7200);

    let human = opentok::<&str>(&["token", "decode", &token], &[]).expect(0).stdout;
    assert!(human.contains("role:") && human.contains("moderator") && human.contains("name=Ann"), "{human}");

    let verified = on_server(&["token", "verify", &token, "--json"]).expect(0).json();
    assert_eq!((verified["valid"].as_bool(), verified["role"].as_str()), (Some(true), Some("moderator")));
    // Another secret for the same key: the signature does not match.
    let forged = opentok::<&str>(
        &["token", "verify", &token, "--api-key", server().api_key(), "--api-secret", &"0".repeat(40), "--json"],
        &[],
    )
    .expect(3);
    assert_eq!(forged.json_error()["kind"], "bad_signature");

    // The test server checks tokens independently: it admits the CLI's tokens, T1 as well.
    let t1 =
        on_server(&["token", &session_id, "--t1", "--role", "subscriber", "--expire-time", "2099-01-01T00:00:00Z"]);
    let t1 = t1.expect(3);
    assert!(t1.stderr.contains("expire_time"), "more than 30 days ahead is refused: {}", t1.stderr);
    let t1 = on_server(&["token", &session_id, "--t1", "--role", "subscriber"]).expect(0).stdout;
    assert!(t1.starts_with("T1=="), "{t1}");
    server().connect_client(&session_id, t1.trim()).expect("T1 token admitted");
    let past = on_server(&["token", &session_id, "--expire-time", "1000000000"]).expect(3);
    assert!(past.stderr.contains("must be in the future"), "{}", past.stderr);
}

#[test]
fn token_mint_and_verify_with_an_application() {
    let session_id = "1_MX4xMjM0NTY3OH5-MTc5NjI4NzAxNjA0M35vaTJGekRqNmJscUtIZ2tFTjE2bVNmMXl-";
    let app = ["--application-id", APP_ID, "--private-key-path", APP_KEY];
    let token = opentok::<&str>(&[&["token", session_id, "--role", "subscriber"][..], &app].concat(), &[]).expect(0);
    let token = token.stdout.trim().to_owned();
    let claims = opentok::<&str>(&["token", "decode", &token, "--json"], &[]).expect(0).json();
    assert_eq!((claims["format"].as_str(), claims["api_key"].as_str()), (Some("rs256"), Some(APP_ID)));

    // With the public key alone, and with the application's credentials from the environment.
    let by_key =
        opentok::<&str>(&["token", "verify", &token, "--public-key", APP_PUBLIC_KEY, "--application-id", APP_ID], &[]);
    assert!(by_key.expect(0).stdout.starts_with("valid token\n"));
    opentok(&["token", "verify", &token], &[("VONAGE_APPLICATION_ID", APP_ID), ("VONAGE_PRIVATE_KEY_PATH", APP_KEY)])
        .expect(0);
    let other_app = "00000000-8a43-4e2b-9d0a-2f3c1b6e5d4a";
    let wrong = opentok::<&str>(
        &["token", "verify", &token, "--public-key", APP_PUBLIC_KEY, "--application-id", other_app],
        &[],
    );
    assert!(wrong.expect(3).stderr.contains("another API key"));
    let not_public =
        opentok::<&str>(&["token", "verify", &token, "--public-key", APP_KEY, "--application-id", APP_ID], &[]);
    assert!(not_public.expect(3).stderr.contains("this is a private key"));
    let no_id = opentok::<&str>(&["token", "verify", &token, "--public-key", APP_PUBLIC_KEY], &[]).expect(2);
    assert!(no_id.stderr.contains("--public-key needs --application-id"), "{}", no_id.stderr);
    let t1 = opentok::<&str>(&[&["token", session_id, "--t1"][..], &app].concat(), &[]).expect(3);
    assert!(t1.stderr.contains("legacy T1"), "{}", t1.stderr);
}

#[test]
fn malformed_ids_and_tokens_exit_3_before_anything_is_sent() {
    // The shared server's credentials with an address where nothing listens: anything sent would end in a
    // transport error (5), so exit code 3 also proves that nothing was sent.
    let mut nowhere = project_env();
    nowhere[0].1 = "http://127.0.0.1:1".into();
    let cases: [(&[&str], &str); 10] = [
        (&["token", "decode", "garbage"], "malformed token"),
        (&["token", "verify", "T1==bm90IGEgdG9rZW4="], "malformed token"),
        (&["token", "not-a-session"], "session_id"),
        (&["archive", "get", "nope"], "invalid archive id \"nope\""),
        (&["archive", "stop", "b40ef09b-3811-4726-b508-e41a0f96c68", "--wait"], "must be a UUID"),
        (&["archive", "delete", "../../etc"], "invalid archive id"),
        (&["archive", "get", "b40ef09b_3811_4726_b508_e41a0f96c68f"], "must be a UUID"),
        (&["archive", "layout", "x", "--layout", "pip"], "invalid archive id"),
        (&["archive", "start", "1_%%%"], "session id \"1_%%%\""),
        // A well-formed session id of another project.
        (&["archive", "list", "--session-id", "1_MX4xMjM0NTY3OH5-fn4"], "belongs to API key 12345678"),
    ];
    for (args, message) in cases {
        let run = opentok(args, &nowhere).expect(3);
        assert!(run.stderr.starts_with("opentok: ") && run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{run:#?}");
    }
    // An id that would change which endpoint a request reaches (a dot segment, an escape, a character of
    // the standard base64 alphabet) is refused with the SDK's rule, before anything is sent.
    let session_id = routed_session();
    let padded = format!("{session_id}=");
    let path_changers: [(&[&str], &str); 5] = [
        (&["signal", &session_id, "--data", "x", "--connection", ".."], "invalid connection id \"..\""),
        (&["moderation", "mute", &session_id, ".."], "invalid stream id \"..\""),
        (&["moderation", "connections", &padded], "may hold only ASCII letters, digits"),
        (&["stream", "list", "%2e%2e"], "session id \"%2e%2e\""),
        (&["broadcast", "get", "../archive"], "invalid broadcast id"),
    ];
    for (args, message) in path_changers {
        let run = opentok(args, &nowhere).expect(3);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    let json = opentok(&["archive", "get", "nope", "--json"], &nowhere).expect(3).json_error();
    assert_eq!(json["kind"], "invalid_input");
}

#[test]
fn archive_start_get_list_layout_stop_wait_delete() {
    let session_id = session_with_client();
    let started = on_server(&[
        "archive",
        "start",
        &session_id,
        "--name",
        "lecture",
        "--resolution",
        "1280x720",
        "--layout",
        "pip",
        "--json",
    ])
    .expect(0)
    .json();
    let archive_id = started["id"].as_str().unwrap().to_owned();
    assert_eq!((started["status"].as_str(), started["name"].as_str()), (Some("started"), Some("lecture")));
    let stored = server().archive_json(&archive_id).unwrap();
    assert_eq!(
        (stored["resolution"].as_str(), stored["sessionId"].as_str()),
        (Some("1280x720"), Some(session_id.as_str()))
    );

    let shown = on_server(&["archive", "get", &archive_id]).expect(0).stdout;
    assert!(shown.contains("id:") && shown.contains(&archive_id) && shown.contains("started"), "{shown}");

    let listed = on_server(&["archive", "list", "--session-id", &session_id]).expect(0).stdout;
    assert!(
        listed.starts_with("ID ") && listed.contains(&archive_id) && listed.ends_with("1 of 1 archives\n"),
        "{listed}"
    );

    on_server(&["archive", "layout", &archive_id, "--layout", "bestFit", "--screenshare-layout", "pip"]).expect(0);
    let request = server()
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with(&format!("{archive_id}/layout")))
        .expect("a layout request");
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!((body["type"].as_str(), body["screenshareType"].as_str()), (Some("bestFit"), Some("pip")));

    // The test server makes a stopped archive available on the next read: --wait must make that read.
    let stopped = on_server(&["archive", "stop", &archive_id, "--wait", "--json"]).expect(0).json();
    assert_eq!(stopped["status"], "available");
    assert!(stopped["url"].as_str().is_some_and(|u| u.starts_with("http")), "{stopped}");
    assert!(on_server(&["archive", "stop", &archive_id]).expect(4).stderr.contains("Video API error 409"));
    // Already stopped: --wait still waits for (here: reports) the file.
    let again = on_server(&["archive", "stop", &archive_id, "--wait", "--json"]).expect(0).json();
    assert_eq!(again["status"], "available");

    let deleted = on_server(&["archive", "delete", &archive_id]).expect(0);
    assert_eq!(deleted.stdout, format!("deleted archive {archive_id}\n"));
    let gone = on_server(&["archive", "get", &archive_id, "--json"]).expect(4).json_error();
    assert_eq!((gone["kind"].as_str(), gone["status"].as_u64()), (Some("api"), Some(404)));
    assert!(gone["message"].as_str().is_some_and(|m| !m.is_empty()), "{gone}");

    let individual =
        on_server(&["archive", "start", &session_id, "--individual", "--no-video", "--json"]).expect(0).json();
    assert_eq!(
        (individual["outputMode"].as_str(), individual["hasVideo"].as_bool()),
        (Some("individual"), Some(false))
    );
    let refused = on_server(&["archive", "start", &session_id, "--max-bitrate", "5"]).expect(3);
    assert!(refused.stderr.contains("max_bitrate"), "{}", refused.stderr);
}

#[test]
fn archive_stop_wait_reports_a_failed_archive_and_gives_up_after_the_timeout() {
    let session_id = session_with_client();
    let start = |tag: &str| {
        let run = on_server(&["archive", "start", &session_id, "--multi-archive-tag", tag, "--json"]).expect(0);
        run.json()["id"].as_str().unwrap().to_owned()
    };
    let (failing, slow) = (start("failing"), start("slow"));
    // Forced statuses stay put (the server's stopped -> available step only follows a real stop).
    assert!(server().set_archive_status(&failing, "failed") && server().set_archive_status(&slow, "stopped"));
    let failed = on_server(&["archive", "stop", &failing, "--wait", "--json"]).expect(4).json_error();
    assert_eq!(failed["kind"], "archive");
    assert!(
        failed["message"].as_str().is_some_and(|m| m.contains(&format!("archive {failing} is failed"))),
        "{failed}"
    );
    let waited = on_server(&["archive", "stop", &slow, "--wait", "--wait-timeout", "1"]).expect(5);
    assert!(waited.stderr.contains("is still stopped; stopped waiting (--wait-timeout 1)"), "{}", waited.stderr);
    let no_wait = on_server(&["archive", "stop", &slow, "--wait-timeout", "1"]).expect(2);
    assert!(no_wait.stderr.contains("--wait"), "{}", no_wait.stderr);
}

#[test]
fn archive_list_pages_and_all_fetches_every_page() {
    let session_id = session_with_client();
    for tag in ["a", "b", "c"] {
        on_server(&["archive", "start", &session_id, "--multi-archive-tag", tag]).expect(0);
    }
    let page = on_server(&["archive", "list", "--session-id", &session_id, "--count", "2", "--json"]).expect(0).json();
    assert_eq!((page["count"].as_u64(), page["items"].as_array().map(Vec::len)), (Some(3), Some(2)));
    let all = on_server(&["archive", "list", "--session-id", &session_id, "--count", "2", "--all", "--json"]);
    let all = all.expect(0).json();
    let mut ids: Vec<&str> = all["items"].as_array().unwrap().iter().filter_map(|a| a["id"].as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((all["count"].as_u64(), ids.len()), (Some(3), 3));
    let pages = server()
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.query.as_deref().is_some_and(|q| q.contains(&session_id)))
        .count();
    assert_eq!(pages, 3, "one page for the plain list, then two for --all");
}

#[test]
fn transport_errors_exit_5() {
    let refused = opentok(
        &["archive", "list"],
        &[("OPENTOK_API_KEY", "12345678"), ("OPENTOK_API_SECRET", "s"), ("OPENTOK_API_URL", "http://127.0.0.1:1")],
    );
    assert!(refused.expect(5).stderr.contains("could not reach the Video API"));
    let json = opentok(
        &["session", "create", "--json", "--api-url", "http://127.0.0.1:1"],
        &[("OPENTOK_API_KEY", "12345678"), ("OPENTOK_API_SECRET", "s")],
    )
    .expect(5)
    .json_error();
    assert_eq!(json["kind"], "transport");
}

#[test]
fn serve_runs_a_platform_that_the_cli_can_use() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opentok"))
        .args(["serve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("opentok serve starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let info: Value = serde_json::from_str(&first).unwrap_or_else(|e| panic!("{e}: {first:?}"));
    let keys: Vec<&str> = first.split('"').skip(1).step_by(4).collect();
    assert_eq!(keys, ["url", "api_key", "api_secret"], "{first}");
    let (url, key, secret) =
        (info["url"].as_str().unwrap(), info["api_key"].as_str().unwrap(), info["api_secret"].as_str().unwrap());
    let session = opentok::<&str>(
        &["session", "create", "--routed", "--api-url", url, "--api-key", key, "--api-secret", secret],
        &[],
    );
    let session_id = session.expect(0).stdout;
    assert!(session_id.starts_with("1_"), "{session_id}");

    // A second server on the same port cannot listen: exit code 1 and the reason.
    let port = url.rsplit(':').next().unwrap();
    let busy = opentok::<&str>(&["serve", "--port", port], &[]).expect(1);
    assert!(busy.stderr.contains("cannot listen on 127.0.0.1:"), "{}", busy.stderr);
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn quickstart_runs_the_whole_flow_on_an_embedded_server() {
    let run = opentok::<&str>(&["quickstart"], &[]).expect(0);
    for step in
        ["embedded test server", "session id: 1_", "client connected", "archive now available", "archive deleted"]
    {
        assert!(run.stdout.contains(step), "{step:?} not in:\n{}", run.stdout);
    }
    assert!(run.stdout.contains("as application "), "application credentials first:\n{}", run.stdout);
    let json = opentok::<&str>(&["quickstart", "--json"], &[]).expect(0).json();
    assert_eq!((json["archive"]["status"].as_str(), json["deleted"].as_bool()), (Some("available"), Some(true)));
    let token = json["token"].as_str().unwrap();
    let claims = opentok::<&str>(&["token", "decode", token, "--json"], &[]).expect(0).json();
    assert_eq!(claims["session_id"], json["session_id"]);
    assert_eq!(claims["format"], "rs256", "an application's token: {claims}");
}

#[test]
fn quickstart_uses_application_credentials_from_the_environment() {
    let server = application_server();
    let env = [
        ("VONAGE_APPLICATION_ID", APP_ID.to_owned()),
        ("VONAGE_PRIVATE_KEY_PATH", APP_KEY.to_owned()),
        ("VONAGE_API_URL", server.url()),
    ];
    let run = opentok(&["quickstart", "--json"], &env).expect(0);
    let json = run.json();
    let session_id = json["session_id"].as_str().expect("a session id");
    assert!(server.session(session_id).is_some(), "the session was created on the application server");
    let token = json["token"].as_str().unwrap();
    let claims = opentok::<&str>(&["token", "decode", token, "--json"], &[]).expect(0).json();
    assert_eq!(claims["format"], "rs256", "{claims}");
    // Every request the quickstart made was signed as an application.
    let requests = server.requests();
    assert!(!requests.is_empty());
    for request in &requests {
        assert!(request.header("authorization").is_some_and(|a| a.starts_with("Bearer ")), "{request:?}");
    }
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_opentok()"),
        ("zsh", "#compdef opentok"),
        ("fish", "complete -c opentok"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = opentok::<&str>(&["completions", shell], &[]).expect(0).stdout;
        assert!(script.contains(marker) && script.contains("archive") && script.contains("--api-key"), "{shell}");
    }
    opentok::<&str>(&["completions", "tcsh"], &[]).expect(2);
}
