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
const VARS: [&str; 8] = [
    "OPENTOK_API_KEY",
    "OPENTOK_API_SECRET",
    "OPENTOK_API_URL",
    "VONAGE_APPLICATION_ID",
    "VONAGE_PRIVATE_KEY",
    "VONAGE_PRIVATE_KEY_PATH",
    "VONAGE_API_URL",
    "OPENTOK_SIGNATURE_SECRET",
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

#[test]
fn help_has_examples_for_every_command_and_documents_the_exit_codes() {
    let top = opentok::<&str>(&["--help"], &[]).expect(0);
    for line in
        ["Exit codes:", "2  usage error", "3  invalid input", "4  API error", "5  transport error", "6  webhook verify"]
    {
        assert!(top.stdout.contains(line), "{line:?} missing from:\n{}", top.stdout);
    }
    assert!(top.stdout.contains("OPENTOK_API_KEY") && top.stdout.contains("VONAGE_APPLICATION_ID"), "{}", top.stdout);
    let commands: [&[&str]; 37] = [
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
        &["session", "migrate"],
        &["broadcast"],
        &["broadcast", "start"],
        &["broadcast", "stop"],
        &["broadcast", "get"],
        &["broadcast", "list"],
        &["broadcast", "layout"],
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
    assert!(refused.stderr.contains("OpenTok API error 403"), "{}", refused.stderr);
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
    assert!(on_server(&["archive", "stop", &archive_id]).expect(4).stderr.contains("OpenTok API error 409"));
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
    assert!(refused.expect(5).stderr.contains("could not reach the OpenTok API"));
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
    let json = opentok::<&str>(&["quickstart", "--json"], &[]).expect(0).json();
    assert_eq!((json["archive"]["status"].as_str(), json["deleted"].as_bool()), (Some("available"), Some(true)));
    let token = json["token"].as_str().unwrap();
    let claims = opentok::<&str>(&["token", "decode", token, "--json"], &[]).expect(0).json();
    assert_eq!(claims["session_id"], json["session_id"]);
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
    assert!(unknown.stderr.contains("OpenTok API error 404"), "{}", unknown.stderr);
    // No client connected: the platform refuses, with its status.
    let empty = on_server(&["broadcast", "start", &session_id, "--hls"]).expect(4);
    assert!(empty.stderr.contains("OpenTok API error"), "{}", empty.stderr);
}

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
    assert!(again.stderr.contains("OpenTok API error 404"), "{}", again.stderr);

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

/// Webhook test vectors, signed here with `hmac` and `sha2` directly (not with the SDK).
mod webhook {
    use std::time::{SystemTime, UNIX_EPOCH};

    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
    use hmac::{Hmac, KeyInit, Mac as _};
    use sha2::{Digest as _, Sha256};

    pub const SECRET: &str = "whsec-test-0123456789abcdef";
    pub const BODY: &[u8] = br#"{"sessionId":"2_MX4xMjM0NTZ-","projectId":"12345678","event":"connectionCreated","timestamp":1470257688309,"connection":{"id":"c053fcc8-c681-41d5-8ec2-7a9e1434a21e","createdAt":1470257688143,"data":"name=Ann"}}"#;

    pub fn now() -> i64 {
        i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()).unwrap()
    }

    pub fn sha256_hex(body: &[u8]) -> String {
        Sha256::digest(body).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A compact JWS over `claims` with `header`, signed with `secret`.
    pub fn sign(header: &str, claims: &serde_json::Value, secret: &str) -> String {
        let signing_input =
            format!("{}.{}", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode(claims.to_string()));
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(signing_input.as_bytes());
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
    }

    /// The `Authorization` value the platform would send for `body` at `iat`.
    pub fn authorization(body: &[u8], iat: i64, secret: &str) -> String {
        let claims = serde_json::json!({
            "iss": "Vonage",
            "iat": iat,
            "jti": format!("jti-{iat}-{}", body.len()),
            "payload_hash": sha256_hex(body),
            "api_key": "12345678",
        });
        format!("Bearer {}", sign(r#"{"alg":"HS256","typ":"JWT"}"#, &claims, secret))
    }
}

/// A file holding `body`, unique to the test.
fn body_file(name: &str, body: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("opentok-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path
}

#[test]
fn webhook_verify_accepts_a_genuine_callback_and_names_the_failed_check() {
    let now = webhook::now();
    let file = body_file("callback.json", webhook::BODY);
    let body = file.to_str().unwrap();
    let auth = webhook::authorization(webhook::BODY, now, webhook::SECRET);
    let env = [("OPENTOK_SIGNATURE_SECRET", webhook::SECRET)];

    let ok = opentok(&["webhook", "verify", body, "--authorization", &auth, "--api-key", "12345678", "--json"], &env);
    let ok = ok.expect(0).json();
    assert_eq!((ok["valid"].as_bool(), ok["kind"].as_str()), (Some(true), Some("connection_created")));
    assert_eq!(ok["event"]["connection"]["data"], "name=Ann");
    assert_eq!((ok["claims"]["iat"].as_i64(), ok["claims"]["api_key"].as_str()), (Some(now), Some("12345678")));
    let human = opentok(&["webhook", "verify", body, "--authorization", &auth], &env).expect(0).stdout;
    assert!(
        human.starts_with("signature:") && human.contains("connection_created") && human.contains("\"name=Ann\""),
        "{human}"
    );
    // From standard input, with the secret as a flag.
    let piped = opentok_with_input::<&str>(
        &["webhook", "verify", "-", "--authorization", &auth, "--signature-secret", webhook::SECRET],
        &[],
        Some(webhook::BODY),
    );
    assert!(piped.expect(0).stdout.contains("connection_created"));

    // Each check, with the SDK's reason, exit code 6 and what to answer the platform.
    let tampered = body_file(
        "tampered.json",
        &webhook::BODY.iter().map(|&b| if b == b'A' { b'B' } else { b }).collect::<Vec<u8>>(),
    );
    let stale = webhook::authorization(webhook::BODY, now - 3600, webhook::SECRET);
    let forged = webhook::authorization(webhook::BODY, now, "another-secret");
    let unsigned = webhook::sign(r#"{"alg":"none"}"#, &serde_json::json!({"iss": "Vonage"}), webhook::SECRET);
    let cases: [(Vec<&str>, &str, u64, &str); 7] = [
        (vec![body], "header", 503, "no Authorization header"),
        (vec![body, "--authorization", &forged], "signature", 401, "signature does not match"),
        (
            vec![tampered.to_str().unwrap(), "--authorization", &auth],
            "payload_hash",
            401,
            "does not match the JWT's payload_hash",
        ),
        (vec![body, "--authorization", &stale], "iat", 401, "outside the 300 s window"),
        (
            vec![body, "--authorization", &auth, "--application-id", "7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a"],
            "account",
            401,
            "`application_id` claim",
        ),
        (vec![body, "--authorization", &auth, "--api-key", "87654321"], "account", 401, "`api_key` claim"),
        (vec![body, "--authorization", &unsigned], "alg", 401, "only HS256 is accepted"),
    ];
    for (args, check, status, reason) in cases {
        let args = [&["webhook", "verify"][..], &args].concat();
        let run = opentok(&args, &env).expect(6);
        assert!(
            run.stderr.starts_with("opentok: callback refused: ") && run.stderr.contains(reason),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(&format!("(check `{check}`)")), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        let json = opentok(&[&args[..], &["--json"]].concat(), &env).expect(6).json_error();
        assert_eq!(
            (json["kind"].as_str(), json["check"].as_str(), json["status"].as_u64()),
            (Some("webhook_refused"), Some(check), Some(status))
        );
        assert!(!run.stderr.contains(webhook::SECRET), "the secret is never shown");
    }
    // A stale capture replays with --now (and a wider window works too).
    let then = (now - 3600).to_string();
    opentok(&["webhook", "verify", body, "--authorization", &stale, "--now", &then], &env).expect(0);
    opentok(&["webhook", "verify", body, "--authorization", &stale, "--max-age", "2h"], &env).expect(0);
    // Not a JWT, no secret, no body file, a genuine signature over a body that is not a callback.
    let garbage = opentok(&["webhook", "verify", body, "--authorization", "Bearer abc"], &env).expect(6);
    assert!(garbage.stderr.contains("(check `format`)"), "{}", garbage.stderr);
    let no_secret = opentok::<&str>(&["webhook", "verify", body, "--authorization", &auth], &[]).expect(3);
    assert!(
        no_secret.stderr.contains("set OPENTOK_SIGNATURE_SECRET or pass --signature-secret"),
        "{}",
        no_secret.stderr
    );
    let missing = opentok(&["webhook", "verify", "/no/such/body.json", "--authorization", &auth], &env).expect(3);
    assert!(missing.stderr.contains("/no/such/body.json: cannot be read"), "{}", missing.stderr);
    let not_json = body_file("not-json.txt", b"hello");
    let signed = webhook::authorization(b"hello", now, webhook::SECRET);
    let unreadable =
        opentok(&["webhook", "verify", not_json.to_str().unwrap(), "--authorization", &signed], &env).expect(3);
    assert!(
        unreadable.stderr.contains("the signature is valid, but the callback's body does not read"),
        "{}",
        unreadable.stderr
    );
    let bad_now = opentok(&["webhook", "verify", body, "--now", "yesterday"], &env).expect(2);
    assert!(bad_now.stderr.contains("neither Unix seconds nor an RFC 3339 time"), "{}", bad_now.stderr);
}

#[test]
fn webhook_parse_reads_and_types_a_body() {
    let file = body_file("parse.json", webhook::BODY);
    let parsed = opentok::<&str>(&["webhook", "parse", file.to_str().unwrap(), "--json"], &[]).expect(0).json();
    assert_eq!(
        (parsed["kind"].as_str(), parsed["event"]["sessionId"].as_str()),
        (Some("connection_created"), Some("2_MX4xMjM0NTZ-"))
    );
    assert!(parsed.get("valid").is_none(), "nothing was verified: {parsed}");
    let archive = br#"{"id":"b40ef09b-3811-4726-b508-e41a0f96c68f","event":"archive","status":"available","createdAt":1470257688143}"#;
    let human = opentok_with_input::<&str>(&["webhook", "parse", "-"], &[], Some(archive)).expect(0).stdout;
    assert!(
        human.starts_with("kind:") && human.contains("archive_status") && human.contains("\"available\""),
        "{human}"
    );
    let unknown =
        opentok_with_input::<&str>(&["webhook", "parse", "-", "--json"], &[], Some(br#"{"event":"somethingNew"}"#));
    assert_eq!(unknown.expect(0).json()["kind"], "unknown");
    let broken = opentok_with_input::<&str>(&["webhook", "parse", "-"], &[], Some(b"{not json"));
    assert!(broken.expect(3).stderr.contains("the callback's body does not read"));
    let wrong_type =
        opentok_with_input::<&str>(&["webhook", "parse", "-"], &[], Some(br#"{"event":"archive","id":5}"#));
    assert!(wrong_type.expect(3).stderr.contains("id"));
}

/// One HTTP/1.1 request to `opentok serve`'s control API (`/_test/...`), as a test in any language would
/// make it: the status and the body.
fn control(url: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let addr = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("the server listens");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[test]
fn broadcast_and_render_against_opentok_serve_as_a_process() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opentok"))
        .args(["serve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("opentok serve starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let info: Value = serde_json::from_str(&first).unwrap();
    let url = info["url"].as_str().unwrap().to_owned();
    let env = [
        ("OPENTOK_API_URL", url.clone()),
        ("OPENTOK_API_KEY", info["api_key"].as_str().unwrap().to_owned()),
        ("OPENTOK_API_SECRET", info["api_secret"].as_str().unwrap().to_owned()),
    ];
    let session_id = opentok(&["session", "create", "--routed"], &env).expect(0).stdout.trim().to_owned();
    let token = opentok(&["token", &session_id], &env).expect(0).stdout.trim().to_owned();
    let (status, body) = control(
        &url,
        "POST",
        &format!("/_test/session/{session_id}/connection"),
        &format!("{{\"token\":\"{token}\"}}"),
    );
    assert_eq!(status, 200, "{body}");

    let broadcast = opentok(&["broadcast", "start", &session_id, "--hls", "low-latency", "--wait", "--json"], &env)
        .expect(0)
        .json();
    assert_eq!(
        (broadcast["status"].as_str(), broadcast["broadcastUrls"]["hlsStatus"].as_str()),
        (Some("started"), Some("live"))
    );
    let id = broadcast["id"].as_str().unwrap();
    let (status, stored) = control(&url, "GET", &format!("/_test/broadcast/{id}"), "");
    assert_eq!(status, 200);
    assert!(stored.contains("\"lowLatency\":true"), "{stored}");
    assert_eq!(opentok(&["broadcast", "stop", id, "--json"], &env).expect(0).json()["status"], "stopped");

    let render =
        opentok(&["render", "start", &session_id, "https://example.com/overlay", "--json"], &env).expect(0).json();
    let render_id = render["id"].as_str().unwrap();
    opentok(&["render", "stop", render_id], &env).expect(0);
    child.kill().unwrap();
    child.wait().unwrap();
}
